package io.statewall.asma.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The operators' console's static files, served on the API's port: {@code /} is
 * {@code index.html}, {@code /console/NAME} one file of the class-path folder
 * {@value #FOLDER}. No token is needed (the page signs in itself). Every answer carries a strong
 * ETag (the bytes' SHA-256) with {@code Cache-Control: no-cache}, so a browser revalidates and
 * gets 304 while the files are unchanged, and the security headers that keep the page to its own
 * scripts and styles (no inline code, no framing).
 *
 * <p>A jar's folder cannot be listed, so the folder's {@code files.txt} names the files, one a
 * line; without it only {@code index.html}, {@code app.js} and {@code style.css} are served. When
 * {@value #DEV_DIR} names a directory, files are read from it on each request instead (the
 * front-end can be edited without rebuilding).
 */
public final class ConsoleFiles {
    /** The class-path folder of the files. */
    public static final String FOLDER = "/io/statewall/asma/console/";
    /** The environment variable naming a directory to serve the files from instead. */
    public static final String DEV_DIR = "STATEWALL_CONSOLE_DIR";
    /** The names a file may have: flat, no dot first (so no {@code ..}). */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final List<String> ALWAYS = List.of("index.html", "app.js", "style.css");
    private static final String PREFIX = "/console/";

    static final Map<String, String> SECURITY_HEADERS = headers();

    /** An answer: status, headers, body (empty for 304, 404, HEAD). */
    public record Answer(int status, Map<String, String> headers, byte[] body) {
    }

    /** One file: bytes, content type and ETag. */
    private record File(byte[] bytes, String contentType, String etag) {
        static File of(String name, byte[] bytes) {
            return new File(bytes, ConsoleFiles.contentType(name), ConsoleFiles.etag(bytes));
        }
    }

    private final Map<String, File> loaded;
    private final Path dir;

    private ConsoleFiles(Map<String, File> loaded, Path dir) {
        this.loaded = loaded;
        this.dir = dir;
    }

    /** From {@value #DEV_DIR} when it names a directory, else the class path, loaded now. */
    public static ConsoleFiles load() {
        String dev = System.getenv(DEV_DIR);
        if (dev != null && !dev.isBlank() && Files.isDirectory(Path.of(dev))) {
            return fromDirectory(Path.of(dev));
        }
        return fromClassPath();
    }

    /** The files of the class-path folder, read once. */
    public static ConsoleFiles fromClassPath() {
        Map<String, File> files = new LinkedHashMap<>();
        for (String name : listed()) {
            byte[] bytes = resource(name);
            if (bytes != null) {
                files.put(name, File.of(name, bytes));
            }
        }
        return new ConsoleFiles(Map.copyOf(files), null);
    }

    /** The files of {@code dir}, read on each request. */
    public static ConsoleFiles fromDirectory(Path dir) {
        return new ConsoleFiles(Map.of(), dir);
    }

    private static List<String> listed() {
        byte[] list = resource("files.txt");
        java.util.Set<String> names = new java.util.LinkedHashSet<>(ALWAYS);
        if (list != null) {
            for (String line : new String(list, StandardCharsets.UTF_8).split("\n")) {
                String n = line.strip();
                if (NAME.matcher(n).matches()) {
                    names.add(n);
                }
            }
        }
        return List.copyOf(names);
    }

    private static byte[] resource(String name) {
        try (InputStream in = ConsoleFiles.class.getResourceAsStream(FOLDER + name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code path} is the console's ({@code /} or under {@code /console/}) rather than the API's. */
    public boolean handles(String path) {
        return path.equals("/") || path.equals("/console") || path.startsWith(PREFIX);
    }

    /**
     * Answers a request for a path {@link #handles} said is the console's.
     *
     * @param ifNoneMatch the request's {@code If-None-Match}, or null
     */
    public Answer answer(String method, String path, String ifNoneMatch) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            Map<String, String> h = new LinkedHashMap<>(SECURITY_HEADERS);
            h.put("Allow", "GET, HEAD");
            h.put("Content-Type", "text/plain; charset=utf-8");
            return new Answer(405, h, (method + " is not allowed here; allowed: GET, HEAD\n").getBytes(StandardCharsets.UTF_8));
        }
        String name = path.equals("/") ? "index.html" : path.startsWith(PREFIX) ? path.substring(PREFIX.length()) : "";
        File f = NAME.matcher(name).matches() ? file(name) : null;
        if (f == null) {
            Map<String, String> h = new LinkedHashMap<>(SECURITY_HEADERS);
            h.put("Content-Type", "text/plain; charset=utf-8");
            h.put("Cache-Control", "no-cache");
            return new Answer(404, h, method.equals("HEAD") ? new byte[0]
                    : ("no such console file: " + path + "\n").getBytes(StandardCharsets.UTF_8));
        }
        Map<String, String> h = new LinkedHashMap<>(SECURITY_HEADERS);
        h.put("Cache-Control", "no-cache");
        h.put("ETag", f.etag());
        if (ifNoneMatch != null && matches(ifNoneMatch, f.etag())) {
            return new Answer(304, h, new byte[0]);
        }
        h.put("Content-Type", f.contentType());
        h.put("Content-Length", Integer.toString(f.bytes().length));
        return new Answer(200, h, method.equals("HEAD") ? new byte[0] : f.bytes());
    }

    private File file(String name) {
        if (dir == null) {
            return loaded.get(name);
        }
        Path p = dir.resolve(name);
        if (!Files.isRegularFile(p)) {
            return null;
        }
        try {
            return File.of(name, Files.readAllBytes(p));
        } catch (IOException e) {
            return null;
        }
    }

    /** {@code If-None-Match}: {@code *} or a list of tags; compared weakly (RFC 9110 §13.1.2). */
    private static boolean matches(String header, String etag) {
        for (String t : header.split(",")) {
            String s = t.strip();
            if (s.equals("*") || (s.startsWith("W/") ? s.substring(2) : s).equals(etag)) {
                return true;
            }
        }
        return false;
    }

    static String contentType(String name) {
        String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return switch (ext) {
            case "html" -> "text/html; charset=utf-8";
            case "js", "mjs" -> "text/javascript; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "svg" -> "image/svg+xml; charset=utf-8";
            case "json" -> "application/json; charset=utf-8";
            case "txt" -> "text/plain; charset=utf-8";
            case "png" -> "image/png";
            case "ico" -> "image/x-icon";
            default -> "application/octet-stream";
        };
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(d, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> headers() {
        Map<String, String> h = new LinkedHashMap<>();
        // The page's own scripts and styles only: no inline code, no framing, no foreign fetches.
        h.put("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                + " connect-src 'self'; font-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none';"
                + " form-action 'self'");
        h.put("X-Content-Type-Options", "nosniff");
        h.put("Referrer-Policy", "no-referrer");
        h.put("X-Frame-Options", "DENY");
        return Map.copyOf(h);
    }
}
