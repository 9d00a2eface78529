package io.resilientgateways.strategies;

import com.google.common.hash.Hashing;
import io.resilientgateways.core.TaskId;
import io.resilientgateways.core.WorkerId;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins the consistent-hash function. If any of these fail after a library upgrade, the upgrade would move almost
 * every task in every running cluster: do not update the constants, keep the old function.
 */
class HashFunctionGoldenTest
{
    @Test
    void murmur3MatchesThePublishedReferenceVector()
    {
        // MurmurHash3_x64_128("The quick brown fox jumps over the lazy dog", seed 0) = 6c1b07bc7bbc4be347939ac4a93c437a
        assertThat(Hashing.murmur3_128(0)
            .hashString("The quick brown fox jumps over the lazy dog", StandardCharsets.UTF_8).toString())
            .isEqualTo("6c1b07bc7bbc4be347939ac4a93c437a");
    }

    @Test
    void seedIsFixed()
    {
        assertThat(StableHash.SEED).isEqualTo(0x52475731);
    }

    @Test
    void taskPointsArePinned()
    {
        assertThat(StableHash.taskPoint(TaskId.of("PARTY-1"))).isEqualTo(GOLDEN_PARTY_1);
        assertThat(StableHash.taskPoint(TaskId.of("t00000"))).isEqualTo(GOLDEN_T00000);
    }

    @Test
    void virtualNodePointsArePinned()
    {
        assertThat(StableHash.nodePoint(WorkerId.of("gw-1"), 0)).isEqualTo(GOLDEN_GW1_0);
        assertThat(StableHash.nodePoint(WorkerId.of("gw-1"), 99)).isEqualTo(GOLDEN_GW1_99);
    }

    static final long GOLDEN_PARTY_1 = 3365234765212401345L;
    static final long GOLDEN_T00000 = 4161040487720215809L;
    static final long GOLDEN_GW1_0 = -4553050539695535060L;
    static final long GOLDEN_GW1_99 = 3430938919362745493L;
}
