#!/usr/bin/env bash
# Sample where the server spends its time under one load: perf's cpu-clock event with call graphs.
#
# Usage: bench/profile.sh roundtrip|login [SECONDS] [CONNECTIONS]
#
# Starts the release server under `perf record -e cpu-clock -g` on 127.0.0.1 with a temporary
# data directory, drives it with nornicdb-load (bearer logins, RETURN 1), stops it and prints the
# share of samples per library and the top symbols. The raw data stays in the printed folder for
# `perf report -i`. cpu-clock is a software event, so this works where hardware counters are not
# available (virtual machines). Build first: swift build -c release --product nornicdb --product nornicdb-load
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODE="${1:-roundtrip}"
SECONDS_TO_RUN="${2:-10}"
CONNECTIONS="${3:-1}"
case "$MODE" in
    roundtrip | login) ;;
    *)
        echo "usage: bench/profile.sh roundtrip|login [SECONDS] [CONNECTIONS]" >&2
        exit 2
        ;;
esac
command -v perf >/dev/null || { echo "perf is missing: apt-get install linux-perf" >&2; exit 1; }

WORK="$(mktemp -d /tmp/nornicdb-profile-XXXXXX)"
SECRET="$(openssl rand -hex 32)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
HTTP_PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
"$REPO_ROOT/.venv/bench/bin/python" - "$SECRET" >"$WORK/token" <<'PY'
import sys, time, jwt
now = int(time.time())
print(jwt.encode({"sub": "profile", "roles": ["editor"], "iat": now, "exp": now + 3600}, sys.argv[1], algorithm="HS256"))
PY
chmod 600 "$WORK/token"

NORNICDB_AUTH="admin:$(openssl rand -hex 12)" NORNICDB_JWT_SECRET="$SECRET" NORNICDB_DATA_DIR="$WORK/data" \
    NORNICDB_ADDRESS=127.0.0.1 NORNICDB_BOLT_PORT="$PORT" NORNICDB_HTTP_PORT="$HTTP_PORT" NORNICDB_LOG_LEVEL=warning \
    perf record -q -e cpu-clock -F 2000 -g -o "$WORK/perf.data" "$REPO_ROOT/.build/release/nornicdb" serve \
    >"$WORK/server.log" 2>&1 &
PERF_PID=$!
for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then break; fi
    sleep 0.1
done

"$REPO_ROOT/.build/release/nornicdb-load" "$MODE" --address "127.0.0.1:$PORT" --connections "$CONNECTIONS" \
    --duration "$SECONDS_TO_RUN" --warmup 1 --scheme bearer --token-file "$WORK/token"
pkill -INT -f "$REPO_ROOT/.build/release/nornicdb serve" || true
wait "$PERF_PID" || true

echo
echo "samples per library:"
perf report -i "$WORK/perf.data" --stdio --no-children --sort dso -g none 2>/dev/null | grep -E '^ +[0-9]' | head -12
echo
echo "top symbols:"
perf report -i "$WORK/perf.data" --stdio --no-children --sort dso,symbol -g none 2>/dev/null \
    | grep -E '^ +[0-9]' | head -30 | cut -c1-150
echo
echo "perf data in $WORK/perf.data"
