package io.resilientgateways.examples.chaos;

import io.resilientgateways.aeron.node.ChildJvm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One child JVM of a chaos run: its output lines with the time they arrived, and the signals a fault sends
 * (SIGKILL, SIGSTOP, SIGCONT). A JVM-wide shutdown hook kills it if the run does not.
 */
final class Proc implements AutoCloseable
{
    record Line(long nanoTime, String text)
    {
    }

    final String name;
    final List<Line> lines = new CopyOnWriteArrayList<>();
    private final Process process;
    private final Thread hook;
    private volatile boolean stopped;

    Proc(final String name, final Class<?> main, final int heapMb, final List<String> args,
        final Consumer<String> echo) throws IOException
    {
        this(name, main, heapMb, args, echo, (line) -> {});
    }

    Proc(final String name, final Class<?> main, final int heapMb, final List<String> args,
        final Consumer<String> echo, final Consumer<String> onLine) throws IOException
    {
        this.name = name;
        process = new ProcessBuilder(ChildJvm.command(main, heapMb, args)).redirectErrorStream(true).start();
        final Process p = process;
        hook = new Thread(p::destroyForcibly, "kill-" + name);
        Runtime.getRuntime().addShutdownHook(hook);
        final Thread reader = new Thread(() ->
        {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8)))
            {
                String line;
                while (null != (line = in.readLine()))
                {
                    lines.add(new Line(System.nanoTime(), line));
                    onLine.accept(line);
                    echo.accept(name + " | " + line);
                }
            }
            catch (final IOException ignore)
            {
                // gone
            }
        }, "out-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Write one line to its standard input.
     */
    void send(final String line) throws IOException
    {
        final java.io.OutputStream in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
        in.flush();
    }

    long pid()
    {
        return process.pid();
    }

    boolean isAlive()
    {
        return process.isAlive();
    }

    boolean stopped()
    {
        return stopped;
    }

    /**
     * @param from  first line index to look at.
     * @param match what to find.
     * @return the index of the first matching line at or after {@code from}, or -1.
     */
    int find(final int from, final Predicate<String> match)
    {
        for (int i = from; i < lines.size(); i++)
        {
            if (match.test(lines.get(i).text()))
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * @return the index of the first matching line at or after {@code from}, waiting up to the timeout; -1 if none.
     */
    int await(final int from, final Predicate<String> match, final long timeoutMs) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true)
        {
            final int i = find(from, match);
            if (i >= 0 || System.nanoTime() - deadline > 0)
            {
                return i;
            }
            Thread.sleep(10);
        }
    }

    void sigkill() throws InterruptedException
    {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    void sigstop() throws IOException, InterruptedException
    {
        signal("STOP");
        stopped = true;
    }

    void sigcont() throws IOException, InterruptedException
    {
        signal("CONT");
        stopped = false;
    }

    /**
     * SIGTERM (a graceful stop), waiting up to the timeout, then SIGKILL.
     */
    void terminate(final long timeoutMs) throws InterruptedException
    {
        if (stopped)
        {
            try
            {
                sigcont();
            }
            catch (final IOException ignore)
            {
                // killed below anyway
            }
        }
        process.destroy();
        if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS))
        {
            sigkill();
        }
    }

    public void close() throws InterruptedException
    {
        if (stopped)
        {
            try
            {
                sigcont();
            }
            catch (final IOException ignore)
            {
                // killed below anyway
            }
        }
        sigkill();
        try
        {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        catch (final IllegalStateException ignore)
        {
            // shutting down: the hook runs anyway
        }
    }

    private void signal(final String signal) throws IOException, InterruptedException
    {
        final Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
            .redirectErrorStream(true).start();
        if (!kill.waitFor(5, TimeUnit.SECONDS) || 0 != kill.exitValue())
        {
            throw new IOException("kill -" + signal + " " + process.pid() + " failed");
        }
    }
}
