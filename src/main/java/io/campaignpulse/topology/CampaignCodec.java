package io.campaignpulse.topology;

import io.campaignpulse.events.Campaign;
import io.campaignpulse.kpi.PricingModel;
import io.campaignpulse.serde.BinReader;
import io.campaignpulse.serde.BinWriter;

/** Binary form of a validated {@link Campaign} in the catalogue store. */
final class CampaignCodec {
    private CampaignCodec() {
    }

    static byte[] encode(Campaign c) {
        return new BinWriter(96).writeString(c.campaignId()).writeString(c.name()).writeString(c.channel())
                .writeByte(c.pricingModel().ordinal()).writeLong(c.rateMicros()).writeString(c.currency())
                .writeLong(c.dailyBudgetMicros()).writeLong(c.targetCpaMicros()).toByteArray();
    }

    static Campaign decode(byte[] bytes) {
        BinReader r = new BinReader(bytes);
        return new Campaign(r.readString(), r.readString(), r.readString(), PricingModel.values()[r.readByte()],
                r.readLong(), r.readString(), r.readLong(), r.readLong());
    }
}
