package io.campaignpulse.topology;

/** The names of every state store, processor and repartition topic: changing one renames state. */
public final class StoreNames {
    public static final String CATALOGUE = "campaign-catalogue";
    public static final String INGEST_PARTITIONS = "ingest-partitions";
    public static final String INGEST_PARTIALS = "ingest-partials";
    public static final String CAMPAIGN_WATERMARKS = "campaign-watermarks";
    /** Window aggregates of every size and the lifetime totals of each campaign. */
    public static final String CAMPAIGN_AGGREGATES = "campaign-aggregates";
    public static final String CAMPAIGN_DIRTY = "campaign-dirty";
    public static final String CHANNEL_WATERMARKS = "channel-watermarks";
    public static final String CHANNEL_AGGREGATES = "channel-aggregates";
    public static final String CHANNEL_DIRTY = "channel-dirty";
    public static final String BY_CAMPAIGN = "by-campaign";
    public static final String BY_CHANNEL = "by-channel";

    private StoreNames() {
    }
}
