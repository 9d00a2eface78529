package io.resilientgateways.strategies;

import io.resilientgateways.core.spi.RebalancePolicy;
import io.resilientgateways.testkit.RebalancePolicyContract;

class BoundedConsistentHashPolicyContractTest extends RebalancePolicyContract
{
    @Override
    protected RebalancePolicy newPolicy()
    {
        return Strategies.consistentHash(new ConsistentHashOptions().virtualNodes(20).boundedLoad(0.25));
    }
}
