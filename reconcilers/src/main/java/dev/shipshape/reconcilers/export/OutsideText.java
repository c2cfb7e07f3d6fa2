package dev.shipshape.reconcilers.export;

import dev.shipshape.model.plan.Redact;
import dev.shipshape.reconcilers.files.ProjectPaths;

import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Makes text shipshape did not write (a container's health-check output, a commit's subject) fit to show in
 * errors, status.json, /status, notifications and logs: control characters and ANSI escapes out (they would
 * reach the terminal of {@code shipshape status}), then every value of the project's secrets
 * (generated-secret.yaml and user-secret) replaced by {@value Redact#MASK}, as rendered content is
 * ({@link SecretScanner}). Controls go first, so an escape inside a secret cannot hide it from the scan.
 */
public final class OutsideText implements UnaryOperator<String> {
    private final ProjectPaths paths;
    private final ConfigLoader config;
    /** Loaded on first use: most health waits never quote an output. */
    private SecretScanner scanner;

    private OutsideText(ProjectPaths paths, ConfigLoader config) {
        this.paths = paths;
        this.config = config;
    }

    /** For the project in {@code paths}; its secret files are read when the first text is cleaned. */
    public static OutsideText of(ProjectPaths paths) {
        return new OutsideText(paths, new ConfigLoader());
    }

    /** Only the control characters: for text of no project (nothing to redact against). */
    public static UnaryOperator<String> controlsOnly() {
        return Redact::controls;
    }

    /** For tests and callers that hold the secrets already. */
    static OutsideText withSecrets(Map<String, Object> secrets) {
        OutsideText t = new OutsideText(null, null);
        t.scanner = SecretScanner.of(secrets);
        return t;
    }

    @Override
    public synchronized String apply(String text) {
        if (text == null) {
            return null;
        }
        String plain = Redact.controls(text);
        if (scanner == null) {
            try {
                scanner = SecretScanner.of(config.loadSecrets(paths));
            } catch (RuntimeException e) {
                // The text may hold a secret we cannot recognise now: withhold it rather than risk it.
                return "(output withheld: the project's secret files could not be read to redact it)";
            }
        }
        return scanner.redact(plain);
    }
}
