#!/usr/bin/env bash
# Runs the jcstress tests of the lock-free hand-offs (channel snapshot sequence lock, SIP hand-off ring):
#   concurrency/run-jcstress.sh            # default mode (several minutes on 2 cores)
#   concurrency/run-jcstress.sh -m quick   # any jcstress option
# Results (HTML and text) go to concurrency/target/jcstress-results.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
# shellcheck source=../bin/find-jdk.sh
source "$root/bin/find-jdk.sh"
java_home="$(sipsensor_find_jdk)" || exit 1
"$root/mvnw" -q -B -DskipTests -pl concurrency -am package >&2
"$root/mvnw" -q -B -pl concurrency dependency:build-classpath -Dmdep.outputFile="$root/concurrency/target/classpath.txt" >&2
classpath="$root/concurrency/target/classes:$(cat "$root/concurrency/target/classpath.txt")"
mapfile -t jvm_flags < <(grep -v '^\s*#' "$root/bin/jvm.flags" | grep -v '^\s*$')
mkdir -p "$root/concurrency/target/jcstress-results"
exec "$java_home/bin/java" "${jvm_flags[@]}" -cp "$classpath" org.openjdk.jcstress.Main \
    -jvmArgsPrepend "${jvm_flags[*]}" -r "$root/concurrency/target/jcstress-results" -t io.sipsensor "$@"
