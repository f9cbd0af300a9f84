package io.campaignpulse.topology;

import io.campaignpulse.serde.BinReader;
import io.campaignpulse.serde.BinWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One customer task's memory (CONTRACT section 12): per user (by the user id hash that travels
 * between stages), the sales recent enough that a sale read later can still change what they
 * count for, each marked first or not, and where the user's older sales were acquired.
 *
 * <p>A sale is a first sale when the sale before it (by event time, ties by event id) is at least
 * {@code customers.lookback} earlier, or there is none. So a sale read later changes at most its
 * own standing and that of the sale right after it, which stops being first when the new sale is
 * less than the lookback before it; first sales only ever stop being first. Each sale's revenue,
 * when in the acquisition's currency, is credited to the acquisition of the latest first sale at
 * or before it.
 *
 * <p>Changelog keys: {@code 'U'} + user hash (8) to format byte 1, the latest forgotten sale's time
 * and event id, the nullable acquisition of the forgotten sales (campaign, channel, currency), then
 * the sales: time, event id, campaign, channel, currency, late mask, revenue, first;
 * {@code 'W'}/{@code 'C'}: {@link Watermarks}.
 */
final class CustomerState implements FlushedStore.Content {
    private static final byte USER = 'U';
    private static final int FORMAT = 1;

    /** Where a customer was acquired: campaign (empty: organic), channel, currency. */
    record Place(String campaignId, String channel, String currency) {
    }

    static final class Sale {
        final long time;
        final String eventId;
        final Place place;
        final int lateMask;
        final long revenueMicros;
        boolean first;

        Sale(long time, String eventId, Place place, int lateMask, long revenueMicros, boolean first) {
            this.time = time;
            this.eventId = eventId;
            this.place = place;
            this.lateMask = lateMask;
            this.revenueMicros = revenueMicros;
            this.first = first;
        }

        boolean before(Sale o) {
            return time != o.time ? time < o.time : eventId.compareTo(o.eventId) < 0;
        }
    }

    static final class User {
        long forgottenTime = Long.MIN_VALUE;
        /** Stored for a later release's tie-breaks; empty in this one. */
        String forgottenId = "";
        /** The acquisition of the retained sales before the first retained first sale. */
        Place forgottenPlace;
        final List<Sale> sales = new ArrayList<>();

        /** Revenue credited per acquisition place, over the retained sales. */
        Map<Place, Long> credits() {
            Map<Place, Long> out = new LinkedHashMap<>();
            Place acquired = forgottenPlace;
            for (Sale s : sales) {
                if (s.first) {
                    acquired = s.place;
                }
                if (acquired != null && acquired.currency().equals(s.place.currency())) {
                    out.merge(acquired, s.revenueMicros, Long::sum);
                }
            }
            return out;
        }
    }

    final Watermarks watermarks;
    private final Map<Long, User> users = new HashMap<>();
    /** One instance per place, shared by every sale and user acquired there. */
    private final Map<Place, Place> places = new HashMap<>();
    private final Set<Long> dirty = new HashSet<>();

    CustomerState(int sources) {
        watermarks = new Watermarks(sources);
    }

    User user(long userHash) {
        dirty.add(userHash);
        return users.computeIfAbsent(userHash, k -> new User());
    }

    int users() {
        return users.size();
    }

    /**
     * Forgets the sales of a user older than {@code horizon}, remembering the latest one and the
     * acquisition it was credited to; true when nothing about the user matters any more (every
     * sale from the horizon on would be a first sale).
     */
    static boolean forget(User u, long horizon, long lookbackMs) {
        Iterator<Sale> it = u.sales.iterator();
        while (it.hasNext()) {
            Sale s = it.next();
            if (s.time >= horizon) {
                break;
            }
            if (s.first) {
                u.forgottenPlace = s.place;
            }
            u.forgottenTime = s.time; // its id is not needed: every sale still to come is later
            it.remove();
        }
        if (u.sales.isEmpty() && u.sales instanceof ArrayList<Sale> list) {
            list.trimToSize();
        }
        return u.sales.isEmpty() && u.forgottenTime < horizon - lookbackMs;
    }

    /** Sweeps every user: {@link #forget}, dropping those that no longer matter. */
    void forgetAll(long horizon, long lookbackMs) {
        for (Iterator<Map.Entry<Long, User>> it = users.entrySet().iterator(); it.hasNext();) {
            Map.Entry<Long, User> e = it.next();
            User u = e.getValue();
            int before = u.sales.size();
            if (forget(u, horizon, lookbackMs)) {
                it.remove();
                dirty.add(e.getKey());
            } else if (u.sales.size() != before) {
                dirty.add(e.getKey());
            }
        }
    }

    static byte[] encode(User u) {
        BinWriter w = new BinWriter(64 + 48 * u.sales.size()).writeByte(FORMAT).writeLong(u.forgottenTime)
                .writeString(u.forgottenId);
        if (u.forgottenPlace == null) {
            w.writeByte(0);
        } else {
            w.writeByte(1);
            writePlace(w, u.forgottenPlace);
        }
        w.writeInt(u.sales.size());
        for (Sale s : u.sales) {
            w.writeLong(s.time).writeString(s.eventId);
            writePlace(w, s.place);
            w.writeByte(s.lateMask).writeLong(s.revenueMicros).writeByte(s.first ? 1 : 0);
        }
        return w.toByteArray();
    }

    private static void writePlace(BinWriter w, Place p) {
        w.writeString(p.campaignId()).writeString(p.channel()).writeString(p.currency());
    }

    private static Place readPlace(BinReader r) {
        return new Place(r.readString(), r.readString(), r.readString());
    }

    static User decode(byte[] bytes) {
        BinReader r = new BinReader(bytes);
        int format = r.readByte();
        if (format != FORMAT) {
            throw new IllegalStateException("customer state of format " + format + ", this release reads " + FORMAT);
        }
        User u = new User();
        u.forgottenTime = r.readLong();
        u.forgottenId = r.readString();
        u.forgottenPlace = r.readByte() == 1 ? readPlace(r) : null;
        int n = r.readInt();
        for (int i = 0; i < n; i++) {
            long time = r.readLong();
            String id = r.readString();
            Place p = readPlace(r);
            u.sales.add(new Sale(time, id, p, r.readByte(), r.readLong(), r.readByte() == 1));
        }
        return u;
    }

    private static byte[] key(long userHash) {
        byte[] k = new byte[9];
        k[0] = USER;
        BigEndian.putLong(k, 1, userHash);
        return k;
    }

    @Override
    public void restore(byte[] key, byte[] value) {
        if (key[0] == USER) {
            long hash = BigEndian.getLong(key, 1);
            if (value == null) {
                users.remove(hash);
            } else {
                User u = decode(value);
                if (u.forgottenPlace != null) {
                    u.forgottenPlace = place(u.forgottenPlace.campaignId(), u.forgottenPlace.channel(),
                            u.forgottenPlace.currency());
                }
                users.put(hash, u);
            }
        } else {
            watermarks.restore(key, value);
        }
    }

    @Override
    public void flushTo(FlushedStore.Changelog log) {
        for (Long hash : dirty) {
            User u = users.get(hash);
            if (u == null) {
                log.delete(key(hash));
            } else {
                log.put(key(hash), encode(u));
            }
        }
        dirty.clear();
        watermarks.flushTo(log);
    }

    /** The shared instance of a place. */
    Place place(String campaignId, String channel, String currency) {
        Place p = new Place(campaignId, channel, currency);
        Place shared = places.putIfAbsent(p, p);
        return shared != null ? shared : p;
    }
}
