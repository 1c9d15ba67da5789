package io.statewall.cli.demo;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The demo's terminal output: a line per event (plant milestones, NMA state changes, attacks and
 * what became of them) under a progress line that is redrawn in place on a terminal. Without a
 * terminal (a pipe, a CI log) there are no control characters: the progress line is printed as
 * an ordinary line every so often instead.
 */
final class LiveDisplay {
    private static final String CLEAR_LINE = "\r\u001b[2K";
    private static final long PLAIN_STATUS_EVERY_MILLIS = 15_000;

    private final PrintStream out;
    private final boolean terminal;
    private final long startMillis;
    private String status = "";
    private long lastPlainStatus;

    LiveDisplay(PrintStream out, boolean terminal, long startMillis) {
        this.out = out;
        this.terminal = terminal;
        this.startMillis = startMillis;
    }

    /** Whether this JVM's standard output is an interactive terminal that takes ANSI sequences. */
    static boolean stdoutIsTerminal() {
        java.io.Console c = System.console();
        String term = System.getenv("TERM");
        return c != null && c.isTerminal() && term != null && !term.equals("dumb");
    }

    synchronized void line(String text) {
        if (terminal && !status.isEmpty()) {
            out.print(CLEAR_LINE);
        }
        out.println(text);
        if (terminal && !status.isEmpty()) {
            out.print(status);
        }
        out.flush();
    }

    /** One event: wall time since the start, plant time, who, what. */
    void event(long atMillis, double plantTime, String who, String what) {
        line(String.format(Locale.ROOT, "  %s  %6s  %-11s %s", clock(atMillis - startMillis),
                Double.isNaN(plantTime) ? "" : String.format(Locale.ROOT, "%.0f s", plantTime), who, what));
    }

    /** A continuation of the event above, indented under its text. */
    void detail(String what) {
        line("                              " + what);
    }

    synchronized void status(double fraction, String text) {
        int width = 24;
        int filled = (int) Math.round(Math.max(0, Math.min(1, fraction)) * width);
        String bar = "[" + "#".repeat(filled) + ".".repeat(width - filled) + "] "
                + String.format(Locale.ROOT, "%3d%%  ", Math.round(fraction * 100)) + text;
        if (terminal) {
            status = bar;
            out.print(CLEAR_LINE + bar);
            out.flush();
            return;
        }
        long now = System.currentTimeMillis();
        if (now - lastPlainStatus >= PLAIN_STATUS_EVERY_MILLIS) {
            lastPlainStatus = now;
            out.println("  " + bar);
            out.flush();
        }
    }

    /** Removes the progress line before the summary. */
    synchronized void finish() {
        if (terminal && !status.isEmpty()) {
            out.print(CLEAR_LINE);
            out.flush();
        }
        status = "";
    }

    static String clock(long millis) {
        long s = Math.max(0, millis) / 1000;
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
