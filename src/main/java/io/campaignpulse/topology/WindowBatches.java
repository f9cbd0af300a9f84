package io.campaignpulse.topology;

import java.util.ArrayList;
import java.util.List;

/**
 * The batch records of a {@link WindowTable}'s changelog: their sequence numbers, those written
 * since the last snapshot (the next snapshot tombstones them), and when a snapshot is due: once
 * they outweigh twice the state and {@code minSnapshotBytes}.
 */
final class WindowBatches {
    private static final int BATCH_BYTES = 1 << 20;

    private final List<Long> sinceSnapshot = new ArrayList<>();
    private final long minSnapshotBytes;
    private long nextSeq;
    private long bytesSinceSnapshot;
    private long encodedBytes;

    WindowBatches(long minSnapshotBytes) {
        this.minSnapshotBytes = minSnapshotBytes;
    }

    /** Packs entries into batch records of at most about {@value #BATCH_BYTES} bytes. */
    final class Writer {
        private final FlushedStore.Changelog log;
        private final StageBatch.Writer w = new StageBatch.Writer(4096);
        private long stateBytes;

        private Writer(FlushedStore.Changelog log) {
            this.log = log;
            w.reset();
        }

        void add(byte[] key, byte[] value) {
            w.bytes32(key).bytes32(value);
            if (value != null) {
                stateBytes += key.length + value.length;
            }
            if (w.size() >= BATCH_BYTES) {
                write();
            }
        }

        void finish() {
            if (w.size() > 1) {
                write();
            }
            if (stateBytes > 0) {
                encodedBytes = Math.max(encodedBytes, stateBytes);
            }
        }

        private void write() {
            byte[] value = w.toByteArray(); // starts with the stage batch format's version byte
            long seq = nextSeq++;
            log.put(key(seq), value);
            sinceSnapshot.add(seq);
            bytesSinceSnapshot += value.length;
            w.reset();
        }
    }

    Writer writer(FlushedStore.Changelog log) {
        return new Writer(log);
    }

    boolean snapshotDue() {
        return bytesSinceSnapshot > Math.max(minSnapshotBytes, 2 * encodedBytes);
    }

    /** Writes the reset marker and returns the batches it supersedes (tombstoned after the snapshot). */
    List<Long> startSnapshot(FlushedStore.Changelog log) {
        List<Long> old = new ArrayList<>(sinceSnapshot);
        sinceSnapshot.clear();
        bytesSinceSnapshot = 0;
        byte[] v = new byte[8];
        BigEndian.putLong(v, 0, nextSeq);
        log.put(new byte[] {WindowTable.RESET}, v);
        return old;
    }

    static byte[] key(long seq) {
        byte[] k = new byte[9];
        k[0] = WindowTable.BATCH;
        BigEndian.putLong(k, 1, seq);
        return k;
    }

    /** A reset marker read back: the batches before it are superseded. */
    void restoredReset() {
        sinceSnapshot.clear();
        bytesSinceSnapshot = 0;
    }

    /** A batch record read back; true when it holds entries to apply (not a tombstone). */
    boolean restoredBatch(byte[] key, byte[] value) {
        long seq = BigEndian.getLong(key, 1);
        nextSeq = Math.max(nextSeq, seq + 1);
        if (value == null) {
            sinceSnapshot.remove(seq);
            return false;
        }
        sinceSnapshot.add(seq);
        bytesSinceSnapshot += value.length;
        return true;
    }

    /** After a restored batch: a lower bound of the state's encoded size. */
    void restoredState(int liveAggregates) {
        encodedBytes = Math.max(encodedBytes, liveAggregates * 64L);
    }
}
