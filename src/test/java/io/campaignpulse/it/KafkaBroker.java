package io.campaignpulse.it;

import io.campaignpulse.runtime.EmbeddedKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts the service's own embedded KRaft broker once per test class and hands it to tests as a
 * parameter. Data lives in a temporary directory removed afterwards.
 */
public final class KafkaBroker implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(KafkaBroker.class);

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        Path dir = Files.createTempDirectory("cp-broker");
        context.getStore(NS).put("dir", dir);
        context.getStore(NS).put("broker", EmbeddedKafka.start(dir, 0));
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        EmbeddedKafka broker = context.getStore(NS).remove("broker", EmbeddedKafka.class);
        if (broker != null) {
            broker.close();
        }
        Path dir = context.getStore(NS).remove("dir", Path.class);
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == EmbeddedKafka.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        return e.getStore(NS).get("broker", EmbeddedKafka.class);
    }
}
