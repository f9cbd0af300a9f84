package io.campaignpulse.kpi;

/**
 * A mutable sum of counts and money (micros). The unit every aggregate, partial and delta is made
 * of; never holds a ratio. {@code newCustomers} and {@code customerRevenueMicros} (CONTRACT
 * section 12) move by signed deltas: a first sale stops being one when an earlier sale of its
 * user is read later, and its customer's revenue moves with it.
 */
public final class Totals {
    public long impressions;
    public long clicks;
    public long leads;
    public long sales;
    public long spendMicros;
    public long revenueMicros;
    /** Users whose first sale is one of these sales. */
    public long newCustomers;
    /** Revenue of every sale (in this currency) by the customers acquired here; lifetime records only. */
    public long customerRevenueMicros;

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
        newCustomers += other.newCustomers;
        customerRevenueMicros = Math.addExact(customerRevenueMicros, other.customerRevenueMicros);
    }

    /** Adds a customer change: new customers (+1, -1) and customer revenue (signed micros). */
    public void addCustomers(long newDelta, long customerRevenueDelta) {
        newCustomers += newDelta;
        customerRevenueMicros = Math.addExact(customerRevenueMicros, customerRevenueDelta);
    }

    public long events() {
        return impressions + clicks + leads + sales;
    }

    public Totals copy() {
        Totals t = new Totals(impressions, clicks, leads, sales, spendMicros, revenueMicros);
        t.newCustomers = newCustomers;
        t.customerRevenueMicros = customerRevenueMicros;
        return t;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Totals t && t.impressions == impressions && t.clicks == clicks && t.leads == leads
                && t.sales == sales && t.spendMicros == spendMicros && t.revenueMicros == revenueMicros
                && t.newCustomers == newCustomers && t.customerRevenueMicros == customerRevenueMicros;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(impressions * 31 + clicks * 17 + leads * 7 + sales + spendMicros * 3 + revenueMicros);
    }

    @Override
    public String toString() {
        return "Totals[imp=" + impressions + ", clk=" + clicks + ", leads=" + leads + ", sales=" + sales
                + ", spend=" + spendMicros + ", revenue=" + revenueMicros + ", new=" + newCustomers + ", customerRevenue="
                + customerRevenueMicros + "]";
    }
}
