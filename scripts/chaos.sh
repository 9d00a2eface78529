#!/usr/bin/env bash
# The chaos suite's long variant and the long live-cluster fuzz run (docs/reliability.md). Real processes on
# loopback: 3 cluster nodes, 3 gateways, the counterparty and the trade entry, ports 30000-31124.
#   scripts/chaos.sh [SECONDS] [SEED]     faults from SEED (default: a new one, printed) for SECONDS (default 540,
#                                         about 10 minutes with start-up and the end checks); then 120,000 fuzz messages
# Faults: all nine types (gateway kills and pauses, leader kills and pauses, follower kills, the slow counterparty).
# Extra Maven properties go in CHAOS_OPTS, e.g. CHAOS_OPTS="-Dchaos.sessionTimeoutMs=2000 -Dchaos.echo=true".
# Writes the per-fault table to examples/target/chaos-report.md. Needs nothing else running on those ports.
set -euo pipefail
RG_HOME="$(cd "$(dirname "$0")/.." && pwd)"
SECONDS_ARG="${1:-540}"
SEED_ARG=""
[ $# -ge 2 ] && SEED_ARG="-Dchaos.seed=$2 -Dfuzz.seed=$2"
cd "$RG_HOME"
exec ./mvnw -pl examples -am verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
    -Dfailsafe.failIfNoSpecifiedTests=false '-Dit.test=ChaosIT,LiveFuzzIT' -Dchaos.seconds="$SECONDS_ARG" \
    -Dfuzz.messages=120000 -Dchaos.faults=ALL $SEED_ARG ${CHAOS_OPTS:-}
