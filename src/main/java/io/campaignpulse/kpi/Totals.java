package io.campaignpulse.kpi;

/**
 * A mutable sum of counts and money (micros). The unit every aggregate, partial and delta is made
 * of; never holds a ratio.
 */
public final class Totals {
    public long impressions;
    public long clicks;
    public long leads;
    public long sales;
    public long spendMicros;
    public long revenueMicros;

    public Totals() {
    }

    public Totals(long impressions, long clicks, long leads, long sales, long spendMicros, long revenueMicros) {
        this.impressions = impressions;
        this.clicks = clicks;
        this.leads = leads;
        this.sales = sales;
        this.spendMicros = spendMicros;
        this.revenueMicros = revenueMicros;
    }

    /** Adds one event of the given type. */
    public void addEvent(EventKind kind, long spend, long revenue) {
        switch (kind) {
            case IMPRESSION -> impressions++;
            case CLICK -> clicks++;
            case LEAD -> leads++;
            case SALE -> sales++;
        }
        spendMicros = Math.addExact(spendMicros, spend);
        revenueMicros = Math.addExact(revenueMicros, revenue);
    }

    public void add(Totals other) {
        impressions += other.impressions;
        clicks += other.clicks;
        leads += other.leads;
        sales += other.sales;
        spendMicros = Math.addExact(spendMicros, other.spendMicros);
        revenueMicros = Math.addExact(revenueMicros, other.revenueMicros);
    }

    public long events() {
        return impressions + clicks + leads + sales;
    }

    public Totals copy() {
        return new Totals(impressions, clicks, leads, sales, spendMicros, revenueMicros);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Totals t && t.impressions == impressions && t.clicks == clicks && t.leads == leads
                && t.sales == sales && t.spendMicros == spendMicros && t.revenueMicros == revenueMicros;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(impressions * 31 + clicks * 17 + leads * 7 + sales + spendMicros * 3 + revenueMicros);
    }

    @Override
    public String toString() {
        return "Totals[imp=" + impressions + ", clk=" + clicks + ", leads=" + leads + ", sales=" + sales
                + ", spend=" + spendMicros + ", revenue=" + revenueMicros + "]";
    }
}
