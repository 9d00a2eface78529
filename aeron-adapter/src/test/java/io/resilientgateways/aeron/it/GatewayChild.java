package io.resilientgateways.aeron.it;

import io.resilientgateways.aeron.node.ChildJvm;

import io.resilientgateways.aeron.client.GatewayProcess;
import io.resilientgateways.aeron.security.ClientCredentials;
import org.agrona.IoUtil;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A gateway in a separate JVM ({@link GatewayProcess}), with the Agrona flags and this JVM's class path. Its
 * output lines are parsed into the tasks it holds. A shutdown hook kills it if the test does not.
 */
final class GatewayChild implements AutoCloseable
{
    final Process process;
    final String aeronDir;
    final Map<String, Long> held = new ConcurrentHashMap<>();
    volatile boolean registered;

    GatewayChild(
        final String name, final String endpoints, final String credentials, final String aeronDir,
        final long sessionTimeoutMs, final long keepaliveMs) throws IOException
    {
        this.aeronDir = aeronDir;
        final List<String> cmd = ChildJvm.command(GatewayProcess.class, List.of(
            name, endpoints, "-".equals(credentials) ? "-" : "env", aeronDir, Long.toString(sessionTimeoutMs),
            Long.toString(keepaliveMs), "API_GATEWAY"));
        final ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true);
        builder.environment().put(ClientCredentials.ENVIRONMENT_VARIABLE, credentials); // never on the command line
        process = builder.start();
        final Process p = process;
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
        final Thread reader = new Thread(() -> read(p), "child-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    private void read(final Process p)
    {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while (null != (line = in.readLine()))
            {
                final String[] parts = line.split(" ");
                switch (parts[0])
                {
                    case "OPEN" -> held.put(parts[1], Long.parseLong(parts[2]));
                    case "CLOSE" -> held.remove(parts[1]);
                    case "REGISTERED" -> registered = true;
                    case "READY", "FENCED" ->
                    {
                    }
                    default -> System.out.println("[child] " + line);
                }
            }
        }
        catch (final IOException ignore)
        {
        }
    }

    /**
     * SIGKILL: the process gets no chance to say goodbye.
     */
    void kill() throws InterruptedException
    {
        process.destroyForcibly();
        process.waitFor();
    }

    public void close() throws InterruptedException
    {
        kill();
        IoUtil.delete(new File(aeronDir), true);
    }
}
