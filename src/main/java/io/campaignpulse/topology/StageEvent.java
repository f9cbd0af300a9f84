package io.campaignpulse.topology;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.datasketches.hash.MurmurHash3;

/**
 * One validated, priced event inside a {@link StageBatch}, on its way from ingest to the campaign
 * stage, decoded into a reusable object. {@code raw} fields are set when the event may need
 * copying to the late topic: when it is late for some size ({@code lateMask}), or when it travels
 * alone ({@code single}) because its partition resumed from idleness.
 */
final class StageEvent {
    /** Seed base of the de-duplication digest; the topic index is added. Part of the stored format. */
    private static final long DIGEST_SEED = 0x636d7067_70756c73L;

    /** Whether {@link #read} decodes the event id into {@link #eventId} (the stages that keep events). */
    private final boolean keepIds;

    int kind;
    boolean single;
    /** A conversion no click explains (CONTRACT section 11): its campaign id is empty. */
    boolean organic;
    /** The event id, when {@code keepIds}. */
    String eventId;
    int lateMask;
    long time;
    long spendMicros;
    long revenueMicros;
    String campaignId;
    String channel;
    String currency;
    /** Whether the event carries a user, and the hash of its id ({@link Audience#userHash}). */
    boolean hasUser;
    long userHash;
    /** The event's experiment variant, or null. */
    String variant;
    /** The event id's digest (two longs). */
    long digest1;
    long digest2;
    boolean hasRaw;
    byte[] rawKey;
    byte[] rawValue;
    int rawPartition;
    long rawOffset;
    Headers rawHeaders;

    /** Appends an event entry. {@code raw} may be null. */
    static void write(StageBatch.Writer w, int kind, boolean single, int lateMask, long time, long spend,
            long revenue, byte[] campaignId, String eventId, String channel, String currency, String userId,
            String variant, byte[] rawKey, byte[] rawValue, int partition, long offset, Headers headers) {
        write(w, kind, single, false, lateMask, time, spend, revenue, campaignId, eventId, channel, currency,
                userId != null, userId == null ? 0L : Audience.userHash(userId), variant, rawKey, rawValue, partition,
                offset, headers);
    }

    /** Appends this event as an entry (after attribution or the customer stage changed it). */
    void writeTo(StageBatch.Writer w) {
        write(w, kind, single, organic, lateMask, time, spendMicros, revenueMicros,
                campaignId.getBytes(java.nio.charset.StandardCharsets.UTF_8), eventId, channel, currency, hasUser, userHash,
                variant, rawKey, rawValue, rawPartition, rawOffset, rawHeaders);
    }

    static void write(StageBatch.Writer w, int kind, boolean single, boolean organic, int lateMask, long time,
            long spend, long revenue, byte[] campaignId, String eventId, String channel, String currency, boolean user,
            long userHash, String variant, byte[] rawKey, byte[] rawValue, int partition, long offset, Headers headers) {
        boolean raw = rawValue != null;
        w.entry(StageBatch.EVENT).u8(kind).u8((single ? StageBatch.FLAG_SINGLE : 0) | (raw ? StageBatch.FLAG_RAW : 0)
                | (user ? StageBatch.FLAG_USER : 0) | (variant != null ? StageBatch.FLAG_VARIANT : 0)
                | (organic ? StageBatch.FLAG_ORGANIC : 0))
                .u8(lateMask).i64(time).var(spend).var(revenue).bytes16(campaignId).str(eventId).str(channel)
                .str(currency);
        if (user) {
            w.i64(userHash);
        }
        if (variant != null) {
            w.str(variant);
        }
        if (raw) {
            w.bytes32(rawKey).bytes32(rawValue).i32(partition).i64(offset);
            Header[] hs = headers == null ? new Header[0] : headers.toArray();
            w.i32(hs.length);
            for (Header h : hs) {
                w.str(h.key()).bytes32(h.value());
            }
        }
    }

    StageEvent() {
        this(false);
    }

    StageEvent(boolean keepIds) {
        this.keepIds = keepIds;
    }

    /** A copy that outlives the batch it was read from. */
    StageEvent copy() {
        StageEvent c = new StageEvent(true);
        c.kind = kind;
        c.single = single;
        c.organic = organic;
        c.eventId = eventId;
        c.lateMask = lateMask;
        c.time = time;
        c.spendMicros = spendMicros;
        c.revenueMicros = revenueMicros;
        c.campaignId = campaignId;
        c.channel = channel;
        c.currency = currency;
        c.hasUser = hasUser;
        c.userHash = userHash;
        c.variant = variant;
        c.digest1 = digest1;
        c.digest2 = digest2;
        c.hasRaw = hasRaw;
        c.rawKey = rawKey;
        c.rawValue = rawValue;
        c.rawPartition = rawPartition;
        c.rawOffset = rawOffset;
        c.rawHeaders = rawHeaders;
        return c;
    }

    /** Reads the entry after its code. */
    void read(StageBatch.Reader r) {
        kind = r.u8();
        int flags = r.u8();
        single = (flags & StageBatch.FLAG_SINGLE) != 0;
        organic = (flags & StageBatch.FLAG_ORGANIC) != 0;
        hasRaw = (flags & StageBatch.FLAG_RAW) != 0;
        lateMask = r.u8();
        time = r.i64();
        spendMicros = r.var();
        revenueMicros = r.var();
        int idFrom = r.position();
        campaignId = r.str();
        if (keepIds) {
            eventId = r.str();
        } else {
            r.skipStr();
        }
        int idTo = r.position();
        long[] h = MurmurHash3.hash(r.buffer(), idFrom, idTo - idFrom, DIGEST_SEED + kind);
        digest1 = h[0];
        digest2 = h[1];
        channel = r.str();
        currency = r.str();
        hasUser = (flags & StageBatch.FLAG_USER) != 0;
        userHash = hasUser ? r.i64() : 0L;
        variant = (flags & StageBatch.FLAG_VARIANT) != 0 ? r.str() : null;
        if (hasRaw) {
            rawKey = r.bytes32();
            rawValue = r.bytes32();
            rawPartition = r.i32();
            rawOffset = r.i64();
            int n = r.i32();
            RecordHeaders hs = new RecordHeaders();
            for (int i = 0; i < n; i++) {
                hs.add(r.str(), r.bytes32());
            }
            rawHeaders = hs;
        } else {
            rawKey = null;
            rawValue = null;
            rawHeaders = null;
        }
    }

    /** The digest of an event id as {@link #read} computes it, for tests. */
    static long[] digest(int kind, String campaignId, String eventId) {
        StageBatch.Writer w = new StageBatch.Writer(64);
        w.str(campaignId).str(eventId);
        byte[] b = w.toByteArray();
        return MurmurHash3.hash(b, 1, b.length - 1, DIGEST_SEED + kind);
    }
}
