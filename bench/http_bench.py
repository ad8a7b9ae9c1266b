"""Measure HTTP API requests per second against a local server: `tx/commit` and token checks.

Run it with one of the driver virtual environments (see bench/README.md):

    .venv/driver6/bin/python bench/http_bench.py [--duration SECONDS] [--binary PATH]

It starts its own server on free loopback ports with a temporary data directory (the release
build if present, else the debug build), runs each scenario for a fixed time, stops the server
and prints a Markdown table. Every client thread keeps one keep-alive HTTP/1.1 connection
(Python's http.client). All traffic stays on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import platform
import secrets
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from bolt_bench import ADMIN_USER, REPO_ROOT, default_binary, report, run_scenarios

sys.path.insert(0, str(REPO_ROOT / "tests" / "integration"))

from http_client import login_token, wait_for_http  # noqa: E402
from server_process import ServerProcess  # noqa: E402

DATABASE = "nornic"
RETURN_ONE = json.dumps({"statements": [{"statement": "RETURN 1"}]}).encode()
NO_STATEMENTS = json.dumps({"statements": []}).encode()

Operation = Callable[[], tuple[Callable[[], None], Callable[[], None]]]


def request_scenario(
    server: ServerProcess, method: str, path: str, body: bytes | None, authorization: str | None
) -> Operation:
    """Build workers that send one request per operation on their own keep-alive connection.

    An operation fails on any status other than 200 and, for the transactional endpoint, on a
    non-empty `errors` list, so a rate of failed requests is never reported as throughput.
    """
    headers = {"Content-Type": "application/json"} if body is not None else {}
    if authorization is not None:
        headers["Authorization"] = authorization
    check_errors = path.startswith("/db/")

    def make() -> tuple[Callable[[], None], Callable[[], None]]:
        connection = http.client.HTTPConnection(server.address, server.http_port, timeout=10)

        def operation() -> None:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
            if response.status != 200:
                raise RuntimeError(f"{method} {path} returned {response.status}: {data[:200]!r}")
            if check_errors and json.loads(data)["errors"]:
                raise RuntimeError(f"{method} {path} returned errors: {data[:200]!r}")

        return operation, connection.close

    return make


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per scenario (default 10)")
    parser.add_argument("--binary", type=Path, default=default_binary(), help="nornicdb executable to start")
    parser.add_argument("--clients", default="1,4", help="client counts for tx/commit (default 1,4)")
    options = parser.parse_args()
    if not options.binary.is_file():
        parser.error(f"server binary not found at {options.binary}; run swift build -c release first")
    client_counts = [int(count) for count in options.clients.split(",")]

    password = "bench-" + secrets.token_hex(8)
    with tempfile.TemporaryDirectory(prefix="nornicdb-http-bench-") as temporary:
        root = Path(temporary)
        server = ServerProcess(
            data_dir=root / "data",
            log_path=root / "server.log",
            env={
                "NORNICDB_AUTH": f"{ADMIN_USER}:{password}",
                "NORNICDB_JWT_SECRET": secrets.token_hex(32),
                "NORNICDB_LOG_LEVEL": "warning",
            },
            binary=options.binary,
        )
        server.start()
        try:
            wait_for_http(server)
            bearer = "Bearer " + login_token(server, ADMIN_USER, password)
            basic = "Basic " + base64.b64encode(f"{ADMIN_USER}:{password}".encode()).decode()
            commit_path = f"/db/{DATABASE}/tx/commit"
            scenarios: list[tuple[str, int, Operation]] = [
                ("GET /health, no auth", 1, request_scenario(server, "GET", "/health", None, None)),
            ]
            for clients in client_counts:
                scenario = request_scenario(server, "POST", commit_path, RETURN_ONE, bearer)
                scenarios.append(("tx/commit RETURN 1, bearer", clients, scenario))
            # Basic auth runs Argon2id on every request; the bearer runs measure everything else.
            basic_commit = request_scenario(server, "POST", commit_path, RETURN_ONE, basic)
            scenarios.append(("tx/commit RETURN 1, basic", 1, basic_commit))
            # An empty statement list authenticates and commits nothing: mostly token checks.
            for clients in (1, 4):
                empty_commit = request_scenario(server, "POST", commit_path, NO_STATEMENTS, bearer)
                scenarios.append(("tx/commit no statements, bearer", clients, empty_commit))
            roles = request_scenario(server, "GET", "/api/v1/roles", None, bearer)
            scenarios.append(("GET /api/v1/roles, bearer", 1, roles))
            results = run_scenarios(scenarios, options.duration)
        finally:
            code = server.stop()
        if code != 0:
            print(f"warning: server exited with code {code}\n{server.log_tail()}", file=sys.stderr)

    return report(results, options.binary, f"Python {platform.python_version()} http.client", options.duration)


if __name__ == "__main__":
    sys.exit(main())
