package io.campaignpulse.simulate;

import io.campaignpulse.kpi.PricingModel;

/**
 * One simulated campaign: its catalogue entry and the behaviour of its audience. Money in micros.
 * {@code carriesCost} campaigns report the auction's actual click cost on each click event.
 */
record SimCampaign(String id, String name, String channel, PricingModel model, long rateMicros, String currency,
        long dailyBudgetMicros, long targetCpaMicros, double weight, double ctr, double leadRate,
        double saleRate, double meanOrderValue, boolean carriesCost) {

    /** The catalogue entry JSON of CONTRACT section 3. */
    String entryJson() {
        return "{\"campaignId\":\"" + id + "\",\"name\":\"" + name + "\",\"channel\":\"" + channel
                + "\",\"pricingModel\":\"" + model + "\",\"rate\":" + Sim.decimal(rateMicros) + ",\"currency\":\""
                + currency + "\",\"dailyBudget\":" + Sim.decimal(dailyBudgetMicros) + ",\"targetCpa\":"
                + Sim.decimal(targetCpaMicros) + "}";
    }
}
