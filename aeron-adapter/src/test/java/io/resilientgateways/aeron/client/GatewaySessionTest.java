package io.resilientgateways.aeron.client;

import io.resilientgateways.aeron.codecs.BooleanType;
import io.resilientgateways.aeron.codecs.CloseEncoder;
import io.resilientgateways.aeron.codecs.DeregisterDecoder;
import io.resilientgateways.aeron.codecs.HeartbeatReplyEncoder;
import io.resilientgateways.aeron.codecs.MessageHeaderDecoder;
import io.resilientgateways.aeron.codecs.MessageHeaderEncoder;
import io.resilientgateways.aeron.codecs.OpenEncoder;
import io.resilientgateways.aeron.codecs.RegisterDecoder;
import io.resilientgateways.aeron.codecs.RegisteredEncoder;
import io.resilientgateways.aeron.codecs.RejectedEncoder;
import io.resilientgateways.aeron.codecs.ResyncDecoder;
import io.resilientgateways.aeron.codecs.ResyncDoneEncoder;
import io.resilientgateways.aeron.codecs.TaskClosedDecoder;
import io.resilientgateways.aeron.codecs.TaskOpenedDecoder;
import io.resilientgateways.aeron.codecs.TaskReleasedDecoder;
import io.resilientgateways.aeron.protocol.AdapterRejection;
import io.resilientgateways.aeron.protocol.Protocol;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's protocol state machine without a cluster: a fake clock, egress fed by hand, ingress captured.
 * Session timeout 1000 ms, margin 200 ms (lease 800 ms), keepalive 100 ms.
 */
class GatewaySessionTest
{
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long SESSION_TIMEOUT_NS = 1_000 * MS;

    private long nowNs = 1_000_000 * MS;
    private final Recorder listener = new Recorder();
    private final GatewayContext ctx = new GatewayContext()
        .workerName("gw-1")
        .ingressEndpoints("0=localhost:1")
        .aeronDirectoryName("/dev/null")
        .sessionTimeoutMs(1_000)
        .fenceMarginMs(200)
        .keepaliveIntervalMs(100)
        .nanoClock(() -> nowNs)
        .listener(listener)
        .conclude();
    private final GatewaySession session = new GatewaySession(ctx, new GatewayProxy());
    private final List<Sent> sent = new ArrayList<>();
    private final GatewayProxy.Ingress ingress = this::capture;
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[512]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();

    record Sent(
        int templateId, long correlationId, long epoch, String task, boolean holdsTasks, long sendTimeNs, int handle)
    {
    }

    @Test
    void everyAckEchoesTheHandleOfItsTasksNewestDirective()
    {
        registerFresh();
        deliver(open(1, 5, 41, "PARTY-1"));
        listener.answerAll(true);
        session.afterPoll(nowNs, ingress);
        assertThat(last(TaskOpenedDecoder.TEMPLATE_ID)).extracting(Sent::task, Sent::handle)
            .containsExactly("PARTY-1", 41);
        deliver(close(2, 5, 41, "PARTY-1"));
        session.afterPoll(nowNs, ingress);
        assertThat(last(TaskClosedDecoder.TEMPLATE_ID)).extracting(Sent::task, Sent::handle)
            .containsExactly("PARTY-1", 41);

        deliver(open(3, 6, 7, "PARTY-2"));
        listener.pending.get(1).refused("stale");
        session.afterPoll(nowNs, ingress);
        assertThat(last(TaskReleasedDecoder.TEMPLATE_ID)).extracting(Sent::task, Sent::handle)
            .containsExactly("PARTY-2", 7);

        // a resend carries no handle, and neither does its ack; nor the ack of a version-5 Open (no such field)
        deliver(open(0, 8, Protocol.NO_TASK_HANDLE, "PARTY-3"));
        listener.answerAll(true);
        session.afterPoll(nowNs, ingress);
        assertThat(last(TaskOpenedDecoder.TEMPLATE_ID)).extracting(Sent::task, Sent::handle)
            .containsExactly("PARTY-3", Protocol.NO_TASK_HANDLE);
        deliver(versionFiveOpen(4, 9, "PARTY-4"));
        listener.answerAll(true);
        session.afterPoll(nowNs, ingress);
        assertThat(last(TaskOpenedDecoder.TEMPLATE_ID)).extracting(Sent::task, Sent::epoch, Sent::handle)
            .containsExactly("PARTY-4", 9L, Protocol.NO_TASK_HANDLE);
    }

    @Test
    void aBufferedOpenIsNotHandedOverOnceTheLeaseExpiredDuringThePoll()
    {
        registerFresh();
        deliver(open(1, 5, "PARTY-1"));
        listener.answerAll(true);
        session.afterPoll(nowNs, ingress);
        deliver(heartbeatReply(nowNs, 1));
        assertThat(listener.opens).containsExactly("PARTY-1@5");
        nowNs += 801 * MS; // the listener (or a GC pause) took longer than the lease, mid-poll
        deliver(open(2, 6, "PARTY-2"));
        deliver(close(3, 5, "PARTY-1"));
        assertThat(listener.opens).containsExactly("PARTY-1@5");
        session.afterPoll(nowNs, ingress);
        assertThat(listener.fenced).isEqualTo(1);
        assertThat(listener.closes).containsExactly("PARTY-1@5"); // closed by the fence, not by the stale Close
        assertThat(sent).noneMatch((s) -> s.templateId() == TaskClosedDecoder.TEMPLATE_ID);
    }

    @Test
    void theLeaseIsCheckedBeforeThePoll()
    {
        registerFresh();
        deliver(open(1, 5, "PARTY-1"));
        listener.answerAll(true);
        session.afterPoll(nowNs, ingress);
        nowNs += 801 * MS;
        session.beforePoll(nowNs);
        assertThat(listener.fenced).isEqualTo(1);
        assertThat(session.state()).isEqualTo(GatewaySession.State.REGISTERING);
        deliver(open(2, 6, "PARTY-2")); // still in the egress buffer: never handed over
        assertThat(listener.opens).containsExactly("PARTY-1@5");
        session.afterPoll(nowNs, ingress);
        final Sent register = last(RegisterDecoder.TEMPLATE_ID);
        assertThat(register.holdsTasks()).isFalse(); // it holds nothing now: the cluster grants again, new epochs
    }

    @Test
    void opensCompleteLaterFromAnyThreadAndAreAckedOnTheClientThread() throws InterruptedException
    {
        registerFresh();
        deliver(open(1, 5, "PARTY-1"));
        session.afterPoll(nowNs, ingress);
        assertThat(sent).noneMatch((s) -> s.templateId() == TaskOpenedDecoder.TEMPLATE_ID);
        final Thread io = new Thread(() -> listener.pending.get(0).opened());
        io.start();
        io.join();
        session.afterPoll(nowNs, ingress);
        assertThat(last(TaskOpenedDecoder.TEMPLATE_ID).epoch()).isEqualTo(5);
        // a refused open is released
        deliver(open(2, 6, "PARTY-2"));
        listener.pending.get(1).refused("stale");
        session.afterPoll(nowNs, ingress);
        final Sent release = last(TaskReleasedDecoder.TEMPLATE_ID);
        assertThat(release.task()).isEqualTo("PARTY-2");
        assertThat(release.epoch()).isEqualTo(6);
    }

    @Test
    void aCloseWaitsForTheOpenInProgressAndAnOpenAnsweredAfterAFenceIsClosed()
    {
        registerFresh();
        deliver(open(1, 5, "PARTY-1"));
        deliver(close(2, 5, "PARTY-1"));
        session.afterPoll(nowNs, ingress);
        assertThat(sent).noneMatch((s) -> s.templateId() == TaskClosedDecoder.TEMPLATE_ID);
        listener.pending.get(0).opened();
        session.afterPoll(nowNs, ingress);
        assertThat(listener.closes).containsExactly("PARTY-1@5");
        assertThat(last(TaskClosedDecoder.TEMPLATE_ID).epoch()).isEqualTo(5);
        assertThat(sent).noneMatch((s) -> s.templateId() == TaskOpenedDecoder.TEMPLATE_ID);

        deliver(open(3, 7, "PARTY-2"));
        nowNs += 801 * MS;
        session.beforePoll(nowNs); // fenced while the open is in progress
        listener.pending.get(1).opened();
        session.afterPoll(nowNs, ingress);
        assertThat(listener.closes).containsExactly("PARTY-1@5", "PARTY-2@7");
        assertThat(sent).noneMatch((s) -> s.templateId() == TaskOpenedDecoder.TEMPLATE_ID && s.epoch() == 7);
    }

    @Test
    void anyGapInDirectiveNumbersAsksForAResyncAndALostCloseIsRecovered()
    {
        registerFresh();
        deliver(open(1, 5, "PARTY-1"));
        deliver(open(2, 6, "PARTY-2"));
        listener.answerAll(true);
        session.afterPoll(nowNs, ingress);
        // Close(PARTY-1, seq 3) is lost on the way; the next directive shows the gap
        deliver(open(4, 7, "PARTY-3"));
        session.afterPoll(nowNs, ingress);
        final Sent resync = last(ResyncDecoder.TEMPLATE_ID);
        assertThat(session.resyncCount()).isEqualTo(1);
        // the service re-sends the whole assignment: the close again (seq 0), the rest as held
        deliver(close(0, 5, "PARTY-1"));
        deliver(open(0, 6, "PARTY-2"));
        deliver(open(0, 7, "PARTY-3"));
        deliver(resyncDone(resync.correlationId(), 4, 3));
        listener.answerAll(true);
        session.afterPoll(nowNs, ingress);
        assertThat(listener.closes).containsExactly("PARTY-1@5");
        assertThat(sent).anyMatch((s) -> s.templateId() == TaskClosedDecoder.TEMPLATE_ID && s.epoch() == 5);
    }

    @Test
    void aLostLastDirectiveShowsInTheHeartbeatReply()
    {
        registerFresh();
        deliver(open(1, 5, "PARTY-1"));
        deliver(heartbeatReply(nowNs, 2)); // seq 2 never arrived
        session.afterPoll(nowNs, ingress);
        assertThat(session.resyncCount()).isEqualTo(1);
    }

    @Test
    void anAckRefusedAsNotRegisteredFences()
    {
        registerFresh();
        deliver(open(1, 5, "PARTY-1"));
        listener.answerAll(true);
        session.afterPoll(nowNs, ingress);
        deliver(rejected(AdapterRejection.NOT_REGISTERED, TaskOpenedDecoder.TEMPLATE_ID));
        session.afterPoll(nowNs, ingress);
        assertThat(listener.fenced).isEqualTo(1);
        assertThat(listener.closes).containsExactly("PARTY-1@5");
        assertThat(last(RegisterDecoder.TEMPLATE_ID).holdsTasks()).isFalse();
    }

    @Test
    void losingTheSessionDoesNotFenceWithinTheLease()
    {
        registerFresh();
        deliver(open(1, 5, "PARTY-1"));
        listener.answerAll(true);
        session.afterPoll(nowNs, ingress);
        session.onDisconnected();
        nowNs += 300 * MS;
        session.beforePoll(nowNs);
        session.onConnected(nowNs, nowNs);
        session.afterPoll(nowNs, ingress);
        final Sent register = last(RegisterDecoder.TEMPLATE_ID);
        assertThat(register.holdsTasks()).isTrue();
        deliver(registered(register.correlationId(), register.sendTimeNs(), true, 1, SESSION_TIMEOUT_NS));
        deliver(open(0, 5, "PARTY-1"));
        deliver(resyncDone(register.correlationId(), 1, 1));
        session.afterPoll(nowNs, ingress);
        assertThat(listener.fenced).isZero();
        assertThat(listener.closes).isEmpty();
        assertThat(listener.opens).containsExactly("PARTY-1@5"); // kept, not reopened
        assertThat(last(TaskOpenedDecoder.TEMPLATE_ID).epoch()).isEqualTo(5);

        session.onDisconnected();
        nowNs += 801 * MS;
        session.beforePoll(nowNs);
        assertThat(listener.fenced).isEqualTo(1);
        assertThat(listener.closes).containsExactly("PARTY-1@5");
    }

    @Test
    void registeredCreditsTheSendTimeOfTheRegisterItAnswers()
    {
        // a lease (8 s) longer than the Register resend interval (1 s): an answer to the first Register must not be
        // credited to the second
        final Recorder recorder = new Recorder();
        final GatewaySession longLease = new GatewaySession(new GatewayContext()
            .workerName("gw-1").ingressEndpoints("0=localhost:1").aeronDirectoryName("/dev/null")
            .sessionTimeoutMs(10_000).fenceMarginMs(2_000).keepaliveIntervalMs(100)
            .nanoClock(() -> nowNs).listener(recorder).conclude(), new GatewayProxy());
        longLease.onConnected(nowNs, nowNs);
        longLease.afterPoll(nowNs, ingress);
        final Sent first = last(RegisterDecoder.TEMPLATE_ID);
        nowNs += 1_000 * MS;
        longLease.afterPoll(nowNs, ingress);
        assertThat(last(RegisterDecoder.TEMPLATE_ID).sendTimeNs()).isEqualTo(nowNs); // sent again, unanswered
        final int length = registered(first.correlationId(), first.sendTimeNs(), false, 0, 10_000 * MS);
        longLease.onMessage(out, 0, length);
        nowNs += 6_999 * MS; // 7,999 ms after the answered Register was sent
        assertThat(longLease.leaseExpired(nowNs)).isFalse();
        nowNs += 2 * MS; // 8,001 ms after the answered Register was sent, 7,001 ms after the second
        assertThat(longLease.leaseExpired(nowNs)).isTrue();
    }

    @Test
    void aJoiningGatewayWhoseFirstAnswerComesAfterItsLeaseKeepsItsRegistrationAndFencesNothing()
    {
        session.onConnected(nowNs, nowNs);
        session.afterPoll(nowNs, ingress);
        final Sent register = last(RegisterDecoder.TEMPLATE_ID);
        nowNs += 801 * MS; // no answer within the lease (800 ms), but nothing is held: nothing to fence
        session.beforePoll(nowNs);
        session.afterPoll(nowNs, ingress);
        assertThat(listener.fenced).isZero();
        assertThat(session.fencedCount()).isZero();
        assertThat(session.takeReconnectRequest()).as("keeps its session").isFalse();
        assertThat(session.state()).isEqualTo(GatewaySession.State.REGISTERING);

        // the late answer, then the cluster's first open: both arrive while the lease is out
        deliver(registered(register.correlationId(), register.sendTimeNs(), false, 0, SESSION_TIMEOUT_NS));
        assertThat(session.state()).isEqualTo(GatewaySession.State.REGISTERED);
        deliver(open(1, 5, "PARTY-1"));
        session.beforePoll(nowNs);
        session.afterPoll(nowNs, ingress);
        assertThat(listener.opens).as("not acted on outside the lease").isEmpty();
        assertThat(listener.fenced).isZero();
        assertThat(session.takeReconnectRequest()).isFalse();

        // an answer to a recent heartbeat renews the lease; the dropped open comes again through a resync
        nowNs += 50 * MS;
        deliver(heartbeatReply(nowNs - 10 * MS, 1));
        session.afterPoll(nowNs, ingress);
        final Sent resync = last(ResyncDecoder.TEMPLATE_ID);
        deliver(open(0, 5, "PARTY-1"));
        deliver(resyncDone(resync.correlationId(), 1, 1));
        listener.answerAll(true);
        session.afterPoll(nowNs, ingress);
        assertThat(listener.opens).containsExactly("PARTY-1@5");
        assertThat(last(TaskOpenedDecoder.TEMPLATE_ID).epoch()).isEqualTo(5);
        assertThat(session.fencedCount()).isZero();
        assertThat(session.registeredCount()).as("registered once, never left and joined again").isEqualTo(1);

        // holding something, the same lateness fences as before
        nowNs += 801 * MS;
        session.beforePoll(nowNs);
        assertThat(listener.fenced).isEqualTo(1);
        assertThat(listener.closes).containsExactly("PARTY-1@5");
    }

    @Test
    void aDroppedResyncAnswerIsAskedForAgainOnceTheLeaseIsRenewed()
    {
        registerFresh();
        deliver(heartbeatReply(nowNs, 1)); // seq 1 never arrived: resync
        session.afterPoll(nowNs, ingress);
        final Sent first = last(ResyncDecoder.TEMPLATE_ID);
        nowNs += 801 * MS; // its answer comes after the lease, holding nothing: dropped, nothing fenced
        deliver(open(0, 5, "PARTY-1"));
        deliver(resyncDone(first.correlationId(), 1, 1));
        session.afterPoll(nowNs, ingress);
        assertThat(listener.opens).isEmpty();
        assertThat(listener.fenced).isZero();
        deliver(heartbeatReply(nowNs, 1));
        session.afterPoll(nowNs, ingress);
        final Sent second = last(ResyncDecoder.TEMPLATE_ID);
        assertThat(second.correlationId()).isGreaterThan(first.correlationId());
        deliver(open(0, 5, "PARTY-1"));
        deliver(resyncDone(second.correlationId(), 1, 1));
        listener.answerAll(true);
        session.afterPoll(nowNs, ingress);
        assertThat(listener.opens).containsExactly("PARTY-1@5");
    }

    @Test
    void holdingNothingANewSessionThatNeverAnswersIsGivenFourSessionTimeoutsThenReplaced()
    {
        session.onConnected(nowNs, nowNs);
        session.afterPoll(nowNs, ingress);
        for (int i = 0; i < 39; i++)
        {
            nowNs += 100 * MS;
            session.beforePoll(nowNs);
            session.afterPoll(nowNs, ingress);
            assertThat(session.takeReconnectRequest()).as("at " + (i + 1) * 100 + " ms").isFalse();
        }
        nowNs += 101 * MS;
        session.beforePoll(nowNs);
        session.afterPoll(nowNs, ingress);
        assertThat(session.takeReconnectRequest()).isTrue();
        assertThat(listener.fenced).isZero();
        assertThat(session.fencedCount()).isZero();
    }

    @Test
    void holdingNothingASessionThatFallsSilentForALeaseIsReplacedWithoutFencing()
    {
        registerFresh();
        nowNs += 700 * MS;
        session.beforePoll(nowNs);
        session.afterPoll(nowNs, ingress);
        assertThat(session.takeReconnectRequest()).isFalse();
        deliver(heartbeatReply(nowNs - 600 * MS, 0)); // a slow answer: the session is alive
        nowNs += 700 * MS; // the lease (800 ms) is out, but something arrived 700 ms ago
        session.beforePoll(nowNs);
        session.afterPoll(nowNs, ingress);
        assertThat(session.takeReconnectRequest()).isFalse();
        nowNs += 101 * MS; // nothing received for 801 ms
        session.beforePoll(nowNs);
        session.afterPoll(nowNs, ingress);
        assertThat(session.takeReconnectRequest()).isTrue();
        assertThat(listener.fenced).isZero();
    }

    // ------------------------------------------------------------------------------------------- helpers

    private void registerFresh()
    {
        session.onConnected(nowNs, nowNs);
        session.afterPoll(nowNs, ingress);
        final Sent register = last(RegisterDecoder.TEMPLATE_ID);
        assertThat(register.holdsTasks()).isFalse();
        deliver(registered(register.correlationId(), register.sendTimeNs(), false, 0, SESSION_TIMEOUT_NS));
        assertThat(session.state()).isEqualTo(GatewaySession.State.REGISTERED);
    }

    private void deliver(final int length)
    {
        session.onMessage(out, 0, length);
    }

    private Sent last(final int templateId)
    {
        for (int i = sent.size() - 1; i >= 0; i--)
        {
            if (sent.get(i).templateId() == templateId)
            {
                return sent.get(i);
            }
        }
        throw new AssertionError("nothing sent with template " + templateId + " in " + sent);
    }

    private long capture(final DirectBuffer buffer, final int offset, final int length)
    {
        final MessageHeaderDecoder h = new MessageHeaderDecoder().wrap(buffer, offset);
        final int at = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int templateId = h.templateId();
        switch (templateId)
        {
            case RegisterDecoder.TEMPLATE_ID ->
            {
                final RegisterDecoder d = new RegisterDecoder().wrap(buffer, at, h.blockLength(), h.version());
                sent.add(new Sent(templateId, d.correlationId(), 0, null, d.holdsTasks() == BooleanType.TRUE,
                    d.sendTimeNs(), 0));
            }
            case TaskOpenedDecoder.TEMPLATE_ID ->
            {
                final TaskOpenedDecoder d = new TaskOpenedDecoder().wrap(buffer, at, h.blockLength(), h.version());
                final int handle = d.taskHandle();
                sent.add(new Sent(templateId, 0, d.epoch(), d.task(), false, 0, handle));
            }
            case TaskClosedDecoder.TEMPLATE_ID ->
            {
                final TaskClosedDecoder d = new TaskClosedDecoder().wrap(buffer, at, h.blockLength(), h.version());
                final int handle = d.taskHandle();
                sent.add(new Sent(templateId, 0, d.epoch(), d.task(), false, 0, handle));
            }
            case TaskReleasedDecoder.TEMPLATE_ID ->
            {
                final TaskReleasedDecoder d = new TaskReleasedDecoder().wrap(buffer, at, h.blockLength(), h.version());
                final int handle = d.taskHandle();
                sent.add(new Sent(templateId, 0, d.epoch(), d.task(), false, 0, handle));
            }
            case ResyncDecoder.TEMPLATE_ID -> sent.add(new Sent(templateId,
                new ResyncDecoder().wrap(buffer, at, h.blockLength(), h.version()).correlationId(), 0, null, false, 0,
                0));
            case DeregisterDecoder.TEMPLATE_ID -> sent.add(new Sent(templateId,
                new DeregisterDecoder().wrap(buffer, at, h.blockLength(), h.version()).correlationId(), 0, null, false,
                0, 0));
            default -> sent.add(new Sent(templateId, 0, 0, null, false, 0, 0));
        }
        return 1;
    }

    private int registered(
        final long correlationId, final long sendTimeNs, final boolean resumed, final long seq,
        final long sessionTimeoutNs)
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + new RegisteredEncoder().wrapAndApplyHeader(out, 0, header)
            .correlationId(correlationId).directiveSeq(seq).resumed(resumed ? BooleanType.TRUE : BooleanType.FALSE)
            .sendTimeNs(sendTimeNs).sessionTimeoutNs(sessionTimeoutNs).encodedLength();
    }

    private int open(final long seq, final long epoch, final String task)
    {
        return open(seq, epoch, 3, task);
    }

    private int open(final long seq, final long epoch, final int handle, final String task)
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + new OpenEncoder().wrapAndApplyHeader(out, 0, header)
            .seq(seq).epoch(epoch).taskHandle(handle).task(task).encodedLength();
    }

    /** An Open as a version-5 service encodes it: seq and epoch only, then the name. */
    private int versionFiveOpen(final long seq, final long epoch, final String task)
    {
        header.wrap(out, 0).blockLength(2 * Long.BYTES).templateId(OpenEncoder.TEMPLATE_ID)
            .schemaId(OpenEncoder.SCHEMA_ID).version(5);
        int at = MessageHeaderEncoder.ENCODED_LENGTH;
        out.putLong(at, seq, java.nio.ByteOrder.LITTLE_ENDIAN);
        out.putLong(at + Long.BYTES, epoch, java.nio.ByteOrder.LITTLE_ENDIAN);
        at += 2 * Long.BYTES;
        out.putShort(at, (short)task.length(), java.nio.ByteOrder.LITTLE_ENDIAN);
        out.putStringWithoutLengthAscii(at + Short.BYTES, task);
        return at + Short.BYTES + task.length();
    }

    private int close(final long seq, final long epoch, final String task)
    {
        return close(seq, epoch, 3, task);
    }

    private int close(final long seq, final long epoch, final int handle, final String task)
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + new CloseEncoder().wrapAndApplyHeader(out, 0, header)
            .seq(seq).epoch(epoch).taskHandle(handle).task(task).encodedLength();
    }

    private int heartbeatReply(final long sendTimeNs, final long seq)
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + new HeartbeatReplyEncoder().wrapAndApplyHeader(out, 0, header)
            .correlationId(99).sendTimeNs(sendTimeNs).directiveSeq(seq).clusterTime(1).encodedLength();
    }

    private int resyncDone(final long correlationId, final long seq, final int count)
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + new ResyncDoneEncoder().wrapAndApplyHeader(out, 0, header)
            .correlationId(correlationId).directiveSeq(seq).taskCount(count).encodedLength();
    }

    private int rejected(final int code, final int templateId)
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + new RejectedEncoder().wrapAndApplyHeader(out, 0, header)
            .correlationId(0).code(code).templateId(templateId).text("no").encodedLength();
    }

    private static final class Recorder implements GatewayListener
    {
        final List<String> opens = new ArrayList<>();
        final List<String> closes = new ArrayList<>();
        final List<OpenCompletion> pending = new ArrayList<>();
        final List<Integer> rejections = new ArrayList<>();
        int fenced;
        int registered;

        public void onOpen(final String task, final long epoch, final OpenCompletion done)
        {
            opens.add(task + "@" + epoch);
            pending.add(done);
        }

        public void onClose(final String task, final long epoch)
        {
            closes.add(task + "@" + epoch);
        }

        public void onFenced()
        {
            fenced++;
        }

        public void onRegistered(final boolean resumed)
        {
            registered++;
        }

        public void onRejected(final int code, final int templateId, final String text)
        {
            rejections.add(code);
        }

        void answerAll(final boolean opened)
        {
            for (final OpenCompletion done : pending)
            {
                if (opened)
                {
                    done.opened();
                }
                else
                {
                    done.refused("no");
                }
            }
        }
    }
}
