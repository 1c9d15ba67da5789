package io.statewall.capture;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Opens capture files: tells pcap from pcapng by the first four bytes and maps the whole file
 * into memory, so that packets are read in place, without copying (files over 2 GiB too).
 *
 * <pre>
 * first 4 bytes   as big-endian   format
 * d4 c3 b2 a1     0xd4c3b2a1      pcap, little-endian, microseconds
 * a1 b2 c3 d4     0xa1b2c3d4      pcap, big-endian, microseconds
 * 4d 3c b2 a1     0x4d3cb2a1      pcap, little-endian, nanoseconds
 * a1 b2 3c 4d     0xa1b23c4d      pcap, big-endian, nanoseconds
 * 34 cd b2 a1     0x34cdb2a1      pcap as patched by Alexey Kuznetzov (24-byte records), LE
 * a1 b2 cd 34     0xa1b2cd34      the same, big-endian
 * 0a 0d 0d 0a     0x0a0d0d0a      pcapng Section Header Block (its own byte-order magic follows)
 * </pre>
 */
public final class CaptureFiles {
    private static final int PCAPNG_SHB = 0x0A0D0D0A;
    private static final int GZIP = 0x1F8B;
    private static final int ZSTD = 0x28B52FFD;

    private CaptureFiles() {}

    /**
     * Maps {@code file} and returns a reader over it; closing the reader unmaps the file.
     *
     * @throws CaptureFormatException when the file is missing, unreadable, empty or not a capture
     */
    public static CaptureReader open(Path file) throws CaptureFormatException {
        String name = file.toString();
        if (Files.isDirectory(file)) {
            throw new CaptureFormatException(name, "is a directory");
        }
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size == 0) {
                throw new CaptureFormatException(name, "empty file");
            }
            MemorySegment mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            return open(mapped, name, arena);
        } catch (NoSuchFileException e) {
            arena.close();
            throw new CaptureFormatException(name, "no such file");
        } catch (AccessDeniedException e) {
            arena.close();
            throw new CaptureFormatException(name, "permission denied");
        } catch (IOException e) {
            arena.close();
            throw new CaptureFormatException(name, "cannot read (" + e.getMessage() + ")");
        } catch (CaptureFormatException | RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    /**
     * Returns a reader over a capture already in memory (a file's bytes, a fuzzer's input).
     * The caller keeps ownership of the segment; closing the reader does not release it.
     *
     * @param name how to call the source in error messages
     * @throws CaptureFormatException when the bytes are not a pcap or pcapng capture
     */
    public static CaptureReader open(MemorySegment bytes, String name) throws CaptureFormatException {
        return open(bytes, name, null);
    }

    private static CaptureReader open(MemorySegment bytes, String name, Arena owner)
            throws CaptureFormatException {
        long size = bytes.byteSize();
        if (size == 0) {
            throw new CaptureFormatException(name, "empty file");
        }
        if (size < 4) {
            throw new CaptureFormatException(name, "not a pcap or pcapng file (only " + size + " bytes)");
        }
        int magic = bytes.get(ByteLayouts.BE32, 0);
        if (magic == PCAPNG_SHB) {
            return PcapngReader.open(bytes, name, owner);
        }
        if (PcapReader.isMagic(magic)) {
            return PcapReader.open(bytes, name, owner, magic);
        }
        throw new CaptureFormatException(name, notACapture(magic));
    }

    private static String notACapture(int magic) {
        String hex = String.format("0x%08x", magic);
        if (magic >>> 16 == GZIP) {
            return "gzip-compressed (magic " + hex + "): decompress it first";
        }
        if (magic == ZSTD) {
            return "zstd-compressed (magic " + hex + "): decompress it first";
        }
        return "not a pcap or pcapng file (magic " + hex + ")";
    }
}
