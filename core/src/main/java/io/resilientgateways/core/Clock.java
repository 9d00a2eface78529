package io.resilientgateways.core;

/**
 * The engine's clock as helpers see it: cluster time, advanced once per accepted input, never backwards.
 */
@FunctionalInterface
interface Clock
{
    long now();
}
