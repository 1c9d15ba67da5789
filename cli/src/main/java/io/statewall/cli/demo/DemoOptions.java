package io.statewall.cli.demo;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How to run {@code statewall demo}.
 *
 * @param duration stop after this much wall time; null: when the operating sequence is over
 * @param seed     the plant's noise and disturbances
 * @param attacks  run the attack campaign
 * @param pcap     record all traffic as a capture here (and the policy enforced beside it), or null
 * @param report   write the JSON report here, or null
 * @param eve      copy the NMA's EVE output here, or null
 * @param terminal redraw a progress line in place (an interactive terminal)
 * @param hold     keep the ASMA and its console up after the run, until {@link DemoRun#closeConsole}
 */
public record DemoOptions(Duration duration, long seed, boolean attacks, Path pcap, Path report, Path eve,
                          boolean terminal, boolean hold) {
    public DemoOptions(Duration duration, long seed, boolean attacks, Path pcap, Path report, Path eve, boolean terminal) {
        this(duration, seed, attacks, pcap, report, eve, terminal, false);
    }
}
