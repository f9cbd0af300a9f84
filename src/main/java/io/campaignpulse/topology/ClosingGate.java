package io.campaignpulse.topology;

/**
 * Decides how far a campaign task may close, given its sources' progress and idle claims. An
 * idle claim counts only by an end check that began after the latest progress report and found
 * its partition committed to its end ({@link EndCheck}): a claim whose partition received anything
 * since (its owner may have died before reading it) holds nothing open, and windows then wait for
 * that partition's events. Until such a check arrives, windows close on progress alone, and the
 * rest waits for {@link #point} to be asked again (the task's punctuation).
 */
final class ClosingGate {
    private final InputLag lag;
    /** Per source index: its topic and partition, for the end check. */
    private final String[] sourceTopic;
    private final int[] sourcePartition;
    /** Wall time of the latest progress report that changed anything, and whether it may close more. */
    private long progressAt = Long.MIN_VALUE;
    private boolean pending;

    ClosingGate(InputLayout layout, InputLag lag) {
        this.lag = lag;
        sourceTopic = new String[layout.sourceCount()];
        sourcePartition = new int[layout.sourceCount()];
        for (int i = 0; i < sourceTopic.length; i++) {
            sourceTopic[i] = layout.topics().get(layout.topicOfSource(i));
            sourcePartition[i] = layout.partitionOfSource(i);
        }
    }

    /** A progress report changed the watermarks. */
    void progressed() {
        progressAt = System.currentTimeMillis();
        pending = true;
    }

    /**
     * Which idle claims count now: those that an end check begun after the latest progress report
     * found committed to their partition's end.
     */
    java.util.function.IntPredicate claims() {
        EndCheck check = lag.endCheck();
        if (check.startedAtMs() > progressAt) {
            return i -> check.atEnd(sourceTopic[i], sourcePartition[i]);
        }
        return i -> false;
    }

    /**
     * A derived stage's progress ({@link HeldProgress}) changed: the point may move, but no input
     * partition reported anything, so the end check in force still counts.
     */
    void recheck() {
        pending = true;
    }

    /** The point windows may close up to now, or {@link Long#MIN_VALUE} when nothing is pending. */
    long point(Watermarks w) {
        if (!pending) {
            return Long.MIN_VALUE;
        }
        if (!w.anyIdle()) {
            pending = false;
            return w.closingPoint();
        }
        EndCheck check = lag.endCheck();
        if (check.startedAtMs() > progressAt) {
            pending = false;
            return w.closingPoint(i -> check.atEnd(sourceTopic[i], sourcePartition[i]));
        }
        return w.closingPoint(i -> false);
    }
}
