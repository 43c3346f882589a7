#!/usr/bin/env bash
# The benchmark suite and capacity report (see README, "Benchmarks and capacity"):
#   benchmarks/run-e2e.sh            # everything (~10 min on 2 cores): SIP-only and mixed captures against tshark,
#                                    # 600,000 concurrent calls, paced journal, JMH benchmarks, capacity report, targets
#   benchmarks/run-e2e.sh --quick    # the same with fewer runs and 1-second JMH iterations (~4 min)
#   benchmarks/run-e2e.sh --runs 3 --tshark-runs 1 --skip mixed,profile,concurrent,journal,jmh --hold 120 --jmh SipParser
# Captures are generated once (deterministic seeds) into --dir (default /tmp/sipsensor-bench, ~5 GB) and reused.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
# shellcheck source=../bin/find-jdk.sh
source "$root/bin/find-jdk.sh"
java_home="$(sipsensor_find_jdk)" || exit 1
jar="$root/benchmarks/target/benchmarks.jar"
if [ ! -f "$jar" ] || [ ! -f "$root/agent/target/agent.jar" ] || \
    [ -n "$(find "$root"/*/src/main "$root"/*/pom.xml "$root/pom.xml" -newer "$jar" -print -quit)" ]; then
    echo "run-e2e: building..." >&2
    "$root/mvnw" -q -B -DskipTests package >&2
fi
mapfile -t jvm_flags < <(grep -v '^\s*#' "$root/bin/jvm.flags" | grep -v '^\s*$')
exec "$java_home/bin/java" "${jvm_flags[@]}" -Dsipsensor.root="$root" -cp "$jar" io.sipsensor.bench.e2e.EndToEnd "$@"
