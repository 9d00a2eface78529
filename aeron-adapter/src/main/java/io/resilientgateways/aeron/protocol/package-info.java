/**
 * The wire protocol's constants: {@link io.resilientgateways.aeron.protocol.Protocol} (schema id and versions,
 * limits), {@link io.resilientgateways.aeron.protocol.AdapterRejection} (the adapter's rejection codes) and
 * {@link io.resilientgateways.aeron.protocol.Templates} (which templates each role may send, from the generated
 * codecs). The SBE codecs themselves are generated into {@code io.resilientgateways.aeron.codecs} at build time.
 * See docs/protocol.md.
 */
package io.resilientgateways.aeron.protocol;
