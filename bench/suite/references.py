"""LDAP, PAM and PostgreSQL logins: our server beside the reference loops on the same back ends."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

from suite import load, targets
from suite.context import Context
from suite.load import REPO_ROOT, Row

sys.path.insert(0, str(REPO_ROOT / "bench"))
sys.path.insert(0, str(REPO_ROOT / "bench" / "refs"))

from ldap_directory import BOB, running_directory  # noqa: E402
from pam_stack import ALICE_PASSWORD, ERIN_PASSWORD, PWDFILE_SERVICE, SERVICE, make_stack  # noqa: E402
from postgres_logins import measure_logins  # noqa: E402

from ldap_bench import ldap_environment  # noqa: E402

BENCH_BINARIES = REPO_ROOT / ".build" / "bench"


def _loop_row(scenario: str, target: str, threads: int, output: str) -> Row:
    data = json.loads(output.strip().splitlines()[-1])
    operations = int(data.get("binds", data.get("logins", 0)))
    return Row(
        scenario=scenario,
        target=target,
        connections=threads,
        operations=operations,
        rate=float(data["rate"]),
        p50_ms=float(data["p50_ms"] if data.get("p50_ms") is not None else math.nan),
        p99_ms=float(data["p99_ms"] if data.get("p99_ms") is not None else math.nan),
        p999_ms=math.nan,
        errors=int(data.get("errors", 0)),
        first_error=None,
    )


def _run_loop(command: list[str], env: dict[str, str] | None, timeout: float) -> str:
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=timeout, check=False, env={**os.environ, **(env or {})}
    )
    if not result.stdout.strip():
        raise RuntimeError(f"{Path(command[0]).name} printed nothing (exit {result.returncode}): {result.stderr}")
    return result.stdout


def _login_row(context: Context, port: int, scenario: str, login: load.Login, connections: int) -> None:
    """Measures our server's logins on a new connection each, and keeps the row."""
    context.keep(
        load.run(
            "login",
            port,
            scenario=scenario,
            target="nornicdb",
            connections=connections,
            duration=context.duration,
            warmup=context.warmup,
            login=login,
        )
    )


def _reference_row(
    context: Context, program: str, arguments: list[str], connections: int, env: dict[str, str] | None
) -> str:
    """Runs a reference loop for one row with the run's timing and returns what it printed."""
    command = [
        str(BENCH_BINARIES / program),
        *arguments,
        "--threads",
        str(connections),
        "--duration",
        f"{context.duration:g}",
        "--warmup",
        f"{context.warmup:g}",
    ]
    return _run_loop(command, env, context.duration + context.warmup + 60)


def measure_ldap(context: Context, logins: targets.Logins) -> list[Row]:
    """Our LDAP logins with the cache off beside a loop of simple binds on pooled connections."""
    rows: list[Row] = []
    (context.root / "ldap").mkdir(exist_ok=True)
    with running_directory(context.root / "ldap") as directory:
        server = targets.nornicdb(context.root, "ldap", **ldap_environment(directory, "template", "ldap,local", "0"))
        bob = load.Login("basic", BOB.login, targets.secret_file(context.root, "bob.password", BOB.password))
        password_file = targets.secret_file(context.root, "bob.bind", BOB.password)
        try:
            for connections in context.login_connections:
                _login_row(context, server.bolt_port, "login, LDAP, cache off", bob, connections)
                arguments = ["--uri", directory.uri, "--dn", BOB.dn, "--password-file", str(password_file)]
                output = _reference_row(context, "ldap-bind-loop", arguments, connections, None)
                rows.append(_loop_row("LDAP simple bind, pooled connection", "ldap-bind-loop", connections, output))
                context.progress(f"ldap-bind-loop / {connections}: {rows[-1].rate:,.0f}/s")
        finally:
            server.stop()
    return rows


def measure_pam(context: Context) -> list[Row]:
    """Our PAM logins beside an in-process PAM loop, for a plain-text and a sha512-crypt stack."""
    rows: list[Row] = []
    stack = make_stack(context.root / "pam")
    for service, user, password, label in (
        (SERVICE, "alice", ALICE_PASSWORD, "PAM"),
        (PWDFILE_SERVICE, "erin", ERIN_PASSWORD, "PAM, sha512-crypt"),
    ):
        server = targets.nornicdb(context.root, f"pam-{service}", **stack.settings(service, providers="pam,local"))
        login = load.Login("basic", user, targets.secret_file(context.root, f"{user}.password", password))
        try:
            for connections in context.login_connections:
                _login_row(context, server.bolt_port, f"login, {label}", login, connections)
                arguments = ["--service", service, "--user", user, "--password-file", str(login.secret_file)]
                output = _reference_row(context, "pam-loop", arguments, connections, stack.environment())
                rows.append(_loop_row(f"{label} in-process loop", "pam-loop", connections, output))
                context.progress(f"pam-loop {service} / {connections}: {rows[-1].rate:,.0f}/s")
        finally:
            server.stop()
    return rows


def measure_postgres(context: Context) -> list[Row]:
    """PostgreSQL's own connection-plus-login rate with SCRAM and with LDAP, through pgbench."""
    rows = []
    for result in measure_logins(max(1, round(context.duration)), context.login_connections):
        mean = float(result.get("mean_ms") or math.nan)
        rows.append(
            Row(
                scenario=str(result["scenario"]),
                target="postgresql",
                connections=int(result["clients"]),
                operations=int(result.get("logins", 0)),
                rate=float(result["rate"]),
                p50_ms=math.nan,
                p99_ms=math.nan,
                p999_ms=math.nan,
                errors=int(result.get("errors", 0)),
                first_error=result.get("first_error"),
            )
        )
        context.notes.append(
            f"{result['scenario']}, {result['clients']} client{'' if result['clients'] == 1 else 's'}: pgbench reports only a mean, {mean:.2f} ms per login."
        )
    return rows
