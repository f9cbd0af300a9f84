package io.campaignpulse.config;

/** A bad setting: the message is one line naming the key and what is accepted. */
public final class SettingsException extends RuntimeException {
    private final String key;

    public SettingsException(String key, String message) {
        super("Invalid setting '" + key + "': " + message);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
