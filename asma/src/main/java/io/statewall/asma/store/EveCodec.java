package io.statewall.asma.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * How an event's JSON is kept: raw DEFLATE (level 1) primed with a preset dictionary of the
 * shapes of EVE records ({@code eve-dictionary-1.txt}: key names, Suricata's Modbus vocabulary,
 * the statewall object). EVE lines are ~1 KB of mostly the same keys; with the dictionary the
 * benchmark's Modbus lines shrink to about a fifth (a third of the bytes on disk, indexes
 * included). It costs CPU (10 to 20 µs a line), so it is off by default ({@code store.compress}):
 * for machines whose disk, not CPU, limits ingest.
 *
 * <p>Each row says which codec wrote it ({@link #PLAIN} or {@link #DEFLATE_DICT_1}): a dictionary
 * is never changed, a better one gets a new number, and old rows stay readable.
 */
public final class EveCodec {
    /** UTF-8 as is. */
    public static final int PLAIN = 0;
    /** Raw DEFLATE with dictionary 1. */
    public static final int DEFLATE_DICT_1 = 1;

    private static final byte[] DICTIONARY_1 = dictionary("eve-dictionary-1.txt");
    private static final ThreadLocal<Deflater> DEFLATERS = ThreadLocal.withInitial(() -> new Deflater(1, true));
    private static final ThreadLocal<Inflater> INFLATERS = ThreadLocal.withInitial(() -> new Inflater(true));
    private static final ThreadLocal<byte[]> BUFFERS = ThreadLocal.withInitial(() -> new byte[64 << 10]);

    private EveCodec() {
    }

    private static byte[] dictionary(String name) {
        try (InputStream in = EveCodec.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the program");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code json} compressed with {@link #DEFLATE_DICT_1}. */
    public static byte[] encode(String json) {
        return encode(json.getBytes(StandardCharsets.UTF_8));
    }

    /** UTF-8 JSON compressed with {@link #DEFLATE_DICT_1}. */
    public static byte[] encode(byte[] in) {
        Deflater d = DEFLATERS.get();
        d.reset();
        d.setDictionary(DICTIONARY_1);
        d.setInput(in);
        d.finish();
        byte[] buf = BUFFERS.get();
        int n = 0;
        while (!d.finished()) {
            if (n == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
                BUFFERS.set(buf);
            }
            n += d.deflate(buf, n, buf.length - n);
        }
        return Arrays.copyOf(buf, n);
    }

    /** The JSON of a stored row. */
    public static String decode(int codec, byte[] stored) {
        if (codec == PLAIN) {
            return new String(stored, StandardCharsets.UTF_8);
        }
        if (codec != DEFLATE_DICT_1) {
            throw new StoreException("event stored with unknown codec " + codec + ": use a newer statewall");
        }
        Inflater inf = INFLATERS.get();
        inf.reset();
        // Raw DEFLATE carries no dictionary id: the dictionary is set before the first byte.
        inf.setDictionary(DICTIONARY_1);
        inf.setInput(stored);
        byte[] buf = BUFFERS.get();
        int n = 0;
        try {
            while (!inf.finished()) {
                if (n == buf.length) {
                    buf = Arrays.copyOf(buf, buf.length * 2);
                    BUFFERS.set(buf);
                }
                int k = inf.inflate(buf, n, buf.length - n);
                if (k == 0 && !inf.finished() && (inf.needsInput() || inf.needsDictionary())) {
                    throw new StoreException("a stored event is truncated");
                }
                n += k;
            }
        } catch (DataFormatException e) {
            throw new StoreException("a stored event is corrupt: " + e.getMessage(), e);
        }
        return new String(buf, 0, n, StandardCharsets.UTF_8);
    }
}
