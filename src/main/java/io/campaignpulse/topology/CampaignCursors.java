package io.campaignpulse.topology;

import java.util.HashMap;
import java.util.Map;

/**
 * Per campaign of a campaign task, its lifetime total and the window of each size its latest
 * event went to, so the per-event work finds them without building a key; and the customer changes
 * of the customer stage applied to them. Not persisted: rebuilt from the {@link WindowTable} as
 * events arrive.
 */
final class CampaignCursors {
    /** A campaign's lifetime total and the window of each size its latest event went to. */
    static final class Cursor {
        final Aggregate total;
        final Aggregate[] windows;

        Cursor(Aggregate total, int sizes) {
            this.total = total;
            this.windows = new Aggregate[sizes];
        }
    }

    private final WindowTable windows;
    private final WindowPlan plan;
    private final int lgK;
    private final Map<String, Cursor> cursors = new HashMap<>();

    CampaignCursors(WindowTable windows, WindowPlan plan, int lgK) {
        this.windows = windows;
        this.plan = plan;
        this.lgK = lgK;
    }

    /** The campaign's cursor, its lifetime total created when new. */
    Cursor cursor(String campaignId) {
        Cursor c = cursors.get(campaignId);
        if (c == null) {
            c = new Cursor(windows.update(WindowKey.total(campaignId)), plan.count());
            cursors.put(campaignId, c);
        }
        return c;
    }

    /** The open window of size {@code size} starting at {@code start}, created when new, marked changed. */
    Aggregate window(Cursor c, int size, long start, String campaignId) {
        Aggregate a = c.windows[size];
        if (a == null || a.removed || a.key.start() != start) {
            a = windows.update(new WindowKey(size, start, campaignId));
            c.windows[size] = a;
        } else {
            windows.touch(a);
        }
        return a;
    }

    /** A window closed: the cursor lets it go. */
    void closed(WindowKey k, Aggregate a) {
        Cursor c = cursors.get(k.id());
        if (c != null && c.windows[k.sizeIndex()] == a) {
            c.windows[k.sizeIndex()] = null;
        }
    }

    /**
     * A customer change (CONTRACT section 12) of a campaign: new customers ({@code newDelta}) and a
     * repeat customer in each window of {@code time} outside {@code mask}, when {@code inWindows};
     * the lifetime total also takes the customer revenue change.
     */
    void addCustomers(String campaignId, long time, int mask, boolean inWindows, long newDelta, long revenueDelta,
            boolean repeat, long userHash) {
        Cursor c = cursor(campaignId);
        windows.touch(c.total);
        c.total.totals.addCustomers(newDelta, revenueDelta);
        if (repeat) {
            c.total.audience(lgK).addRepeat(userHash);
        }
        for (int i = 0; inWindows && i < plan.count(); i++) {
            if ((mask & (1 << i)) == 0) {
                Aggregate a = window(c, i, plan.start(i, time), campaignId);
                a.totals.addCustomers(newDelta, 0);
                if (repeat) {
                    a.audience(lgK).addRepeat(userHash);
                }
            }
        }
    }
}
