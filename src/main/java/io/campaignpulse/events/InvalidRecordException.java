package io.campaignpulse.events;

/** A record that breaks an input rule: its reason code and a sentence naming the field. */
public final class InvalidRecordException extends Exception {
    private final Reason reason;

    public InvalidRecordException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
