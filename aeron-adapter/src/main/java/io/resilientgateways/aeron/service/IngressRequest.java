package io.resilientgateways.aeron.service;

import io.resilientgateways.aeron.protocol.Protocol;
import java.util.ArrayList;
import java.util.List;

/**
 * One decoded, validated ingress message. Reused for every message: valid only until the next decode.
 */
final class IngressRequest
{
    int templateId;
    long correlationId;
    long incarnation;
    long epoch;
    long sendTimeNs;
    int number;
    int protocolVersion;
    boolean holdsTasks;
    String name;
    String task;
    String worker;
    /** Who sent an admin command (empty: unnamed); also a query's text filter. */
    String operator;
    String text;
    /** A page's cursor: the last name of the previous page, or empty. */
    String after;
    long seq;
    int status;
    boolean stuckOnly;
    boolean pendingOnly;
    final List<String> capabilities = new ArrayList<>(Protocol.MAX_CAPABILITIES);
    /** An {@code AddTasks} command's tasks, in the command's order. */
    final List<BatchTask> tasks = new ArrayList<>();
    /** {@code AddTasks}: leave tasks the engine holds already, instead of refusing the command. */
    boolean skipExisting;
    /** A settings change's values ({@link ServiceSettings} order), {@link ServiceSettings#KEEP} to keep one. */
    final long[] settings = new long[ServiceSettings.COUNT];

    /**
     * One task of an {@code AddTasks} command, its names checked.
     *
     * @param task     its id.
     * @param weight   its weight (the engine checks the range).
     * @param requires the capabilities it needs.
     */
    record BatchTask(String task, int weight, List<String> requires)
    {
    }

    void reset(final int templateId)
    {
        this.templateId = templateId;
        correlationId = 0;
        incarnation = 0;
        epoch = 0;
        sendTimeNs = 0;
        number = 0;
        protocolVersion = 0;
        holdsTasks = false;
        name = null;
        task = null;
        worker = null;
        operator = "";
        text = "";
        after = "";
        seq = 0;
        status = 0;
        stuckOnly = false;
        pendingOnly = false;
        capabilities.clear();
        tasks.clear();
        skipExisting = false;
        java.util.Arrays.fill(settings, ServiceSettings.KEEP);
    }
}
