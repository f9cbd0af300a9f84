package io.campaignpulse.topology;

import io.campaignpulse.serde.BinReader;
import io.campaignpulse.serde.BinWriter;
import org.apache.kafka.common.utils.Bytes;

/** Store key of an ingest partial: bucket, lateness mask, campaign, event channel and currency. */
record PartialKey(long bucketStart, int lateMask, String campaignId, String eventChannel, String currency) {

    static Bytes encode(long bucketStart, int lateMask, String campaignId, String eventChannel, String currency) {
        return Bytes.wrap(new BinWriter(64).writeLong(bucketStart).writeByte(lateMask).writeString(campaignId)
                .writeString(eventChannel).writeString(currency).toByteArray());
    }

    static PartialKey decode(Bytes key) {
        BinReader r = new BinReader(key.get());
        return new PartialKey(r.readLong(), r.readByte() & 0xFF, r.readString(), r.readString(), r.readString());
    }
}
