"""Shared helpers for the integration tests: credentials of this run, server factories, drivers.

The admin password and the JWT secret are random per run, so the log scan can tell whether the
server ever printed them.
"""

from __future__ import annotations

import base64
import json
import secrets
import socket
import time
from pathlib import Path

import jwt
import neo4j
import pytest

from server_process import ServerProcess

ADMIN_USER = "admin"
ADMIN_PASSWORD = "admin-" + secrets.token_hex(8)
JWT_SECRET = secrets.token_hex(32)


class ServerFactory:
    """Creates servers in one temporary folder and stops every running one on teardown."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.servers: list[ServerProcess] = []

    def create(
        self,
        env: dict[str, str] | None = None,
        *,
        data_dir: Path | None = None,
        address: str = "127.0.0.1",
        args: list[str] | None = None,
        start: bool = True,
    ) -> ServerProcess:
        """Create a server with `env` added to the base settings, and start it if `start` is true."""
        index = len(self.servers)
        server = ServerProcess(
            data_dir=data_dir or self.root / f"data-{index}",
            log_path=self.root / f"server-{index}.log",
            env=env,
            address=address,
            args=args,
        )
        self.servers.append(server)
        if start:
            server.start()
        return server

    def standard(self, extra: dict[str, str] | None = None, **kwargs: object) -> ServerProcess:
        """Create a server with the known admin account and JWT secret of this run."""
        env = standard_environment()
        env.update(extra or {})
        return self.create(env, **kwargs)  # type: ignore[arg-type]

    def close(self) -> None:
        failures = []
        for server in self.servers:
            if not server.running:
                continue
            code = server.stop()
            if code != 0:
                failures.append(f"{server.uri} exited with code {code} on SIGTERM\n{server.log_tail()}")
        assert not failures, "\n".join(failures)


def standard_environment() -> dict[str, str]:
    return {
        "NORNICDB_AUTH": f"{ADMIN_USER}:{ADMIN_PASSWORD}",
        "NORNICDB_JWT_SECRET": JWT_SECRET,
    }


def open_driver(server: ServerProcess, auth: object = None, **config: object) -> neo4j.Driver:
    """Open a driver to `server` with short time-outs, so a broken server fails tests fast."""
    options: dict[str, object] = {
        "connection_timeout": 5.0,
        "connection_acquisition_timeout": 10.0,
        "max_transaction_retry_time": 2.0,
    }
    options.update(config)
    return neo4j.GraphDatabase.driver(server.uri, auth=auth, **options)


def admin_driver(server: ServerProcess, **config: object) -> neo4j.Driver:
    return open_driver(server, (ADMIN_USER, ADMIN_PASSWORD), **config)


def login_code(server: ServerProcess, user: str, password: str) -> str | None:
    """Return the Neo4j code of a failed Bolt login on a new driver, or None when it succeeds."""
    with open_driver(server, (user, password)) as driver:
        try:
            driver.verify_connectivity()
        except neo4j.exceptions.Neo4jError as error:
            return error.code
    return None


def unique_name(prefix: str) -> str:
    """Return a user or label name that no other test uses: `prefix` plus random hex digits."""
    return prefix + secrets.token_hex(4)


def create_user(
    admin: neo4j.Driver,
    name: str,
    password: str,
    role: str | None = None,
    change_required: bool = False,
) -> None:
    """Create a local account through Cypher on `system` and grant it `role`."""
    change = "CHANGE REQUIRED" if change_required else "CHANGE NOT REQUIRED"
    admin.execute_query(f"CREATE USER {name} SET PASSWORD '{password}' {change}", database_="system")
    if role is not None:
        admin.execute_query(f"GRANT ROLE {role} TO {name}", database_="system")


def count_nodes(driver: neo4j.Driver, label: str, database: str | None = None) -> int:
    """Return how many nodes carry `label`, read in a new auto-commit query."""
    records, _, _ = driver.execute_query(
        f"MATCH (n:{label}) RETURN count(n) AS count", database_=database, routing_="r"
    )
    return records[0]["count"]


def mint_token(
    subject: str,
    roles: list[str] | None = None,
    *,
    secret: str = JWT_SECRET,
    algorithm: str = "HS256",
    lifetime: float | None = 300,
    **claims: object,
) -> str:
    """Return a signed JWT with `sub`, `roles`, `iat` and, unless `lifetime` is None, `exp`."""
    now = int(time.time())
    payload: dict[str, object] = {"sub": subject, "roles": roles or [], "iat": now}
    if lifetime is not None:
        payload["exp"] = now + int(lifetime)
    payload.update(claims)
    return jwt.encode(payload, secret, algorithm=algorithm)


def unsigned_token(subject: str, roles: list[str]) -> str:
    """Return an unsecured JWT (`alg: none`, empty signature), which servers must reject."""

    def encode(part: dict[str, object]) -> str:
        raw = json.dumps(part, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    now = int(time.time())
    header = {"alg": "none", "typ": "JWT"}
    payload = {"sub": subject, "roles": roles, "iat": now, "exp": now + 300}
    return f"{encode(header)}.{encode(payload)}."


def decode_token(token: str, secret: str = JWT_SECRET) -> dict[str, object]:
    """Return the claims of a token the server signed, verifying its signature with `secret`.

    Expiry is not checked, so tests can read the claims of short-lived tokens.
    """
    return jwt.decode(
        token,
        secret,
        algorithms=["HS256", "HS384", "HS512"],
        options={"verify_exp": False, "verify_iat": False, "verify_nbf": False},
    )


# A loopback address other than 127.0.0.1; Linux routes all of 127.0.0.0/8 to loopback.
OTHER_LOOPBACK = "127.0.0.2"


def connect_result(address: str, port: int) -> str:
    """Return "accepted" or "refused" for a TCP connection attempt to address:port."""
    try:
        with socket.create_connection((address, port), timeout=2):
            return "accepted"
    except ConnectionRefusedError:
        return "refused"


def require_other_loopback() -> None:
    """Skip the test when OTHER_LOOPBACK cannot be bound on this machine."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.bind((OTHER_LOOPBACK, 0))
    except OSError as error:
        pytest.skip(f"{OTHER_LOOPBACK} is not usable on this machine: {error}")
