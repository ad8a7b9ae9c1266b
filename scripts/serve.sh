#!/usr/bin/env bash
# Install the build dependencies, build a release binary and run the server in the foreground.
#
# Usage: scripts/serve.sh [SERVE_FLAGS...]   for example: scripts/serve.sh --bolt-port 7688
#
# Every flag goes to `nornicdb serve`; the NORNICDB_* environment variables work as well.
# Without NORNICDB_AUTH the first start creates user `admin` and logs its generated password.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"

bash scripts/setup.sh --apt-only
swift build -c release
exec "$(swift build -c release --show-bin-path)/nornicdb" serve "$@"
