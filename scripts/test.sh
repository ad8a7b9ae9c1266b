#!/usr/bin/env bash
# Build NornicDB and run every test: the Swift unit tests, the Python integration suite once
# per supported neo4j driver line (.venv/driver5 and .venv/driver6), then the openCypher TCK
# (tests/tck/run.py) on SQLite and on PostgreSQL, each of which fails if fewer scenarios pass than
# tests/tck/baseline.txt records.
#
# Usage: scripts/test.sh [PYTEST_ARGS...]   extra arguments go to each pytest run
#
# NORNICDB_SCRATCH_PATH, if set, is passed to swift as --scratch-path (default: .build).
#
# The last line printed is "N passed, M failed", summed over all parts. The script exits
# non-zero if anything failed, if a step could not run, or if no test ran at all.
set -uo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT" || exit 1

RESULTS_DIR="$(mktemp -d "${TMPDIR:-/tmp}/nornicdb-test.XXXXXX")"
trap 'rm -rf "$RESULTS_DIR"' EXIT

swift_flags=()
if [ -n "${NORNICDB_SCRATCH_PATH:-}" ]; then
    swift_flags=(--scratch-path "$NORNICDB_SCRATCH_PATH")
fi

total_passed=0
total_failed=0
summary_lines=()

log() {
    printf '\n=== %s\n' "$*" >&2
}

# Swift Testing runs a target's tests at once, and each server the integration suite starts
# opens descriptors of its own. So the soft limit on open files is raised to the hard limit.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
log "open-file limit $(ulimit -n)"

finish() {
    printf '\n' >&2
    local line
    for line in "${summary_lines[@]}"; do
        printf '  %s\n' "$line" >&2
    done
    printf '%d passed, %d failed\n' "$total_passed" "$total_failed"
    if [ "$total_failed" -gt 0 ] || [ "$total_passed" -eq 0 ]; then
        exit 1
    fi
    exit 0
}

# record_step NAME EXIT_CODE: count a step with no test report of its own as one failure.
record_step() {
    if [ "$2" -ne 0 ]; then
        total_failed=$((total_failed + 1))
        summary_lines+=("$1: failed (exit code $2)")
    fi
}

# record_junit NAME EXIT_CODE FILE...: add the counts of JUnit XML reports. A failing exit
# code with no failed test in the reports (a crash, a usage error, no tests collected) counts
# as one more failure.
record_junit() {
    local name="$1" code="$2"
    shift 2
    local counts
    counts="$(python3 - "$@" <<'PYTHON'
import sys
import xml.etree.ElementTree as ElementTree

passed = failed = 0
for path in sys.argv[1:]:
    try:
        root = ElementTree.parse(path).getroot()
    except (OSError, ElementTree.ParseError):
        continue
    suites = [root] if root.tag == "testsuite" else root.iter("testsuite")
    for suite in suites:
        tests = int(suite.get("tests", 0))
        bad = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
        skipped = int(suite.get("skipped", 0))
        passed += tests - bad - skipped
        failed += bad
print(passed, failed)
PYTHON
)" || counts="0 0"
    local passed="${counts% *}" failed="${counts#* }"
    if [ "$code" -ne 0 ] && [ "$failed" -eq 0 ]; then
        failed=1
    fi
    total_passed=$((total_passed + passed))
    total_failed=$((total_failed + failed))
    summary_lines+=("$name: $passed passed, $failed failed (exit code $code)")
}

# record_tck STORAGE EXIT_CODE OUTPUT_FILE: a TCK run counts as one test, passed when it finished
# and no fewer scenarios passed than the baseline; its own counts go to the summary.
record_tck() {
    local line
    line="$(tail -n 1 "$3")"
    summary_lines+=("openCypher TCK on $1: $line (exit code $2; baseline $(cat tests/tck/baseline.txt))")
    if [ "$2" -eq 0 ]; then
        total_passed=$((total_passed + 1))
    else
        total_failed=$((total_failed + 1))
    fi
}

log "setup"
bash scripts/setup.sh
setup_code=$?
record_step "setup" "$setup_code"
if [ "$setup_code" -ne 0 ]; then
    finish
fi

log "swift build"
swift build "${swift_flags[@]}"
build_code=$?
record_step "swift build" "$build_code"
if [ "$build_code" -ne 0 ]; then
    finish
fi

log "swift test"
swift test "${swift_flags[@]}" --xunit-output "$RESULTS_DIR/swift.xml"
record_junit "swift test" $? "$RESULTS_DIR"/swift*.xml

binary="$(swift build "${swift_flags[@]}" --show-bin-path)/nornicdb"
for driver in driver5 driver6; do
    log "integration tests with $driver"
    NORNICDB_BINARY="$binary" NORNICDB_TEST_DRIVER="$driver" \
        "$REPO_ROOT/.venv/$driver/bin/python" -m pytest tests/integration -q \
        --junitxml="$RESULTS_DIR/integration-$driver.xml" "$@"
    record_junit "integration ($driver)" $? "$RESULTS_DIR/integration-$driver.xml"
done

log "openCypher TCK"
NORNICDB_BINARY="$binary" "$REPO_ROOT/.venv/driver6/bin/python" tests/tck/run.py --check-baseline \
    | tee "$RESULTS_DIR/tck.txt"
record_tck "SQLite" "${PIPESTATUS[0]}" "$RESULTS_DIR/tck.txt"

log "openCypher TCK on PostgreSQL"
NORNICDB_BINARY="$binary" "$REPO_ROOT/.venv/driver6/bin/python" tests/tck/run.py --check-baseline \
    --storage postgres --no-report | tee "$RESULTS_DIR/tck-postgres.txt"
record_tck "PostgreSQL" "${PIPESTATUS[0]}" "$RESULTS_DIR/tck-postgres.txt"

finish
