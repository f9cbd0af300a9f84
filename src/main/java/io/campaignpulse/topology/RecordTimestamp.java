package io.campaignpulse.topology;

import io.campaignpulse.events.Timestamps;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Kafka Streams' own timestamp, used only to choose which of a task's partitions to read next:
 * the event's {@code timestamp}, found by a byte scan (no JSON parse), else the record
 * timestamp. Reading a task's partitions in event-time order means a sparse partition never
 * waits, fetched but unprocessed, behind a dense one whose events are older, and so is never
 * mistaken for idle during a catch-up. The ingest stage parses and validates the real event
 * time; a record without a usable timestamp is never dropped (it gets the partition time).
 */
public final class RecordTimestamp implements TimestampExtractor {
    private static final byte[] FIELD = "\"timestamp\"".getBytes(StandardCharsets.US_ASCII);

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (record.value() instanceof byte[] value) {
            long t = scan(value);
            if (t >= 0) {
                return t;
            }
        }
        if (record.timestamp() >= 0) {
            return record.timestamp();
        }
        return Math.max(partitionTime, 0L);
    }

    /** The top-level-looking {@code "timestamp"} value as epoch ms, or -1. */
    static long scan(byte[] v) {
        int at = indexOf(v, FIELD);
        if (at < 0) {
            return -1;
        }
        int i = at + FIELD.length;
        i = skipSpace(v, i);
        if (i >= v.length || v[i] != ':') {
            return -1;
        }
        i = skipSpace(v, i + 1);
        if (i >= v.length) {
            return -1;
        }
        if (v[i] == '"') {
            int end = i + 1;
            while (end < v.length && v[end] != '"' && end - i < 64) {
                end++;
            }
            if (end >= v.length || v[end] != '"') {
                return -1;
            }
            return Timestamps.parseIso(new String(v, i + 1, end - i - 1, StandardCharsets.US_ASCII));
        }
        long ms = 0;
        int digits = 0;
        while (i < v.length && v[i] >= '0' && v[i] <= '9' && digits < 18) {
            ms = ms * 10 + (v[i] - '0');
            i++;
            digits++;
        }
        return digits == 0 ? -1 : ms;
    }

    private static int skipSpace(byte[] v, int i) {
        while (i < v.length && (v[i] == ' ' || v[i] == '\t' || v[i] == '\n' || v[i] == '\r')) {
            i++;
        }
        return i;
    }

    private static int indexOf(byte[] v, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= v.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (v[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
