package io.statewall.link.pki;

import java.util.Base64;

/**
 * A token as the NMA's operator types it: {@code NAME.SECRET.CAFPR} (see {@link EnrolmentTokens}).
 *
 * @param caFingerprint base64url SHA-256 of the CA certificate the ASMA must present
 */
public record EnrolmentToken(String nmaName, String secret, String caFingerprint) {

    /** Parses a token, or throws IllegalArgumentException with a one-line reason. */
    public static EnrolmentToken parse(String text) {
        String t = text == null ? "" : text.strip();
        String[] parts = t.split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("an enrolment token is NAME.SECRET.FINGERPRINT (three parts separated by dots)");
        }
        Certificates.checkNmaName(parts[0]);
        if (!decodes(parts[1], 16)) {
            throw new IllegalArgumentException("the enrolment token's secret is not 128 bits or more of base64url");
        }
        if (!decodes(parts[2], 32) || parts[2].length() != 43) {
            throw new IllegalArgumentException("the enrolment token's CA fingerprint is not a base64url SHA-256");
        }
        return new EnrolmentToken(parts[0], parts[1], parts[2]);
    }

    private static boolean decodes(String s, int minBytes) {
        try {
            return Base64.getUrlDecoder().decode(s).length >= minBytes;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "EnrolmentToken[" + nmaName + ", secret hidden, CA " + caFingerprint + "]";
    }
}
