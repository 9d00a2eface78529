package io.resilientgateways.strategies;

import io.resilientgateways.core.BasicPolicy;
import io.resilientgateways.core.spi.RebalancePolicy;
import io.resilientgateways.testkit.RebalancePolicyContract;

/**
 * Core's reference policy keeps the same contract.
 */
class BasicPolicyContractTest extends RebalancePolicyContract
{
    @Override
    protected RebalancePolicy newPolicy()
    {
        return new BasicPolicy();
    }
}
