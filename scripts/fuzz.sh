#!/usr/bin/env bash
# Build and run the libFuzzer targets in Fuzz/Fuzzers against their seed corpus.
#
# Usage: scripts/fuzz.sh TARGET SECONDS [LIBFUZZER_ARGS...]
#        scripts/fuzz.sh all SECONDS        each target in turn, SECONDS each
#   TARGET is one of: packstream bolt-message bolt-handshake jwt http cypher
#
# The seeds in Fuzz/corpus/TARGET are read, never written. New inputs the fuzzer finds go to
# Fuzz/work/TARGET, and crashing, hanging or memory-hungry inputs to Fuzz/crashes/TARGET; git
# ignores both. An input that runs longer than 10 seconds counts as a hang, and one that needs
# more than 2 GB as out of memory. The script exits non-zero when a target finds such an input
# or does not build. Run it with `nice -n 10` on a shared machine.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FUZZ_PACKAGE="$REPO_ROOT/Fuzz/Fuzzers"
TARGETS=(packstream bolt-message bolt-handshake jwt http cypher)

usage() {
    printf 'usage: %s TARGET|all SECONDS [LIBFUZZER_ARGS...]\n  targets: %s\n' "$0" "${TARGETS[*]}" >&2
    exit 2
}

[ "$#" -ge 2 ] || usage
target="$1"
seconds="$2"
shift 2
[[ "$seconds" =~ ^[0-9]+$ ]] && [ "$seconds" -gt 0 ] || usage
[ "$target" = all ] || [[ " ${TARGETS[*]} " == *" $target "* ]] || usage

# The Debian packages the main package links against; the toolchain brings libFuzzer and ASan.
"$REPO_ROOT/scripts/setup.sh" --apt-only

build() {
    swift build --package-path "$FUZZ_PACKAGE" -c release \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library --product "$1" >&2
}

run() {
    local name="$1"
    shift
    local work="$REPO_ROOT/Fuzz/work/$name"
    local crashes="$REPO_ROOT/Fuzz/crashes/$name"
    local seeds="$REPO_ROOT/Fuzz/corpus/$name"
    [ -d "$seeds" ] || { printf 'fuzz: no seed corpus at %s\n' "$seeds" >&2; return 2; }
    mkdir -p "$work" "$crashes"
    build "$name" || return 1
    local binary
    binary="$(swift build --package-path "$FUZZ_PACKAGE" -c release --show-bin-path)/$name"
    printf 'fuzz: running %s for %s seconds\n' "$name" "$seconds" >&2
    local status=0
    "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$crashes/" "$@" "$work" "$seeds" || status=$?
    printf 'fuzz: %s finished with status %d; corpus %d inputs, %d findings in %s\n' "$name" "$status" \
        "$(find "$work" -type f | wc -l)" "$(find "$crashes" -type f | wc -l)" "$crashes" >&2
    return "$status"
}

if [ "$target" = all ]; then
    failed=()
    for name in "${TARGETS[@]}"; do
        run "$name" "$@" || failed+=("$name")
    done
    if [ "${#failed[@]}" -gt 0 ]; then
        printf 'fuzz: findings or failures in %s\n' "${failed[*]}" >&2
        exit 1
    fi
    exit 0
fi

run "$target" "$@"
