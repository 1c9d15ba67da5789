package io.statewall.engine.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.statewall.engine.baseline.Traffic.Exchange;
import io.statewall.engine.eve.FlowContext;
import io.statewall.protocols.modbus.ModbusAnomaly;
import io.statewall.protocols.modbus.ModbusLimits;
import io.statewall.protocols.modbus.ModbusListener;
import io.statewall.protocols.modbus.ModbusSession;
import io.statewall.protocols.modbus.ModbusTransaction;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * The packet path allocates nothing: checking conforming traffic against a baseline (every
 * check taking part: channels, functions, addresses, kinds, gaps, order, answers' delays,
 * values, commands), and learning traffic whose channels, kinds and points are already known.
 * 100 scans of {@link ScanPlant} (≈ 520 transactions) per round, pre-encoded, fed through real
 * sessions; best of five rounds after a warm-up.
 */
class BaselineAllocationTest {
    private static final int ROUNDS = 40;

    /** The exchanges pre-encoded, and a session per client so that the loop itself allocates nothing. */
    private static final class Feed implements ModbusListener {
        final List<MemorySegment> requests = new ArrayList<>();
        final List<MemorySegment> responses = new ArrayList<>();
        final List<Exchange> exchanges;
        final FlowContext[] flows = new FlowContext[2];
        final ModbusSession[] sessions = new ModbusSession[2];
        BiConsumer<FlowContext, ModbusTransaction> target;
        int current;
        long transactions;

        Feed(List<Exchange> exchanges) {
            this.exchanges = exchanges;
            for (int i = 0; i < 2; i++) {
                int client = i == 0 ? ScanPlant.HMI : ScanPlant.OPERATOR;
                flows[i] = new FlowContext().set(i + 1, 4, 0, client & 0xFFFF_FFFFL, 40_000, 0, ScanPlant.PLC & 0xFFFF_FFFFL,
                        502, 6, "modbus");
                int link = i;
                sessions[i] = new ModbusSession(ModbusLimits.DEFAULT, this, null);
                assertThat(link).isBetween(0, 1);
            }
            int id = 0;
            for (Exchange e : exchanges) {
                id = (id + 1) & 0xFFFF;
                requests.add(MemorySegment.ofArray(Traffic.adu(id, e.unit(), e.request())));
                responses.add(MemorySegment.ofArray(Traffic.adu(id, e.unit(), e.response())));
            }
        }

        void round(long shift) {
            for (int i = 0; i < exchanges.size(); i++) {
                Exchange e = exchanges.get(i);
                current = e.client() == ScanPlant.HMI ? 0 : 1;
                ModbusSession s = sessions[current];
                MemorySegment q = requests.get(i);
                MemorySegment r = responses.get(i);
                s.onData(true, q, 0, (int) q.byteSize(), e.requestAt() + shift);
                s.onData(false, r, 0, (int) r.byteSize(), e.responseAt() + shift);
            }
        }

        @Override
        public void onTransaction(ModbusSession session, ModbusTransaction tx) {
            transactions++;
            target.accept(flows[current], tx);
        }

        @Override
        public void onAnomaly(ModbusSession s, ModbusAnomaly a, boolean toServer, long ts, int id, long detail) {
        }
    }

    private static com.sun.management.ThreadMXBean threads() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "per-thread allocation counter absent: skipped");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported(), "per-thread allocation counter unsupported: skipped");
        threads.setThreadAllocatedMemoryEnabled(true);
        return threads;
    }

    /** Bytes allocated by the best of five measured batches of {@link #ROUNDS} rounds. */
    private static long measure(Feed feed, Runnable betweenRounds) {
        com.sun.management.ThreadMXBean threads = threads();
        long best = Long.MAX_VALUE;
        long shift = 0;
        for (int batch = 0; batch < 6; batch++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int r = 0; r < ROUNDS; r++) {
                shift += 100 * ScanPlant.CYCLE;
                feed.round(shift);
                betweenRounds.run();
            }
            long used = threads.getCurrentThreadAllocatedBytes() - before;
            if (batch > 0) {
                best = Math.min(best, used);
            }
        }
        return best;
    }

    @Test
    void checkingConformingTrafficAllocatesNothing() {
        Baseline b = BaselineDetectorTest.learned(new ScanPlant(7).run(0, 120));
        Feed feed = new Feed(new ScanPlant(7).run(120, 220));
        long[] deviations = {0};
        BaselineDetector detector = new BaselineDetector(b, List.of("unknown"), d -> deviations[0]++);
        feed.target = (flow, tx) -> {
            detector.checkRequest(flow, tx, 0);
            detector.checkResponse(flow, tx, 0);
        };
        long bytes = measure(feed, detector::endOfCapture);
        assertThat(deviations[0]).as("the traffic conforms").isZero();
        assertThat(detector.checked()).as("every transaction was checked").isEqualTo(feed.transactions).isGreaterThan(100_000);
        assertThat(bytes).as("bytes allocated by %d checked transactions", feed.transactions / 6).isLessThan(1024);
    }

    @Test
    void learningKnownTrafficAllocatesNothing() {
        List<Exchange> traffic = new ScanPlant(7).run(0, 100);
        BaselineLearner learner = new BaselineLearner(new Baseline(""));
        Feed feed = new Feed(traffic);
        feed.target = (flow, tx) -> learner.learn(flow, tx, "unknown");
        long bytes = measure(feed, learner::endOfCapture);
        assertThat(learner.transactions()).isEqualTo(feed.transactions);
        assertThat(bytes).as("bytes allocated learning %d transactions", feed.transactions / 6).isLessThan(1024);
    }
}
