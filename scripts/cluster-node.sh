#!/usr/bin/env bash
# One trading cluster member as its own process.
#   scripts/cluster-node.sh ID MEMBERS [extra TradingNode options]
#   ID       this member's id: 0, 1 or 2
#   MEMBERS  every member's host:basePort in id order, e.g. hostA:9000,hostB:9000,hostC:9000
#            (a member binds basePort .. basePort+4 on its host)
# Extra options: --clean (wipe its data first; without it a member restarts from its snapshot and log), --delete-data
# (delete data on exit), --dir DIR, --aeron-dir DIR, --config FILE (aeron.* / resilientgateways.* properties),
# --snapshot-interval-ms MS (default 600000, 0 = never), --epoch-floor N (after a wipe: epochs start above N).
# Data lives in ${TMPDIR:-/tmp}/rg-node-ID unless --dir is given; Ctrl-C/SIGTERM stops the member.
set -euo pipefail
[ $# -ge 2 ] || { sed -n '2,10p' "$0"; exit 2; }
. "$(dirname "$0")/common.sh"
ID="$1"; MEMBERS="$2"; shift 2
exec "$JAVA" $RG_JVM_FLAGS -Xmx512m -cp "$RG_JAR" io.resilientgateways.examples.node.TradingNode \
    --id "$ID" --members "$MEMBERS" --credentials-file "$RG_CREDENTIALS" \
    --session-timeout-ms "$RG_SESSION_TIMEOUT_MS" \
    --leader-heartbeat-timeout-ms "$RG_LEADER_HEARTBEAT_TIMEOUT_MS" \
    --leader-heartbeat-interval-ms "$RG_LEADER_HEARTBEAT_INTERVAL_MS" \
    --election-timeout-ms "$RG_ELECTION_TIMEOUT_MS" "$@"
