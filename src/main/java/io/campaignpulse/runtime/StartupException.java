package io.campaignpulse.runtime;

/** The service cannot start for a reason outside its settings' syntax (a port, a cluster); one line. */
public final class StartupException extends RuntimeException {
    public StartupException(String message) {
        super(message);
    }
}
