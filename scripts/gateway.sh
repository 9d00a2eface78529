#!/usr/bin/env bash
# One API gateway as its own process.
#   scripts/gateway.sh NAME MEMBERS COUNTERPARTY [EGRESS_HOST]
#   NAME          worker name with a gateway line in scripts/credentials.txt, e.g. gw-1
#   MEMBERS       the cluster members' host:basePort list, as for cluster-node.sh
#   COUNTERPARTY  host:port of the counterparty simulator
#   EGRESS_HOST   this machine's address as the cluster members can reach it (default localhost)
# Ctrl-C/SIGTERM stops it gracefully (its parties move at once); kill -9 is a crash (they move after the session
# timeout).
set -euo pipefail
[ $# -ge 3 ] || { sed -n '2,9p' "$0"; exit 2; }
. "$(dirname "$0")/common.sh"
NAME="$1"; MEMBERS="$2"; COUNTERPARTY="$3"; EGRESS_HOST="${4:-localhost}"
# the secret never goes on the command line (ps shows it to every user): the gateway reads its line from the file
[ -n "$(rg_credentials gateway "$NAME")" ] || { echo "no gateway:$NAME line in $RG_CREDENTIALS" >&2; exit 1; }
exec "$JAVA" $RG_JVM_FLAGS -Xmx128m -cp "$RG_JAR" io.resilientgateways.examples.gateway.ApiGateway \
    --name "$NAME" --members "$MEMBERS" --counterparty "$COUNTERPARTY" --credentials-file "$RG_CREDENTIALS" \
    --egress-host "$EGRESS_HOST" --session-timeout-ms "$RG_SESSION_TIMEOUT_MS"
