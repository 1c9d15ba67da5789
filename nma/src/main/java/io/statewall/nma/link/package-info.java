/**
 * The NMA's end of the ASMA link (docs/asma-link.md): its EVE output teed into the link, its
 * status in heartbeats, and the ASMA's commands carried out on the inline proxy. Depends on the
 * {@code link} module only, never on the ASMA.
 */
package io.statewall.nma.link;
