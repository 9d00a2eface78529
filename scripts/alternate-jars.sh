#!/usr/bin/env bash
# Compares two builds of the benchmarks jar on one event: runs EventLoop in a fresh JVM for jar A, then for jar B, RUNS
# times, and prints each run's mean and each jar's median. One JVM per build says little on a 2-core VM: the same
# jar's JVMs differ by up to 2x. Heavy runs take /tmp/rg-heavy.lock, so two heavy jobs never share the cores.
#   scripts/alternate-jars.sh A.jar B.jar M EVENT [RUNS=5] [SECONDS=10]     (EVENT: churn, join, leave or initial)
# RG_JAVA_OPTS adds JVM options to every run, e.g. RG_JAVA_OPTS=-Drg.bench.taskFormat=PARTY-%07d for longer names.
# Copy the jar of each build aside first, e.g. cp benchmarks/target/benchmarks.jar /tmp/before.jar.
set -euo pipefail
if [ "$#" -lt 4 ]; then
    sed -n '2,6p' "$0" >&2
    exit 64
fi
A=$1; B=$2; M=$3; EVENT=$4; RUNS=${5:-5}; SECONDS_EACH=${6:-10}
for run in $(seq 1 "$RUNS"); do
    for jar in "$A" "$B"; do
        mean=$(flock /tmp/rg-heavy.lock java -XX:+UseSerialGC -Xms3g -Xmx3g -XX:+AlwaysPreTouch ${RG_JAVA_OPTS:-} -cp "$jar" \
            io.resilientgateways.benchmarks.strategies.EventLoop "$M" "$EVENT" "$SECONDS_EACH" | sed -n 's/.*mean \([0-9.]*\) ms/\1/p')
        echo "run $run $jar $mean"
    done
done | awk '{print; v[$3] = v[$3] " " $4; n[$3]++; x[$3, n[$3]] = $4}
    END {
        for (jar in n) {
            k = n[jar]; for (i = 1; i <= k; i++) s[i] = x[jar, i] + 0
            for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (s[j] < s[i]) { t = s[i]; s[i] = s[j]; s[j] = t }
            median = (k % 2) ? s[(k + 1) / 2] : (s[k / 2] + s[k / 2 + 1]) / 2
            printf "%s: median %.3f ms over %d runs (%s )\n", jar, median, k, v[jar]
        }
    }'
