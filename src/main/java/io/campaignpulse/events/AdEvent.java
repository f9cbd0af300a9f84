package io.campaignpulse.events;

import io.campaignpulse.kpi.EventKind;

/**
 * One parsed, validated input event. Mutable and reused by the parser on the hot path; copy what
 * must outlive the next parse. Absent optional numbers are -1.
 */
public final class AdEvent {
    public EventKind kind;
    public String eventId;
    /** Event time in epoch ms, or -1 when the event has no {@code timestamp}. */
    public long timestampMs;
    public String campaignId;
    /** The event's own channel, or null. */
    public String channel;
    public long costMicros;
    public long revenueMicros;
    /** The event's currency, or null. */
    public String currency;
    /** The event's user, or null. */
    public String userId;
    /** The experiment arm the event belongs to, or null. */
    public String variant;
    /** The click the event came from (attribution, CONTRACT section 11), or null. */
    public String clickId;

    void reset(EventKind expected) {
        kind = expected;
        eventId = null;
        timestampMs = -1;
        campaignId = null;
        channel = null;
        costMicros = -1;
        revenueMicros = -1;
        currency = null;
        userId = null;
        variant = null;
        clickId = null;
    }
}
