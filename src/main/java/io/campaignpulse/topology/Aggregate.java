package io.campaignpulse.topology;

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
 * <p>Stored form: format byte {@value #FORMAT}, the six sums, then four nullable strings.
 */
public final class Aggregate {
    static final int FORMAT = 1;

    public final Totals totals;
    public String currency;
    public String pricingModel;
    public String entryChannel;
    public String lastEventChannel;
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

    /** The campaign record's channel: the entry's, else the last event's, else {@code unknown}. */
    public String campaignChannel() {
        if (entryChannel != null) {
            return entryChannel;
        }
        return lastEventChannel != null ? lastEventChannel : "unknown";
    }

    public byte[] encode() {
        BinWriter w = new BinWriter(96).writeByte(FORMAT);
        Codec.writeTotals(w, totals);
        return w.writeString(currency).writeString(pricingModel).writeString(entryChannel)
                .writeString(lastEventChannel).toByteArray();
    }

    public static Aggregate decode(byte[] bytes) {
        BinReader r = new BinReader(bytes);
        int format = r.readByte();
        if (format != FORMAT) {
            throw new IllegalStateException("aggregate of format " + format + ", this release reads " + FORMAT);
        }
        Totals t = Codec.readTotals(r);
        return new Aggregate(t, r.readString(), r.readString(), r.readString(), r.readString());
    }
}
