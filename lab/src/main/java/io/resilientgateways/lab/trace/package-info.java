/**
 * The trace format (version {@value io.resilientgateways.lab.trace.TraceHeader#VERSION}): a header line, then one
 * JSON object per event (join, leave, drain, capacity, add, remove) with its cluster time in milliseconds; a reader
 * that reports malformed lines by number and kind, a writer that gives the same bytes for the same trace, seeded
 * generators of the shapes that matter, and the export from a running cluster's history.
 */
package io.resilientgateways.lab.trace;
