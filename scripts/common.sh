# Shared by the scripts in this folder: the runnable jar and the JVM flags Agrona needs.
# Build the jar first: ./mvnw -q -pl examples -am package -DskipTests   (writes examples/target/trade-confirmation.jar)
RG_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RG_JAR="${RG_JAR:-$RG_HOME/examples/target/trade-confirmation.jar}"
if [ -n "${JAVA_HOME:-}" ]; then JAVA="$JAVA_HOME/bin/java"; else JAVA=java; fi
RG_JVM_FLAGS="-XX:+UseSerialGC --add-exports java.base/jdk.internal.misc=ALL-UNNAMED \
--add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.base/java.util.zip=ALL-UNNAMED"
RG_CREDENTIALS="${RG_CREDENTIALS:-$RG_HOME/scripts/credentials.txt}"
# Timing settings: every node and gateway must agree (see docs/operations.md and docs/reliability.md: at a 200 ms
# leader heartbeat timeout a loaded 2-core machine loses the cluster to Aeron's catch-up deadlines).
RG_SESSION_TIMEOUT_MS="${RG_SESSION_TIMEOUT_MS:-2000}"
RG_LEADER_HEARTBEAT_TIMEOUT_MS="${RG_LEADER_HEARTBEAT_TIMEOUT_MS:-500}"
RG_LEADER_HEARTBEAT_INTERVAL_MS="${RG_LEADER_HEARTBEAT_INTERVAL_MS:-50}"
RG_ELECTION_TIMEOUT_MS="${RG_ELECTION_TIMEOUT_MS:-100}"

if [ ! -f "$RG_JAR" ]; then
    echo "missing $RG_JAR: build it with ./mvnw -q -pl examples -am package -DskipTests" >&2
    exit 1
fi

# The credentials line of a principal from the table, e.g. rg_credentials gateway gw-1
rg_credentials() {
    grep "^$1:$2:" "$RG_CREDENTIALS" | head -1 || true
}
