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

from suite.load import NO_LOGIN, REPO_ROOT, Login

sys.path.insert(0, str(REPO_ROOT / "tests" / "integration"))
sys.path.insert(0, str(REPO_ROOT / "bench"))

from server_process import ServerProcess, free_port, port_accepts  # noqa: E402
from targets.falkordb import FalkorDB  # noqa: E402

SERVER_BINARY = REPO_ROOT / ".build" / "release" / "nornicdb"
CANNED_BINARY = REPO_ROOT / ".build" / "bench" / "canned-bolt"
ADMIN_USER = "admin"
NORNICDB_INDEX = "CREATE INDEX person_id IF NOT EXISTS FOR (p:Person) ON (p.id)"
# FalkorDB rejects index names.
FALKORDB_INDEX = "CREATE INDEX FOR (p:Person) ON (p.id)"
# FalkorDB's Bolt endpoint rejects every basic login and takes none or any bearer token.
FALKORDB_LOGIN = NO_LOGIN
BATCH = 10_000
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


# The server runs at most four statements of one user at once, so connection i logs in with
# token i mod SUBJECTS, each for its own subject, and 64 connections never share a user.
SUBJECTS = 64


class Logins:
    """The login of each scheme against our servers, with secrets kept in files under `root`."""

    def __init__(self, root: Path) -> None:
        tokens = "\n".join(bearer_token(f"bench-{index}") for index in range(SUBJECTS)) + "\n"
        token_file = secret_file(root, "bearer.jwt", tokens)
        self.basic = Login("basic", ADMIN_USER, secret_file(root, "admin.password", ADMIN_PASSWORD))
        self.bearer = Login("bearer", None, token_file)
        self.jwt_basic = Login("jwt-basic", None, token_file)


def nornicdb(root: Path, name: str, binary: Path = SERVER_BINARY, **settings: str) -> ServerProcess:
    """Start one of our servers with the benchmark defaults and `settings` on top."""
    env = {
        "NORNICDB_AUTH": f"{ADMIN_USER}:{ADMIN_PASSWORD}",
        "NORNICDB_JWT_SECRET": JWT_SECRET,
        "NORNICDB_LOG_LEVEL": "warning",
        "NORNICDB_MAX_CONNECTIONS": "8000",
        **settings,
    }
    server = ServerProcess(
        data_dir=root / f"data-{name}", log_path=root / f"server-{name}.log", env=env, binary=binary
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
    """The C responder that replies to every message with fixed bytes: the ceiling for the client."""

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


def people(start: int, count: int) -> list[dict[str, object]]:
    return [{"id": i, "name": f"person-{i}"} for i in range(start, min(count, start + BATCH))]


CREATE_PEOPLE = "UNWIND $rows AS r CREATE (:Person {id: r.id, name: r.name})"


def load_people(uri: str, auth: tuple[str, str], count: int) -> None:
    """Create `count` `:Person {id, name}` nodes and an index on `id` in our server."""
    with neo4j.GraphDatabase.driver(uri, auth=auth) as driver:
        with driver.session() as session:
            session.run(NORNICDB_INDEX).consume()
            for start in range(0, count, BATCH):
                session.run(CREATE_PEOPLE, rows=people(start, count)).consume()


def falkordb() -> FalkorDB:
    """Start a FalkorDB on 127.0.0.1; its Bolt endpoint listens on every interface."""
    server = FalkorDB()
    server.start()
    return server


def load_falkordb_people(server: FalkorDB, count: int) -> None:
    """Create the same people in FalkorDB through its Redis protocol.

    Its Bolt endpoint crashes on RUN messages over about 4 KB, so batches cannot go over Bolt.
    """
    import falkordb as client

    # Bolt statements run on the graph named `falkordb`, so the people go there too.
    graph = client.FalkorDB(host="127.0.0.1", port=server.redis_port).select_graph("falkordb")
    graph.query(FALKORDB_INDEX)
    for start in range(0, count, BATCH):
        graph.query(CREATE_PEOPLE, {"rows": people(start, count)})
