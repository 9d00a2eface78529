#!/usr/bin/env bash
# The counterparty simulator ("remote system") as its own process; prints its verdict every 5 s and on Ctrl-C.
#   scripts/counterparty.sh PORT [PARTIES]
#   PORT     TCP port to listen on (all interfaces)
#   PARTIES  how many parties the verdict expects connected (default 12)
set -euo pipefail
[ $# -ge 1 ] || { sed -n '2,5p' "$0"; exit 2; }
. "$(dirname "$0")/common.sh"
exec "$JAVA" $RG_JVM_FLAGS -Xmx128m -cp "$RG_JAR" io.resilientgateways.examples.counterparty.CounterpartyMain \
    --port "$1" --parties "${2:-12}"
