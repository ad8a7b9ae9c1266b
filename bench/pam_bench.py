"""Measure PAM logins per second over Bolt under pam_wrapper, beside an in-process PAM loop in C.

Run it as root or any user, with one of the driver virtual environments (see bench/README.md):

    .venv/driver6/bin/python bench/pam_bench.py [--duration SECONDS] [--binary PATH] [--clients 1,4]

It writes the PAM stacks of the integration tests (tests/integration/pam_stack.py) to a
temporary folder: `pam_matrix`, which compares plain-text passwords, and `pam_pwdfile`, which
checks a sha512-crypt hash. It starts one server per stack on free loopback ports, with the
providers `pam,local` and pam_wrapper and nss_wrapper preloaded. Each login opens a new Bolt
connection through a new driver or a raw socket. The reference is pam-loop
(bench/refs/pam_loop.c, built by bench/refs/build.sh), which runs pam_start, pam_authenticate,
pam_acct_mgmt and pam_end in a loop with the same stack and the same wrappers, on one thread per
client in one process, as the server does. At the end it stops everything and prints a Markdown
table. All traffic stays on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import secrets
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import neo4j

from bolt_bench import (
    ADMIN_USER,
    REPO_ROOT,
    ScenarioResult,
    default_binary,
    login_scenario,
    raw_login_scenario,
    report,
    run_scenarios,
)

sys.path.insert(0, str(REPO_ROOT / "tests" / "integration"))

from pam_stack import ALICE_PASSWORD, ERIN_PASSWORD, PWDFILE_SERVICE, SERVICE, make_stack  # noqa: E402
from server_process import ServerProcess  # noqa: E402

AGENT = "nornicdb-pam-bench/1.0"

Operation = Callable[[], tuple[Callable[[], None], Callable[[], None]]]

# Seconds of logins before each reference measurement, not counted, as pam-loop's --warmup.
REFERENCE_WARMUP = 0.5


@dataclass
class ReferenceResult(ScenarioResult):
    """A result of pam-loop, which reports its percentiles instead of every latency."""

    p50_ms: float = math.nan
    p99_ms: float = math.nan

    def percentile(self, fraction: float) -> float:
        return {0.50: self.p50_ms, 0.99: self.p99_ms}[fraction]


def build_reference() -> Path:
    """Build the C reference programs with bench/refs/build.sh and return the pam-loop executable."""
    subprocess.run(["bash", str(REPO_ROOT / "bench" / "refs" / "build.sh")], check=True, stdout=subprocess.DEVNULL)
    return REPO_ROOT / ".build" / "bench" / "pam-loop"


def run_reference(
    program: Path,
    env: dict[str, str],
    password_file: Path,
    service: str,
    user: str,
    clients: int,
    duration: float,
) -> ReferenceResult:
    """Run pam-loop with `clients` threads for `duration` seconds and return its figures."""
    arguments = [str(program), "--service", service, "--user", user, "--password-file", str(password_file)]
    arguments += ["--threads", str(clients), "--duration", f"{duration:g}", "--warmup", f"{REFERENCE_WARMUP:g}"]
    result = subprocess.run(
        arguments,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=duration + REFERENCE_WARMUP + 60,
        check=False,
    )
    # pam-loop exits with 1 when a login failed but still prints its figures; other codes mean no figures.
    if result.returncode not in (0, 1) or not result.stdout.strip():
        raise RuntimeError(f"pam-loop exited with {result.returncode}: {result.stderr.strip()}")
    figures = json.loads(result.stdout)
    logins = figures["logins"]
    first_error = result.stderr.strip().splitlines()[0] if figures["errors"] and result.stderr.strip() else None
    return ReferenceResult(
        f"in-process C loop, {service} (reference)",
        clients,
        figures["duration_s"],
        # The table counts operations by the length of the latency list, so it gets one entry per login.
        [math.nan] * logins,
        figures["errors"],
        first_error,
        math.nan if figures["p50_ms"] is None else figures["p50_ms"],
        math.nan if figures["p99_ms"] is None else figures["p99_ms"],
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per scenario (default 10)")
    parser.add_argument("--binary", type=Path, default=default_binary(), help="nornicdb executable to start")
    parser.add_argument("--clients", default="1,4", help="comma-separated client counts (default 1,4)")
    options = parser.parse_args()
    if not options.binary.is_file():
        parser.error(f"server binary not found at {options.binary}; run swift build -c release first")
    client_counts = [int(count) for count in options.clients.split(",")]

    admin_password = "bench-" + secrets.token_hex(8)
    users = {SERVICE: ("alice", ALICE_PASSWORD), PWDFILE_SERVICE: ("erin", ERIN_PASSWORD)}
    with tempfile.TemporaryDirectory(prefix="nornicdb-pam-bench-") as temporary:
        root = Path(temporary)
        stack = make_stack(root / "pam")
        program = build_reference()
        servers: dict[str, ServerProcess] = {}
        for service in users:
            env = {
                "NORNICDB_AUTH": f"{ADMIN_USER}:{admin_password}",
                "NORNICDB_JWT_SECRET": secrets.token_hex(32),
                "NORNICDB_LOG_LEVEL": "warning",
                **stack.settings(service, providers="pam,local"),
            }
            servers[service] = ServerProcess(
                data_dir=root / f"data-{service}",
                log_path=root / f"server-{service}.log",
                env=env,
                binary=options.binary,
            )
        codes: dict[str, int] = {}
        results: list[ScenarioResult] = []
        try:
            for server in servers.values():
                server.start()
            for service, (user, password) in users.items():
                scenarios: list[tuple[str, int, Operation]] = []
                for clients in client_counts:
                    driver = login_scenario(servers[service].uri, (user, password))
                    scenarios.append((f"Bolt login, {service}", clients, driver))
                for clients in client_counts:
                    raw = raw_login_scenario(servers[service], user, password, AGENT)
                    scenarios.append((f"raw Bolt login, {service}", clients, raw))
                results.extend(run_scenarios(scenarios, options.duration))
                password_file = root / f"password-{service}"
                password_file.write_text(password + "\n")
                for clients in client_counts:
                    print(f"running the C reference loop on {service} with {clients} thread(s)", file=sys.stderr)
                    reference = run_reference(
                        program, stack.environment(), password_file, service, user, clients, options.duration
                    )
                    results.append(reference)
        finally:
            for name, server in servers.items():
                if server.running:
                    codes[name] = server.stop()
        for name, code in codes.items():
            if code != 0:
                print(f"warning: {name} server exited with code {code}\n{servers[name].log_tail()}", file=sys.stderr)

    client = f"neo4j driver {neo4j.__version__}, Python {platform.python_version()}, pam_wrapper, Linux-PAM"
    return report(results, options.binary, client, options.duration)


if __name__ == "__main__":
    sys.exit(main())
