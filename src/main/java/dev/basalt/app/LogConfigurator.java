package dev.basalt.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.classic.spi.Configurator;

/**
 * Logging set up in code (found through {@code META-INF/services}): one stderr appender, level from
 * {@code BASALT_LOG_LEVEL} (default INFO), noisy libraries at WARN. Configuring in code instead of
 * XML takes a few hundred milliseconds off the start.
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level %logger{20} - %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName("STDERR");
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        String level = System.getenv("BASALT_LOG_LEVEL");
        root.setLevel(Level.toLevel(level == null ? "INFO" : level, Level.INFO));
        root.addAppender(appender);
        for (String quiet : new String[] {"org.eclipse.jetty", "io.javalin", "com.zaxxer.hikari", "org.jooq"}) {
            context.getLogger(quiet).setLevel(Level.WARN);
        }
        // jOOQ's open-source dialects name only the newest server versions and warn at every start on
        // older ones (PostgreSQL 15, MariaDB 10.11) that Basalt supports and tests
        context.getLogger("org.jooq.impl.DefaultExecuteContext.logVersionSupport").setLevel(Level.ERROR);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
