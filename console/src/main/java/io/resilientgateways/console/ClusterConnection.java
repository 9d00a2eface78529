package io.resilientgateways.console;

import io.aeron.cluster.client.AeronCluster;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.security.CredentialsSupplier;
import io.resilientgateways.aeron.client.AdminClient;
import io.resilientgateways.aeron.security.ClientCredentials;
import org.agrona.CloseHelper;
import org.agrona.concurrent.SleepingMillisIdleStrategy;

import java.io.File;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * How the console and rgctl reach the cluster: its ingress endpoints, the admin credentials, and a media driver (an
 * existing one's directory, or a small embedded one in a private temporary directory, deleted on close).
 * <p>
 * Not thread-safe.
 */
final class ClusterConnection implements AutoCloseable
{
    private final String ingressEndpoints;
    private final String credentials;
    private final String operator;
    private final String aeronDir;
    private MediaDriver driver;

    /**
     * @param ingressEndpoints Aeron's ingress endpoints, e.g. {@code 0=host:9002,1=host:9012,2=host:9022}.
     * @param credentials      {@code role:name:secret} of an admin principal.
     * @param operator         the operator name sent with commands (empty: none).
     * @param aeronDir         a running media driver's directory, or null to embed one.
     */
    ClusterConnection(final String ingressEndpoints, final String credentials, final String operator,
        final String aeronDir)
    {
        this.ingressEndpoints = ingressEndpoints;
        this.credentials = credentials;
        this.operator = null == operator ? "" : operator;
        this.aeronDir = aeronDir;
    }

    String ingressEndpoints()
    {
        return ingressEndpoints;
    }

    /**
     * @return a connected admin client (the caller closes it).
     * @throws RuntimeException if the cluster cannot be reached.
     */
    AdminClient connect()
    {
        final CredentialsSupplier supplier = null == credentials || credentials.isEmpty() ? null :
            ClientCredentials.fixed(credentials);
        final AeronCluster.Context ctx = new AeronCluster.Context()
            .aeronDirectoryName(aeronDirectory())
            .ingressChannel("aeron:udp?term-length=128k")
            .ingressEndpoints(ingressEndpoints)
            .egressChannel("aeron:udp?endpoint=localhost:0|term-length=128k")
            .messageTimeoutNs(TimeUnit.SECONDS.toNanos(5))
            .newLeaderTimeoutNs(TimeUnit.SECONDS.toNanos(5)); // not Aeron's 2 x heartbeat timeout: docs/operations.md
        if (null != supplier)
        {
            ctx.credentialsSupplier(supplier);
        }
        try
        {
            return AdminClient.connect(ctx).operator(operator);
        }
        catch (final RuntimeException ex)
        {
            ctx.close();
            throw ex;
        }
    }

    private String aeronDirectory()
    {
        if (null != aeronDir)
        {
            return aeronDir;
        }
        if (null == driver)
        {
            final File shm = new File("/dev/shm");
            final String base = shm.isDirectory() ? shm.getPath() : System.getProperty("java.io.tmpdir");
            driver = MediaDriver.launch(new MediaDriver.Context()
                .aeronDirectoryName(base + File.separator + "rg-console-" + UUID.randomUUID())
                .threadingMode(ThreadingMode.SHARED)
                .sharedIdleStrategy(new SleepingMillisIdleStrategy(1))
                .termBufferSparseFile(true)
                .publicationTermBufferLength(64 * 1024)
                .ipcTermBufferLength(64 * 1024)
                .asyncExecutorEnabled(false)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true));
        }
        return driver.aeronDirectoryName();
    }

    public void close()
    {
        CloseHelper.quietClose(driver);
        driver = null;
    }
}
