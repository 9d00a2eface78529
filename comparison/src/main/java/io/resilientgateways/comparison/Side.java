package io.resilientgateways.comparison;

import java.util.List;
import java.util.Map;

/**
 * One of the two designs under test, started as separate processes: its infrastructure (cluster nodes and trade
 * entry, or the ZooKeeper ensemble) and its gateways.
 */
interface Side extends AutoCloseable
{
    /**
     * Start everything but the gateways and wait until it is ready.
     *
     * @throws Exception on a failed start.
     */
    void startInfrastructure() throws Exception;

    /**
     * Start a gateway JVM and wait until it has joined the coordination: registered with the cluster (ours), or
     * connected to ZooKeeper with a node in every party's latch (locks). Only from then on can it be given work, so
     * only then may a scenario start waiting for the assignment to settle.
     *
     * @param name gateway name, e.g. gw-1.
     * @return the process.
     * @throws Exception on a failed start.
     */
    Child startGateway(String name) throws Exception;

    /**
     * @return the session timeout in force, ms (for the lock side, as ZooKeeper granted it).
     */
    long sessionTimeoutMs();

    /**
     * @return the coordination processes besides the gateways (cluster nodes, or the ZooKeeper JVM).
     */
    List<Child> infrastructure();

    /**
     * @return a short description of {@link #infrastructure()} for the table.
     */
    String infrastructureLabel();

    /**
     * @return processes that feed confirmations but are not part of the coordination (our trade entry), or none.
     */
    List<Child> feeders();

    /**
     * Stop the feed, let it drain, then everything; report what the side can tell about confirmations.
     *
     * @param referee the referee.
     * @return extra figures (e.g. confirmations lost).
     * @throws Exception on a failure.
     */
    Map<String, String> finish(Referee referee) throws Exception;

    @Override
    void close();
}
