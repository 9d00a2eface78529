package io.resilientgateways.strategies;

import io.resilientgateways.core.WorkerId;
import io.resilientgateways.core.spi.ClusterView;
import io.resilientgateways.core.spi.Move;
import io.resilientgateways.core.spi.RebalancePolicy;
import io.resilientgateways.core.spi.TaskView;
import io.resilientgateways.testkit.PlannedState;
import io.resilientgateways.testkit.Scenario;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins sticky's answers (version 1): 400 planned cluster states (capabilities, capacities, weights, draining and
 * departed workers, pending tasks) each asked for {@code allocate} of every pending task and for
 * {@code rebalance} under a move limit, all answers hashed together. A change that is only meant to make the policy
 * faster must keep this digest; one that changes an answer must bump {@link StickyPolicy#version()} and the digest.
 * The digest was computed with the implementation before its rebalance plan dropped its {@code HashSet} and
 * {@code TreeSet}, and the current one gives the same.
 */
class StickyDecisionsGoldenTest
{
    private static final String GOLDEN = "fa190aa32bda0228576f3951ea9320c49170674f178e2a726410edbd79e94d87";

    @Test
    void answersArePinned() throws NoSuchAlgorithmException
    {
        assertThat(digest()).isEqualTo(GOLDEN);
    }

    static String digest() throws NoSuchAlgorithmException
    {
        final MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (long seed = 1; seed <= 400; seed++)
        {
            final PlannedState state = PlannedState.generate(seed, Scenario.Shape.GENERAL);
            final ClusterView view = state.build(seed).balancer.frozenView();
            final RebalancePolicy policy = Strategies.sticky();
            final StringBuilder answers = new StringBuilder();
            for (final var spec : state.tasks())
            {
                final TaskView task = view.task(spec.id());
                if (null != task && null == task.assignee())
                {
                    final WorkerId to = policy.allocate(task, view);
                    answers.append(spec.id()).append("->").append(to).append(';');
                }
            }
            final List<Move> moves = policy.rebalance(view, 1 + (int)(seed % 7) * 5);
            for (final Move move : moves)
            {
                answers.append(move.task()).append("=>").append(move.to()).append(';');
            }
            sha.update(answers.append('\n').toString().getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /**
     * Prints the digest, to pin it once.
     */
    public static void main(final String[] args) throws NoSuchAlgorithmException
    {
        System.out.println(digest());
    }

    @Test
    void everyStateIsAskedSomething() throws NoSuchAlgorithmException
    {
        int moved = 0;
        for (long seed = 1; seed <= 400; seed++)
        {
            final PlannedState state = PlannedState.generate(seed, Scenario.Shape.GENERAL);
            moved += Strategies.sticky().rebalance(state.build(seed).balancer.frozenView(), 1_000).size();
        }
        assertThat(moved).as("the states must make sticky move tasks, or the digest pins nothing").isGreaterThan(100);
    }
}
