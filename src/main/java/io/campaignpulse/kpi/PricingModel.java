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

    /** The stored numeric code: 1 CPM, 2 CPC, 3 CPL, 4 CPA. */
    public int code() {
        return switch (this) {
            case CPM -> 1;
            case CPC -> 2;
            case CPL -> 3;
            case CPA -> 4;
        };
    }

    /** The model of a stored code. */
    public static PricingModel ofCode(int code) {
        return switch (code) {
            case 1 -> CPM;
            case 2 -> CPC;
            case 3 -> CPL;
            case 4 -> CPA;
            default -> throw new IllegalArgumentException("unknown pricing model code " + code);
        };
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
