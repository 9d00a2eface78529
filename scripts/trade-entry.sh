#!/usr/bin/env bash
# The trade entry as its own process: adds the parties (admin command), then books trades until Ctrl-C.
#   scripts/trade-entry.sh MEMBERS [PARTIES] [TRADES_PER_SECOND] [EGRESS_HOST]
#   MEMBERS            the cluster members' host:basePort list, as for cluster-node.sh
#   PARTIES            default 12 (PARTY-01 ..)
#   TRADES_PER_SECOND  default 20
#   EGRESS_HOST        this machine's address as the cluster members can reach it (default localhost)
set -euo pipefail
[ $# -ge 1 ] || { sed -n '2,7p' "$0"; exit 2; }
. "$(dirname "$0")/common.sh"
# the secret never goes on the command line (ps shows it to every user): the client reads its line from the file
[ -n "$(rg_credentials admin trade-entry)" ] || { echo "no admin:trade-entry line in $RG_CREDENTIALS" >&2; exit 1; }
exec "$JAVA" $RG_JVM_FLAGS -Xmx128m -cp "$RG_JAR" io.resilientgateways.examples.trading.TradeEntryMain \
    --members "$1" --parties "${2:-12}" --rate "${3:-20}" --egress-host "${4:-localhost}" \
    --credentials-file "$RG_CREDENTIALS"
