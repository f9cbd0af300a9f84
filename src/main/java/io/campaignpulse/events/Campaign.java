package io.campaignpulse.events;

import io.campaignpulse.kpi.EventKind;
import io.campaignpulse.kpi.PricingModel;

/**
 * A campaign catalogue entry (CONTRACT section 3), validated. Money in micros; an absent optional
 * amount is -1. {@code currency} is already resolved against {@code currency.default}.
 * {@code controlVariant} (the control arm of an experiment, section 13) may be null.
 */
public record Campaign(String campaignId, String name, String channel, PricingModel pricingModel, long rateMicros,
        String currency, long dailyBudgetMicros, long targetCpaMicros, String controlVariant) {

    /** An entry without a control variant. */
    public Campaign(String campaignId, String name, String channel, PricingModel pricingModel, long rateMicros,
            String currency, long dailyBudgetMicros, long targetCpaMicros) {
        this(campaignId, name, channel, pricingModel, rateMicros, currency, dailyBudgetMicros, targetCpaMicros, null);
    }

    /** The spend one event of this kind adds under this entry (section 4, rule 2). */
    public long priceOf(EventKind kind) {
        return pricingModel.billed() == kind ? pricingModel.unitPriceMicros(rateMicros) : 0L;
    }
}
