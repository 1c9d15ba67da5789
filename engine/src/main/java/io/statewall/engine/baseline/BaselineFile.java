package io.statewall.engine.baseline;

import io.statewall.engine.policy.Problem;
import io.statewall.engine.policy.SourceLocation;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** The baseline file (docs/baseline.md): YAML, UTF-8, one document. */
public final class BaselineFile {
    /** Larger files are refused before they are read: a baseline of a big plant is a few MiB. */
    public static final long MAX_FILE_BYTES = 64L << 20;

    private BaselineFile() {
    }

    /** The file's text for {@code baseline}: the same baseline always gives the same text. */
    public static String format(Baseline baseline) {
        return BaselineWriter.write(baseline);
    }

    /**
     * Reads a baseline from text.
     *
     * @param sourceName how problems name the file, e.g. its path
     */
    public static Baseline parse(String text, String sourceName) throws BaselineFormatException {
        return BaselineReader.read(text, sourceName);
    }

    /** Reads a baseline file; problems name it by {@code file.toString()}. */
    public static Baseline read(Path file) throws BaselineFormatException, IOException {
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new BaselineFormatException(file.toString(), List.of(new Problem(SourceLocation.NONE,
                    "the file has " + size + " bytes, more than the " + MAX_FILE_BYTES + " a baseline may have")));
        }
        byte[] bytes = Files.readAllBytes(file);
        // The String constructor's fast path; it replaces what is not UTF-8 with U+FFFD, which
        // only then needs the strict decoder to tell a written U+FFFD from bad bytes.
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.indexOf('\uFFFD') >= 0) {
            try {
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes));
            } catch (CharacterCodingException e) {
                throw new BaselineFormatException(file.toString(), List.of(new Problem(SourceLocation.NONE,
                        "not UTF-8 text (is this a baseline file?)")));
            }
        }
        return parse(text, file.toString());
    }

    /**
     * Writes {@code baseline} to {@code file}, replacing it as a whole (a temporary file moved
     * over it), so an interrupted write never leaves half a baseline.
     */
    public static void write(Baseline baseline, Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        // Beside the file, created as any file is (not createTempFile's owner-only mode): the
        // baseline is meant to be read, reviewed and kept under version control.
        Path temp = absolute.resolveSibling("." + absolute.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            Files.writeString(temp, format(baseline), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            try {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
