package dev.shipshape.controller.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * shipshape's logging, set up in code: every command pays for logging set-up at start, and
 * parsing an XML configuration costs a short command like {@code plan} about a tenth of a second.
 * Logs go to stderr, so a command's own output on stdout stays parseable. {@code
 * SHIPSHAPE_LOG_LEVEL} sets shipshape's level (default WARN); {@code -Dlogback.configurationFile=...}
 * (in SHIPSHAPE_JAVA_OPTS) replaces all of this with a logback file.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_TOP_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {
    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
        context.getLogger("com.github.dockerjava").setLevel(Level.WARN);
        // docker-java logs every failed pull with a stack trace; shipshape's own warning says what failed
        context.getLogger("com.github.dockerjava.api.async.ResultCallbackTemplate").setLevel(Level.OFF);
        context.getLogger("dev.shipshape").setLevel(Level.toLevel(System.getenv("SHIPSHAPE_LOG_LEVEL"), Level.WARN));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
