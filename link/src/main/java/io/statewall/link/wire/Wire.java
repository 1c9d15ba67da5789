package io.statewall.link.wire;

/**
 * The link's wire format, version {@value #VERSION}. Everything runs inside TLS 1.3; the TLS
 * record layer carries a stream of frames:
 *
 * <pre>
 * frame   = length:u32  type:u8  body            length counts type and body: 1 .. limit
 * string  = n:u32  n bytes of UTF-8                 n = 0xFFFFFFFF: null (where allowed)
 * bytes   = n:u32  n bytes
 *
 * type  name      direction    body
 * 0x01  HELLO     NMA → ASMA   magic "SWLK":4  version:u16  heartbeat_ms:u32  software:string
 * 0x02  WELCOME   ASMA → NMA   version:u16  resume_after:u64      (the ASMA stored up to this seq)
 * 0x03  RECORDS   NMA → ASMA   count:u32 (1..65536)  count × { seq:u64  kind:u8  time_ns:i64  json:string }
 * 0x04  ACK       ASMA → NMA   seq:u64                            (stored durably up to seq)
 * 0x05  COMMAND   ASMA → NMA   id:u64  kind:u8  fields            (see {@link FrameCodec})
 * 0x06  RESULT    NMA → ASMA   id:u64  ok:u8  detail:string
 * 0x07  KEEPALIVE either       (empty)                            (sent when nothing else was for a heartbeat)
 * 0x08  ENROL     NMA → ASMA   name:string  secret:string  csr:bytes (PKCS#10 DER)
 * 0x09  ENROLLED  ASMA → NMA   certificate:bytes  ca_certificate:bytes (X.509 DER)
 * 0x0A  RENEW     NMA → ASMA   csr:bytes (PKCS#10 DER, a new key)  (only after WELCOME)
 * 0x0B  RENEWED   ASMA → NMA   certificate:bytes (X.509 DER)       (the answer to RENEW)
 * 0x0F  ERROR     either       reason:string                      (the sender closes next; see below)
 * </pre>
 *
 * All integers are big-endian. Record kinds: 1 EVENT, 2 HEARTBEAT, 3 PROCESS. A record's json is
 * one JSON object on one line: it starts with '{', ends with '}', holds no CR or LF.
 *
 * <p>A session with a client certificate is HELLO, WELCOME, then RECORDS/ACK, COMMAND/RESULT
 * and KEEPALIVE in any order, and at most one RENEW, answered by RENEWED or by an ERROR that
 * refuses the renewal only: after that one ERROR the session goes on. A session without one (enrolment) is ENROL, then ENROLLED or
 * ERROR, then the ASMA closes it.
 */
public final class Wire {
    public static final int VERSION = 1;
    /** "SWLK" at the start of HELLO: a peer that is not a Statewall link fails at once. */
    public static final int MAGIC = 0x53574C4B;
    public static final long NULL_LENGTH = 0xFFFF_FFFFL;

    public static final int HELLO = 0x01;
    public static final int WELCOME = 0x02;
    public static final int RECORDS = 0x03;
    public static final int ACK = 0x04;
    public static final int COMMAND = 0x05;
    public static final int RESULT = 0x06;
    public static final int KEEPALIVE = 0x07;
    public static final int ENROL = 0x08;
    public static final int ENROLLED = 0x09;
    public static final int RENEW = 0x0A;
    public static final int RENEWED = 0x0B;
    public static final int ERROR = 0x0F;

    /** Bytes of a frame header: length and type. */
    public static final int HEADER = 5;
    /** Bytes of a record's fixed part in RECORDS: seq, kind, time, json length. */
    public static final int RECORD_HEADER = 8 + 1 + 8 + 4;
    /** The most records one RECORDS frame may carry. */
    public static final int MAX_BATCH_RECORDS = 65_536;
    /** The largest frame a session without a client certificate may send (ENROL). */
    public static final int MAX_ENROL_FRAME = 16 * 1024;

    private Wire() {}

    public static String typeName(int type) {
        return switch (type) {
            case HELLO -> "HELLO";
            case WELCOME -> "WELCOME";
            case RECORDS -> "RECORDS";
            case ACK -> "ACK";
            case COMMAND -> "COMMAND";
            case RESULT -> "RESULT";
            case KEEPALIVE -> "KEEPALIVE";
            case ENROL -> "ENROL";
            case ENROLLED -> "ENROLLED";
            case RENEW -> "RENEW";
            case RENEWED -> "RENEWED";
            case ERROR -> "ERROR";
            default -> String.format("unknown type 0x%02x", type);
        };
    }
}
