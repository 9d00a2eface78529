package io.resilientgateways.aeron.protocol;

import io.resilientgateways.aeron.codecs.MessageHeaderDecoder;
import io.resilientgateways.core.Names;

/**
 * Constants of the wire protocol (see {@code docs/protocol.md}). The SBE schema id is ours alone, so the messages
 * can share a cluster with a team's own schemas.
 */
public final class Protocol
{
    /** SBE schema id of every message of this protocol. */
    public static final int SCHEMA_ID = MessageHeaderDecoder.SCHEMA_ID;

    /** SBE schema version this build encodes and accepts. */
    public static final int SCHEMA_VERSION = MessageHeaderDecoder.SCHEMA_VERSION;

    /** Semantic protocol version a gateway announces in {@code Register}; the service accepts exactly this one. */
    public static final int PROTOCOL_VERSION = 1;

    /**
     * The {@code taskHandle} of a directive or ack that carries none (SBE's int32 null value; what a version-5
     * message reads as): the engine then looks the task up by name.
     */
    public static final int NO_TASK_HANDLE = Integer.MIN_VALUE;

    /** Longest name (worker, task, capability) on the wire, in bytes. */
    public static final int MAX_NAME_LENGTH = Names.MAX_LENGTH;

    /** Most capabilities in one message. */
    public static final int MAX_CAPABILITIES = Names.MAX_CAPABILITIES;

    /**
     * Most tasks in one {@code AddTasks} command. One command is also one message, at most the ingress publication's
     * {@code maxMessageLength} (a term length of 128 KiB allows 16 KiB: about 450 tasks of 13-character names with one
     * capability); {@code AdminClient.addTasks} splits a longer list.
     */
    public static final int MAX_TASKS_PER_COMMAND = 4096;

    /** Longest rejection text on the wire; longer texts are cut. */
    public static final int MAX_TEXT_LENGTH = 512;

    /** Version of the service's snapshot layout. */
    public static final int SNAPSHOT_FORMAT_VERSION = 1;

    private Protocol()
    {
    }
}
