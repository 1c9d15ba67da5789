package io.statewall.link.client;

import io.statewall.link.LinkClientConfig;
import io.statewall.link.pki.AnchoredTrustManager;
import io.statewall.link.pki.EnrolmentToken;
import io.statewall.link.pki.NmaCredentials;
import io.statewall.link.pki.Pem;
import io.statewall.link.pki.TlsContexts;
import io.statewall.link.wire.Frame;
import io.statewall.link.wire.FrameCodec;
import io.statewall.link.wire.FrameReader;
import io.statewall.link.wire.ProtocolException;
import io.statewall.link.wire.WireReader;
import io.statewall.link.wire.WireWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;

/**
 * An NMA's enrolment: makes (or reuses) its key, connects with server-authenticated TLS 1.3 in
 * which the ASMA must present the CA named by the token's fingerprint, sends the token and a
 * certification request, and stores the certificate that comes back.
 */
final class Enroller {
    private Enroller() {}

    /** Why enrolment cannot succeed however often it is tried (a bad or used token). */
    static final class Refused extends Exception {
        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    static NmaCredentials enrol(LinkClientConfig config) throws IOException, GeneralSecurityException, Refused {
        EnrolmentToken token;
        try {
            token = EnrolmentToken.parse(config.enrolToken());
        } catch (IllegalArgumentException e) {
            throw new Refused("enrolment token: " + e.getMessage());
        }
        KeyPair kp = NmaCredentials.keyPair(config.dataDir(), config.log());
        byte[] csr = NmaCredentials.certificationRequest(token.nmaName(), kp);
        AnchoredTrustManager pinned = AnchoredTrustManager.pinned(token.caFingerprint());
        SSLContext ctx = TlsContexts.enrolling(pinned);
        try (SSLSocket s = Connector.connect(ctx, config)) {
            try {
                s.startHandshake();
            } catch (SSLHandshakeException e) {
                throw new Refused("the ASMA at " + Connector.text(config.asma()) + " is not trusted: " + rootMessage(e));
            }
            WireWriter w = new WireWriter(csr.length + 512);
            FrameCodec.encode(new Frame.Enrol(token.nmaName(), token.secret(), csr), w);
            OutputStream out = s.getOutputStream();
            w.writeTo(out);
            out.flush();
            FrameReader in = new FrameReader(s.getInputStream(), 64 * 1024);
            Frame reply;
            try {
                WireReader r = in.next();
                reply = FrameCodec.decode(r.u8("type"), r, config.limits());
            } catch (ProtocolException e) {
                throw new IOException("enrolment answer: " + e.getMessage());
            }
            return switch (reply) {
                case Frame.Enrolled e -> {
                    X509Certificate cert = Pem.certificate(e.certificate());
                    X509Certificate ca = Pem.certificate(e.caCertificate());
                    NmaCredentials c = NmaCredentials.accept(config.dataDir(), kp, token.nmaName(), cert, ca,
                            token.caFingerprint());
                    config.log().accept("enrolled as NMA '" + token.nmaName() + "' (certificate "
                            + cert.getSerialNumber().toString(16) + " until " + cert.getNotAfter().toInstant() + ")");
                    yield c;
                }
                case Frame.Error e -> throw new Refused("the ASMA refused the enrolment: " + e.reason());
                default -> throw new IOException("enrolment answer: unexpected " + reply.getClass().getSimpleName());
            };
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }
}
