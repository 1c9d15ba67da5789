/**
 * The link between NMAs and the ASMA (docs/asma-link.md): the protocol, its TLS 1.3 with the
 * link's own CA and one-time enrolment, and both ends, {@link io.statewall.link.LinkServer} (the
 * ASMA) and {@link io.statewall.link.LinkClient} (an NMA).
 *
 * <p>It is a module of its own, below both {@code nma} and {@code asma}, so that the NMA does
 * not depend on the management server (nor the server on the appliance): each depends on this
 * contract only. The ASMA implements {@link io.statewall.link.LinkSink} (what to do with an NMA's
 * records) and sends {@link io.statewall.link.Command}s; the NMA implements
 * {@link io.statewall.link.CommandHandler} and {@link io.statewall.link.StatusSource} and offers
 * its EVE lines as {@link io.statewall.link.LinkRecord}s.
 *
 * <p>Sub-packages are the implementation: {@code wire} (frames), {@code pki} (CA, tokens, TLS
 * contexts), {@code client} (memory queue, spool, connection), {@code server} (sessions).
 */
package io.statewall.link;
