package io.campaignpulse.kpi;

/** What the advertiser pays for: per thousand impressions, per click, per lead or per sale. */
public enum PricingModel {
    CPM(EventKind.IMPRESSION), CPC(EventKind.CLICK), CPL(EventKind.LEAD), CPA(EventKind.SALE);

    private final EventKind billed;

    PricingModel(EventKind billed) {
        this.billed = billed;
    }

    /** The event kind this model bills. */
    public EventKind billed() {
        return billed;
    }

    /**
     * The price of one billed event in micros for a rate in micros: a CPM rate is per thousand.
     */
    public long unitPriceMicros(long rateMicros) {
        return this == CPM ? rateMicros / 1000 : rateMicros;
    }

    /** The model for an exact name, or null. */
    public static PricingModel fromWire(String wire) {
        return switch (wire) {
            case "CPM" -> CPM;
            case "CPC" -> CPC;
            case "CPL" -> CPL;
            case "CPA" -> CPA;
            default -> null;
        };
    }
}
