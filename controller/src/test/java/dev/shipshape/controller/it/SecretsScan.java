package dev.shipshape.controller.it;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.AppenderBase;
import dev.shipshape.model.Yaml;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks that no secret value ever shows where people look: every log event of the test's JVM (a
 * Logback appender on the root logger, shipshape's own loggers at DEBUG while it is attached), the
 * stdout and stderr of CLI runs, status.json, /status, /metrics and exception messages a test adds.
 * Failures name the source and the secret's key, never the value.
 */
final class SecretsScan implements AutoCloseable {
    /** Values this short are ordinary text ("yes", a port); the generated secrets are 32+ characters. */
    static final int MIN_LENGTH = 6;

    private final List<Captured> captured = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Appender appender = new Appender();
    private final Logger shipshape = (Logger) LoggerFactory.getLogger("dev.shipshape");
    private final Level previousLevel;

    private record Captured(String source, String text) {
    }

    private SecretsScan() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        appender.setContext(root.getLoggerContext());
        appender.setName("secrets-scan");
        appender.start();
        root.addAppender(appender);
        previousLevel = shipshape.getLevel();
        shipshape.setLevel(Level.DEBUG);
    }

    /** Starts capturing logs; close() detaches. */
    static SecretsScan start() {
        return new SecretsScan();
    }

    void add(String source, String text) {
        if (text != null) {
            captured.add(new Captured(source, text));
        }
    }

    void add(String source, TestProject.Run run) {
        add(source + " stdout", run.out());
        add(source + " stderr", run.err());
    }

    void add(String source, Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            add(source + " " + c.getClass().getSimpleName(), String.valueOf(c.getMessage()));
        }
    }

    void addFile(String source, Path file) {
        try {
            if (Files.isRegularFile(file)) {
                add(source, Files.readString(file, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int logEvents() {
        return appender.events;
    }

    /**
     * Fails when any secret of {@code projectDir} (every value of generated-secret.yaml and of the
     * decoded user-secret) or any of {@code extra} appears in what was captured.
     */
    void assertNoSecretsOf(Path projectDir, String... extra) {
        Map<String, String> secrets = secretValues(projectDir);
        for (int i = 0; i < extra.length; i++) {
            secrets.put("extra[" + i + "]", extra[i]);
        }
        assertNoSecrets(secrets);
    }

    void assertNoSecrets(Map<String, String> secretsByKey) {
        if (secretsByKey.isEmpty()) {
            throw new AssertionError("no secrets to look for: the scan would prove nothing");
        }
        List<String> found = new ArrayList<>();
        synchronized (captured) {
            for (Captured c : captured) {
                secretsByKey.forEach((key, value) -> {
                    if (value.length() >= MIN_LENGTH && c.text().contains(value)) {
                        found.add("secret " + key + " appears in " + c.source());
                    }
                });
            }
        }
        if (!found.isEmpty()) {
            throw new AssertionError("secret values leaked (values not shown):\n  " + String.join("\n  ", new LinkedHashSet<>(found)));
        }
    }

    /** key -> value of every secret of the project folder (generated-secret.yaml, user-secret). */
    static Map<String, String> secretValues(Path projectDir) {
        Map<String, String> out = new java.util.TreeMap<>();
        try {
            Path generated = projectDir.resolve("generated-secret.yaml");
            if (Files.isRegularFile(generated)) {
                flatten("generated-secret.yaml:", Yaml.readTree(generated.toString(), Files.readString(generated)), out);
            }
            Path user = projectDir.resolve("user-secret");
            if (Files.isRegularFile(user)) {
                String yaml = new String(Base64.getDecoder().decode(Files.readString(user).replaceAll("\\s+", "")),
                        StandardCharsets.UTF_8);
                flatten("user-secret:", Yaml.readTree(user.toString(), yaml), out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static void flatten(String prefix, Object node, Map<String, String> out) {
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> flatten(prefix + (prefix.endsWith(":") ? "" : ".") + k, v, out));
        } else if (node instanceof Collection<?> c) {
            int i = 0;
            for (Object v : c) {
                flatten(prefix + "[" + i++ + "]", v, out);
            }
        } else if (node != null) {
            out.put(prefix, node.toString());
        }
    }

    @Override
    public void close() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAppender(appender);
        appender.stop();
        shipshape.setLevel(previousLevel);
    }

    private final class Appender extends AppenderBase<ILoggingEvent> {
        volatile int events;

        @Override
        protected void append(ILoggingEvent e) {
            events++;
            StringBuilder sb = new StringBuilder(e.getFormattedMessage() == null ? "" : e.getFormattedMessage());
            for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                sb.append('\n').append(t.getClassName()).append(": ").append(t.getMessage());
                for (StackTraceElementProxy s : t.getStackTraceElementProxyArray()) {
                    sb.append("\n\t").append(s.getSTEAsString());
                }
            }
            add("log " + e.getLoggerName(), sb.toString());
        }
    }
}
