package io.statewall.link.wire;

import io.statewall.link.Command;
import io.statewall.link.CommandResult;
import io.statewall.link.LinkLimits;
import io.statewall.link.LinkRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * Frames to bytes and back (the byte layout is in {@link Wire}). Decoding checks every length
 * against the frame and the {@link LinkLimits} before allocating, and every value against its
 * range; anything else is a {@link ProtocolException} naming the field.
 *
 * <pre>
 * COMMAND fields by kind
 *   1 DECLARE_STATE   state:string  by:string
 *   2 RELEASE_STATE   by:string
 *   3 PUSH_POLICY     version:string  yaml:string
 *   4 PUSH_BASELINE   version:string  yaml:string
 * </pre>
 */
public final class FrameCodec {
    private static final int DECLARE_STATE = 1;
    private static final int RELEASE_STATE = 2;
    private static final int PUSH_POLICY = 3;
    private static final int PUSH_BASELINE = 4;
    /** Names, reasons, versions, software: short texts. */
    private static final int SHORT_TEXT = 4096;
    private static final int CERTIFICATE_BYTES = 8192;

    private FrameCodec() {}

    /** Appends {@code frame} to {@code w} as one complete frame. */
    public static void encode(Frame frame, WireWriter w) {
        switch (frame) {
            case Frame.Hello h -> w.begin(Wire.HELLO).u32(Wire.MAGIC).u16(h.version()).u32(h.heartbeatMillis())
                    .string(h.software());
            case Frame.Welcome m -> w.begin(Wire.WELCOME).u16(m.version()).i64(m.resumeAfter());
            case Frame.Records r -> {
                w.begin(Wire.RECORDS).u32(r.records().size());
                for (LinkRecord rec : r.records()) {
                    w.i64(rec.seq()).u8(kindCode(rec.kind())).i64(rec.timeNanos()).string(rec.json());
                }
            }
            case Frame.Ack a -> w.begin(Wire.ACK).i64(a.seq());
            case Frame.CommandFrame c -> encodeCommand(c.command(), w);
            case Frame.Result r -> w.begin(Wire.RESULT).i64(r.result().id()).u8(r.result().ok() ? 1 : 0)
                    .string(r.result().detail());
            case Frame.Keepalive k -> w.begin(Wire.KEEPALIVE);
            case Frame.Enrol e -> w.begin(Wire.ENROL).string(e.name()).string(e.secret()).bytes(e.csr());
            case Frame.Enrolled e -> w.begin(Wire.ENROLLED).bytes(e.certificate()).bytes(e.caCertificate());
            case Frame.Renew r -> w.begin(Wire.RENEW).bytes(r.csr());
            case Frame.Renewed r -> w.begin(Wire.RENEWED).bytes(r.certificate());
            case Frame.Error e -> w.begin(Wire.ERROR).string(e.reason());
        }
        w.finish();
    }

    private static void encodeCommand(Command command, WireWriter w) {
        w.begin(Wire.COMMAND).i64(command.id());
        switch (command) {
            case Command.DeclareState d -> w.u8(DECLARE_STATE).string(d.state()).string(d.by());
            case Command.ReleaseState r -> w.u8(RELEASE_STATE).string(r.by());
            case Command.PushPolicy p -> w.u8(PUSH_POLICY).string(p.version()).string(p.yaml());
            case Command.PushBaseline b -> w.u8(PUSH_BASELINE).string(b.version()).string(b.yaml());
        }
    }

    public static int kindCode(LinkRecord.Kind kind) {
        return kind.ordinal() + 1;
    }

    public static LinkRecord.Kind kind(int code) throws ProtocolException {
        LinkRecord.Kind[] kinds = LinkRecord.Kind.values();
        if (code < 1 || code > kinds.length) {
            throw new ProtocolException("record kind " + code + " is not 1 (EVENT), 2 (HEARTBEAT) or 3 (PROCESS)");
        }
        return kinds[code - 1];
    }

    /** Decodes the body of a frame of {@code type} (the reader is positioned after the type byte). */
    public static Frame decode(int type, WireReader r, LinkLimits limits) throws ProtocolException {
        Frame f = switch (type) {
            case Wire.HELLO -> {
                long magic = r.u32("magic");
                if (magic != (Wire.MAGIC & 0xFFFF_FFFFL)) {
                    throw new ProtocolException("HELLO does not start with \"SWLK\": not a Statewall link peer");
                }
                int version = r.u16("version");
                long hb = r.u32("heartbeat_ms");
                yield new Frame.Hello(version, (int) Math.min(hb, Integer.MAX_VALUE), r.string("software", SHORT_TEXT, false));
            }
            case Wire.WELCOME -> new Frame.Welcome(r.u16("version"), nonNegative(r.i64("resume_after"), "resume_after"));
            case Wire.RECORDS -> records(r, limits);
            case Wire.ACK -> new Frame.Ack(nonNegative(r.i64("seq"), "ACK seq"));
            case Wire.COMMAND -> new Frame.CommandFrame(command(r, limits));
            case Wire.RESULT -> {
                long id = r.i64("id");
                int ok = r.u8("ok");
                if (ok > 1) {
                    throw new ProtocolException("RESULT ok is " + ok + ", not 0 or 1");
                }
                yield new Frame.Result(new CommandResult(id, ok == 1, r.string("detail", limits.maxRecordBytes(), false)));
            }
            case Wire.KEEPALIVE -> new Frame.Keepalive();
            case Wire.ENROL -> new Frame.Enrol(r.string("name", SHORT_TEXT, false), r.string("secret", SHORT_TEXT, false),
                    r.bytes("csr", CERTIFICATE_BYTES));
            case Wire.ENROLLED -> new Frame.Enrolled(r.bytes("certificate", CERTIFICATE_BYTES),
                    r.bytes("ca_certificate", CERTIFICATE_BYTES));
            case Wire.RENEW -> new Frame.Renew(r.bytes("csr", CERTIFICATE_BYTES));
            case Wire.RENEWED -> new Frame.Renewed(r.bytes("certificate", CERTIFICATE_BYTES));
            case Wire.ERROR -> new Frame.Error(r.string("reason", SHORT_TEXT, false));
            default -> throw new ProtocolException(Wire.typeName(type));
        };
        r.end(Wire.typeName(type));
        return f;
    }

    private static long nonNegative(long v, String field) throws ProtocolException {
        if (v < 0) {
            throw new ProtocolException(field + " " + Long.toUnsignedString(v) + " is out of range");
        }
        return v;
    }

    private static Frame.Records records(WireReader r, LinkLimits limits) throws ProtocolException {
        long count = r.u32("record count");
        if (count < 1 || count > Wire.MAX_BATCH_RECORDS) {
            throw new ProtocolException("RECORDS count " + count + ": 1 to " + Wire.MAX_BATCH_RECORDS);
        }
        // Each record takes at least RECORD_HEADER + 2 bytes: a count the frame cannot hold is a lie.
        if (count * (Wire.RECORD_HEADER + 2) > r.remaining()) {
            throw new ProtocolException("RECORDS count " + count + " does not fit the frame");
        }
        List<LinkRecord> out = new ArrayList<>((int) count);
        long previous = 0;
        for (int i = 0; i < count; i++) {
            long seq = r.i64("seq");
            if (seq < 1 || seq <= previous) {
                throw new ProtocolException("record seq " + seq + " after " + previous + ": seqs rise from 1");
            }
            previous = seq;
            LinkRecord.Kind kind = kind(r.u8("kind"));
            long time = r.i64("time_ns");
            long n = r.u32("json length");
            if (n > limits.maxRecordBytes()) {
                throw new ProtocolException("record " + seq + " is " + n + " bytes, more than " + limits.maxRecordBytes());
            }
            r.skip((int) n, "json");
            int start = r.position() - (int) n;
            checkJsonLine(r.array(), start, (int) n, seq);
            out.add(new LinkRecord(seq, kind, time, WireReader.utf8(r.array(), start, (int) n, "record " + seq)));
        }
        return new Frame.Records(out);
    }

    /** One JSON object on one line: '{' … '}' without CR or LF (the content is the store's to parse). */
    static void checkJsonLine(byte[] b, int off, int len, long seq) throws ProtocolException {
        if (len < 2 || b[off] != '{' || b[off + len - 1] != '}') {
            throw new ProtocolException("record " + seq + " is not a JSON object");
        }
        for (int i = off; i < off + len; i++) {
            if (b[i] == '\n' || b[i] == '\r') {
                throw new ProtocolException("record " + seq + " spans several lines");
            }
        }
    }

    private static Command command(WireReader r, LinkLimits limits) throws ProtocolException {
        long id = r.i64("id");
        int kind = r.u8("command kind");
        int big = limits.maxFrameBytes();
        return switch (kind) {
            case DECLARE_STATE -> new Command.DeclareState(id, r.string("state", SHORT_TEXT, false),
                    r.string("by", SHORT_TEXT, false));
            case RELEASE_STATE -> new Command.ReleaseState(id, r.string("by", SHORT_TEXT, false));
            case PUSH_POLICY -> new Command.PushPolicy(id, r.string("version", SHORT_TEXT, false), r.string("yaml", big, false));
            case PUSH_BASELINE -> new Command.PushBaseline(id, r.string("version", SHORT_TEXT, false),
                    r.string("yaml", big, false));
            default -> throw new ProtocolException("command kind " + kind + " is not 1 to 4");
        };
    }
}
