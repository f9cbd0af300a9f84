package io.campaignpulse.topology;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorContextUtils;
import org.apache.kafka.streams.processor.internals.ProcessorNode;
import org.apache.kafka.streams.processor.internals.ProcessorRecordContext;
import org.apache.kafka.streams.processor.internals.RecordBatchingStateRestoreCallback;
import org.apache.kafka.streams.processor.internals.RecordCollector;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * A state store whose content is a plain in-memory object, persisted once per key per commit.
 *
 * <p>Kafka Streams calls {@link #flushCache()} inside every commit's transaction, before the
 * record collector is flushed (the same hook its own record cache and suppression buffer use;
 * {@code StateStore.commit()} comes only after the transaction). At that point the store first
 * lets its owning processor forward what the commit should publish (running records, batches for
 * the next stage), then has the content write one changelog record per key changed since the
 * previous commit. Both land in the transaction that commits the input offsets they cover, so
 * after a crash the restored content matches the committed offsets exactly.
 *
 * <p>Restoration (at start, for standby copies, and after a task is revived) replays the
 * changelog into a fresh content object. Internal Kafka Streams API (pinned Kafka version, tested
 * under kill -9 by {@code CrashIT}).
 *
 * @param <C> the content type
 */
final class FlushedStore<C extends FlushedStore.Content> implements StateStore, CachedStateStore<Object, Object> {

    /** The in-memory state of one task of a stage. */
    interface Content {
        /** Applies one changelog record: a key and its value, or null for a removed key. */
        void restore(byte[] key, byte[] value);

        /** Writes every key changed since the previous call. */
        void flushTo(Changelog log);
    }

    /** Where a content writes its changes. */
    interface Changelog {
        void put(byte[] key, byte[] value);

        void delete(byte[] key);
    }

    private static final ByteArraySerializer BYTES = new ByteArraySerializer();

    private final String name;
    private final Supplier<C> factory;
    private final boolean logged;
    private C content;
    private boolean open;
    private InternalProcessorContext<?, ?> context;
    private String changelogTopic;
    private int partition;
    private Runnable onCommit;

    private FlushedStore(String name, Supplier<C> factory, boolean logged) {
        this.name = name;
        this.factory = factory;
        this.logged = logged;
    }

    /** A builder for the topology; the changelog is compacted. */
    static <C extends Content> StoreBuilder<FlushedStore<C>> builder(String name, Supplier<C> factory) {
        return new Builder<>(name, factory, true, new HashMap<>());
    }

    /** The current content. Valid from the owning processor's {@code init} on; replaced on restore. */
    C content() {
        return content;
    }

    /**
     * Makes {@code action} run at the start of every commit's flush with {@code processor}'s
     * context set up as if it were punctuating, so that it may forward records. Call from the
     * processor's {@code init}.
     */
    void onCommit(ProcessorContext<?, ?> processor, Runnable action) {
        InternalProcessorContext<?, ?> ctx = (InternalProcessorContext<?, ?>) processor;
        ProcessorNode<?, ?, ?, ?> node = ctx.currentNode();
        this.onCommit = () -> {
            ProcessorNode<?, ?, ?, ?> previousNode = ctx.currentNode();
            ProcessorRecordContext previousContext = ctx.recordContext();
            ctx.setCurrentNode(node);
            ctx.setRecordContext(new ProcessorRecordContext(ctx.currentSystemTimeMs(), -1L, -1, null,
                    new RecordHeaders()));
            try {
                action.run();
            } finally {
                ctx.setRecordContext(previousContext);
                ctx.setCurrentNode(previousNode);
            }
        };
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext stateStoreContext, StateStore root) {
        context = ProcessorContextUtils.asInternalProcessorContext(stateStoreContext);
        changelogTopic = ProcessorContextUtils.changelogFor(stateStoreContext, name, Boolean.TRUE);
        partition = stateStoreContext.taskId().partition();
        content = factory.get();
        onCommit = null;
        stateStoreContext.register(root, (RecordBatchingStateRestoreCallback) this::restoreBatch);
        open = true;
    }

    private void restoreBatch(java.util.Collection<ConsumerRecord<byte[], byte[]>> batch) {
        for (ConsumerRecord<byte[], byte[]> r : batch) {
            content.restore(r.key(), r.value());
        }
    }

    @Override
    public void flushCache() {
        if (onCommit != null) {
            onCommit.run();
        }
        if (!logged) {
            return;
        }
        RecordCollector collector = ((RecordCollector.Supplier) context).recordCollector();
        content.flushTo(new Changelog() {
            @Override
            public void put(byte[] key, byte[] value) {
                collector.send(changelogTopic, key, value, null, partition, null, BYTES, BYTES, null, null);
            }

            @Override
            public void delete(byte[] key) {
                collector.send(changelogTopic, key, null, null, partition, null, BYTES, BYTES, null, null);
            }
        });
    }

    @Override
    public void clearCache() {
        // The content is the state itself, not a cache in front of it: it stays valid when a task
        // changes type (active to standby and back).
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<Object, Object> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public void close() {
        open = false;
        content = null;
        onCommit = null;
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    private record Builder<C extends Content>(String name, Supplier<C> factory, boolean logged,
            Map<String, String> config) implements StoreBuilder<FlushedStore<C>> {

        @Override
        public StoreBuilder<FlushedStore<C>> withCachingEnabled() {
            return this;
        }

        @Override
        public StoreBuilder<FlushedStore<C>> withCachingDisabled() {
            return this;
        }

        @Override
        public StoreBuilder<FlushedStore<C>> withLoggingEnabled(Map<String, String> cfg) {
            return new Builder<>(name, factory, true, new HashMap<>(cfg));
        }

        @Override
        public StoreBuilder<FlushedStore<C>> withLoggingDisabled() {
            return new Builder<>(name, factory, false, config);
        }

        @Override
        public FlushedStore<C> build() {
            return new FlushedStore<>(name, factory, logged);
        }

        @Override
        public Map<String, String> logConfig() {
            return logged ? Collections.unmodifiableMap(config) : Map.of();
        }

        @Override
        public boolean loggingEnabled() {
            return logged;
        }
    }
}
