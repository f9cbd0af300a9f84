package io.campaignpulse.topology;

/** The names of every state store, processor and repartition topic: changing one renames state. */
public final class StoreNames {
    public static final String CATALOGUE = "campaign-catalogue";
    /** The ingest task's input partitions: progress, idleness, resumption ({@link IngestState}). */
    public static final String INGEST_STATE = "ingest-state";
    /** Where ingest task 0 remembers which invalid campaign entries it has dead-lettered. */
    public static final String CATALOGUE_REJECTS_SENT = "catalogue-rejects-sent";
    /** A campaign task's watermarks, windows, totals and accepted ids ({@link CampaignState}). */
    public static final String CAMPAIGN_STATE = "campaign-state";
    /** The campaign stage's published records, for the query API (in memory, rebuilt from state). */
    public static final String CAMPAIGN_VIEW = "campaign-view";
    /** The channel stage's published records, for the query API (in memory, rebuilt from state). */
    public static final String CHANNEL_VIEW = "channel-view";
    /** Alerts raised, per UTC day, campaign and kind, with their JSON. */
    public static final String ALERTS_SENT = "alerts-sent";
    /** A channel task's closing points, windows and totals ({@link ChannelState}). */
    public static final String CHANNEL_STATE = "channel-state";
    /** A recommendation task's channel-task closing points and pending windows ({@link RecommendState}). */
    public static final String RECOMMEND_STATE = "recommend-state";
    /** Closed channel windows of {@code recommend.window}, keyed by their currency's partition. */
    public static final String BY_CURRENCY = "finals-by-currency";
    /** The one full-volume hop: batches of events, keyed by their campaign's partition. */
    public static final String BY_CAMPAIGN = "events-by-campaign";
    /** Channel increments, once per window and commit. */
    public static final String BY_CHANNEL = "increments-by-channel";

    private StoreNames() {
    }
    /** Attribution stage state: remembered clicks, waiting conversions (CONTRACT section 11). */
    public static final String ATTRIBUTION_STATE = "attribution-state";
    /** Customer stage state: each user's recent sales and acquisition (CONTRACT section 12). */
    public static final String CUSTOMER_STATE = "customer-state";
    /** Clicks and conversions without a campaign, by click id, from ingest. */
    public static final String BY_CLICK = "clicks-by-click-id";
    /** Sales with a user, by user, from ingest. */
    public static final String BY_USER = "sales-by-user";
    /** Attributed conversions and the attribution stage's progress, by campaign. */
    public static final String ATTRIBUTED_BY_CAMPAIGN = "attributed-by-campaign";
    /** Attributed sales with a user and the attribution stage's progress, by user. */
    public static final String ATTRIBUTED_BY_USER = "attributed-by-user";
    /** Sales and customer changes from the customer stage, by campaign. */
    public static final String CUSTOMERS_BY_CAMPAIGN = "customers-by-campaign";
}
