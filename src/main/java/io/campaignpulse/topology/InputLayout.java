package io.campaignpulse.topology;

import java.util.ArrayList;
import java.util.List;

/**
 * The event topics and their partition counts. Every (topic, partition) is an upstream source
 * with a flat index; a window closes only when every source has passed it or is idle, so the
 * topology must know them all, including those that never deliver anything.
 */
public record InputLayout(List<String> topics, List<Integer> partitions) {

    public InputLayout {
        if (topics.size() != partitions.size()) {
            throw new IllegalArgumentException("one partition count per topic");
        }
        topics = List.copyOf(topics);
        partitions = List.copyOf(partitions);
    }

    /** Every topic with the same partition count. */
    public static InputLayout uniform(List<String> topics, int partitions) {
        return new InputLayout(topics, topics.stream().map(t -> partitions).toList());
    }

    /** The number of sources. */
    public int sourceCount() {
        return partitions.stream().mapToInt(Integer::intValue).sum();
    }

    public int topicIndex(String topic) {
        return topics.indexOf(topic);
    }

    /** The flat index of a topic partition. */
    public int source(int topicIndex, int partition) {
        int base = 0;
        for (int i = 0; i < topicIndex; i++) {
            base += partitions.get(i);
        }
        return base + partition;
    }

    /** The topic index of a flat source index. */
    public int topicOfSource(int source) {
        int base = 0;
        for (int t = 0; t < partitions.size(); t++) {
            if (source < base + partitions.get(t)) {
                return t;
            }
            base += partitions.get(t);
        }
        throw new IllegalArgumentException("no source " + source);
    }

    /** The partition of a flat source index. */
    public int partitionOfSource(int source) {
        return source - source(topicOfSource(source), 0);
    }

    /** The sources read by the ingest task of the given partition number. */
    public List<int[]> sourcesOfTask(int taskPartition) {
        List<int[]> out = new ArrayList<>();
        for (int t = 0; t < topics.size(); t++) {
            if (taskPartition < partitions.get(t)) {
                out.add(new int[] {t, taskPartition});
            }
        }
        return out;
    }
}
