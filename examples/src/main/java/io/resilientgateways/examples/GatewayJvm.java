package io.resilientgateways.examples;

import io.resilientgateways.aeron.security.ClientCredentials;
import io.resilientgateways.aeron.node.ChildJvm;

import io.resilientgateways.examples.gateway.ApiGateway;
import org.agrona.IoUtil;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * An {@link ApiGateway} in its own JVM (this JVM's {@code java.home} and class path, the Agrona flags), its output
 * lines handed to a callback. {@link #kill()} is SIGKILL: no goodbye, no cleanup in the child; {@link #close()}
 * kills and deletes its media driver directory. A JVM-wide shutdown hook kills it if nobody else does.
 */
final class GatewayJvm implements AutoCloseable
{
    record Event(long nanoTime, String line)
    {
    }

    final String name;
    final List<Event> events = new CopyOnWriteArrayList<>();
    private final Process process;
    private final String aeronDir;
    private final Thread hook;
    private volatile boolean registered;

    GatewayJvm(
        final String name,
        final List<String> gatewayArgs,
        final String credentials,
        final String aeronDir,
        final BiConsumer<String, String> onLine) throws IOException
    {
        this.name = name;
        this.aeronDir = aeronDir;
        final List<String> args = new ArrayList<>(List.of("--name", name, "--aeron-dir", aeronDir));
        args.addAll(gatewayArgs);
        final List<String> cmd = ChildJvm.command(ApiGateway.class, args);
        final ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true);
        builder.environment().put(ClientCredentials.ENVIRONMENT_VARIABLE, credentials); // not argv: ps shows it
        process = builder.start();
        final Process p = process;
        hook = new Thread(p::destroyForcibly, "kill-" + name);
        Runtime.getRuntime().addShutdownHook(hook);
        final Thread reader = new Thread(() -> read(p, onLine), "out-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    boolean registered()
    {
        return registered;
    }

    boolean isAlive()
    {
        return process.isAlive();
    }

    long pid()
    {
        return process.pid();
    }

    long count(final String kind)
    {
        return events.stream().filter((e) -> e.line().startsWith(kind + " ")).count();
    }

    /**
     * SIGKILL, and wait until the process is gone.
     */
    void kill() throws InterruptedException
    {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    public void close() throws InterruptedException
    {
        kill();
        IoUtil.delete(new File(aeronDir), true);
        try
        {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        catch (final IllegalStateException ignore)
        {
            // shutting down already: the hook runs anyway
        }
    }

    private void read(final Process p, final BiConsumer<String, String> onLine)
    {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while (null != (line = in.readLine()))
            {
                events.add(new Event(System.nanoTime(), line));
                if (line.startsWith("REGISTERED "))
                {
                    registered = true;
                }
                onLine.accept(name, line);
            }
        }
        catch (final IOException ignore)
        {
            // the process is gone
        }
    }
}
