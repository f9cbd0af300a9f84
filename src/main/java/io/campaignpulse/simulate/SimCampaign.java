package io.campaignpulse.simulate;

import io.campaignpulse.kpi.PricingModel;

/**
 * One simulated campaign: its catalogue entry and the behaviour of its audience. Money in micros.
 * {@code carriesCost} campaigns report the auction's actual click cost on each click event.
 * {@code experiment}: {@link #NO_EXPERIMENT}, {@link #A_A} (variants A and B behave alike) or
 * {@link #LIFT} (variant B's sale rate is 20% higher); users are split between the variants.
 */
record SimCampaign(String id, String name, String channel, PricingModel model, long rateMicros, String currency,
        long dailyBudgetMicros, long targetCpaMicros, double weight, double ctr, double leadRate,
        double saleRate, double meanOrderValue, boolean carriesCost, int experiment) {
    static final int NO_EXPERIMENT = 0;
    static final int A_A = 1;
    static final int LIFT = 2;


    /** The catalogue entry JSON of CONTRACT section 3. */
    String entryJson() {
        return "{\"campaignId\":\"" + id + "\",\"name\":\"" + name + "\",\"channel\":\"" + channel
                + "\",\"pricingModel\":\"" + model + "\",\"rate\":" + Sim.decimal(rateMicros) + ",\"currency\":\""
                + currency + "\",\"dailyBudget\":" + Sim.decimal(dailyBudgetMicros) + ",\"targetCpa\":"
                + Sim.decimal(targetCpaMicros) + (experiment == NO_EXPERIMENT ? "" : ",\"controlVariant\":\"A\"")
                + "}";
    }
}
