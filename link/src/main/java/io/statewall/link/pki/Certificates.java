package io.statewall.link.pki;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/** Small facts about certificates and names that the link's PKI relies on. */
public final class Certificates {
    /** RFC 5280 id-kp-serverAuth and id-kp-clientAuth. */
    public static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    public static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    /**
     * What an NMA may be called: it becomes a certificate's CN, a file name in the ASMA's data
     * directory and the first part of a token ({@code NAME.SECRET.CAFPR}), so no dots, slashes
     * or spaces.
     */
    public static final Pattern NMA_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");

    static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private Certificates() {}

    /** The SHA-256 of the certificate's DER, as the token carries it (base64url, no padding, 43 characters). */
    public static String fingerprint(X509Certificate cert) {
        try {
            return B64URL.encodeToString(sha256(cert.getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public static String sha256Hex(byte[] data) {
        return HexFormat.of().formatHex(sha256(data));
    }

    static String base64url(byte[] b) {
        return B64URL.encodeToString(b);
    }

    /** A positive serial number of 127 random bits (RFC 5280 §4.1.2.2: at most 20 octets, unpredictable). */
    static BigInteger randomSerial() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        b[0] &= 0x7F;
        BigInteger s = new BigInteger(1, b);
        return s.signum() == 0 ? BigInteger.ONE : s;
    }

    /** The subject's common name, or null if it has none. */
    public static String commonName(X509Certificate cert) {
        try {
            LdapName dn = new LdapName(cert.getSubjectX500Principal().getName());
            List<Rdn> rdns = dn.getRdns();
            for (int i = rdns.size() - 1; i >= 0; i--) {
                if (rdns.get(i).getType().equalsIgnoreCase("CN")) {
                    return rdns.get(i).getValue().toString();
                }
            }
            return null;
        } catch (InvalidNameException e) {
            return null;
        }
    }

    /** Whether the certificate's extended key usage names {@code purpose}. */
    public static boolean hasExtendedKeyUsage(X509Certificate cert, String purpose) {
        try {
            List<String> eku = cert.getExtendedKeyUsage();
            return eku != null && eku.contains(purpose);
        } catch (CertificateParsingException e) {
            return false;
        }
    }

    public static void checkNmaName(String name) {
        if (name == null || !NMA_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("NMA name '" + name
                    + "': 1 to 63 letters, digits, '-' or '_', starting with a letter or digit");
        }
    }
}
