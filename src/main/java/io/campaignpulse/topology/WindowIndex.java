package io.campaignpulse.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The windows of a {@link WindowTable} by size and start, open and closed (retained for late
 * revisions) apart, so that closing and expiry visit only the windows that are due.
 */
final class WindowIndex {
    private final List<TreeMap<Long, List<WindowKey>>> open = new ArrayList<>();
    private final List<TreeMap<Long, List<WindowKey>>> closed = new ArrayList<>();

    WindowIndex(int sizes) {
        for (int i = 0; i < sizes; i++) {
            open.add(new TreeMap<>());
            closed.add(new TreeMap<>());
        }
    }

    void add(WindowKey key, boolean isClosed) {
        (isClosed ? closed : open).get(key.sizeIndex()).computeIfAbsent(key.start(), s -> new ArrayList<>()).add(key);
    }

    void remove(WindowKey key, boolean isClosed) {
        TreeMap<Long, List<WindowKey>> m = (isClosed ? closed : open).get(key.sizeIndex());
        List<WindowKey> keys = m.get(key.start());
        if (keys != null) {
            keys.remove(key);
            if (keys.isEmpty()) {
                m.remove(key.start());
            }
        }
    }

    /** The open windows of a size starting at or before {@code lastStart}; clear the view once handled. */
    NavigableMap<Long, List<WindowKey>> openUpTo(int size, long lastStart) {
        return open.get(size).headMap(lastStart, true);
    }

    /** The closed windows of a size starting at or before {@code lastStart}; clear the view once handled. */
    NavigableMap<Long, List<WindowKey>> closedUpTo(int size, long lastStart) {
        return closed.get(size).headMap(lastStart, true);
    }

    void clear() {
        open.forEach(TreeMap::clear);
        closed.forEach(TreeMap::clear);
    }
}
