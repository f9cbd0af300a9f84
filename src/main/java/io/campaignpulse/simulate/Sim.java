package io.campaignpulse.simulate;

import io.campaignpulse.kpi.Money;
import io.campaignpulse.kpi.PricingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The traffic model: campaigns spread over channels, each with a pricing model, rate, currency,
 * budget and target CPA typical of its channel, and audiences whose click-through, lead and sale
 * rates and order values make the KPIs look like a real account. Deterministic for a seed.
 */
public final class Sim {
    /** Channel, share of campaigns, usual pricing models, CTR range. */
    private record ChannelProfile(String name, double share, PricingModel[] models, double ctrLow, double ctrHigh) {
    }

    private static final List<ChannelProfile> CHANNELS = List.of(
            new ChannelProfile("search", 0.30, new PricingModel[] {PricingModel.CPC}, 0.02, 0.08),
            new ChannelProfile("social", 0.25, new PricingModel[] {PricingModel.CPM, PricingModel.CPC}, 0.006, 0.02),
            new ChannelProfile("video", 0.12, new PricingModel[] {PricingModel.CPM}, 0.003, 0.012),
            new ChannelProfile("display", 0.15, new PricingModel[] {PricingModel.CPM}, 0.001, 0.006),
            new ChannelProfile("affiliate", 0.10, new PricingModel[] {PricingModel.CPA}, 0.01, 0.04),
            new ChannelProfile("email", 0.08, new PricingModel[] {PricingModel.CPL}, 0.02, 0.06));

    private static final String[] THEMES = {"spring-sale", "black-friday", "brand", "retargeting", "new-arrivals",
        "clearance", "loyalty", "app-install", "webinar", "free-trial", "christmas", "summer"};

    private Sim() {
    }

    /** {@code n} campaigns for a seed; ids {@code cmp-00001}... */
    static List<SimCampaign> campaigns(int n, long seed, String defaultCurrency) {
        Random r = new Random(seed);
        List<SimCampaign> out = new ArrayList<>(n);
        boolean lift = false;
        boolean aa = false;
        for (int i = 0; i < n; i++) {
            ChannelProfile ch = pickChannel(r);
            PricingModel model = ch.models()[r.nextInt(ch.models().length)];
            String currency = r.nextDouble() < 0.8 ? defaultCurrency : r.nextBoolean() ? "EUR" : "SEK";
            long rate = switch (model) {
                case CPM -> (20_000 + r.nextInt(130_000)) * 1000L; // 20.000-150.000, at most 3 decimals
                case CPC -> (150 + r.nextInt(2_350)) * 10_000L; // 1.50-25.00
                case CPL -> (40 + r.nextInt(360)) * Money.MICROS; // 40-400
                case CPA -> (150 + r.nextInt(1_350)) * Money.MICROS; // 150-1500
            };
            double ctr = ch.ctrLow() + r.nextDouble() * (ch.ctrHigh() - ch.ctrLow());
            double leadRate = 0.03 + r.nextDouble() * 0.12;
            double saleRate = 0.10 + r.nextDouble() * 0.30;
            double order = 300 + r.nextDouble() * 1_700;
            long budget = (2_000 + r.nextInt(48_000)) * Money.MICROS;
            long targetCpa = (100 + r.nextInt(900)) * Money.MICROS;
            String id = String.format("cmp-%05d", i + 1);
            String name = THEMES[r.nextInt(THEMES.length)] + " " + ch.name() + " " + (i + 1);
            double weight = 1.0 / Math.pow(i + 1, 0.6);
            // The busiest search campaign (many clicks, so its test moves fast) tests a variant with a real
            // lift, the next search campaign an A/A; one in ten others run A/A tests too.
            int experiment = SimCampaign.NO_EXPERIMENT;
            if ("search".equals(ch.name()) && !lift) {
                experiment = SimCampaign.LIFT;
                lift = true;
            } else if ("search".equals(ch.name()) && !aa) {
                experiment = SimCampaign.A_A;
                aa = true;
            } else if (i % 10 == 0) {
                experiment = SimCampaign.A_A;
            }
            out.add(new SimCampaign(id, name, ch.name(), model, rate, currency, budget, targetCpa, weight, ctr,
                    leadRate, saleRate, order, "search".equals(ch.name()), experiment));
        }
        return out;
    }

    private static ChannelProfile pickChannel(Random r) {
        double x = r.nextDouble();
        for (ChannelProfile c : CHANNELS) {
            x -= c.share();
            if (x < 0) {
                return c;
            }
        }
        return CHANNELS.get(0);
    }

    /** A plain decimal for JSON: whole micros, no exponent. */
    static String decimal(long micros) {
        return Money.format(micros);
    }
}
