"""Measure PAM logins per second over Bolt under pam_wrapper, beside an in-process PAM loop in C.

Run it as root or any user, with one of the driver virtual environments (see bench/README.md):

    .venv/driver6/bin/python bench/pam_bench.py [--duration SECONDS] [--binary PATH] [--clients 1,4]

It writes the PAM stacks of the integration tests (tests/integration/pam_stack.py) to a
temporary folder: `pam_matrix`, which compares plain-text passwords, and `pam_pwdfile`, which
checks a sha512-crypt hash. It starts one server per stack on free loopback ports, with the
providers `pam,local` and pam_wrapper and nss_wrapper preloaded. Each login opens a new Bolt
connection through a new driver or a raw socket. The reference is a C program, built here with
`cc -lpam`, that runs pam_start, pam_authenticate, pam_acct_mgmt and pam_end in a loop with
the same stack and the same wrappers, in one process per client. At the end it stops everything
and prints a Markdown table. All traffic stays on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import os
import platform
import secrets
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
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

# The reference loop: the server's PAM steps, without Bolt, Swift or the thread pool.
REFERENCE_SOURCE = r"""
#include <security/pam_appl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *password;

static int converse(int count, const struct pam_message **messages, struct pam_response **responses,
                    void *data) {
    (void)data;
    struct pam_response *answers = calloc((size_t)count, sizeof *answers);
    if (answers == NULL) return PAM_BUF_ERR;
    for (int i = 0; i < count; i++) {
        if (messages[i]->msg_style == PAM_PROMPT_ECHO_OFF) answers[i].resp = strdup(password);
    }
    *responses = answers;
    return PAM_SUCCESS;
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Usage: reference SERVICE USER SECONDS, password on stdin; prints "<logins> <failures>". */
int main(int argc, char **argv) {
    if (argc != 4) return 2;
    static char line[1024];
    if (fgets(line, sizeof line, stdin) == NULL) return 2;
    line[strcspn(line, "\n")] = 0;
    password = line;
    struct pam_conv conversation = { converse, NULL };
    double deadline = now() + atof(argv[3]);
    long logins = 0, failures = 0;
    while (now() < deadline) {
        pam_handle_t *handle = NULL;
        int status = pam_start(argv[1], argv[2], &conversation, &handle);
        if (status == PAM_SUCCESS) status = pam_authenticate(handle, PAM_SILENT | PAM_DISALLOW_NULL_AUTHTOK);
        if (status == PAM_SUCCESS) status = pam_acct_mgmt(handle, PAM_SILENT | PAM_DISALLOW_NULL_AUTHTOK);
        if (handle != NULL) pam_end(handle, status);
        if (status == PAM_SUCCESS) logins++; else failures++;
    }
    printf("%ld %ld\n", logins, failures);
    return 0;
}
"""


def build_reference(folder: Path) -> Path:
    source = folder / "pam_reference.c"
    source.write_text(REFERENCE_SOURCE)
    program = folder / "pam_reference"
    subprocess.run(["cc", "-O2", "-o", str(program), str(source), "-lpam"], check=True)
    return program


def run_reference(
    program: Path, env: dict[str, str], service: str, user: str, password: str, clients: int, duration: float
) -> ScenarioResult:
    """Run `clients` reference processes at once for `duration` seconds and add up their logins."""
    started = time.perf_counter()
    processes = [
        subprocess.Popen(
            [str(program), service, user, f"{duration:g}"],
            env={**os.environ, **env},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(clients)
    ]
    # Every process starts its loop when it reads the password, so all get it before any is waited for.
    for process in processes:
        assert process.stdin is not None
        process.stdin.write(password + "\n")
        process.stdin.close()
    logins = failures = 0
    for process in processes:
        assert process.stdout is not None
        output = process.stdout.read()
        process.wait(timeout=duration + 60)
        done, failed = (int(part) for part in output.split())
        logins += done
        failures += failed
    elapsed = time.perf_counter() - started
    # The loop reports counts only, so the latencies are the mean time per login.
    mean = elapsed * clients / logins if logins else float("nan")
    first_error = f"{failures} logins failed" if failures else None
    return ScenarioResult(
        f"in-process C loop, {service} (reference)", clients, elapsed, [mean] * logins, failures, first_error
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
        program = build_reference(root)
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
                for clients in client_counts:
                    print(f"running the C reference loop on {service} with {clients} process(es)", file=sys.stderr)
                    results.append(
                        run_reference(program, stack.environment(), service, user, password, clients, options.duration)
                    )
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
