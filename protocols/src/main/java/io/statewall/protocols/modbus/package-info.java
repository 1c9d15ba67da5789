/**
 * Modbus/TCP dissector.
 *
 * <p>Clause references in this package name two specifications (texts in {@code
 * shared/specs/}):
 * <ul>
 *   <li><b>MB-AP</b>: MODBUS Application Protocol Specification V1.1b3 (2012) — PDUs,
 *       function codes (§5, §6), exception responses (§7), Annex A reserved codes;</li>
 *   <li><b>MB-TCP</b>: MODBUS Messaging on TCP/IP Implementation Guide V1.0b (2006) — the
 *       MBAP header (§3.1.3) and transaction handling (§4.4).</li>
 * </ul>
 *
 * <p>Hot path: a {@link io.statewall.protocols.modbus.ModbusSession} per TCP flow frames
 * reassembled bytes, pairs requests with responses and hands {@link
 * io.statewall.protocols.modbus.ModbusTransaction} flyweights to a {@link
 * io.statewall.protocols.modbus.ModbusListener} without allocating. Off the hot path,
 * {@link io.statewall.protocols.modbus.ModbusPduDecoder} turns a PDU into one immutable record
 * per PDU and direction ({@link io.statewall.protocols.modbus.ModbusRequest}, {@link
 * io.statewall.protocols.modbus.ModbusResponse}). Malformed input never throws: it becomes
 * {@link io.statewall.protocols.modbus.ModbusAnomaly} events and flags, or a {@link
 * io.statewall.protocols.modbus.MalformedPdu}.
 */
package io.statewall.protocols.modbus;
