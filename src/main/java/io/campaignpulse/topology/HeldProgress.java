package io.campaignpulse.topology;

/**
 * The event-time progress a derived stage (attribution, customers) vouches for to the stages after
 * it: nothing it will still forward belongs to a window that ends (plus grace) at or before it.
 * The attribution stage holds it back to its oldest waiting conversion, so a conversion that waits
 * for its click holds its windows open (CONTRACT section 11); the customer stage passes on what its
 * inputs vouch for. A stage after a derived one keeps these points as extra sources of its
 * {@link Watermarks}, after the input partitions: {@link #sourceIndex}.
 */
final class HeldProgress {
    static final int ATTRIBUTION = 0;
    static final int CUSTOMERS = 1;

    private final int kind;
    private final int task;
    private long sent;
    private long sentAt;
    private boolean sentOnce;

    HeldProgress(int kind, int task) {
        this.kind = kind;
        this.task = task;
    }

    /** Where a derived task's progress sits among the sources of a later stage's watermarks. */
    static int sourceIndex(InputLayout layout, int tasks, int kind, int task) {
        return layout.sourceCount() + kind * tasks + task;
    }

    /**
     * Applies a {@link StageBatch#WATERMARK} or {@link StageBatch#HELD} entry (read after its code)
     * to {@code w}; true when it changed anything.
     */
    static boolean apply(int code, StageBatch.Reader r, Watermarks w, InputLayout layout, int tasks) {
        if (code == StageBatch.WATERMARK) {
            int source = r.i32();
            long max = r.i64();
            return w.update(source, max, r.u8() == 1);
        }
        int kind = r.u8();
        int task = r.i32();
        return w.update(sourceIndex(layout, tasks, kind, task), r.i64(), false);
    }

    /**
     * Appends this task's progress to every partition of each outbox when it changed (or never
     * went), at most every {@code intervalMs} ({@code progress.interval}): a point told later only
     * holds windows a little longer.
     */
    void send(long point, long now, long intervalMs, StageOutbox... outboxes) {
        if (sentOnce && (point == sent || now - sentAt < intervalMs)) {
            return;
        }
        sentOnce = true;
        sent = point;
        sentAt = now;
        for (StageOutbox out : outboxes) {
            out.toEvery(w -> w.entry(StageBatch.HELD).u8(kind).i32(task).i64(point));
        }
    }
}
