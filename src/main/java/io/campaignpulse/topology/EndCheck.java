package io.campaignpulse.topology;

import java.util.Set;

/**
 * One check, made with an admin client, of which input partitions the application had committed
 * to their end (its committed offset at or past the partition's end offset), and the wall time
 * the check began. An idle claim lets windows close only while its partition is committed to its
 * end: once anything is written there, the claim no longer counts, even if the instance that made
 * it has died and nobody reads the partition yet.
 *
 * @param startedAtMs the wall time (this process's clock) the check began
 * @param committedToEnd {@code topic-partition} names committed to their end; null: every partition
 */
public record EndCheck(long startedAtMs, Set<String> committedToEnd) {
    /** Where nothing else writes to the inputs (TopologyTestDriver): every claim holds, at once. */
    public static final EndCheck EVERYTHING = new EndCheck(Long.MAX_VALUE, null);
    /** Before the first check: no claim holds yet. */
    public static final EndCheck NOTHING = new EndCheck(Long.MIN_VALUE, Set.of());

    public EndCheck {
        committedToEnd = committedToEnd == null ? null : Set.copyOf(committedToEnd);
    }

    /** Whether the application had committed the partition to its end at this check. */
    public boolean atEnd(String topic, int partition) {
        return committedToEnd == null || committedToEnd.contains(topic + "-" + partition);
    }
}
