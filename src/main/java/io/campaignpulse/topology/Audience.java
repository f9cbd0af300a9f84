package io.campaignpulse.topology;

import io.campaignpulse.kpi.AudienceCounts;
import io.campaignpulse.kpi.EventKind;
import java.nio.charset.StandardCharsets;
import org.apache.datasketches.hash.MurmurHash3;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;

/**
 * The audience of one aggregate (CONTRACT section 12): how many of its impressions carry a
 * {@code userId}, and its distinct users among impressions (reach), clicks and leads (act) and
 * sales (convert), each a mergeable HyperLogLog sketch (Apache DataSketches) of precision
 * {@code reach.lg.k}.
 *
 * <p>Every count is the sketch's composite estimate, a function of the set of users alone (not of
 * the order they came in), so a union of smaller sketches, a restore from the changelog, and a
 * sketch built directly give the same figure for the same users. While a sketch holds few users
 * (coupon mode) the estimate is exact.
 *
 * <p>Each sketch also keeps the users added since the last commit ({@link #sketches} with
 * {@code full=false}, forgotten by {@link #committed}): the changelog carries these deltas, and a
 * restore unions them into the last snapshot, which is exact because a union is idempotent.
 */
final class Audience {
    static final int REACH = 0;
    static final int ACT = 1;
    static final int CONVERT = 2;
    /** Users with a sale that is not their first sale (CONTRACT section 12: repeat customers). */
    static final int REPEAT = 3;
    static final int SETS = 4;
    /** The sets of stored formats before repeat customers. */
    static final int SETS_WITHOUT_REPEAT = 3;
    /** Seed of the user id hash ingest sends downstream. Part of the stored format. */
    private static final long USER_SEED = 0x75736572_68617368L;
    private static final byte[][] NO_BYTES = new byte[SETS][];

    private final int lgK;
    private final boolean trackAdded;
    /** Impressions that carry a user id. */
    long userImpressions;
    private final Union[] users = new Union[SETS];
    /** Users added since the last commit, per set; null when none. */
    private Union[] added;

    /** An audience whose additions since the last commit are kept for the changelog. */
    Audience(int lgK) {
        this(lgK, true);
    }

    /** @param trackAdded whether to keep the users added since the last commit (for a changelog) */
    Audience(int lgK, boolean trackAdded) {
        this.lgK = lgK;
        this.trackAdded = trackAdded;
    }

    /** The 64-bit hash of a user id that travels from ingest; the sketches hash it again. */
    static long userHash(String userId) {
        byte[] b = userId.getBytes(StandardCharsets.UTF_8);
        return MurmurHash3.hash(b, 0, b.length, USER_SEED)[0];
    }

    /** The set an event kind's user goes to: impressions reach, clicks and leads act, sales convert. */
    static int setOf(EventKind kind) {
        return switch (kind) {
            case IMPRESSION -> REACH;
            case CLICK, LEAD -> ACT;
            case SALE -> CONVERT;
        };
    }

    /** Adds the user of one accepted event. */
    void add(EventKind kind, long userHash) {
        int set = setOf(kind);
        if (set == REACH) {
            userImpressions++;
        }
        union(users, set).update(userHash);
        Union delta = added(set);
        if (delta != null) {
            delta.update(userHash);
        }
    }

    /** Adds a repeat customer. */
    void addRepeat(long userHash) {
        union(users, REPEAT).update(userHash);
        Union delta = added(REPEAT);
        if (delta != null) {
            delta.update(userHash);
        }
    }

    /**
     * Merges another audience's users and impressions counted with a user (a channel increment),
     * remembering them as added since the last commit.
     */
    void mergeIncrement(long impressions, HllSketch[] sketches) {
        userImpressions += impressions;
        for (int i = 0; i < SETS; i++) {
            HllSketch s = sketches[i];
            if (s != null) {
                union(users, i).update(s);
                Union delta = added(i);
                if (delta != null) {
                    delta.update(s);
                }
            }
        }
    }

    /** Reads the nullable compact sketches, as {@link #sketches} and the stage batches hold them. */
    static HllSketch[] heapify(byte[][] sketches) {
        HllSketch[] out = new HllSketch[SETS];
        for (int i = 0; i < sketches.length; i++) {
            out[i] = sketches[i] == null ? null : HllSketch.heapify(sketches[i]);
        }
        return out;
    }

    /** Unions stored sketches (a changelog delta or snapshot) into this audience's users. */
    void mergeStored(byte[][] sketches) {
        for (int i = 0; i < sketches.length; i++) {
            if (sketches[i] != null) {
                union(users, i).update(HllSketch.heapify(sketches[i]));
            }
        }
    }

    /** The set's users added since the last commit, created when needed; null when not tracked. */
    private Union added(int set) {
        if (!trackAdded) {
            return null;
        }
        if (added == null) {
            added = new Union[SETS];
        }
        return union(added, set);
    }

    private Union union(Union[] sets, int set) {
        Union u = sets[set];
        if (u == null) {
            u = new Union(lgK);
            sets[set] = u;
        }
        return u;
    }

    long count(int set) {
        Union u = users[set];
        return u == null ? 0 : Math.round(u.getCompositeEstimate());
    }

    AudienceCounts counts() {
        return new AudienceCounts(userImpressions, count(REACH), count(ACT), count(CONVERT), count(REPEAT));
    }

    /** The compact sketches of every user ({@code full}) or of those added since the last commit. */
    byte[][] sketches(boolean full) {
        Union[] from = full ? users : added;
        if (from == null) {
            return NO_BYTES;
        }
        byte[][] out = new byte[SETS][];
        for (int i = 0; i < SETS; i++) {
            if (from[i] != null && !from[i].isEmpty()) {
                out[i] = from[i].getResult(TgtHllType.HLL_4).toCompactByteArray();
            }
        }
        return out;
    }

    /** Forgets the users added since the last commit (they were written). */
    void committed() {
        added = null;
    }

}
