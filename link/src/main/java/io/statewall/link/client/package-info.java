/** The NMA's end of the link: memory queue, on-disk spool, enrolment, connection, heartbeat. */
package io.statewall.link.client;
