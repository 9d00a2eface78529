package io.resilientgateways.aeron.service;

import io.aeron.cluster.service.ClientSession;
import org.agrona.DirectBuffer;

/**
 * What the {@link IngressAdapter} calls, one method per kind of message; the authorisation question comes first,
 * before any field is read.
 */
interface IngressHandler
{
    boolean isAuthorised(ClientSession session, int templateId);

    void onUnauthorised(ClientSession session, int templateId);

    void onInvalid(ClientSession session, int code, int templateId);

    void onHeartbeat(ClientSession session, long timestamp, long correlationId, long sendTimeNs);

    /**
     * An ack or release; the task name is {@code nameLength} ASCII bytes at {@code nameOffset}, valid only during the
     * call, length-checked but not yet validated as a name; {@code handle} is the echoed task handle, unchecked
     * ({@code Protocol.NO_TASK_HANDLE} from a version-5 gateway).
     */
    void onAck(
        ClientSession session, long timestamp, int templateId, long epoch, int handle, DirectBuffer buffer,
        int nameOffset, int nameLength);

    void onRequest(ClientSession session, long timestamp, IngressRequest request);
}
