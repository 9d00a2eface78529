package io.resilientgateways.strategies;

import io.resilientgateways.core.spi.RebalancePolicy;
import io.resilientgateways.testkit.RebalancePolicyContract;

class RoundRobinPolicyContractTest extends RebalancePolicyContract
{
    @Override
    protected RebalancePolicy newPolicy()
    {
        return Strategies.roundRobin();
    }
}
