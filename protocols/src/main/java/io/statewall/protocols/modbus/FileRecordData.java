package io.statewall.protocols.modbus;

/**
 * One FC 20 sub-response, MB-AP §6.14.
 *
 * <pre>
 *  0  file response length L   1 byte        1 + 2 x registers
 *  1  reference type           1 byte        6
 *  2  record data              L - 1 bytes
 * </pre>
 */
public record FileRecordData(int referenceType, RegisterValues data) {
    public FileRecordData {
        Fields.u8("referenceType", referenceType);
        Fields.nonNull("data", data);
    }
}
