package io.campaignpulse.runtime;

import io.campaignpulse.config.Settings;
import io.campaignpulse.config.SettingsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * This instance's stable name in the consumer group ({@code group.instance.id}, static
 * membership): {@code <application.id>-<instance.id>}. Without {@code instance.id} a generated
 * name is kept in the state directory, so the same instance (same state directory) comes back
 * under the same name. A restarted member with the same name takes its place at once instead of
 * waiting for the dead one's session to time out.
 */
final class InstanceId {
    private InstanceId() {
    }

    static String of(Settings s) {
        String id = s.operations().instanceId();
        if (id.isEmpty()) {
            Path file = s.stateDir().resolve(s.applicationId() + ".instance-id");
            try {
                if (Files.exists(file)) {
                    id = Files.readString(file, StandardCharsets.UTF_8).strip();
                } else {
                    id = "i" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
                    Files.createDirectories(file.toAbsolutePath().getParent());
                    Files.writeString(file, id + "\n", StandardCharsets.UTF_8);
                }
            } catch (IOException e) {
                throw new SettingsException("state.dir", "cannot keep this instance's name in " + file + ": " + e);
            }
            if (!id.matches("[A-Za-z0-9._-]{1,100}")) {
                throw new SettingsException("instance.id", "the name kept in " + file + " ('" + id
                        + "') is not valid; delete the file or set instance.id");
            }
        }
        return s.applicationId() + "-" + id;
    }
}
