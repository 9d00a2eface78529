package io.resilientgateways.benchmarks.strategies;

import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.coordinator.group.api.assignor.GroupAssignment;
import org.apache.kafka.coordinator.group.api.assignor.MemberAssignment;
import org.apache.kafka.coordinator.group.api.assignor.SubscribedTopicDescriber;
import org.apache.kafka.coordinator.group.api.assignor.SubscriptionType;
import org.apache.kafka.coordinator.group.assignor.UniformAssignor;
import org.apache.kafka.coordinator.group.modern.Assignment;
import org.apache.kafka.coordinator.group.modern.GroupSpecImpl;
import org.apache.kafka.coordinator.group.modern.MemberSubscriptionAndAssignmentImpl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Kafka's assignors as peers: every task is a partition of one topic, every worker a group member subscribed to it.
 * Each is fed the previous assignment the way a real group does: the classic protocol's cooperative-sticky through
 * each member's owned partitions and generation; KIP-848's uniform assignor through each member's current
 * assignment in the {@code GroupSpec} and the partition-to-member map the coordinator keeps.
 * <p>
 * An assignment is a {@code String[]}: the owning member of each partition, null if none.
 */
abstract class KafkaPeers
{
    static final String TOPIC = "tasks";
    static final Uuid TOPIC_ID = new Uuid(0x5247L, 1L);

    /**
     * @return the peer's single assignor call on this input, built now, run later (what JMH times).
     */
    abstract Supplier<Object> prepare(List<String> members, String[] previous);

    /**
     * @return the assignment the group ends with (for cooperative-sticky, after the follow-up rebalance that hands
     * out the revoked partitions).
     */
    abstract String[] assign(List<String> members, String[] previous);

    /**
     * @return every assignor call the group makes for this membership change, each prepared on its real input
     * (uniform: one call; cooperative-sticky: one, plus the follow-up that hands out revoked partitions if any).
     */
    List<Supplier<Object>> prepareProtocol(final List<String> members, final String[] previous)
    {
        return List.of(prepare(members, previous));
    }

    /**
     * @return the names of workers 0..count-1, sorted.
     */
    static List<String> members(final int count)
    {
        final List<String> members = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            members.add(EngineDriver.worker(i).name());
        }
        return members;
    }

    static KafkaPeers create(final String name)
    {
        return switch (name)
        {
            case "cooperative-sticky" -> new Cooperative();
            case "uniform" -> new Uniform();
            default -> throw new IllegalArgumentException("unknown peer " + name);
        };
    }

    static final class Cooperative extends KafkaPeers
    {
        private final CooperativeStickyAssignor assignor = new CooperativeStickyAssignor();
        private int generation = 1;

        @Override
        Supplier<Object> prepare(final List<String> members, final String[] previous)
        {
            final Map<String, Integer> partitionsPerTopic = Map.of(TOPIC, previous.length);
            final Map<String, Subscription> subscriptions = subscriptions(members, previous, generation);
            return () -> assignor.assign(partitionsPerTopic, subscriptions);
        }

        @Override
        String[] assign(final List<String> members, final String[] previous)
        {
            String[] owners = previous;
            for (int round = 0; round < 2; round++)
            {
                owners = round(members, owners);
                if (!revoked(owners))
                {
                    break;
                }
            }
            return owners;
        }

        @Override
        List<Supplier<Object>> prepareProtocol(final List<String> members, final String[] previous)
        {
            final List<Supplier<Object>> calls = new ArrayList<>(2);
            String[] owners = previous;
            for (int round = 0; round < 2; round++)
            {
                calls.add(prepare(members, owners));
                owners = round(members, owners);
                if (!revoked(owners))
                {
                    break;
                }
            }
            return calls;
        }

        private String[] round(final List<String> members, final String[] previous)
        {
            final Map<String, List<TopicPartition>> result = assignor.assign(
                Map.of(TOPIC, previous.length), subscriptions(members, previous, generation++));
            final String[] owners = new String[previous.length];
            for (final Map.Entry<String, List<TopicPartition>> e : result.entrySet())
            {
                for (final TopicPartition tp : e.getValue())
                {
                    owners[tp.partition()] = e.getKey();
                }
            }
            return owners;
        }

        private static boolean revoked(final String[] owners)
        {
            for (final String owner : owners)
            {
                if (null == owner)
                {
                    return true;
                }
            }
            return false;
        }

        private static Map<String, Subscription> subscriptions(
            final List<String> members, final String[] owners, final int generation)
        {
            final Map<String, List<TopicPartition>> owned = new TreeMap<>();
            for (final String member : members)
            {
                owned.put(member, new ArrayList<>());
            }
            for (int p = 0; p < owners.length; p++)
            {
                final List<TopicPartition> list = null == owners[p] ? null : owned.get(owners[p]);
                if (null != list)
                {
                    list.add(new TopicPartition(TOPIC, p));
                }
            }
            final Map<String, Subscription> subscriptions = new HashMap<>();
            for (final String member : members)
            {
                subscriptions.put(member,
                    new Subscription(List.of(TOPIC), null, owned.get(member), generation, Optional.empty()));
            }
            return subscriptions;
        }
    }

    static final class Uniform extends KafkaPeers
    {
        private final UniformAssignor assignor = new UniformAssignor();

        @Override
        Supplier<Object> prepare(final List<String> members, final String[] previous)
        {
            final GroupSpecImpl spec = spec(members, previous);
            final SubscribedTopicDescriber topics = describer(previous.length);
            return () -> assignor.assign(spec, topics);
        }

        @Override
        String[] assign(final List<String> members, final String[] previous)
        {
            final GroupAssignment result = assignor.assign(spec(members, previous), describer(previous.length));
            final String[] owners = new String[previous.length];
            for (final Map.Entry<String, MemberAssignment> e : result.members().entrySet())
            {
                for (final int p : e.getValue().partitions().getOrDefault(TOPIC_ID, Set.of()))
                {
                    owners[p] = e.getKey();
                }
            }
            return owners;
        }

        private static GroupSpecImpl spec(final List<String> members, final String[] owners)
        {
            final Map<String, Set<Integer>> owned = new HashMap<>();
            final Map<Integer, String> inverted = new HashMap<>();
            for (final String member : members)
            {
                owned.put(member, new HashSet<>());
            }
            for (int p = 0; p < owners.length; p++)
            {
                final Set<Integer> set = null == owners[p] ? null : owned.get(owners[p]);
                if (null != set)
                {
                    set.add(p);
                    inverted.put(p, owners[p]);
                }
            }
            final Map<String, MemberSubscriptionAndAssignmentImpl> specs = new HashMap<>();
            for (final String member : members)
            {
                specs.put(member, new MemberSubscriptionAndAssignmentImpl(Optional.empty(), Optional.empty(),
                    Set.of(TOPIC_ID), new Assignment(Map.of(TOPIC_ID, owned.get(member)))));
            }
            return new GroupSpecImpl(specs, SubscriptionType.HOMOGENEOUS, Map.of(TOPIC_ID, inverted));
        }

        private static SubscribedTopicDescriber describer(final int partitions)
        {
            return new SubscribedTopicDescriber()
            {
                @Override
                public int numPartitions(final Uuid topicId)
                {
                    return TOPIC_ID.equals(topicId) ? partitions : -1;
                }

                @Override
                public Set<String> racksForPartition(final Uuid topicId, final int partition)
                {
                    return Set.of();
                }
            };
        }
    }
}
