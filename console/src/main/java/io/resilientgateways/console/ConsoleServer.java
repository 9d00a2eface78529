package io.resilientgateways.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.resilientgateways.aeron.client.AdminClient;
import io.resilientgateways.aeron.protocol.AdapterRejection;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The console's HTTP side on the JDK's {@code com.sun.net.httpserver}: the page and its assets, the JSON API, the
 * Server-Sent Events stream, and the actions (plan freely; execute only with the action token). Every answer about
 * the cluster comes through the {@link ClusterLink}; when it is down the API answers 503 and the page says so.
 * <p>
 * Thread-safe: requests run on a bounded pool (an SSE stream holds one thread while open).
 */
final class ConsoleServer implements AutoCloseable
{
    static final int MAX_BODY = 16 * 1024;
    private static final String WEB = "/io/resilientgateways/console/web/";

    private final ObjectMapper json = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    private final ClusterLink link;
    private final HistoryFeed feed;
    private final MemberCounters counters;
    private final Actions actions;
    private final byte[] actionToken;
    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final String uplotPath;
    private volatile boolean closing;

    ConsoleServer(
        final String bindAddress, final int port, final ClusterLink link, final HistoryFeed feed,
        final MemberCounters counters, final String actionToken) throws IOException
    {
        this.link = link;
        this.feed = feed;
        this.counters = counters;
        this.actions = new Actions(link);
        this.actionToken = null == actionToken || actionToken.isEmpty() ? null :
            actionToken.getBytes(StandardCharsets.UTF_8);
        this.uplotPath = "/META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
        executor = new ThreadPoolExecutor(2, 32, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), (r) ->
        {
            final Thread t = new Thread(r, "rg-console-http");
            t.setDaemon(true);
            return t;
        });
        server = HttpServer.create(new InetSocketAddress(bindAddress, port), 64);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    int port()
    {
        return server.getAddress().getPort();
    }

    String host()
    {
        return server.getAddress().getHostString();
    }

    boolean actionsEnabled()
    {
        return null != actionToken;
    }

    // ------------------------------------------------------------------------------------------- routing

    private void handle(final HttpExchange ex) throws IOException
    {
        try (ex)
        {
            final String path = ex.getRequestURI().getPath();
            final String method = ex.getRequestMethod();
            try
            {
                if (path.startsWith("/api/"))
                {
                    api(ex, method, path.substring(4));
                }
                else if ("GET".equals(method) || "HEAD".equals(method))
                {
                    asset(ex, path);
                }
                else
                {
                    error(ex, 405, "method " + method + " not allowed on " + path);
                }
            }
            catch (final ApiException e)
            {
                error(ex, e.status, e.getMessage());
            }
            catch (final IllegalArgumentException e)
            {
                error(ex, 400, e.getMessage());
            }
            catch (final AdminClient.QueryRefusedException e)
            {
                final int code = e.code();
                final int status = code == AdapterRejection.UNAUTHORISED ? 403 :
                    code == io.resilientgateways.core.RejectionCode.UNKNOWN_TASK.value() ||
                    code == io.resilientgateways.core.RejectionCode.UNKNOWN_WORKER.value() ? 404 : 400;
                error(ex, status, AdapterRejection.name(code) + ": " + e.getMessage());
            }
            catch (final ClusterLink.LinkDownException e)
            {
                error(ex, 503, e.getMessage());
            }
        }
    }

    private void api(final HttpExchange ex, final String method, final String path) throws IOException
    {
        final Map<String, String> q = query(ex);
        if ("/events".equals(path) && "GET".equals(method))
        {
            events(ex, q);
            return;
        }
        if (path.startsWith("/actions/"))
        {
            if (!"POST".equals(method))
            {
                throw new ApiException(405, "actions take POST");
            }
            action(ex, path.substring("/actions/".length()));
            return;
        }
        if (!"GET".equals(method))
        {
            throw new ApiException(405, "method " + method + " not allowed on /api" + path);
        }
        switch (path)
        {
            case "/describe" -> send(ex, 200, describe());
            case "/health" -> send(ex, 200, health());
            case "/workers" -> send(ex, 200, WorkerLoad.of(Queries.allWorkers(link)));
            case "/tasks" -> send(ex, 200, tasks(q));
            case "/history" -> send(ex, 200, history(q));
            case "/balance" -> send(ex, 200, feed.balance());
            default ->
            {
                if (path.startsWith("/tasks/"))
                {
                    final String task = URLDecoder.decode(path.substring("/tasks/".length()), StandardCharsets.UTF_8);
                    Actions.name("task", task);
                    final int n = intParam(q, "transitions", 20, 0, 500);
                    send(ex, 200, link.call((c) -> c.explain(task, n)));
                    return;
                }
                throw new ApiException(404, "no such resource: /api" + path);
            }
        }
    }

    private Map<String, Object> describe()
    {
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("cluster", link.call(AdminClient::describe));
        out.put("link", link.status());
        out.put("actionsEnabled", actionsEnabled());
        return out;
    }

    Map<String, Object> health()
    {
        final Map<String, Object> out = new LinkedHashMap<>();
        final ClusterLink.Status s = link.status();
        out.put("link", s);
        out.put("membersVisible", counters.configured());
        out.put("members", counters.read());
        out.put("sees", counters.configured() ?
            "each member's Aeron counters (role, election state, commit position, errors) from its cnc.dat, and the " +
                "leader as the cluster client sees it" :
            "the leader and term as the cluster client sees them; members' own counters need --member-aeron-dir " +
                "for each member on this machine");
        final AdminClient.ClusterInfo info = s.connected() ? feed.summary() : null;
        out.put("summary", info);
        out.put("verdict", Health.verdict(s.connected(), s.leaderMemberId(), info, counters.read()));
        return out;
    }

    private AdminClient.Page<AdminClient.TaskRecord> tasks(final Map<String, String> q)
    {
        final String owner = q.getOrDefault("worker", "");
        if (!owner.isEmpty())
        {
            Actions.name("worker", owner);
        }
        final String status = q.getOrDefault("status", "").toUpperCase(java.util.Locale.ROOT);
        if (!status.isEmpty() && !List.of("PENDING", "OPENING", "OPEN", "CLOSING", "RESERVED").contains(status))
        {
            throw new ApiException(400, "status must be one of PENDING, OPENING, OPEN, CLOSING, RESERVED: " + status);
        }
        final boolean stuck = boolParam(q, "stuck");
        final boolean pending = boolParam(q, "pending");
        final String reason = q.getOrDefault("reason", "");
        final String after = q.getOrDefault("after", "");
        if (!after.isEmpty())
        {
            Actions.name("after", after);
        }
        final int limit = intParam(q, "limit", 100, 1, 500);
        final String search = q.getOrDefault("q", "");
        if (search.isEmpty())
        {
            return link.call((c) -> c.tasks(owner, status, stuck, pending, reason, after, limit));
        }
        // a search matches the id, owner or target: follow pages until enough rows match
        final List<AdminClient.TaskRecord> rows = new ArrayList<>();
        String cursor = after;
        AdminClient.Page<AdminClient.TaskRecord> page;
        do
        {
            final String from = cursor;
            page = link.call((c) -> c.tasks(owner, status, stuck, pending, reason, from, 500));
            for (final AdminClient.TaskRecord t : page.rows())
            {
                if (rows.size() < limit && (t.task().contains(search) || t.owner().contains(search) ||
                    t.target().contains(search)))
                {
                    rows.add(t);
                }
            }
            cursor = page.next();
        }
        while (page.more() && rows.size() < limit);
        return new AdminClient.Page<>(rows, page.more(), page.more() ? cursor : "", 0, 0, page.clusterTime());
    }

    private AdminClient.Page<AdminClient.HistoryEvent> history(final Map<String, String> q)
    {
        final long since = longParam(q, "since", 0);
        final String task = q.getOrDefault("task", "");
        final String worker = q.getOrDefault("worker", "");
        if (!task.isEmpty())
        {
            Actions.name("task", task);
        }
        if (!worker.isEmpty())
        {
            Actions.name("worker", worker);
        }
        final int limit = intParam(q, "limit", 100, 1, 500);
        return link.call((c) -> c.historySince(since, task, worker, limit));
    }

    // ------------------------------------------------------------------------------------------- actions

    private void action(final HttpExchange ex, final String what) throws IOException
    {
        final JsonNode body = body(ex);
        final Actions.Request request = request(body);
        switch (what)
        {
            case "plan" -> send(ex, 200, actions.plan(request));
            case "execute" ->
            {
                if (null == actionToken)
                {
                    throw new ApiException(403, "this console is read-only: start it with an action token " +
                        "(--action-token-file) to run actions");
                }
                final String auth = ex.getRequestHeaders().getFirst("Authorization");
                final byte[] presented = null == auth || !auth.startsWith("Bearer ") ? null :
                    auth.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8);
                if (null == presented || !MessageDigest.isEqual(presented, actionToken))
                {
                    ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"rg-console\"");
                    throw new ApiException(401, "a valid action token is required (Authorization: Bearer ...)");
                }
                final String operator = text(body, "operator");
                Actions.name("operator", operator);
                final Actions.Outcome outcome = actions.execute(request, operator);
                // refused by the cluster: 409, or 403 when the console's own principal may not send commands
                final int status = outcome.accepted() ? 200 :
                    AdapterRejection.UNAUTHORISED == outcome.code() ? 403 : 409;
                send(ex, status, outcome);
            }
            default -> throw new ApiException(404, "no such action endpoint: " + what + " (plan or execute)");
        }
    }

    private JsonNode body(final HttpExchange ex) throws IOException
    {
        final byte[] bytes;
        try (InputStream in = ex.getRequestBody())
        {
            bytes = in.readNBytes(MAX_BODY + 1);
        }
        if (bytes.length > MAX_BODY)
        {
            throw new ApiException(413, "request body over " + MAX_BODY + " bytes");
        }
        try
        {
            final JsonNode node = json.readTree(bytes);
            if (null == node || !node.isObject())
            {
                throw new ApiException(400, "the body must be a JSON object");
            }
            return node;
        }
        catch (final JsonProcessingException e)
        {
            throw new ApiException(400, "malformed JSON: " + e.getOriginalMessage());
        }
    }

    private static Actions.Request request(final JsonNode body)
    {
        final List<String> known = List.of("action", "worker", "task", "weight", "requires", "operator");
        for (final Iterator<String> it = body.fieldNames(); it.hasNext(); )
        {
            final String f = it.next();
            if (!known.contains(f))
            {
                throw new ApiException(400, "unknown field '" + f + "' (known: " + known + ")");
            }
        }
        final JsonNode weight = body.get("weight");
        if (null != weight && !weight.isInt())
        {
            throw new ApiException(400, "'weight' must be an integer");
        }
        final List<String> requires = new ArrayList<>();
        final JsonNode caps = body.get("requires");
        if (null != caps)
        {
            if (!caps.isArray())
            {
                throw new ApiException(400, "'requires' must be an array of capability names");
            }
            for (final JsonNode c : caps)
            {
                if (!c.isTextual())
                {
                    throw new ApiException(400, "'requires' must be an array of capability names");
                }
                requires.add(c.asText());
            }
        }
        return new Actions.Request(text(body, "action"), text(body, "worker"), text(body, "task"),
            null == weight ? 0 : weight.asInt(), requires);
    }

    private static String text(final JsonNode body, final String field)
    {
        final JsonNode n = body.get(field);
        if (null == n || n.isNull())
        {
            return null;
        }
        if (!n.isTextual())
        {
            throw new ApiException(400, "'" + field + "' must be a string");
        }
        return n.asText();
    }

    // ------------------------------------------------------------------------------------------- events

    private void events(final HttpExchange ex, final Map<String, String> q) throws IOException
    {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(200, 0);
        final OutputStream out = ex.getResponseBody();
        final String lastEventId = ex.getRequestHeaders().getFirst("Last-Event-ID");
        long last = -1;
        try
        {
            out.write("retry: 1000\n\n".getBytes(StandardCharsets.UTF_8));
            if (null != lastEventId || q.containsKey("since"))
            {
                last = Long.parseLong(null != lastEventId ? lastEventId.trim() : q.get("since"));
            }
            else
            {
                for (final HistoryFeed.Entry e : feed.recent(50))
                {
                    last = write(out, e);
                }
            }
            long lastState = 0;
            while (!closing)
            {
                for (final HistoryFeed.Entry e : feed.awaitAfter(last, 500))
                {
                    last = write(out, e);
                }
                final long now = System.currentTimeMillis();
                if (now - lastState >= 1_000)
                {
                    lastState = now;
                    event(out, null, "state", state());
                }
                out.flush();
            }
        }
        catch (final IOException | NumberFormatException e)
        {
            // the page went away (or sent a bad Last-Event-ID): end this stream
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }

    private long write(final OutputStream out, final HistoryFeed.Entry e) throws IOException
    {
        if (null == e.event())
        {
            final Map<String, Object> gap = new LinkedHashMap<>();
            gap.put("seq", e.seq());
            gap.put("lost", e.gap());
            final long last = e.seq() + e.gap() - 1;
            event(out, last, "gap", gap);
            return last;
        }
        event(out, e.seq(), "history", e.event());
        return e.seq();
    }

    private Map<String, Object> state()
    {
        final Map<String, Object> s = new LinkedHashMap<>();
        final ClusterLink.Status status = link.status();
        s.put("link", status);
        s.put("feedError", feed.error());
        s.put("summary", status.connected() ? feed.summary() : null);
        s.put("workers", WorkerLoad.of(feed.workers()));
        s.put("members", counters.read());
        s.put("verdict", Health.verdict(status.connected(), status.leaderMemberId(), feed.summary(), counters.read()));
        s.put("actionsEnabled", actionsEnabled());
        return s;
    }

    private void event(final OutputStream out, final Long id, final String name, final Object data) throws IOException
    {
        final StringBuilder sb = new StringBuilder();
        if (null != id)
        {
            sb.append("id: ").append(id).append('\n');
        }
        sb.append("event: ").append(name).append('\n').append("data: ").append(json.writeValueAsString(data))
            .append("\n\n");
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------------------------------- assets

    private void asset(final HttpExchange ex, final String path) throws IOException
    {
        final String resource;
        final String type;
        switch (path)
        {
            case "/", "/index.html" ->
            {
                resource = WEB + "index.html";
                type = "text/html; charset=utf-8";
            }
            case "/app.js" ->
            {
                resource = WEB + "app.js";
                type = "text/javascript; charset=utf-8";
            }
            case "/app.css" ->
            {
                resource = WEB + "app.css";
                type = "text/css; charset=utf-8";
            }
            case "/vendor/uPlot.iife.min.js" ->
            {
                resource = uplotPath + "uPlot.iife.min.js";
                type = "text/javascript; charset=utf-8";
            }
            case "/vendor/uPlot.min.css" ->
            {
                resource = uplotPath + "uPlot.min.css";
                type = "text/css; charset=utf-8";
            }
            default -> throw new ApiException(404, "no such page: " + path);
        }
        try (InputStream in = ConsoleServer.class.getResourceAsStream(resource))
        {
            if (null == in)
            {
                throw new ApiException(500, "missing resource " + resource);
            }
            final byte[] bytes = in.readAllBytes();
            ex.getResponseHeaders().set("Content-Type", type);
            ex.getResponseHeaders().set("Cache-Control", "no-cache");
            ex.sendResponseHeaders(200, bytes.length);
            ex.getResponseBody().write(bytes);
        }
    }

    private static String uplotVersion()
    {
        try (InputStream in = ConsoleServer.class.getResourceAsStream(
            "/META-INF/maven/org.webjars.npm/uplot/pom.properties"))
        {
            final Properties p = new Properties();
            if (null != in)
            {
                p.load(in);
            }
            return p.getProperty("version", "1.6.30");
        }
        catch (final IOException ex)
        {
            return "1.6.30";
        }
    }

    // ------------------------------------------------------------------------------------------- plumbing

    private void send(final HttpExchange ex, final int status, final Object body) throws IOException
    {
        final byte[] bytes = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    private void error(final HttpExchange ex, final int status, final String message) throws IOException
    {
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", message);
        send(ex, status, body);
    }

    private static Map<String, String> query(final HttpExchange ex)
    {
        final Map<String, String> out = new LinkedHashMap<>();
        final String raw = ex.getRequestURI().getRawQuery();
        if (null == raw || raw.isEmpty())
        {
            return out;
        }
        for (final String pair : raw.split("&"))
        {
            final int eq = pair.indexOf('=');
            final String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            final String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(key, value);
        }
        return out;
    }

    private static int intParam(final Map<String, String> q, final String name, final int byDefault, final int min,
        final int max)
    {
        final long v = longParam(q, name, byDefault);
        if (v < min || v > max)
        {
            throw new ApiException(400, name + " must be " + min + "-" + max + ": " + v);
        }
        return (int)v;
    }

    private static long longParam(final Map<String, String> q, final String name, final long byDefault)
    {
        final String v = q.get(name);
        if (null == v || v.isEmpty())
        {
            return byDefault;
        }
        try
        {
            return Long.parseLong(v);
        }
        catch (final NumberFormatException e)
        {
            throw new ApiException(400, name + " must be a number: '" + v + "'");
        }
    }

    private static boolean boolParam(final Map<String, String> q, final String name)
    {
        final String v = q.getOrDefault(name, "false");
        if (!"true".equals(v) && !"false".equals(v))
        {
            throw new ApiException(400, name + " must be true or false: '" + v + "'");
        }
        return "true".equals(v);
    }

    public void close()
    {
        closing = true;
        server.stop(0);
        executor.shutdownNow();
    }

    /**
     * An answer other than 200, with its message.
     */
    static final class ApiException extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        final int status;

        ApiException(final int status, final String message)
        {
            super(message);
            this.status = status;
        }
    }
}
