package io.campaignpulse.topology;

import io.campaignpulse.events.Reason;
import io.campaignpulse.serde.BinReader;
import io.campaignpulse.serde.BinWriter;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Invalid campaign entries on their way to the dead-letter topic. The catalogue processor keeps
 * each under {@code PREFIX + partition/offset} in the catalogue store (a key no campaign id can
 * take); ingest task 0 scans them every {@code emit.interval} and sends those past the offset it
 * last sent for their partition. That offset is in a changelogged store written in the same
 * transaction as the dead letter, so each invalid entry is dead-lettered exactly once, also when
 * the catalogue is rebuilt from the topic after a restart.
 */
final class CatalogueRejects {
    /** No campaign id contains a NUL character. */
    static final String PREFIX = "\u0000reject/";
    /** How many rejects the catalogue keeps; older ones were dead-lettered long ago. */
    static final int MAX_HELD = 10_000;

    private final ProcessorContext<byte[], Out> ctx;
    private final TopologyConfig cfg;
    private final PipelineCounters counters;
    private final KeyValueStore<String, byte[]> catalogue;
    private final KeyValueStore<String, byte[]> sent;

    CatalogueRejects(ProcessorContext<byte[], Out> ctx, TopologyConfig cfg, PipelineCounters counters) {
        this.ctx = ctx;
        this.cfg = cfg;
        this.counters = counters;
        this.catalogue = ctx.getStateStore(StoreNames.CATALOGUE);
        this.sent = ctx.getStateStore(StoreNames.CATALOGUE_REJECTS_SENT);
    }

    /** Stored reject: this format byte, reason code, message, nullable key, nullable value. */
    static final int REJECT_FORMAT = 1;

    /** The highest offset sent of a partition: format byte, offset. */
    private static long sentOffset(byte[] stored) {
        BinReader r = new BinReader(stored);
        if (r.readByte() != REJECT_FORMAT) {
            throw new IllegalStateException("unknown format of the rejects-sent store");
        }
        return r.readLong();
    }

    static String key(int partition, long offset) {
        return PREFIX + String.format("%010d/%019d", partition, offset);
    }

    static KeyValueIterator<String, byte[]> scan(KeyValueStore<String, byte[]> store) {
        return store.prefixScan(PREFIX, new StringSerializer());
    }

    static byte[] encode(byte[] key, byte[] value, Reason reason, String message) {
        BinWriter w = new BinWriter(64 + (value == null ? 0 : value.length)).writeByte(REJECT_FORMAT)
                .writeByte(reason.code()).writeString(message);
        writeNullable(w, key);
        writeNullable(w, value);
        return w.toByteArray();
    }

    private static void writeNullable(BinWriter w, byte[] b) {
        if (b == null) {
            w.writeByte(0);
        } else {
            w.writeByte(1).writeBytes(b);
        }
    }

    private static byte[] readNullable(BinReader r) {
        return r.readByte() == 0 ? null : r.readBytes();
    }

    /** Dead-letters every reject not sent yet, in offset order per partition. */
    void send(long now) {
        try (KeyValueIterator<String, byte[]> it = scan(catalogue)) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                String[] parts = kv.key.substring(PREFIX.length()).split("/");
                int partition = Integer.parseInt(parts[0]);
                long offset = Long.parseLong(parts[1]);
                String sentKey = "p" + partition;
                byte[] last = sent.get(sentKey);
                if (last != null && sentOffset(last) >= offset) {
                    continue;
                }
                BinReader r = new BinReader(kv.value);
                int format = r.readByte();
                if (format != REJECT_FORMAT) {
                    throw new IllegalStateException("campaign reject of format " + format + ", this release reads "
                            + REJECT_FORMAT);
                }
                Reason reason = Reason.ofCode(r.readByte());
                String message = r.readString();
                byte[] key = readNullable(r);
                byte[] value = readNullable(r);
                String topic = cfg.topics().campaigns();
                ctx.forward(DeadLetters.of(key, value, null, topic, partition, offset, reason, message,
                        cfg.topics().dlq(), now));
                counters.invalid(topic, reason);
                sent.put(sentKey, new BinWriter(9).writeByte(REJECT_FORMAT).writeLong(offset).toByteArray());
            }
        }
    }
}
