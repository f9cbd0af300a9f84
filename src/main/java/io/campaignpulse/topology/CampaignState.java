package io.campaignpulse.topology;

/**
 * The in-memory state of one campaign task: the ingest partitions' progress, the open windows and
 * lifetime totals of its campaigns, the accepted event ids and the experiments' arms. One
 * changelog, keys told apart by their first byte ({@link Watermarks}, {@link WindowTable},
 * {@link SeenIds}, {@link Experiments}).
 */
final class CampaignState implements FlushedStore.Content {
    final Watermarks watermarks;
    final WindowTable windows;
    final SeenIds ids;
    final Experiments experiments = new Experiments();

    CampaignState(int sources, int sizes, long dedupWindowMs, int lgK) {
        this(sources, sizes, dedupWindowMs, lgK, -1L);
    }

    /** @param retainMs how long closed windows stay for late revisions, or -1 */
    CampaignState(int sources, int sizes, long dedupWindowMs, int lgK, long retainMs) {
        watermarks = new Watermarks(sources);
        windows = new WindowTable(sizes, lgK, retainMs);
        ids = new SeenIds(dedupWindowMs);
    }

    @Override
    public void restore(byte[] key, byte[] value) {
        switch (key[0]) {
            case Watermarks.SOURCE, Watermarks.CLOSED -> watermarks.restore(key, value);
            case WindowTable.BATCH, WindowTable.RESET -> windows.restore(key, value);
            case SeenIds.BATCH, SeenIds.HORIZON -> ids.restore(key, value);
            case Experiments.KEY -> experiments.restore(key, value);
            default -> throw new IllegalStateException("unknown campaign state key type " + key[0]);
        }
    }

    @Override
    public void flushTo(FlushedStore.Changelog log) {
        watermarks.flushTo(log);
        windows.flushTo(log);
        ids.flushTo(log);
        experiments.flushTo(log);
    }
}
