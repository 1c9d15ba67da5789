package io.statewall.protocols.modbus;

/**
 * One FC 20 sub-request, MB-AP §6.14 (7 bytes).
 *
 * <pre>
 *  0  reference type   1 byte   must be 6
 *  1  file number      2 bytes  0x0001..0xFFFF
 *  3  record number    2 bytes  0x0000..0x270F
 *  5  record length    2 bytes  registers to read
 * </pre>
 */
public record FileRecordReference(int referenceType, int fileNumber, int recordNumber, int recordLength) {
    public FileRecordReference {
        Fields.u8("referenceType", referenceType);
        Fields.u16("fileNumber", fileNumber);
        Fields.u16("recordNumber", recordNumber);
        Fields.u16("recordLength", recordLength);
    }
}
