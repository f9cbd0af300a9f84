package io.campaignpulse.kpi;

/**
 * The audience figures of one KPI record (CONTRACT section 12): impressions that carry a
 * {@code userId}, and the estimated distinct users among its impressions (reach), clicks and
 * leads (act) and sales (convert).
 */
public record AudienceCounts(long userImpressions, long reach, long actUsers, long convertUsers) {
    /** No event with a user. */
    public static final AudienceCounts NONE = new AudienceCounts(0, 0, 0, 0);
}
