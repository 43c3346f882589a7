#!/usr/bin/env bash
# End-to-end benchmark and capacity report (see README, "Benchmarks and capacity sizing"):
#   benchmarks/run-e2e.sh                       # everything: SIP-only and mixed captures, tshark, 600k calls, journal
#   benchmarks/run-e2e.sh --runs 3 --tshark-runs 1 --skip mixed,concurrent,journal
# Captures are generated once into --dir (default /tmp/sipsensor-bench, ~5 GB) and reused.
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
