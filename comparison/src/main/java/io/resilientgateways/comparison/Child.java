package io.resilientgateways.comparison;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A child JVM started by the harness: its output goes to a log file and is kept in memory so that the harness can
 * wait for a line ({@code READY}); signals are sent with {@code kill}.
 */
final class Child implements AutoCloseable
{
    /** Each line of a child's log file starts with the harness's UTC time of reading it, to the millisecond. */
    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private final String name;
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread pump;

    private Child(final String name, final Process process, final Path log) throws IOException
    {
        this.name = name;
        this.process = process;
        final PrintWriter writer = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true);
        this.pump = new Thread(() -> pump(writer), "pump-" + name);
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * @param name      for logs.
     * @param mainClass run on this JVM's class path.
     * @param xmx       heap, e.g. "128m".
     * @param args      program arguments.
     * @param logDir    where {@code name.log} goes.
     * @return the started child.
     * @throws IOException if it cannot be started.
     */
    static Child startJvm(
        final String name, final String mainClass, final String xmx, final List<String> args, final Path logDir)
        throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:+UseSerialGC");
        command.add("-Xmx" + xmx);
        command.add("--add-exports");
        command.add("java.base/jdk.internal.misc=ALL-UNNAMED");
        command.add("--add-opens");
        command.add("java.base/sun.nio.ch=ALL-UNNAMED");
        command.add("--add-opens");
        command.add("java.base/java.util.zip=ALL-UNNAMED");
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        command.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        return start(name, command, logDir);
    }

    static Child start(final String name, final List<String> command, final Path logDir) throws IOException
    {
        Files.createDirectories(logDir);
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Path log = logDir.resolve(name + ".log");
        for (int incarnation = 2; Files.exists(log); incarnation++)
        {
            log = logDir.resolve(name + "-" + incarnation + ".log"); // a restarted gateway keeps its old log
        }
        return new Child(name, process, log);
    }

    String name()
    {
        return name;
    }

    long pid()
    {
        return process.pid();
    }

    boolean isAlive()
    {
        return process.isAlive();
    }

    /**
     * @param match   a predicate on one output line.
     * @param timeout how long to wait.
     * @param unit    its unit.
     * @return the first line (from the start of the output) that matches.
     * @throws IllegalStateException if none appears in time or the process ends first.
     */
    String awaitLine(final Predicate<String> match, final long timeout, final TimeUnit unit)
    {
        final long deadline = System.nanoTime() + unit.toNanos(timeout);
        int seen = 0;
        while (true)
        {
            synchronized (lines)
            {
                for (; seen < lines.size(); seen++)
                {
                    if (match.test(lines.get(seen)))
                    {
                        return lines.get(seen);
                    }
                }
                final long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && !pump.isAlive()))
                {
                    throw new IllegalStateException(name + ": expected line not seen (alive=" + process.isAlive() +
                        "), last lines: " + lines.subList(Math.max(0, lines.size() - 10), lines.size()));
                }
                try
                {
                    lines.wait(Math.max(1, Math.min(100, TimeUnit.NANOSECONDS.toMillis(left))));
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(ex);
                }
            }
        }
    }

    List<String> lines()
    {
        synchronized (lines)
        {
            return new ArrayList<>(lines);
        }
    }

    /**
     * @param signal e.g. "STOP", "CONT", "KILL", "TERM".
     */
    void signal(final String signal)
    {
        try
        {
            final Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                .redirectErrorStream(true).start();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0)
            {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
            }
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /**
     * SIGTERM, then SIGKILL if it has not ended in time.
     *
     * @param timeoutMs grace period.
     * @return true if it ended by itself after SIGTERM.
     */
    boolean stop(final long timeoutMs)
    {
        if (!process.isAlive())
        {
            return true;
        }
        // not Process.destroy(): it closes our end of the child's output, losing the lines it prints on the way out
        try
        {
            signal("TERM");
        }
        catch (final IllegalStateException ex)
        {
            // it ended meanwhile
        }
        try
        {
            if (process.waitFor(timeoutMs, TimeUnit.MILLISECONDS))
            {
                pump.join(1_000);
                return true;
            }
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            pump.join(1_000);
            return false;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return false;
        }
    }

    void waitForExit(final long timeoutMs)
    {
        try
        {
            process.waitFor(timeoutMs, TimeUnit.MILLISECONDS);
            pump.join(1_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close()
    {
        if (process.isAlive())
        {
            // a stopped (SIGSTOP) process ignores SIGTERM until continued; SIGKILL always works
            process.destroyForcibly();
            try
            {
                process.waitFor(5, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void pump(final PrintWriter writer)
    {
        try (BufferedReader in = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)); writer)
        {
            String line;
            while (null != (line = in.readLine()))
            {
                writer.println(STAMP.format(Instant.now()) + " " + line); // the log file only: matching sees the line
                synchronized (lines)
                {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        }
        catch (final IOException ignore)
        {
            // process gone
        }
        finally
        {
            synchronized (lines)
            {
                lines.notifyAll();
            }
        }
    }
}
