package io.campaignpulse.topology;

/**
 * The in-memory state of one channel task: every campaign task's closing point, and the open
 * windows and lifetime totals of its channels (ids {@code channel/currency}).
 */
final class ChannelState implements FlushedStore.Content {
    final Watermarks closing;
    final WindowTable windows;

    ChannelState(int campaignTasks, int sizes, int lgK, long retainMs) {
        closing = new Watermarks(campaignTasks);
        windows = new WindowTable(sizes, lgK, retainMs);
    }

    @Override
    public void restore(byte[] key, byte[] value) {
        switch (key[0]) {
            case Watermarks.SOURCE, Watermarks.CLOSED -> closing.restore(key, value);
            case WindowTable.BATCH, WindowTable.RESET -> windows.restore(key, value);
            default -> throw new IllegalStateException("unknown channel state key type " + key[0]);
        }
    }

    @Override
    public void flushTo(FlushedStore.Changelog log) {
        closing.flushTo(log);
        windows.flushTo(log);
    }
}
