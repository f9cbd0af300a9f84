package io.campaignpulse.topology;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Kafka Streams' own timestamp: the record timestamp, only used to order records between a
 * task's partitions. Event time comes from the event's {@code timestamp} field, read by the
 * ingest stage. A record without a valid timestamp is never dropped: it gets the partition time.
 */
public final class RecordTimestamp implements TimestampExtractor {
    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (record.timestamp() >= 0) {
            return record.timestamp();
        }
        return Math.max(partitionTime, 0L);
    }
}
