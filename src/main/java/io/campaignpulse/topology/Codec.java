package io.campaignpulse.topology;

import io.campaignpulse.kpi.Totals;
import io.campaignpulse.serde.BinReader;
import io.campaignpulse.serde.BinWriter;

/** Shared binary pieces of the internal formats. */
final class Codec {
    private Codec() {
    }

    static void writeTotals(BinWriter w, Totals t) {
        w.writeLong(t.impressions).writeLong(t.clicks).writeLong(t.leads).writeLong(t.sales)
                .writeLong(t.spendMicros).writeLong(t.revenueMicros);
    }

    static Totals readTotals(BinReader r) {
        return new Totals(r.readLong(), r.readLong(), r.readLong(), r.readLong(), r.readLong(), r.readLong());
    }
}
