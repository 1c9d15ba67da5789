/** The ASMA's end of the link: the listener and one session per connection. */
package io.statewall.link.server;
