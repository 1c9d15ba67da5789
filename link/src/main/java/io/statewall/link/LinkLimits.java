package io.statewall.link;

/**
 * Sizes the link checks before allocating anything for what a peer sends. A frame or record over
 * a limit is a protocol error: the connection it came on is closed, with the reason logged.
 *
 * @param maxFrameBytes  the longest frame either side accepts (type and body). Large enough for
 *                       a policy push (policies are at most 4 MiB) and a full batch.
 * @param maxRecordBytes the longest record (its JSON); the NMA drops (and counts) longer ones
 *                       rather than sending them
 * @param batchRecords   the most records the NMA puts in one RECORDS frame
 * @param batchBytes     about the most bytes of records in one RECORDS frame
 */
public record LinkLimits(int maxFrameBytes, int maxRecordBytes, int batchRecords, int batchBytes) {
    public static final LinkLimits DEFAULT = new LinkLimits(8 << 20, 1 << 20, 4096, 1 << 20);

    public LinkLimits {
        if (maxRecordBytes < 256) {
            throw new IllegalArgumentException("maxRecordBytes " + maxRecordBytes + ": at least 256");
        }
        if (batchRecords < 1 || batchRecords > 65_536) {
            throw new IllegalArgumentException("batchRecords " + batchRecords + ": 1 to 65536");
        }
        if (batchBytes < maxRecordBytes) {
            throw new IllegalArgumentException("batchBytes must hold at least one record of maxRecordBytes");
        }
        if (maxFrameBytes < batchBytes + 64 * 1024) {
            throw new IllegalArgumentException("maxFrameBytes must exceed batchBytes by 64 KiB at least");
        }
    }
}
