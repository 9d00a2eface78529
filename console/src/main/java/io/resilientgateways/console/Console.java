package io.resilientgateways.console;

import io.resilientgateways.aeron.security.Principals;

import java.io.IOException;
import java.util.List;

/**
 * The operations console: connects to a cluster as an admin client and serves a web page, a JSON API and a live
 * event stream on {@code 127.0.0.1} by default. Read-only unless given an action token: then drain, move, add and
 * remove run from the page or the API for a request that presents the token and names its operator. A read-only
 * console given {@link Settings#viewerCredentials viewer credentials} connects with those, so the cluster itself
 * refuses any command it might send.
 * <pre>{@code
 * try (Console console = Console.start(new Console.Settings()
 *     .ingressEndpoints("0=localhost:9002,1=localhost:9012,2=localhost:9022")
 *     .credentials("admin:ops:secret")
 *     .port(8080)))
 * {
 *     System.out.println("console at " + console.url());
 *     ...
 * }
 * }</pre>
 * Thread-safe. See docs/console.md.
 */
public final class Console implements AutoCloseable
{
    /**
     * Where the cluster is and how the console serves. Fluent; not thread-safe.
     */
    public static final class Settings
    {
        private String ingressEndpoints;
        private String credentials;
        private String viewerCredentials;
        private String aeronDir;
        private String bindAddress = "127.0.0.1";
        private int port = 8080;
        private String actionToken;
        private List<String> memberAeronDirs = List.of();
        private long pollMs = 250;

        /**
         * @param ingressEndpoints the cluster's ingress endpoints, e.g. {@code 0=host:9002,1=host:9012,2=host:9022}.
         * @return this.
         */
        public Settings ingressEndpoints(final String ingressEndpoints)
        {
            this.ingressEndpoints = ingressEndpoints;
            return this;
        }

        /**
         * @param credentials an admin principal's {@code role:name:secret}.
         * @return this.
         */
        public Settings credentials(final String credentials)
        {
            this.credentials = credentials;
            return this;
        }

        /**
         * @param viewerCredentials a viewer principal's {@code role:name:secret} (the read-only role: queries, no
         *                          command); used instead of {@link #credentials} when there is no action token.
         * @return this.
         */
        public Settings viewerCredentials(final String viewerCredentials)
        {
            this.viewerCredentials = viewerCredentials;
            return this;
        }

        /**
         * @param aeronDir a running media driver's directory; null (the default) embeds one.
         * @return this.
         */
        public Settings aeronDir(final String aeronDir)
        {
            this.aeronDir = aeronDir;
            return this;
        }

        /**
         * @param bindAddress the address to listen on (default {@code 127.0.0.1}: this machine only).
         * @return this.
         */
        public Settings bindAddress(final String bindAddress)
        {
            this.bindAddress = bindAddress;
            return this;
        }

        /**
         * @param port the port (0: any free one; default 8080).
         * @return this.
         */
        public Settings port(final int port)
        {
            this.port = port;
            return this;
        }

        /**
         * @param actionToken the token an action request must present; null or empty (the default): read-only.
         * @return this.
         */
        public Settings actionToken(final String actionToken)
        {
            this.actionToken = actionToken;
            return this;
        }

        /**
         * @param memberAeronDirs each member's media driver directory on this machine, in member id order, to read
         *                        their Aeron counters (empty: the console sees only what its client sees).
         * @return this.
         */
        public Settings memberAeronDirs(final List<String> memberAeronDirs)
        {
            this.memberAeronDirs = List.copyOf(memberAeronDirs);
            return this;
        }

        /**
         * @param pollMs how often the history is followed (default 250 ms; workers and summary once a second).
         * @return this.
         */
        public Settings pollMs(final long pollMs)
        {
            this.pollMs = pollMs;
            return this;
        }
    }

    private final ClusterConnection connection;
    private final ClusterLink link;
    private final HistoryFeed feed;
    private final ConsoleServer server;

    private Console(final Settings s) throws IOException
    {
        if (null == s.ingressEndpoints)
        {
            throw new IllegalArgumentException("ingressEndpoints are required");
        }
        final boolean actions = null != s.actionToken && !s.actionToken.isEmpty();
        final boolean viewer = !actions && null != s.viewerCredentials && !s.viewerCredentials.isEmpty();
        final String credentials = viewer ? s.viewerCredentials : s.credentials;
        if (actions && null != credentials && credentials.startsWith(Principals.VIEWER + ":"))
        {
            throw new IllegalArgumentException("an action token needs admin credentials: a viewer may not send " +
                "commands (start without the token for a read-only console)");
        }
        connection = new ClusterConnection(s.ingressEndpoints, credentials, "", s.aeronDir);
        link = new ClusterLink(connection);
        feed = new HistoryFeed(link, s.pollMs);
        try
        {
            server = new ConsoleServer(s.bindAddress, s.port, link, feed, new MemberCounters(s.memberAeronDirs),
                s.actionToken);
        }
        catch (final IOException | RuntimeException ex)
        {
            feed.close();
            link.close();
            connection.close();
            throw ex;
        }
    }

    /**
     * @param settings where the cluster is and how to serve.
     * @return a running console (it connects, and reconnects, in the background).
     * @throws IOException if the port cannot be bound.
     */
    public static Console start(final Settings settings) throws IOException
    {
        return new Console(settings);
    }

    /**
     * @return the page's address, e.g. {@code http://127.0.0.1:8080/}.
     */
    public String url()
    {
        return "http://" + server.host() + ":" + server.port() + "/";
    }

    /**
     * @return the port it listens on.
     */
    public int port()
    {
        return server.port();
    }

    /**
     * Stop serving and disconnect.
     */
    public void close()
    {
        server.close();
        feed.close();
        link.close();
        connection.close();
    }
}
