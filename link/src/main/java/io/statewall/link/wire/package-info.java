/** The link's frames: the byte layout ({@link io.statewall.link.wire.Wire}), decoding with limits, encoding. */
package io.statewall.link.wire;
