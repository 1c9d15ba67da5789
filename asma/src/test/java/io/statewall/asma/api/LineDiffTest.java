package io.statewall.asma.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policy diff: hunks as GNU diff -u writes them, and every diff turns the old text into the new one with patch. */
class LineDiffTest {
    @TempDir
    Path dir;

    @Test
    void equalTextsHaveNoDiff() {
        assertThat(LineDiff.unified("a", "x\ny\n", "b", "x\ny\n")).isEmpty();
    }

    @Test
    void hunksMatchGnuDiff() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/diff")), "GNU diff is not installed");
        String a = lines(1, 30) + "end\n";
        String b = lines(1, 3) + "inserted\n" + lines(4, 14) + lines(16, 30).replace("line 22", "line twenty-two") + "end\nmore\n";
        assertThat(body(LineDiff.unified("a", a, "b", b))).isEqualTo(body(gnu(a, b)));
        assertThat(body(LineDiff.unified("a", "", "b", "x\n"))).isEqualTo(body(gnu("", "x\n")));
        assertThat(body(LineDiff.unified("a", "x\n", "b", ""))).isEqualTo(body(gnu("x\n", "")));
    }

    @Test
    void randomEditsPatchBack() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/patch")), "patch is not installed");
        Random rnd = new Random(5020);
        for (int round = 0; round < 25; round++) {
            List<String> a = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                a.add("k" + rnd.nextInt(8));
            }
            List<String> b = new ArrayList<>(a);
            for (int e = 0; e < 1 + rnd.nextInt(8); e++) {
                int at = rnd.nextInt(b.size() + 1);
                switch (rnd.nextInt(3)) {
                    case 0 -> b.add(at, "new" + rnd.nextInt(100));
                    case 1 -> {
                        if (at < b.size()) {
                            b.remove(at);
                        }
                    }
                    default -> {
                        if (at < b.size()) {
                            b.set(at, "changed" + rnd.nextInt(100));
                        }
                    }
                }
            }
            String ta = String.join("\n", a) + "\n";
            String tb = String.join("\n", b) + "\n";
            Path file = Files.writeString(dir.resolve("f" + round), ta);
            Path patch = Files.writeString(dir.resolve("p" + round), LineDiff.unified("f", ta, "f", tb));
            Process p = new ProcessBuilder("/usr/bin/patch", "-s", file.toString(), patch.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("round %d: %s", round, out).isZero();
            assertThat(Files.readString(file)).as("round %d", round).isEqualTo(tb);
        }
    }

    private static String lines(int from, int to) {
        StringBuilder b = new StringBuilder();
        for (int i = from; i <= to; i++) {
            b.append("line ").append(i).append('\n');
        }
        return b.toString();
    }

    /** Without the two file-name lines. */
    private static String body(String diff) {
        return diff.lines().skip(2).reduce("", (x, y) -> x + y + "\n");
    }

    private String gnu(String a, String b) throws Exception {
        Path fa = Files.writeString(dir.resolve("a"), a);
        Path fb = Files.writeString(dir.resolve("b"), b);
        Process p = new ProcessBuilder("/usr/bin/diff", "-u", fa.toString(), fb.toString()).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }
}
