package io.resilientgateways.examples;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * One log format for every example process (node, gateway, trade entry, counterparty): java.util.logging, as the
 * library logs (no dependency in a library jar; bridge it to SLF4J or Log4j in your own processes), one line per
 * record on standard error:
 * <pre>
 * 2026-11-30T17:40:01.123Z INFO node-1 io.resilientgateways.aeron.node.BalancerNode cleared the mark file ...
 * </pre>
 * UTC timestamp (ISO-8601, milliseconds), level, process, logger, message, then the stack trace of a throwable on
 * the following lines. A process started with {@code -Djava.util.logging.config.file=...} keeps its own
 * configuration. The processes' event lines on standard output ({@code NODE ...}, {@code CP ...}, {@code READY}) are
 * their machine-readable protocol for the scripts and the chaos suite, and stay as they are.
 */
public final class ExampleLogging
{
    private ExampleLogging()
    {
    }

    /**
     * Log every record of this JVM in the one format, unless a logging configuration file was given.
     *
     * @param process the process's name in every line (e.g. {@code node-1}, {@code gw-2}).
     */
    public static void install(final String process)
    {
        if (null != System.getProperty("java.util.logging.config.file"))
        {
            return;
        }
        final Logger root = LogManager.getLogManager().getLogger("");
        for (final Handler handler : root.getHandlers())
        {
            root.removeHandler(handler);
        }
        final ConsoleHandler handler = new ConsoleHandler();
        handler.setLevel(Level.ALL);
        handler.setFormatter(new LineFormatter(process));
        root.addHandler(handler);
    }

    /**
     * {@code time level process logger message}, one line (plus a stack trace).
     */
    public static final class LineFormatter extends Formatter
    {
        private final String process;

        /**
         * @param process the process's name in every line.
         */
        public LineFormatter(final String process)
        {
            this.process = process.replace(' ', '_');
        }

        @Override
        public String format(final LogRecord record)
        {
            final StringBuilder line = new StringBuilder(128)
                .append(Instant.ofEpochMilli(record.getMillis()))
                .append(' ').append(record.getLevel().getName())
                .append(' ').append(process)
                .append(' ').append(null == record.getLoggerName() ? "-" : record.getLoggerName())
                .append(' ').append(formatMessage(record).replace('\n', ' '))
                .append(System.lineSeparator());
            if (null != record.getThrown())
            {
                final StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                line.append(trace);
            }
            return line.toString();
        }
    }
}
