package io.campaignpulse.topology;

/** The names of every state store, processor and repartition topic: changing one renames state. */
public final class StoreNames {
    public static final String CATALOGUE = "campaign-catalogue";
    public static final String INGEST_PARTITIONS = "ingest-partitions";
    /** Where ingest task 0 remembers which invalid campaign entries it has dead-lettered. */
    public static final String CATALOGUE_REJECTS_SENT = "catalogue-rejects-sent";
    /** Accepted event ids (input topic and eventId) with their event times. */
    public static final String DEDUP_SEEN = "dedup-seen";
    /** The same ids by event time, to forget them once every partition is {@code dedup.window} past. */
    public static final String DEDUP_EXPIRY = "dedup-expiry";
    public static final String DEDUP_PROGRESS = "dedup-progress";
    public static final String DEDUP_PARTIALS = "dedup-partials";
    public static final String CAMPAIGN_WATERMARKS = "campaign-watermarks";
    /** Window aggregates of every size and the lifetime totals of each campaign. */
    public static final String CAMPAIGN_AGGREGATES = "campaign-aggregates";
    public static final String CAMPAIGN_DIRTY = "campaign-dirty";
    /** Alerts raised, per UTC day, campaign and kind. */
    public static final String ALERTS_SENT = "alerts-sent";
    public static final String CHANNEL_WATERMARKS = "channel-watermarks";
    public static final String CHANNEL_AGGREGATES = "channel-aggregates";
    public static final String CHANNEL_DIRTY = "channel-dirty";
    public static final String BY_EVENT = "by-event";
    public static final String BY_CAMPAIGN = "by-campaign";
    public static final String BY_CHANNEL = "by-channel";

    private StoreNames() {
    }
}
