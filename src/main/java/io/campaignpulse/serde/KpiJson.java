package io.campaignpulse.serde;

import io.campaignpulse.events.Timestamps;
import io.campaignpulse.kpi.AudienceCounts;
import io.campaignpulse.kpi.KpiRecord;
import io.campaignpulse.kpi.Kpis;
import io.campaignpulse.kpi.Money;
import io.campaignpulse.kpi.Totals;

/** Writes a {@link KpiRecord} as the JSON of CONTRACT section 5, every field present. */
public final class KpiJson {
    private static final byte[] CAMPAIGN_ID = JsonBytes.name("campaignId");
    private static final byte[] CHANNEL = JsonBytes.name("channel");
    private static final byte[] CURRENCY = JsonBytes.name("currency");
    private static final byte[] PRICING_MODEL = JsonBytes.name("pricingModel");
    private static final byte[] WINDOW = JsonBytes.name("window");
    private static final byte[] WINDOW_START = JsonBytes.name("windowStart");
    private static final byte[] WINDOW_END = JsonBytes.name("windowEnd");
    private static final byte[] IMPRESSIONS = JsonBytes.name("impressions");
    private static final byte[] CLICKS = JsonBytes.name("clicks");
    private static final byte[] LEADS = JsonBytes.name("leads");
    private static final byte[] SALES = JsonBytes.name("sales");
    private static final byte[] SPEND = JsonBytes.name("spend");
    private static final byte[] REVENUE = JsonBytes.name("revenue");
    private static final byte[] SPEND_MICROS = JsonBytes.name("spendMicros");
    private static final byte[] REVENUE_MICROS = JsonBytes.name("revenueMicros");
    private static final byte[] CPM = JsonBytes.name("cpm");
    private static final byte[] CPC = JsonBytes.name("cpc");
    private static final byte[] CPL = JsonBytes.name("cpl");
    private static final byte[] CPA = JsonBytes.name("cpa");
    private static final byte[] CTR = JsonBytes.name("ctr");
    private static final byte[] LEAD_RATE = JsonBytes.name("leadRate");
    private static final byte[] CONVERSION_RATE = JsonBytes.name("conversionRate");
    private static final byte[] LEAD_TO_SALE = JsonBytes.name("leadToSale");
    private static final byte[] ROAS = JsonBytes.name("roas");
    private static final byte[] ROI = JsonBytes.name("roi");
    private static final byte[] FINAL = JsonBytes.name("final");
    private static final byte[] REVISION = JsonBytes.name("revision");
    private static final byte[] LATE_EVENTS = JsonBytes.name("lateEvents");
    private static final byte[] REACH = JsonBytes.name("reach");
    private static final byte[] FREQUENCY = JsonBytes.name("frequency");
    private static final byte[] ACT_USERS = JsonBytes.name("actUsers");
    private static final byte[] CONVERT_USERS = JsonBytes.name("convertUsers");
    private static final byte[] ACT_RATE = JsonBytes.name("actRate");
    private static final byte[] CONVERT_RATE = JsonBytes.name("convertRate");
    private static final byte[] NEW_CUSTOMERS = JsonBytes.name("newCustomers");
    private static final byte[] REPEAT_CUSTOMERS = JsonBytes.name("repeatCustomers");
    private static final byte[] CAC = JsonBytes.name("cac");
    private static final byte[] CUSTOMER_REVENUE = JsonBytes.name("customerRevenue");
    private static final byte[] LTV = JsonBytes.name("ltv");
    private static final byte[] LTV_TO_CAC = JsonBytes.name("ltvToCac");
    private static final String TOTAL = "total";

    private KpiJson() {
    }

    public static byte[] write(KpiRecord r) {
        Totals t = r.totals();
        AudienceCounts a = r.audience();
        JsonBytes j = new JsonBytes().start()
                .string(CAMPAIGN_ID, r.campaignId())
                .string(CHANNEL, r.channel())
                .string(CURRENCY, r.currency())
                .string(PRICING_MODEL, r.pricingModel())
                .string(WINDOW, r.window())
                .string(WINDOW_START, r.windowStartMs() == null ? null : Timestamps.format(r.windowStartMs()))
                .string(WINDOW_END, r.windowEndMs() == null ? null : Timestamps.format(r.windowEndMs()))
                .number(IMPRESSIONS, t.impressions)
                .number(CLICKS, t.clicks)
                .number(LEADS, t.leads)
                .number(SALES, t.sales)
                .raw(SPEND, Money.format(t.spendMicros))
                .raw(REVENUE, Money.format(t.revenueMicros))
                .number(SPEND_MICROS, t.spendMicros)
                .number(REVENUE_MICROS, t.revenueMicros)
                .raw(CPM, money(Kpis.cpm(t)))
                .raw(CPC, money(Kpis.cpc(t)))
                .raw(CPL, money(Kpis.cpl(t)))
                .raw(CPA, money(Kpis.cpa(t)))
                .ratio(CTR, Kpis.ctr(t))
                .ratio(LEAD_RATE, Kpis.leadRate(t))
                .ratio(CONVERSION_RATE, Kpis.conversionRate(t))
                .ratio(LEAD_TO_SALE, Kpis.leadToSale(t))
                .ratio(ROAS, Kpis.roas(t))
                .ratio(ROI, Kpis.roi(t))
                .number(REACH, a.reach())
                .ratio(FREQUENCY, Kpis.frequency(a))
                .number(ACT_USERS, a.actUsers())
                .number(CONVERT_USERS, a.convertUsers())
                .ratio(ACT_RATE, Kpis.actRate(a))
                .ratio(CONVERT_RATE, Kpis.convertRate(a));
        boolean lifetime = TOTAL.equals(r.window());
        j.number(NEW_CUSTOMERS, t.newCustomers).number(REPEAT_CUSTOMERS, a.repeatCustomers()).raw(CAC, money(Kpis.cac(t)));
        if (lifetime) {
            j.raw(CUSTOMER_REVENUE, Money.format(t.customerRevenueMicros)).raw(LTV, money(Kpis.ltv(t)))
                    .ratio(LTV_TO_CAC, Kpis.ltvToCac(t));
        } else {
            j.nul(CUSTOMER_REVENUE).nul(LTV).nul(LTV_TO_CAC);
        }
        return j.bool(FINAL, r.isFinal()).number(REVISION, r.revision()).number(LATE_EVENTS, r.lateEvents()).end();
    }

    private static String money(Long micros) {
        return micros == null ? null : Money.format(micros);
    }
}
