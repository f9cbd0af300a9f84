package io.campaignpulse.query;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/** The union of this instance's view stores of one name, looked up anew at each call. */
record LocalReader(Supplier<List<KpiReader>> stores) implements KpiReader {
    @Override
    public byte[] total(String id) {
        for (KpiReader r : stores.get()) {
            byte[] b = r.total(id);
            if (b != null) {
                return b;
            }
        }
        return null;
    }

    @Override
    public List<byte[]> totals() {
        List<byte[]> out = new ArrayList<>();
        stores.get().forEach(r -> out.addAll(r.totals()));
        return out;
    }

    @Override
    public List<byte[]> windows(String size, String id, long from, long to) {
        for (KpiReader r : stores.get()) {
            List<byte[]> w = r.windows(size, id, from, to);
            if (!w.isEmpty()) {
                return w; // one task owns a key
            }
        }
        return List.of();
    }

    @Override
    public List<byte[]> windowAt(String size, long start) {
        List<byte[]> out = new ArrayList<>();
        stores.get().forEach(r -> out.addAll(r.windowAt(size, start)));
        return out;
    }

    @Override
    public byte[] experiment(String campaignId) {
        for (KpiReader r : stores.get()) {
            byte[] b = r.experiment(campaignId);
            if (b != null) {
                return b;
            }
        }
        return null;
    }

    @Override
    public List<byte[]> experiments() {
        List<byte[]> out = new ArrayList<>();
        stores.get().forEach(r -> out.addAll(r.experiments()));
        return out;
    }

    @Override
    public List<byte[]> alerts() {
        List<byte[]> out = new ArrayList<>();
        stores.get().forEach(r -> out.addAll(r.alerts()));
        return Collections.unmodifiableList(out);
    }
}
