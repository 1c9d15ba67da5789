/**
 * The link's own PKI: the CA and the ASMA's server certificate ({@link io.statewall.link.pki.LinkPki}),
 * one-time enrolment tokens, the NMA's credentials, and TLS contexts that trust that CA only.
 */
package io.statewall.link.pki;
