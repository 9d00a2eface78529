package com.example.policy;

import io.resilientgateways.core.spi.RebalancePolicy;
import io.resilientgateways.testkit.RebalancePolicyContract;

class FewestTasksPolicyContractTest extends RebalancePolicyContract
{
    @Override
    protected RebalancePolicy newPolicy()
    {
        return new FewestTasksPolicy();
    }
}
