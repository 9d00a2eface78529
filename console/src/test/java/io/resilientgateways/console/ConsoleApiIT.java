package io.resilientgateways.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.resilientgateways.aeron.client.AdminClient;
import io.resilientgateways.aeron.node.LocalCluster;
import io.resilientgateways.aeron.protocol.AdapterRejection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The console's JSON API, its event stream and rgctl, on one real 3-node cluster (in this JVM) with two gateways.
 * Ports 24000-24199.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConsoleApiIT
{
    private TestCluster c;
    private Http api;
    private Http readOnly;

    @BeforeAll
    void start() throws Exception
    {
        c = new TestCluster(24000);
        c.startGateway("gw-1");
        c.startGateway("gw-2");
        c.addTasks(8);
        c.awaitAllOpen(15_000);
        api = new Http(c.console(24100, TestCluster.TOKEN).url());
        readOnly = new Http(c.console(24101, null).url());
        LocalCluster.await(15_000, "console connected", () -> status(api, "/api/describe") == 200);
    }

    @AfterAll
    void stop()
    {
        if (null != c)
        {
            c.close();
        }
    }

    @Test
    void listsWorkersTasksExplainsATaskAndPagesTheHistoryWithoutGaps() throws Exception
    {
        final JsonNode workers = api.get("/api/workers").body();
        assertThat(names(workers, "name")).contains("gw-1", "gw-2");
        for (final JsonNode w : workers)
        {
            assertThat(w.get("connectedSince").asLong()).isPositive();
            assertThat(w.get("lastHeard").asLong()).isGreaterThanOrEqualTo(w.get("connectedSince").asLong());
        }

        final Http.Response mine = api.get("/api/tasks?worker=gw-1");
        assertThat(mine.status()).isEqualTo(200);
        assertThat(mine.body().get("rows")).isNotEmpty()
            .allSatisfy((t) -> assertThat(t.get("owner").asText() + t.get("target").asText()).contains("gw-1"));

        final JsonNode explained = api.get("/api/tasks/PARTY-01?transitions=5").body();
        assertThat(explained.get("task").get("task").asText()).isEqualTo("PARTY-01");
        assertThat(explained.get("transitions")).isNotEmpty();
        assertThat(explained.get("since").asLong()).isPositive();

        final JsonNode page = api.get("/api/history?since=0&limit=500").body();
        final List<Long> seqs = new ArrayList<>();
        page.get("rows").forEach((h) -> seqs.add(h.get("seq").asLong()));
        assertThat(seqs).isNotEmpty();
        for (int i = 1; i < seqs.size(); i++)
        {
            assertThat(seqs.get(i)).isEqualTo(seqs.get(i - 1) + 1);
        }
        assertThat(seqs.get(0)).isEqualTo(page.get("oldestSeq").asLong());

        final JsonNode describe = api.get("/api/describe").body();
        assertThat(describe.get("cluster").get("tasks").asInt()).isGreaterThanOrEqualTo(8);
        assertThat(describe.get("link").get("connected").asBoolean()).isTrue();
    }

    @Test
    void badInputGetsA4xxWithAMessageAndChangesNothingInTheCluster() throws Exception
    {
        final List<AdminClient.AssignmentRecord> before = c.admin(AdminClient::assignments);
        final long seqBefore = c.admin(AdminClient::describe).nextHistorySeq();
        final Map<String, Integer> gets = Map.of(
            "/api/tasks?status=BOGUS", 400,
            "/api/tasks?worker=bad%20name", 400,
            "/api/tasks?worker=gw-9", 404,
            "/api/tasks?limit=9999", 400,
            "/api/tasks/NO-SUCH", 404,
            "/api/history?since=abc", 400,
            "/api/history?since=99999999", 400,
            "/api/nope", 404);
        for (final Map.Entry<String, Integer> e : gets.entrySet())
        {
            final Http.Response r = api.get(e.getKey());
            assertThat(r.status()).as(e.getKey() + " " + r.raw()).isEqualTo(e.getValue());
            assertThat(r.body().get("error").asText()).as(e.getKey()).isNotBlank();
        }
        record Post(Http http, String path, String body, String token, int status)
        {
        }
        final String drain = "{\"action\":\"drain\",\"worker\":\"gw-1\",\"operator\":\"eve\"}";
        for (final Post p : List.of(
            new Post(api, "/api/actions/plan", "{not json", null, 400),
            new Post(api, "/api/actions/plan", "[1,2]", null, 400),
            new Post(api, "/api/actions/plan", "{\"action\":\"explode\"}", null, 400),
            new Post(api, "/api/actions/plan", "{\"action\":\"drain\",\"worker\":\"a b\"}", null, 400),
            new Post(api, "/api/actions/plan", "{\"action\":\"drain\",\"worker\":\"gw-1\",\"extra\":1}", null, 400),
            new Post(api, "/api/actions/plan", "{\"action\":\"add\",\"task\":\"T-1\",\"weight\":\"heavy\"}", null, 400),
            new Post(api, "/api/actions/execute", drain, null, 401),
            new Post(api, "/api/actions/execute", drain, "wrong-token", 401),
            new Post(readOnly, "/api/actions/execute", drain, TestCluster.TOKEN, 403),
            new Post(api, "/api/actions/execute", "{\"action\":\"drain\",\"worker\":\"gw-1\"}", TestCluster.TOKEN, 400),
            new Post(api, "/api/actions/execute", "{\"action\":\"move\",\"task\":\"NO-SUCH\",\"worker\":\"gw-1\"," +
                "\"operator\":\"eve\"}", TestCluster.TOKEN, 409)))
        {
            final Http.Response r = p.http().post(p.path(), p.body(), p.token());
            assertThat(r.status()).as(p.path() + " " + p.body() + " -> " + r.raw()).isEqualTo(p.status());
        }
        assertThat(c.admin(AdminClient::assignments)).isEqualTo(before);
        assertThat(c.admin(AdminClient::describe).nextHistorySeq()).isEqualTo(seqBefore);
    }

    @Test
    void aMoveThroughTheApiIsPlannedRunAndRecordedUnderTheOperatorsName() throws Exception
    {
        final String owner = api.get("/api/tasks/PARTY-03").body().get("task").get("owner").asText();
        final String other = "gw-1".equals(owner) ? "gw-2" : "gw-1";
        final String body = "{\"action\":\"move\",\"task\":\"PARTY-03\",\"worker\":\"" + other + "\"}";
        final JsonNode plan = api.post("/api/actions/plan", body, null).body();
        assertThat(plan.get("executable").asBoolean()).isTrue();
        assertThat(plan.get("moves").get(0).get("from").asText()).isEqualTo(owner);
        assertThat(plan.get("moves").get(0).get("to").asText()).isEqualTo(other);

        final Http.Response run = api.post("/api/actions/execute",
            body.replace("}", ",\"operator\":\"alice\"}"), TestCluster.TOKEN);
        assertThat(run.status()).as(run.raw()).isEqualTo(200);
        assertThat(run.body().get("result").get(0).get("to").asText()).isEqualTo(other + " (OPEN)");

        final JsonNode explained = api.get("/api/tasks/PARTY-03").body();
        assertThat(explained.get("task").get("owner").asText()).isEqualTo(other);
        final List<String> operators = names(explained.get("transitions"), "operator");
        assertThat(operators).contains("alice");
    }

    @Test
    void theEventStreamResumesAfterTheLastEventId() throws Exception
    {
        final long next = c.admin(AdminClient::describe).nextHistorySeq();
        assertThat(next).isGreaterThan(3);
        final HttpClient client = HttpClient.newHttpClient();
        final HttpResponse<java.io.InputStream> r = client.send(HttpRequest.newBuilder(URI.create(
            "http://127.0.0.1:24100/api/events")).header("Last-Event-ID", String.valueOf(next - 3))
            .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying((t) -> assertThat(t).startsWith(
            "text/event-stream"));
        final List<Long> ids = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8)))
        {
            String line;
            while (ids.size() < 2 && null != (line = in.readLine()))
            {
                if (line.startsWith("id: "))
                {
                    ids.add(Long.parseLong(line.substring(4)));
                }
            }
        }
        assertThat(ids).containsExactly(next - 2, next - 1);
    }

    @Test
    void rgctlReadsTheClusterAsTablesAndJson() throws Exception
    {
        final Result workers = rgctl("workers");
        assertThat(workers.code).isZero();
        assertThat(workers.out).contains("WORKER", "gw-1", "gw-2", "LIVE", "FAIR SHARE", "OF FAIR", "1 (50%)")
            .contains("(cluster ");

        final Result tasks = rgctl("--json", "tasks", "--worker", "gw-2");
        assertThat(tasks.code).isZero();
        final JsonNode rows = new ObjectMapper().readTree(tasks.out);
        assertThat(rows).isNotEmpty().allSatisfy((t) ->
            assertThat(t.get("owner").asText() + t.get("target").asText()).contains("gw-2"));

        assertThat(rgctl("explain", "PARTY-01").out).contains("task      PARTY-01", "owner", "transitions kept");
        assertThat(rgctl("history", "--task", "PARTY-01").out).contains("PARTY-01", "task added");
        assertThat(rgctl("history", "--limit", "2").out.lines().count()).isEqualTo(2);
        assertThat(rgctl("history", "--since", "0", "--worker", "gw-1").out.lines())
            .isNotEmpty().allSatisfy((line) -> assertThat(line).contains("gw-1"));
        assertThat(rgctl("describe").out).contains("policy", "leader        member");
        final Result health = rgctl("health");
        assertThat(health.code).as(health.out).isZero();
        assertThat(health.out).startsWith("HEALTHY");
        assertThat(rgctl("--help").code).isZero();
        assertThat(rgctl("tasks", "--help").out).contains("--status", "--worker");
    }

    @Test
    void rgctlPlansWithoutExecuteRunsWithItAndReportsRefusalsAndUsageErrors() throws Exception
    {
        final long seqBefore = c.admin(AdminClient::describe).nextHistorySeq();
        final Result plan = rgctl("drain", "gw-2");
        assertThat(plan.code).isZero();
        assertThat(plan.out).contains("plan: drain gw-2", "(plan only: add --execute to run it)");
        assertThat(c.admin(AdminClient::describe).nextHistorySeq()).isEqualTo(seqBefore);

        final Result add = rgctl("--operator", "bob", "add", "PARTY-90", "--requires", "API_GATEWAY", "--execute");
        assertThat(add.code).as(add.out + add.err).isZero();
        assertThat(add.out).contains("DONE (by bob)");
        assertThat(rgctl("explain", "PARTY-90").out).contains("(by bob)");
        assertThat(rgctl("--operator", "bob", "remove", "PARTY-90", "--execute").code).isZero();

        final Result refused = rgctl("--operator", "bob", "move", "NO-SUCH", "gw-1", "--execute");
        assertThat(refused.code).isEqualTo(RgCtl.REFUSED);
        assertThat(refused.out).contains("REFUSED", "UNKNOWN_TASK");
        assertThat(rgctl("tasks", "--status", "BOGUS").code).isEqualTo(RgCtl.USAGE);
        assertThat(rgctl("explain", "bad name").code).isEqualTo(RgCtl.USAGE);
    }

    @Test
    void rgctlAddTasksChecksTheFileThenAddsItsTasksAndReportsARefusal() throws Exception
    {
        final Path file = Files.createTempFile("rg-tasks", ".txt");
        try
        {
            Files.writeString(file, "# start of day\nPARTY-91\nPARTY-92 2   # heavier\n\nPARTY-93 1 API_GATEWAY\n");
            final long seqBefore = c.admin(AdminClient::describe).nextHistorySeq();
            final Result plan = rgctl("add-tasks", file.toString(), "--requires", "API_GATEWAY");
            assertThat(plan.code).as(plan.out + plan.err).isZero();
            assertThat(plan.out).contains("plan: add 3 task(s), PARTY-91 ... PARTY-93", "(plan only");
            assertThat(c.admin(AdminClient::describe).nextHistorySeq()).isEqualTo(seqBefore);

            final int tasksBefore = c.admin(AdminClient::describe).tasks();
            final Result add = rgctl("--operator", "bob", "add-tasks", file.toString(), "--requires", "API_GATEWAY",
                "--execute");
            assertThat(add.code).as(add.out + add.err).isZero();
            assertThat(add.out).contains("DONE (by bob): 3 task(s) added in 1 command(s)");
            assertThat(c.admin(AdminClient::describe).tasks()).isEqualTo(tasksBefore + 3);
            assertThat(rgctl("explain", "PARTY-92").out).contains("(by bob)");

            // one id the cluster holds already: the whole command is refused, nothing of it added
            Files.writeString(file, "PARTY-94\nPARTY-91\n");
            final Result refused = rgctl("--operator", "bob", "add-tasks", file.toString(), "--execute");
            assertThat(refused.code).isEqualTo(RgCtl.REFUSED);
            assertThat(refused.out).contains("REFUSED by the cluster: DUPLICATE_TASK", "0 task(s) added before it");
            assertThat(c.admin(AdminClient::describe).tasks()).isEqualTo(tasksBefore + 3);
            // the same file again, leaving what the cluster holds: only the missing one is added
            final Result skip = rgctl("--operator", "bob", "add-tasks", file.toString(), "--requires", "API_GATEWAY",
                "--skip-existing", "--execute");
            assertThat(skip.code).as(skip.out + skip.err).isZero();
            assertThat(skip.out).contains("DONE (by bob): 1 task(s) added in 1 command(s); 1 held already");
            assertThat(c.admin(AdminClient::describe).tasks()).isEqualTo(tasksBefore + 4);

            // a bad line is a usage error naming the line; nothing is sent
            Files.writeString(file, "PARTY-95\nPARTY-96 zero\n");
            final Result bad = rgctl("add-tasks", file.toString(), "--execute");
            assertThat(bad.code).isEqualTo(RgCtl.USAGE);
            assertThat(bad.err).contains(":2: weight 'zero'");
            assertThat(c.admin(AdminClient::describe).tasks()).isEqualTo(tasksBefore + 4);
        }
        finally
        {
            Files.deleteIfExists(file);
            for (final String task : List.of("PARTY-91", "PARTY-92", "PARTY-93", "PARTY-94"))
            {
                rgctl("remove", task, "--execute");
            }
        }
    }

    @Test
    void rgctlSettingsShowsPlansAndChangesThePolicyAndSettingsThroughTheLog()
    {
        final AdminClient.SettingsInfo before = c.admin(AdminClient::settings);
        final String oldPolicy = before.policy();
        final long oldHandoff = before.values().get("handoffTimeout");
        final Result show = rgctl("settings");
        assertThat(show.code).as(show.out + show.err).isZero();
        assertThat(show.out).contains("policy", oldPolicy + " v", "handoffTimeout", "epochFloor");

        final Result plan = rgctl("settings", "--policy", "least-loaded", "--set", "handoffTimeout=7000");
        assertThat(plan.code).as(plan.out + plan.err).isZero();
        assertThat(plan.out).contains("least-loaded", String.valueOf(oldHandoff), "7000", "(plan only");
        assertThat(c.admin(AdminClient::settings).policy()).isEqualTo(oldPolicy);

        try
        {
            final Result run = rgctl("--operator", "carol", "settings", "--policy", "least-loaded", "--set",
                "handoffTimeout=7000", "--execute");
            assertThat(run.code).as(run.out + run.err).isZero();
            assertThat(run.out).contains("settings: DONE (by carol)");
            final AdminClient.SettingsInfo after = c.admin(AdminClient::settings);
            assertThat(after.policy()).isEqualTo("least-loaded");
            assertThat(after.values()).containsEntry("handoffTimeout", 7000L);
            assertThat(after.changedBy()).isEqualTo("carol");

            final Result unknown = rgctl("--operator", "carol", "settings", "--policy", "no-such-policy", "--execute");
            assertThat(unknown.code).isEqualTo(RgCtl.REFUSED);
            assertThat(unknown.out).contains("REFUSED", "UNKNOWN_POLICY");
            assertThat(c.admin(AdminClient::settings).policy()).isEqualTo("least-loaded");
            assertThat(rgctl("settings", "--set", "bogus=1").code).isEqualTo(RgCtl.USAGE);
            assertThat(rgctl("settings", "--set", "handoffTimeout=soon").code).isEqualTo(RgCtl.USAGE);

            final long floor = Math.max(after.epochFloor(), after.lastEpoch()) + 1;
            final Result raise = rgctl("--operator", "carol", "settings", "--epoch-floor", String.valueOf(floor),
                "--execute");
            assertThat(raise.code).as(raise.out + raise.err).isZero();
            assertThat(c.admin(AdminClient::settings).epochFloor()).isEqualTo(floor);
            final Result lower = rgctl("--operator", "carol", "settings", "--epoch-floor", String.valueOf(floor - 1),
                "--execute");
            assertThat(lower.code).isEqualTo(RgCtl.REFUSED);
            assertThat(lower.out).contains("EPOCH_FLOOR_LOWER");
            assertThat(c.admin(AdminClient::settings).epochFloor()).isEqualTo(floor);
        }
        finally
        {
            assertThat(rgctl("--operator", "carol", "settings", "--policy", oldPolicy, "--set",
                "handoffTimeout=" + oldHandoff, "--execute").code).isZero();
        }
    }

    @Test
    void aViewerMayQueryButEveryCommandIsRefusedUnauthorisedAndNothingChanges() throws Exception
    {
        final List<AdminClient.AssignmentRecord> before = c.admin(AdminClient::assignments);
        final long seqBefore = c.admin(AdminClient::describe).nextHistorySeq();
        final String task = before.get(0).task();
        final String other = "gw-1".equals(before.get(0).owner()) ? "gw-2" : "gw-1";
        try (AdminClient viewer = AdminClient.connect(c.cluster.clientContext(TestCluster.VIEWER)).operator("mallory"))
        {
            assertThat(viewer.describe().nextHistorySeq()).isEqualTo(seqBefore);
            assertThat(viewer.assignments()).isEqualTo(before);
            assertThat(viewer.workers("", 100).rows()).extracting(AdminClient.WorkerRecord::name)
                .contains("gw-1", "gw-2");
            assertThat(viewer.explain(task, 5).task().task()).isEqualTo(task);
            final Map<String, AdminClient.Reply> commands = new java.util.LinkedHashMap<>();
            commands.put("add", viewer.addTask("PARTY-77", 1, "API_GATEWAY"));
            commands.put("add many",
                viewer.addTasks(List.of(AdminClient.NewTask.of("PARTY-78", "API_GATEWAY"))).reply());
            commands.put("remove", viewer.removeTask(task));
            commands.put("drain", viewer.drainWorker(other));
            commands.put("move", viewer.moveTask(task, other));
            commands.forEach((name, reply) ->
            {
                assertThat(reply.accepted()).as(name).isFalse();
                assertThat(reply.code()).as(name + ": " + reply).isEqualTo(AdapterRejection.UNAUTHORISED);
            });
            assertThat(viewer.describe().nextHistorySeq()).as("the session still answers queries").isEqualTo(seqBefore);
        }

        // rgctl with a viewer's credentials reads, and an action is refused by the cluster (exit 1, the code named)
        assertThat(rgctlAs(TestCluster.VIEWER, "workers").out).contains("gw-1", "gw-2");
        final Result drain = rgctlAs(TestCluster.VIEWER, "--operator", "mallory", "drain", other, "--execute");
        assertThat(drain.code).as(drain.out + drain.err).isEqualTo(RgCtl.REFUSED);
        assertThat(drain.out).contains("REFUSED", "UNAUTHORISED");

        // a console without an action token connects as the viewer and serves every read the page makes
        final Console viewing = Console.start(new Console.Settings()
            .ingressEndpoints(c.cluster.ingressEndpoints())
            .credentials(TestCluster.ADMIN)
            .viewerCredentials(TestCluster.VIEWER)
            .aeronDir(c.cluster.clientAeronDirectoryName())
            .port(24102)
            .pollMs(100));
        c.consoles.add(viewing);
        final Http http = new Http(viewing.url());
        LocalCluster.await(15_000, "viewer console connected", () -> status(http, "/api/describe") == 200);
        for (final String path : List.of("/api/workers", "/api/tasks", "/api/tasks/" + task, "/api/history?since=0",
            "/api/health"))
        {
            assertThat(http.get(path).status()).as(path).isEqualTo(200);
        }
        assertThat(http.post("/api/actions/execute", "{\"action\":\"drain\",\"worker\":\"" + other +
            "\",\"operator\":\"mallory\"}", TestCluster.TOKEN).status()).isEqualTo(403);
        assertThatThrownBy(() -> Console.start(new Console.Settings()
            .ingressEndpoints(c.cluster.ingressEndpoints()).credentials(TestCluster.VIEWER).port(24103)
            .actionToken(TestCluster.TOKEN))).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("admin credentials");

        assertThat(c.admin(AdminClient::assignments)).isEqualTo(before);
        assertThat(c.admin(AdminClient::describe).nextHistorySeq()).isEqualTo(seqBefore);
    }

    @Test
    void rgctlHistoryFollowPrintsEveryNewTransitionWithoutGapsAndStopsCleanly() throws Exception
    {
        final long from = c.admin(AdminClient::describe).nextHistorySeq();
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int[] code = {-1};
        final Thread follower = new Thread(() -> code[0] = RgCtl.run(c.cli("history", "--follow", "--since",
            String.valueOf(from)), new PrintWriter(out), new PrintWriter(err)), "rgctl-follow");
        follower.start();
        // transitions in bursts while it follows: adds (each placed and opened by a gateway), then removals
        c.admin((admin) ->
        {
            for (int i = 1; i <= 12; i++)
            {
                assertThat(admin.addTask(String.format("FOLLOW-%02d", i), 1, "API_GATEWAY").accepted()).isTrue();
            }
            LocalCluster.await(15_000, "the follow tasks open", () -> admin.assignments().stream()
                .filter((a) -> a.task().startsWith("FOLLOW-")).allMatch((a) -> "OPEN".equals(a.status())));
            for (int i = 1; i <= 12; i += 3)
            {
                assertThat(admin.removeTask(String.format("FOLLOW-%02d", i)).accepted()).isTrue();
            }
            return null;
        });
        LocalCluster.await(15_000, "the removals settled", () -> c.admin((admin) -> admin.assignments().stream()
            .noneMatch((a) -> a.task().equals("FOLLOW-10"))));
        final long next = c.admin(AdminClient::describe).nextHistorySeq();
        // each add: placed (OPENING), opened; each removal: closing, gone
        assertThat(next - from).as("transitions made while following").isGreaterThanOrEqualTo(12 * 2 + 4 * 2);
        LocalCluster.await(15_000, "rgctl to print up to seq " + (next - 1), () -> seqs(out.toString()).contains(
            next - 1));
        follower.interrupt(); // what the shutdown hook does on Ctrl-C
        follower.join(10_000);
        assertThat(follower.isAlive()).as("stopped").isFalse();
        assertThat(code[0]).as(err.toString()).isZero();
        final List<Long> printed = seqs(out.toString());
        assertThat(printed).as("every sequence number once, in order, from --since on (and maybe a later rebalance)")
            .isEqualTo(java.util.stream.LongStream.range(from, from + printed.size()).boxed().toList());
        assertThat(printed.get(printed.size() - 1)).isGreaterThanOrEqualTo(next - 1);
        assertThat(out.toString()).contains("FOLLOW-01", "task added", "task removed").doesNotContain("dropped");

        // as a process stopped by SIGTERM: it ends within seconds and removes its embedded media driver's directory
        final java.io.File shm = new java.io.File("/dev/shm");
        final java.util.Set<String> before = driverDirs(shm);
        final List<String> command = new ArrayList<>(List.of(
            java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "-XX:+UseSerialGC", "-Xmx256m",
            "-cp", System.getProperty("java.class.path"), RgCtl.class.getName(),
            "--ingress-endpoints", c.cluster.ingressEndpoints(),
            "--credentials-file", TestCluster.adminCredentialsFile(),
            "--zone", "UTC", "history", "--follow", "--since", String.valueOf(next)));
        final Process rgctl = new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.appendTo(new java.io.File("target/rgctl-follow.err"))).start();
        try
        {
            final BufferedReader lines = new BufferedReader(new InputStreamReader(rgctl.getInputStream(),
                StandardCharsets.UTF_8));
            // a hung child must not hang the test: killing it ends its output
            java.util.concurrent.CompletableFuture.delayedExecutor(40, TimeUnit.SECONDS)
                .execute(rgctl::destroyForcibly);
            c.admin((admin) -> admin.addTask("FOLLOW-SIGTERM", 1, "API_GATEWAY"));
            String line;
            do
            {
                line = lines.readLine();
            }
            while (null != line && !line.contains("FOLLOW-SIGTERM"));
            assertThat(line).as("the child's output (target/rgctl-follow.err) ended before the new transition")
                .isNotNull();
            if (shm.isDirectory())
            {
                assertThat(driverDirs(shm)).as("its embedded driver's directory while it runs").hasSizeGreaterThan(
                    before.size());
            }
            rgctl.destroy(); // SIGTERM
            assertThat(rgctl.waitFor(15, TimeUnit.SECONDS)).as("ended after SIGTERM").isTrue();
            assertThat(rgctl.exitValue()).isEqualTo(143); // 128 + SIGTERM, after the hook closed everything
            final java.util.Set<String> left = driverDirs(shm);
            left.removeAll(before);
            assertThat(left).as("media driver directories left behind").isEmpty();
        }
        finally
        {
            rgctl.destroyForcibly();
        }
    }

    private static java.util.Set<String> driverDirs(final java.io.File shm)
    {
        final String[] names = shm.list((d, n) -> n.startsWith("rg-console-"));
        return new java.util.TreeSet<>(null == names ? List.of() : List.of(names));
    }

    private static List<Long> seqs(final String printed)
    {
        final List<Long> out = new ArrayList<>();
        for (final String line : printed.split("\n"))
        {
            final String t = line.strip();
            if (!t.isEmpty() && Character.isDigit(t.charAt(0)))
            {
                out.add(Long.parseLong(t.substring(0, t.indexOf(' '))));
            }
        }
        return out;
    }

    @Test
    void theMembersOwnAeronCountersShowOneLeaderAndClosedElections()
    {
        final List<String> dirs = new ArrayList<>();
        for (int i = 0; i < 3; i++)
        {
            dirs.add(c.cluster.node(i).consensusModule().context().aeronDirectoryName());
        }
        final List<MemberCounters.Member> members = new MemberCounters(dirs).read();
        assertThat(members).hasSize(3).allSatisfy((m) ->
        {
            assertThat(m.readable()).as(m.problem()).isTrue();
            assertThat(m.electionState()).isEqualTo("CLOSED");
            assertThat(m.commitPosition()).isPositive();
            assertThat(m.clusterErrors()).isGreaterThanOrEqualTo(0);
        });
        assertThat(members.stream().filter((m) -> "LEADER".equals(m.role())).count()).isEqualTo(1);
        assertThat(new MemberCounters(List.of("/nonexistent/aeron")).read().get(0).problem()).contains("no ");

        final List<String> args = new ArrayList<>(List.of("health"));
        dirs.forEach((d) -> args.addAll(List.of("--member-aeron-dir", d)));
        final Result health = rgctl(args.toArray(new String[0]));
        assertThat(health.code).as(health.out).isZero();
        assertThat(health.out).contains("member 0: ", "election CLOSED", "LEADER");
    }

    @Test
    void rgctlHealthSaysUnreachableByItsExitCode()
    {
        final StringWriter out = new StringWriter();
        final int code = RgCtl.run(new String[]{"--ingress-endpoints", "0=localhost:24190", "--credentials-file",
            TestCluster.adminCredentialsFile(), "--aeron-dir", c.cluster.clientAeronDirectoryName(), "health"},
            new PrintWriter(out), new PrintWriter(new StringWriter()));
        assertThat(code).isEqualTo(RgCtl.UNREACHABLE);
        assertThat(out.toString()).startsWith("UNREACHABLE");
    }

    // ------------------------------------------------------------------------------------------- helpers

    private record Result(int code, String out, String err)
    {
    }

    private Result rgctlAs(final String credentials, final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = RgCtl.run(c.cliAs(credentials, args), new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    private Result rgctl(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = RgCtl.run(c.cli(args), new PrintWriter(out), new PrintWriter(err));
        return new Result(code, out.toString(), err.toString());
    }

    private static int status(final Http http, final String path)
    {
        try
        {
            return http.get(path).status();
        }
        catch (final Exception ex)
        {
            return -1;
        }
    }

    private static List<String> names(final JsonNode array, final String field)
    {
        final List<String> out = new ArrayList<>();
        array.forEach((n) -> out.add(n.get(field).asText()));
        return out;
    }
}
