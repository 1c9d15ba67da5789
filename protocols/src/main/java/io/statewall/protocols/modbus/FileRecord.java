package io.statewall.protocols.modbus;

/**
 * One FC 21 sub-request (and its echo), MB-AP §6.15.
 *
 * <pre>
 *  0  reference type   1 byte        must be 6
 *  1  file number      2 bytes       0x0001..0xFFFF
 *  3  record number    2 bytes       0x0000..0x270F
 *  5  record length L  2 bytes       registers that follow
 *  7  record data      L x 2 bytes
 * </pre>
 *
 * @param data the registers written; its size is the record length
 */
public record FileRecord(int referenceType, int fileNumber, int recordNumber, RegisterValues data) {
    public FileRecord {
        Fields.u8("referenceType", referenceType);
        Fields.u16("fileNumber", fileNumber);
        Fields.u16("recordNumber", recordNumber);
        Fields.nonNull("data", data);
    }

    public int recordLength() {
        return data.size();
    }
}
