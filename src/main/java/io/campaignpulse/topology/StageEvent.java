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

    int kind;
    boolean single;
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
        boolean raw = rawValue != null;
        boolean user = userId != null;
        w.entry(StageBatch.EVENT).u8(kind).u8((single ? StageBatch.FLAG_SINGLE : 0) | (raw ? StageBatch.FLAG_RAW : 0)
                | (user ? StageBatch.FLAG_USER : 0) | (variant != null ? StageBatch.FLAG_VARIANT : 0))
                .u8(lateMask).i64(time).var(spend).var(revenue).bytes16(campaignId).str(eventId).str(channel)
                .str(currency);
        if (user) {
            w.i64(Audience.userHash(userId));
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

    /** Reads the entry after its code. */
    void read(StageBatch.Reader r) {
        kind = r.u8();
        int flags = r.u8();
        single = (flags & StageBatch.FLAG_SINGLE) != 0;
        hasRaw = (flags & StageBatch.FLAG_RAW) != 0;
        lateMask = r.u8();
        time = r.i64();
        spendMicros = r.var();
        revenueMicros = r.var();
        int idFrom = r.position();
        campaignId = r.str();
        r.skipStr();
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
