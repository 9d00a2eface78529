package io.resilientgateways.strategies;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;
import io.resilientgateways.core.TaskId;
import io.resilientgateways.core.WorkerId;

import java.nio.charset.StandardCharsets;

/**
 * The hash behind {@link ConsistentHashPolicy}: Guava's {@code Hashing.murmur3_128(SEED)} (MurmurHash3 x64 128-bit),
 * of which the first 8 bytes, little-endian, are the 64-bit point on the ring ({@code HashCode.asLong()}).
 * <ul>
 *   <li>a task's point: the hash of its id's UTF-8 bytes;</li>
 *   <li>a worker's {@code v}-th virtual node: the hash of its name's UTF-8 bytes followed by {@code v} as a 4-byte
 *   little-endian int.</li>
 * </ul>
 * Points are compared as signed longs. The function and the seed are part of the policy's contract: changing either
 * would move almost every task, so golden-value tests pin their outputs.
 */
final class StableHash
{
    /** The fixed seed: the ASCII bytes of "RGW1". */
    static final int SEED = 0x52475731;

    private static final HashFunction MURMUR3 = Hashing.murmur3_128(SEED);

    private StableHash()
    {
    }

    static long taskPoint(final TaskId task)
    {
        return MURMUR3.hashString(task.name(), StandardCharsets.UTF_8).asLong();
    }

    static long nodePoint(final WorkerId worker, final int virtualNode)
    {
        return MURMUR3.newHasher()
            .putString(worker.name(), StandardCharsets.UTF_8)
            .putInt(virtualNode)
            .hash()
            .asLong();
    }
}
