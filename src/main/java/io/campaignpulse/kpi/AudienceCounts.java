package io.campaignpulse.kpi;

/**
 * The audience figures of one KPI record (CONTRACT section 12): impressions that carry a
 * {@code userId}, and the estimated distinct users among its impressions (reach), clicks and
 * leads (act) and sales (convert), and the users with a sale that is not their first (repeat
 * customers, engage).
 */
public record AudienceCounts(long userImpressions, long reach, long actUsers, long convertUsers,
        long repeatCustomers) {
    /** No event with a user. */
    public static final AudienceCounts NONE = new AudienceCounts(0, 0, 0, 0, 0);

    /** Figures without repeat customers. */
    public AudienceCounts(long userImpressions, long reach, long actUsers, long convertUsers) {
        this(userImpressions, reach, actUsers, convertUsers, 0);
    }
}
