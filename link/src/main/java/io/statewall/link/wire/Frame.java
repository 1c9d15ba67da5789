package io.statewall.link.wire;

import io.statewall.link.Command;
import io.statewall.link.CommandResult;
import io.statewall.link.LinkRecord;
import java.util.List;
import java.util.Objects;

/** One decoded frame of the link (see {@link Wire} for the bytes of each). */
public sealed interface Frame {
    record Hello(int version, int heartbeatMillis, String software) implements Frame {}

    record Welcome(int version, long resumeAfter) implements Frame {}

    record Records(List<LinkRecord> records) implements Frame {
        public Records {
            records = List.copyOf(records);
        }
    }

    record Ack(long seq) implements Frame {}

    record CommandFrame(Command command) implements Frame {
        public CommandFrame {
            Objects.requireNonNull(command, "command");
        }
    }

    record Result(CommandResult result) implements Frame {
        public Result {
            Objects.requireNonNull(result, "result");
        }
    }

    record Keepalive() implements Frame {}

    /** @param csr a PKCS#10 certification request, DER */
    record Enrol(String name, String secret, byte[] csr) implements Frame {}

    /** @param certificate the NMA's certificate, DER; {@code caCertificate} the CA's, DER */
    record Enrolled(byte[] certificate, byte[] caCertificate) implements Frame {}

    /** @param csr a PKCS#10 certification request for the NMA's new key, DER */
    record Renew(byte[] csr) implements Frame {}

    /** @param certificate the NMA's new certificate, DER */
    record Renewed(byte[] certificate) implements Frame {}

    record Error(String reason) implements Frame {}
}
