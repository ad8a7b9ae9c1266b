"""Measure PostgreSQL logins per second, each on a new connection, with SCRAM and with LDAP.

Run it alone with any Python 3.11 or later (see bench/README.md):

    python3 bench/refs/postgres_logins.py [--duration SECONDS] [--clients 1,4]

It starts a throwaway PostgreSQL cluster (tests/integration/postgres_server.py) and, unless the
caller passes one, a throwaway slapd (tests/integration/ldap_directory.py), both on 127.0.0.1.
It creates two login roles: `bench_scram` with a random password stored as SCRAM-SHA-256, and
`bob`, the directory user of the slapd fixture. pg_hba.conf gets a `scram-sha-256` line for the
first and an `ldap` simple-bind line for the second, which binds as uid=bob,ou=people,... on every
login. `pgbench --connect` then runs one `SELECT 1` per connection for each client count.

pgbench reports no percentiles for --connect runs: its per-transaction log excludes the
connection. So each result has the mean time per login, which pgbench derives from the run
time and includes the connection, and pgbench's average connection time. Run alone, it prints
one JSON line per scenario:

    {"scenario": "PostgreSQL login, scram-sha-256", "clients": 1, "logins": 1234, "duration_s": 3,
     "rate": 411.2, "mean_ms": 2.43, "connect_ms": 2.1, "errors": 0, "first_error": null}
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT / "tests" / "integration"))

from ldap_directory import BOB, PEOPLE, LdapDirectory, running_directory  # noqa: E402
from postgres_server import PostgresServer  # noqa: E402

SCRAM_ROLE = "bench_scram"
DATABASE = "postgres"
# Seconds pgbench may run beyond its -T duration before the run counts as hung.
PGBENCH_TIMEOUT_MARGIN = 60


@contextmanager
def running_postgres() -> Iterator[PostgresServer]:
    """Start a throwaway PostgreSQL cluster for the `with` block, then stop and delete it."""
    server = PostgresServer()
    try:
        server.start()
        yield server
    finally:
        server.close()


def configure_logins(server: PostgresServer, directory: LdapDirectory) -> str:
    """Create the SCRAM and LDAP roles, write their pg_hba.conf lines, reload, and return the SCRAM password."""
    password = "bench-" + secrets.token_hex(12)
    create = f"SET password_encryption = 'scram-sha-256'; CREATE ROLE {SCRAM_ROLE} LOGIN PASSWORD '{password}'"
    server.psql(DATABASE, create)
    server.psql(DATABASE, f'CREATE ROLE "{BOB.login}" LOGIN')
    stored = server.psql(DATABASE, f"SELECT rolpassword FROM pg_authid WHERE rolname = '{SCRAM_ROLE}'")
    if not stored.startswith("SCRAM-SHA-256$"):
        raise RuntimeError(f"the password of {SCRAM_ROLE} is not stored as SCRAM-SHA-256")

    # PostgreSQL binds as ldapprefix + user name + ldapsuffix, the DN form of the slapd fixture.
    ldap_options = f'ldapserver=127.0.0.1 ldapport={directory.port} ldapprefix="uid=" ldapsuffix=",{PEOPLE}"'
    # pg_hba.conf uses the first line that matches, so these go before the lines initdb wrote.
    lines = [
        f"host {DATABASE} {SCRAM_ROLE} 127.0.0.1/32 scram-sha-256",
        f"host {DATABASE} {BOB.login} 127.0.0.1/32 ldap {ldap_options}",
    ]
    hba = server.cluster / "pg_hba.conf"
    # Writing in place keeps the file's owner, which is the postgres user when this runs as root.
    hba.write_text("\n".join(lines) + "\n" + hba.read_text())
    server.psql(DATABASE, "SELECT pg_reload_conf()")
    errors = server.psql(DATABASE, "SELECT line_number, error FROM pg_hba_file_rules WHERE error IS NOT NULL")
    if errors.strip():
        raise RuntimeError(f"pg_hba.conf has invalid lines: {errors.strip()}")
    return password


def parse_pgbench(output: str, errors_output: str) -> dict[str, Any]:
    """Return the logins, rate, mean, connection time and errors from pgbench's summary."""

    def number(pattern: str) -> float | None:
        match = re.search(pattern, output, re.MULTILINE)
        return float(match.group(1)) if match else None

    processed = number(r"^number of transactions actually processed: (\d+)")
    rate = number(r"^tps = ([\d.]+)")
    if processed is None or rate is None:
        raise ValueError(f"pgbench printed no summary: {errors_output.strip() or output.strip()}")
    failed = number(r"^number of failed transactions: (\d+)") or 0
    aborted = len(re.findall(r"client \d+ aborted", errors_output))
    error_lines = [line for line in errors_output.splitlines() if "error" in line.lower()]
    return {
        "logins": int(processed),
        "rate": rate,
        "mean_ms": number(r"^latency average = ([\d.]+) ms"),
        "connect_ms": number(r"^average connection time = ([\d.]+) ms"),
        "errors": int(failed) + aborted,
        "first_error": error_lines[0] if error_lines else None,
    }


def run_pgbench(
    server: PostgresServer, script: Path, user: str, password: str, clients: int, seconds: int
) -> dict[str, Any]:
    """Run `pgbench --connect` as `user` for `seconds` with `clients` clients, one thread each."""
    arguments = [str(server.binaries / "pgbench"), "--connect", "-n", "-T", str(seconds)]
    arguments += ["-c", str(clients), "-j", str(clients), "-f", str(script)]
    arguments += ["-h", "127.0.0.1", "-p", str(server.port), "-U", user, DATABASE]
    # The password goes through the environment, so it never shows in the process list.
    result = subprocess.run(
        arguments,
        env={**os.environ, "PGPASSWORD": password},
        capture_output=True,
        text=True,
        timeout=seconds + PGBENCH_TIMEOUT_MARGIN,
        check=False,
    )
    try:
        figures = parse_pgbench(result.stdout, result.stderr)
    except ValueError as error:
        raise RuntimeError(f"pgbench as {user} exited with {result.returncode}: {error}") from error
    return {"clients": clients, "duration_s": seconds, **figures}


def measure_logins(
    seconds: int, client_counts: list[int], directory: LdapDirectory | None = None
) -> list[dict[str, Any]]:
    """Start PostgreSQL, and slapd unless `directory` is given, and return one result per scenario.

    The scenarios are SCRAM logins and LDAP logins, each at every count in `client_counts`.
    """
    with ExitStack() as stack:
        root = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="nornicdb-postgres-logins-")))
        if directory is None:
            (root / "ldap").mkdir()
            directory = stack.enter_context(running_directory(root / "ldap"))
        server = stack.enter_context(running_postgres())
        scram_password = configure_logins(server, directory)
        script = root / "select1.sql"
        script.write_text("SELECT 1;\n")
        logins = [
            ("PostgreSQL login, scram-sha-256", SCRAM_ROLE, scram_password),
            ("PostgreSQL login, LDAP simple bind", BOB.login, BOB.password),
        ]
        results = []
        for scenario, user, password in logins:
            for clients in client_counts:
                print(f"running {scenario} with {clients} client(s) for {seconds} s", file=sys.stderr)
                figures = run_pgbench(server, script, user, password, clients, seconds)
                results.append({"scenario": scenario, **figures})
        return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="whole seconds per scenario (default 10)")
    parser.add_argument("--clients", default="1,4", help="comma-separated client counts (default 1,4)")
    options = parser.parse_args()
    if options.duration < 1:
        parser.error(f"invalid --duration {options.duration}; pgbench needs at least 1 second")
    client_counts = [int(count) for count in options.clients.split(",")]
    results = measure_logins(options.duration, client_counts)
    for result in results:
        print(json.dumps(result))
    return 0 if all(result["errors"] == 0 for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
