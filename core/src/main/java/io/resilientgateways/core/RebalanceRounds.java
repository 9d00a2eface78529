package io.resilientgateways.core;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * When rebalance rounds run, one at a time. A membership change requests a round (at once, or after the rebalance
 * delay); a round first moves tasks off draining workers, then applies the policy's valid proposals, at most
 * {@link BalancerConfig#maxMovesPerRound()} in all. The next round waits until every move of this one is revoked,
 * and runs only if this one hit the limit or another change was requested meanwhile. Which tasks move is the
 * {@link Mover}'s business.
 */
final class RebalanceRounds implements TimerOwner
{
    /**
     * Starts the moves of a round.
     */
    interface Mover
    {
        /**
         * @return true if no move of an earlier round is still waiting for its close ack.
         */
        boolean idle();

        /**
         * @return how many moves off draining workers it started, at most {@code budget}.
         */
        int drain(int budget);

        /**
         * @return how many of the policy's moves it started, at most {@code budget}.
         */
        int rebalance(int budget, Cause trigger, WorkerId triggerWorker, LeaveReason triggerReason);
    }

    private final Clock clock;
    private final Scheduler scheduler;
    private final Mover mover;
    private final long delay;
    private final int budget;
    private boolean requested;
    private Cause trigger;
    private WorkerId triggerWorker;
    private LeaveReason triggerReason;
    private long timerId;

    RebalanceRounds(
        final Clock clock, final Scheduler scheduler, final Mover mover, final BalancerConfig config)
    {
        this.clock = clock;
        this.scheduler = scheduler;
        this.mover = mover;
        this.delay = config.rebalanceDelay();
        this.budget = config.maxMovesPerRound();
    }

    void request(final Cause why, final WorkerId worker, final LeaveReason reason)
    {
        requested = true;
        trigger = why;
        triggerWorker = worker;
        triggerReason = reason;
        if (delay > 0)
        {
            if (0 == timerId)
            {
                timerId = scheduler.schedule(this, clock.now() + delay);
            }
            return;
        }
        maybeRun();
    }

    @Override
    public void onTimer(final long correlationId)
    {
        timerId = 0;
        maybeRun();
    }

    void maybeRun()
    {
        if (requested && 0 == timerId && mover.idle())
        {
            requested = false;
            int started = mover.drain(budget);
            if (started < budget)
            {
                started += mover.rebalance(budget - started, trigger, triggerWorker, triggerReason);
            }
            if (started == budget)
            {
                requested = true; // more may be needed: ask again once these moves are revoked
            }
        }
    }

    void write(final DataOutputStream out) throws IOException
    {
        out.writeBoolean(requested);
        out.writeByte(null == trigger ? -1 : trigger.code());
        out.writeUTF(null == triggerWorker ? "" : triggerWorker.name());
        out.writeByte(null == triggerReason ? -1 : triggerReason.code());
        out.writeLong(timerId);
    }

    /**
     * Formats 1 to 3 also stored the round's deadline (never read); format 1 whether the last round hit its move
     * limit (implied by {@code requested}).
     */
    void read(final DataInputStream in, final int format, final TimerRegistry registry) throws IOException
    {
        requested = in.readBoolean();
        if (1 == format)
        {
            in.readBoolean();
        }
        final int cause = in.readByte();
        trigger = cause < 0 ? null : Cause.fromCode(cause);
        final String worker = in.readUTF();
        triggerWorker = worker.isEmpty() ? null : WorkerId.of(worker);
        final int reason = in.readByte();
        triggerReason = reason < 0 ? null : LeaveReason.fromCode(reason);
        timerId = in.readLong();
        if (format < 4)
        {
            in.readLong();
        }
        if (0 != timerId)
        {
            registry.restore(timerId, this);
        }
    }
}
