package io.campaignpulse.topology;

import io.campaignpulse.serde.BinReader;
import io.campaignpulse.serde.BinWriter;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The one serde for {@link Out}: an {@link Out.Emit} serializes to its value bytes unchanged (it
 * goes to an output topic); the internal variants to a tagged binary form.
 */
public final class OutSerde implements Serde<Out>, Serializer<Out>, Deserializer<Out> {
    private static final int DELTA = 1;
    private static final int WATERMARK = 2;
    private static final int CHANNEL_DELTA = 3;
    private static final int EVENT = 4;

    @Override
    public void configure(java.util.Map<String, ?> configs, boolean isKey) {
    }

    @Override
    public void close() {
    }

    @Override
    public Serializer<Out> serializer() {
        return this;
    }

    @Override
    public Deserializer<Out> deserializer() {
        return this;
    }

    @Override
    public byte[] serialize(String topic, Out out) {
        if (out == null) {
            return null;
        }
        if (out instanceof Out.Emit e) {
            return e.value();
        }
        BinWriter w = new BinWriter(128);
        if (out instanceof Out.Delta d) {
            w.writeByte(DELTA).writeString(d.campaignId()).writeString(d.eventChannel()).writeString(d.currency())
                    .writeString(d.pricingModel()).writeString(d.entryChannel()).writeLong(d.bucketStart())
                    .writeInt(d.lateMask());
            Codec.writeTotals(w, d.totals());
            writeRaw(w, d.raw());
        } else if (out instanceof Out.Event e) {
            w.writeByte(EVENT).writeByte(e.kind()).writeString(e.campaignId()).writeString(e.channel())
                    .writeString(e.currency()).writeLong(e.time()).writeLong(e.spendMicros())
                    .writeLong(e.revenueMicros()).writeByte(e.lateMask()).writeByte(e.single() ? 1 : 0);
            writeRaw(w, e.raw());
        } else if (out instanceof Out.Watermark m) {
            w.writeByte(WATERMARK).writeInt(m.source()).writeLong(m.maxEventTime()).writeByte(m.idle() ? 1 : 0);
        } else if (out instanceof Out.ChannelDelta c) {
            w.writeByte(CHANNEL_DELTA).writeInt(c.sizeIndex()).writeLong(c.windowStart()).writeString(c.channel())
                    .writeString(c.currency());
            Codec.writeTotals(w, c.totals());
        }
        return w.toByteArray();
    }

    private static void writeRaw(BinWriter w, Out.Raw raw) {
        if (raw == null) {
            w.writeByte(0);
        } else {
            w.writeByte(1).writeBytes(raw.key()).writeBytes(raw.value()).writeString(raw.topic())
                    .writeInt(raw.partition()).writeLong(raw.offset());
        }
    }

    private static Out.Raw readRaw(BinReader r) {
        return r.readByte() == 0 ? null
                : new Out.Raw(r.readBytes(), r.readBytes(), r.readString(), r.readInt(), r.readLong());
    }

    @Override
    public Out deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        BinReader r = new BinReader(data);
        int tag = r.readByte();
        return switch (tag) {
            case DELTA -> {
                String campaign = r.readString();
                String eventChannel = r.readString();
                String currency = r.readString();
                String pricing = r.readString();
                String entryChannel = r.readString();
                long bucket = r.readLong();
                int mask = r.readInt();
                var totals = Codec.readTotals(r);
                yield new Out.Delta(campaign, eventChannel, currency, pricing, entryChannel, bucket, mask, totals,
                        readRaw(r));
            }
            case EVENT -> new Out.Event(r.readByte(), r.readString(), r.readString(), r.readString(), r.readLong(),
                    r.readLong(), r.readLong(), r.readByte() & 0xFF, r.readByte() == 1, readRaw(r));
            case WATERMARK -> new Out.Watermark(r.readInt(), r.readLong(), r.readByte() == 1);
            case CHANNEL_DELTA -> new Out.ChannelDelta(r.readInt(), r.readLong(), r.readString(), r.readString(),
                    Codec.readTotals(r));
            default -> throw new IllegalArgumentException("unknown internal record tag " + tag + " on " + topic);
        };
    }
}
