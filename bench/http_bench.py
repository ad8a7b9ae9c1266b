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
import os
import platform
import secrets
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bolt_bench import ADMIN_USER, REPO_ROOT, default_binary, format_table, run_workers

sys.path.insert(0, str(REPO_ROOT / "tests" / "integration"))

from server_process import ServerProcess, port_accepts  # noqa: E402

DATABASE = "nornic"
RETURN_ONE = json.dumps({"statements": [{"statement": "RETURN 1"}]}).encode()
NO_STATEMENTS = json.dumps({"statements": []}).encode()

Operation = Callable[[], tuple[Callable[[], None], Callable[[], None]]]


def wait_for_http(server: ServerProcess, timeout: float = 10.0) -> None:
    """Wait for the HTTP port, which may open a moment after the Bolt port that start() waits for."""
    deadline = time.monotonic() + timeout
    while not port_accepts(server.address, server.http_port):
        if time.monotonic() >= deadline:
            raise RuntimeError(f"HTTP port {server.http_port} did not accept within {timeout} s\n{server.log_tail()}")
        time.sleep(0.05)


def login_token(server: ServerProcess, password: str) -> str:
    connection = http.client.HTTPConnection(server.address, server.http_port, timeout=10)
    try:
        body = json.dumps({"username": ADMIN_USER, "password": password})
        connection.request("POST", "/api/v1/auth/token", body=body, headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        data = response.read()
        if response.status != 200:
            raise RuntimeError(f"POST /api/v1/auth/token returned {response.status}: {data[:200]!r}")
        return json.loads(data)["access_token"]
    finally:
        connection.close()


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
            bearer = "Bearer " + login_token(server, password)
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
            results = []
            for name, clients, make in scenarios:
                print(f"running {name} with {clients} client(s) for {options.duration:g} s", file=sys.stderr)
                results.append(run_workers(name, clients, options.duration, make))
        finally:
            code = server.stop()
        if code != 0:
            print(f"warning: server exited with code {code}\n{server.log_tail()}", file=sys.stderr)

    print(
        f"nornicdb {options.binary}, Python {platform.python_version()} http.client, "
        f"{os.cpu_count()} CPUs, {options.duration:g} s per scenario, loopback\n"
    )
    print(format_table(results))
    for result in results:
        if result.first_error:
            print(f"\n{result.name} ({result.clients} clients), first error: {result.first_error}")
    return 0 if all(result.errors == 0 for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
