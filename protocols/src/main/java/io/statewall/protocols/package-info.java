/**
 * Protocol-neutral vocabulary shared by every dissector: what a message does ({@link
 * io.statewall.protocols.Operation}) and which data it addresses ({@link
 * io.statewall.protocols.DataArea}). Rules and the process image use these instead of
 * protocol codes. This module is pure: no I/O, no threads, no dependencies.
 */
package io.statewall.protocols;
