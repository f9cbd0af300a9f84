package io.campaignpulse.topology;

import io.campaignpulse.kpi.Totals;
import io.campaignpulse.serde.BinReader;
import io.campaignpulse.serde.BinWriter;

/**
 * A stored aggregate: sums plus the descriptive fields of the KPI record. For campaign
 * aggregates {@code entryChannel}/{@code pricingModel} come from the catalogue entry in force and
 * {@code lastEventChannel} from the most recently processed event; channel aggregates use only
 * the sums.
 */
public final class Aggregate {
    public final Totals totals;
    public String currency;
    public String pricingModel;
    public String entryChannel;
    public String lastEventChannel;

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

    /** Adds a delta's sums and takes its descriptive fields as the newest. */
    public void add(Out.Delta d) {
        totals.add(d.totals());
        currency = d.currency();
        pricingModel = d.pricingModel();
        entryChannel = d.entryChannel();
        lastEventChannel = d.eventChannel();
    }

    /** The campaign record's channel: the entry's, else the last event's, else {@code unknown}. */
    public String campaignChannel() {
        if (entryChannel != null) {
            return entryChannel;
        }
        return lastEventChannel != null ? lastEventChannel : "unknown";
    }

    public byte[] encode() {
        BinWriter w = new BinWriter(96);
        Codec.writeTotals(w, totals);
        return w.writeString(currency).writeString(pricingModel).writeString(entryChannel)
                .writeString(lastEventChannel).toByteArray();
    }

    public static Aggregate decode(byte[] bytes) {
        BinReader r = new BinReader(bytes);
        Totals t = Codec.readTotals(r);
        return new Aggregate(t, r.readString(), r.readString(), r.readString(), r.readString());
    }
}
