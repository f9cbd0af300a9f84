package io.campaignpulse.topology;

import io.campaignpulse.kpi.AudienceCounts;
import io.campaignpulse.kpi.EventKind;
import io.campaignpulse.kpi.Totals;
import io.campaignpulse.serde.BinReader;
import io.campaignpulse.serde.BinWriter;

/**
 * A window or lifetime aggregate: sums plus the descriptive fields of the KPI record. For campaign
 * aggregates {@code entryChannel}/{@code pricingModel} come from the catalogue entry in force when
 * the record is written and {@code lastEventChannel} from the most recently processed event;
 * channel aggregates use only the sums.
 *
 * <p>Stored form: format byte {@value #FORMAT}, the six sums, four nullable strings, then the
 * audience: a byte 0 (none) or 1, followed by the impressions with a user (8 bytes) and three
 * nullable length-prefixed compact HLL sketches (reach, act, convert). In a changelog batch the
 * sketches hold the users added since the previous commit; in a snapshot, every user. Then (from
 * format 3) the late-revision fields: closed (a byte), the last final revision written (-1: none)
 * and the late events included (8 bytes each). From format 4 the audience holds a fourth sketch
 * (repeat customers) and the record ends with new customers and customer revenue (8 bytes each).
 * Formats 1 (no audience), 2 (no revision fields) and 3 (no customers) of earlier releases read as
 * open windows with no late events and no customers.
 */
public final class Aggregate {
    static final int FORMAT = 4;
    private static final int FORMAT_WITHOUT_AUDIENCE = 1;
    private static final int FORMAT_WITHOUT_REVISIONS = 2;
    private static final int FORMAT_WITHOUT_CUSTOMERS = 3;

    public final Totals totals;
    public String currency;
    public String pricingModel;
    public String entryChannel;
    public String lastEventChannel;
    /** Users and impressions with a user; null until the first event with a {@code userId}. */
    Audience audience;
    /** The window has closed (its first final was written) and is kept for late revisions. */
    boolean closed;
    /** The last final revision written; -1 before the first final. */
    long revision = -1;
    /** Late events included (CONTRACT section 15). */
    long lateEvents;
    /** A late event reached this closed window since its last final: a revision is due (not stored). */
    boolean finalDue;
    /** Where it lives in its {@link WindowTable} (not stored). */
    WindowKey key;
    /** Changed since the last commit; removed from the table (not stored). */
    boolean changed;
    boolean removed;

    public Aggregate() {
        this(new Totals(), null, null, null, null);
    }

    public Aggregate(Totals totals, String currency, String pricingModel, String entryChannel,
            String lastEventChannel) {
        this.totals = totals;
        this.currency = currency;
        this.pricingModel = pricingModel;
        this.entryChannel = entryChannel;
        this.lastEventChannel = lastEventChannel;
    }

    /** Adds one accepted event. */
    void addEvent(EventKind kind, long spend, long revenue, String eventCurrency, String eventChannel) {
        totals.addEvent(kind, spend, revenue);
        currency = eventCurrency;
        lastEventChannel = eventChannel;
    }

    /** Adds the user of an accepted event (after {@link #addEvent}). */
    void addUser(EventKind kind, long userHash, int lgK) {
        audience(lgK).add(kind, userHash);
    }

    /** Counts {@code events} late events just added; a closed window then owes a revision. */
    void lateAdded(long events) {
        lateEvents += events;
        if (closed) {
            finalDue = true;
        }
    }

    /** For a closed window with late events since its last final: steps the revision, true. Else false. */
    boolean nextRevision() {
        if (!finalDue) {
            return false;
        }
        finalDue = false;
        revision++;
        return true;
    }

    /** The audience, created when first needed. */
    Audience audience(int lgK) {
        if (audience == null) {
            audience = new Audience(lgK);
        }
        return audience;
    }

    /** The audience figures for a KPI record. */
    public AudienceCounts audienceCounts() {
        return audience == null ? AudienceCounts.NONE : audience.counts();
    }

    /** The campaign record's channel: the entry's, else the last event's, else {@code unknown}. */
    public String campaignChannel() {
        if (entryChannel != null) {
            return entryChannel;
        }
        return lastEventChannel != null ? lastEventChannel : "unknown";
    }

    /** The stored form; {@code full}: every user, else the users added since the last commit. */
    byte[] encode(boolean full) {
        BinWriter w = new BinWriter(96).writeByte(FORMAT);
        Codec.writeTotals(w, totals);
        w.writeString(currency).writeString(pricingModel).writeString(entryChannel).writeString(lastEventChannel);
        if (audience == null) {
            w.writeByte(0);
        } else {
            w.writeByte(1).writeLong(audience.userImpressions);
            for (byte[] sketch : audience.sketches(full)) {
                w.writeBytes(sketch);
            }
        }
        return w.writeByte(closed ? 1 : 0).writeLong(revision).writeLong(lateEvents).writeLong(totals.newCustomers)
                .writeLong(totals.customerRevenueMicros).toByteArray();
    }

    /** Decodes a stored aggregate (a snapshot entry, or a delta applied to nothing). */
    static Aggregate decode(byte[] bytes, int lgK) {
        Aggregate a = new Aggregate();
        a.restoreFrom(bytes, lgK);
        return a;
    }

    /**
     * Applies a stored aggregate to this one: the sums and descriptive fields replace, the stored
     * users are unioned into this aggregate's.
     */
    void restoreFrom(byte[] bytes, int lgK) {
        BinReader r = new BinReader(bytes);
        int format = r.readByte();
        if (format < FORMAT_WITHOUT_AUDIENCE || format > FORMAT) {
            throw new IllegalStateException("aggregate of format " + format + ", this release reads "
                    + FORMAT_WITHOUT_AUDIENCE + " to " + FORMAT);
        }
        Totals t = Codec.readTotals(r);
        totals.impressions = t.impressions;
        totals.clicks = t.clicks;
        totals.leads = t.leads;
        totals.sales = t.sales;
        totals.spendMicros = t.spendMicros;
        totals.revenueMicros = t.revenueMicros;
        currency = r.readString();
        pricingModel = r.readString();
        entryChannel = r.readString();
        lastEventChannel = r.readString();
        if (format >= FORMAT_WITHOUT_REVISIONS && r.readByte() == 1) {
            Audience au = audience(lgK);
            au.userImpressions = r.readLong();
            byte[][] sketches = new byte[format > FORMAT_WITHOUT_CUSTOMERS ? Audience.SETS
                    : Audience.SETS_WITHOUT_REPEAT][];
            for (int i = 0; i < sketches.length; i++) {
                sketches[i] = r.readBytes();
            }
            au.mergeStored(sketches);
        }
        if (format > FORMAT_WITHOUT_REVISIONS) {
            closed = r.readByte() == 1;
            revision = r.readLong();
            lateEvents = r.readLong();
        }
        if (format > FORMAT_WITHOUT_CUSTOMERS) {
            totals.newCustomers = r.readLong();
            totals.customerRevenueMicros = r.readLong();
        } else {
            totals.newCustomers = 0;
            totals.customerRevenueMicros = 0;
        }
    }
}
