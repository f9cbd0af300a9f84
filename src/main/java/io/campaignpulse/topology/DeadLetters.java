package io.campaignpulse.topology;

import io.campaignpulse.events.Reason;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;

/** The dead-letter record of CONTRACT section 6: original key and bytes, five reason headers. */
final class DeadLetters {
    private DeadLetters() {
    }

    static Record<byte[], Out> of(byte[] key, byte[] value, Headers original, String topic, int partition,
            long offset, Reason reason, String message, String dlqTopic, long now) {
        RecordHeaders headers = original == null ? new RecordHeaders() : new RecordHeaders(original.toArray());
        headers.add("error.reason", utf8(reason.name()));
        headers.add("error.message", utf8(message));
        headers.add("source.topic", utf8(topic));
        headers.add("source.partition", utf8(Integer.toString(partition)));
        headers.add("source.offset", utf8(Long.toString(offset)));
        return new Record<>(key, new Out.Emit(dlqTopic, value), now, headers);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
