package io.campaignpulse.topology;

import io.campaignpulse.events.Campaign;
import io.campaignpulse.kpi.PricingModel;
import io.campaignpulse.serde.BinReader;
import io.campaignpulse.serde.BinWriter;

/**
 * Binary form of a validated {@link Campaign} in the catalogue store: format byte {@value #FORMAT},
 * campaign id, name, channel, pricing model code ({@link PricingModel#code()}), rate, currency,
 * daily budget, target CPA (micros; -1 when absent), control variant (nullable; absent in format 1).
 */
final class CampaignCodec {
    static final int FORMAT = 2;
    private static final int FORMAT_WITHOUT_CONTROL = 1;

    private CampaignCodec() {
    }

    static byte[] encode(Campaign c) {
        return new BinWriter(96).writeByte(FORMAT).writeString(c.campaignId()).writeString(c.name())
                .writeString(c.channel()).writeByte(c.pricingModel().code()).writeLong(c.rateMicros())
                .writeString(c.currency()).writeLong(c.dailyBudgetMicros()).writeLong(c.targetCpaMicros())
                .writeString(c.controlVariant()).toByteArray();
    }

    static Campaign decode(byte[] bytes) {
        BinReader r = new BinReader(bytes);
        int format = r.readByte();
        if (format != FORMAT && format != FORMAT_WITHOUT_CONTROL) {
            throw new IllegalStateException("catalogue entry of format " + format + ", this release reads "
                    + FORMAT_WITHOUT_CONTROL + " and " + FORMAT);
        }
        return new Campaign(r.readString(), r.readString(), r.readString(), PricingModel.ofCode(r.readByte()),
                r.readLong(), r.readString(), r.readLong(), r.readLong(), format == FORMAT ? r.readString() : null);
    }
}
