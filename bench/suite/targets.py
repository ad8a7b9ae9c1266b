"""The servers `bench/run` measures: ours, the canned-response responder, and their set-up."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

import jwt
import neo4j

from suite.load import REPO_ROOT, Login

sys.path.insert(0, str(REPO_ROOT / "tests" / "integration"))

from server_process import ServerProcess, free_port, port_accepts  # noqa: E402

SERVER_BINARY = REPO_ROOT / ".build" / "release" / "nornicdb"
CANNED_BINARY = REPO_ROOT / ".build" / "bench" / "canned-bolt"
ADMIN_USER = "admin"
JWT_SECRET = secrets.token_hex(32)
ADMIN_PASSWORD = "bench-" + secrets.token_hex(12)


def secret_file(root: Path, name: str, value: str) -> Path:
    """Write a secret to a file only the owner can read, for the load generator's `--*-file` options."""
    path = root / name
    path.write_text(value)
    path.chmod(0o600)
    return path


def bearer_token(subject: str = "bench", role: str = "editor") -> str:
    """Sign a one-hour JWT with the servers' shared secret, as an outside token issuer would."""
    now = int(time.time())
    claims = {"sub": subject, "roles": [role], "iat": now, "exp": now + 3600}
    return jwt.encode(claims, JWT_SECRET, algorithm="HS256")


class Logins:
    """The login of each scheme against our servers, with secrets kept in files under `root`."""

    def __init__(self, root: Path) -> None:
        token = secret_file(root, "bearer.jwt", bearer_token())
        self.basic = Login("basic", ADMIN_USER, secret_file(root, "admin.password", ADMIN_PASSWORD))
        self.bearer = Login("bearer", None, token)
        self.jwt_basic = Login("jwt-basic", None, token)


def nornicdb(root: Path, name: str, **settings: str) -> ServerProcess:
    """Start one of our servers with the benchmark defaults and `settings` on top."""
    env = {
        "NORNICDB_AUTH": f"{ADMIN_USER}:{ADMIN_PASSWORD}",
        "NORNICDB_JWT_SECRET": JWT_SECRET,
        "NORNICDB_LOG_LEVEL": "warning",
        # One user runs every connection here, so its statement limit must cover 64 of them.
        "NORNICDB_BOLT_MAX_TRANSACTIONS_PER_USER": "256",
        "NORNICDB_MAX_CONNECTIONS": "8000",
        **settings,
    }
    server = ServerProcess(
        data_dir=root / f"data-{name}", log_path=root / f"server-{name}.log", env=env, binary=SERVER_BINARY
    )
    server.start()
    return server


def resident_kib(pid: int) -> int:
    """Return a process's resident set size in KiB, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for process {pid}")


class CannedResponder:
    """The C responder that answers every message with fixed bytes: the ceiling for the client."""

    def __init__(self, root: Path) -> None:
        self.port = free_port()
        self.log = open(root / "canned.log", "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [str(CANNED_BINARY), "127.0.0.1", str(self.port)], stdout=self.log, stderr=self.log
        )
        deadline = time.monotonic() + 10
        while not port_accepts("127.0.0.1", self.port):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"canned responder did not start: {(root / 'canned.log').read_text()}")
            time.sleep(0.05)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
        self.log.close()


def load_people(uri: str, auth: tuple[str, str] | None, count: int, index_query: str) -> None:
    """Create `count` `:Person {id, name}` nodes and an index on `id`, through the Python driver."""
    with neo4j.GraphDatabase.driver(uri, auth=auth) as driver:
        with driver.session() as session:
            session.run(index_query).consume()
            for start in range(0, count, 10_000):
                rows = [{"id": i, "name": f"person-{i}"} for i in range(start, min(count, start + 10_000))]
                session.run("UNWIND $rows AS r CREATE (:Person {id: r.id, name: r.name})", rows=rows).consume()


def environment_summary() -> dict[str, str]:
    """The settings every measurement shares, for the record."""
    return {"open files": os.popen("ulimit -n").read().strip()}
