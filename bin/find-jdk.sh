# Sourced by ./sipsensor and ./mvnw: prints the home of a JDK whose major version is 25 or newer.
# Order: $SIPSENSOR_JAVA_HOME, $JAVA_HOME, java on PATH, then /usr/lib/jvm/*, /opt/java/*, ~/.sdkman.

sipsensor_java_major() {
    # Prints the major version of the java binary in $1/bin, or nothing.
    local release="$1/release" version
    if [ -r "$release" ]; then
        version="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release")"
    fi
    if [ -z "${version:-}" ] && [ -x "$1/bin/java" ]; then
        version="$("$1/bin/java" -version 2>&1 | sed -n '1s/.*version "\([0-9]*\).*/\1/p')"
    fi
    printf '%s' "${version:-}"
}

sipsensor_find_jdk() {
    local candidate major
    local -a candidates=()
    [ -n "${SIPSENSOR_JAVA_HOME:-}" ] && candidates+=("$SIPSENSOR_JAVA_HOME")
    [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
    if command -v java >/dev/null 2>&1; then
        candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
    fi
    for candidate in /usr/lib/jvm/* /opt/java/* "$HOME"/.sdkman/candidates/java/*; do
        [ -d "$candidate" ] && candidates+=("$candidate")
    done
    for candidate in "${candidates[@]}"; do
        [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
        major="$(sipsensor_java_major "$candidate")"
        if [ -n "$major" ] && [ "$major" -ge 25 ]; then
            printf '%s\n' "$candidate"
            return 0
        fi
    done
    echo "sipsensor: no JDK 25 found (looked at \$SIPSENSOR_JAVA_HOME, \$JAVA_HOME, PATH, /usr/lib/jvm, /opt/java)." >&2
    echo "sipsensor: install one (e.g. Temurin 25) or set SIPSENSOR_JAVA_HOME to its folder." >&2
    return 1
}
