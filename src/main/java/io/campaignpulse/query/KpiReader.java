package io.campaignpulse.query;

import java.util.List;

/**
 * Read access to the records a stage has published, each the exact JSON bytes of its latest
 * record on its topic: for a window its {@code .final} record once it closed, else its latest
 * running record. Implemented by one task's {@link ViewStore} and by the union of this
 * instance's tasks that {@link ViewStore#TYPE} hands out through interactive queries.
 */
public interface KpiReader {
    /** The lifetime record of {@code id} (a campaign id, or {@code channel/currency}), or null. */
    byte[] total(String id);

    /** Every lifetime record. */
    List<byte[]> totals();

    /** The window records of {@code id} of one size with start in [from, to), oldest first. */
    List<byte[]> windows(String size, String id, long from, long to);

    /** The records of every key of the window of {@code size} that starts at {@code start}. */
    List<byte[]> windowAt(String size, long start);

    /** The experiment record of a campaign, or null. */
    byte[] experiment(String campaignId);

    /** Every experiment record. */
    List<byte[]> experiments();

    /** Every alert still remembered (the current and previous UTC day), oldest day first. */
    List<byte[]> alerts();
}
