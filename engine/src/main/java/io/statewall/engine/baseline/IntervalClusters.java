package io.statewall.engine.baseline;

/**
 * The gaps seen between consecutive requests of one kind, summarised as a few clusters
 * {@code [shortest, longest, count]} in microseconds. A periodic poll makes one tight cluster
 * around its period; a missed poll in training adds a small one near twice the period;
 * sporadic commands spread over several.
 *
 * <p>A gap joins the first cluster it lies within a ratio of {@value #JOIN_NUM}/{@value
 * #JOIN_DEN} of (below its shortest or above its longest); clusters that come that close merge;
 * beyond {@value #MAX_CLUSTERS} the two nearest (by ratio) merge. Only integers, compared by
 * cross-multiplication: the same gaps in the same order give the same clusters on every
 * machine, and clusters read back from the file continue exactly as if never written.
 */
final class IntervalClusters {
    static final int MAX_CLUSTERS = 6;
    /** Two gaps belong together when the longer is at most 6/5 of the shorter. */
    static final long JOIN_NUM = 6;
    static final long JOIN_DEN = 5;

    private final long[] min = new long[MAX_CLUSTERS + 1];
    private final long[] max = new long[MAX_CLUSTERS + 1];
    private final long[] count = new long[MAX_CLUSTERS + 1];
    private int size;
    private long total;

    void add(long micros) {
        long x = Math.max(0, micros);
        total++;
        for (int i = 0; i < size; i++) {
            if (close(x, min[i]) && close(max[i], x) || x >= min[i] && x <= max[i]) {
                min[i] = Math.min(min[i], x);
                max[i] = Math.max(max[i], x);
                count[i]++;
                mergeNeighbours(i);
                return;
            }
        }
        insert(x, x, 1);
    }

    /** Restores a cluster read from the file (the file keeps them sorted and apart). */
    void restore(long lo, long hi, long n) {
        total += n;
        insert(lo, hi, n);
    }

    /** {@code lo <= hi} and {@code hi} at most 6/5 of {@code lo}, or both in a cluster. */
    private static boolean close(long lo, long hi) {
        return hi <= lo || hi * JOIN_DEN <= lo * JOIN_NUM;
    }

    private void insert(long lo, long hi, long n) {
        int at = 0;
        while (at < size && min[at] < lo) {
            at++;
        }
        for (int j = size; j > at; j--) {
            min[j] = min[j - 1];
            max[j] = max[j - 1];
            count[j] = count[j - 1];
        }
        min[at] = lo;
        max[at] = hi;
        count[at] = n;
        size++;
        mergeNeighbours(at);
        if (size > MAX_CLUSTERS) {
            int best = 0;
            for (int j = 1; j < size - 1; j++) {
                // gap ratio min[j+1]/max[j] smaller than min[best+1]/max[best] (in doubles: the
                // products of two long gaps would overflow a long; IEEE arithmetic is the same everywhere)
                if ((double) min[j + 1] * Math.max(1, max[best]) < (double) min[best + 1] * Math.max(1, max[j])) {
                    best = j;
                }
            }
            merge(best);
        }
    }

    private void mergeNeighbours(int i) {
        int at = i;
        while (at > 0 && close(max[at - 1], min[at])) {
            merge(at - 1);
            at--;
        }
        while (at < size - 1 && close(max[at], min[at + 1])) {
            merge(at);
        }
    }

    /** Merges cluster {@code i + 1} into {@code i}. */
    private void merge(int i) {
        min[i] = Math.min(min[i], min[i + 1]);
        max[i] = Math.max(max[i], max[i + 1]);
        count[i] += count[i + 1];
        for (int j = i + 1; j < size - 1; j++) {
            min[j] = min[j + 1];
            max[j] = max[j + 1];
            count[j] = count[j + 1];
        }
        size--;
    }

    int size() {
        return size;
    }

    long total() {
        return total;
    }

    long min(int i) {
        return min[i];
    }

    long max(int i) {
        return max[i];
    }

    long count(int i) {
        return count[i];
    }

    /** The cluster holding the most gaps (the first of equals), or -1 when empty. */
    int main() {
        int best = -1;
        for (int i = 0; i < size; i++) {
            if (best < 0 || count[i] > count[best]) {
                best = i;
            }
        }
        return best;
    }
}
