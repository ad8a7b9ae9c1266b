"""Start a throwaway PostgreSQL server on loopback for tests that store data in PostgreSQL.

The server is a fresh cluster made by `initdb` in a temporary directory and run by `pg_ctl` on a
free port, listening on 127.0.0.1 only, with its Unix socket inside the cluster directory. Logins
use scram-sha-256 with a random password, so the URL the tests give nornicdb carries a real secret
that the log scans can look for.

`initdb` and `postgres` refuse to run as root. When the tests run as root, the cluster directory
is handed to the `postgres` system user (created by Debian's `postgresql` package) and every
PostgreSQL binary runs through `runuser -u postgres --`. The binaries come from PATH, or from the
newest /usr/lib/postgresql/<version>/bin. Tests that need PostgreSQL skip when neither has
`pg_ctl`.
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import subprocess
import tempfile
import urllib.parse
from pathlib import Path

from server_process import free_port

USER = "nornic"


def binary_directory() -> Path | None:
    """Return the directory with initdb and pg_ctl, or None when PostgreSQL is not installed."""
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(found).resolve().parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda path: int(path.parts[-3]))
    return versions[-1].parent if versions else None


class PostgresServer:
    """One PostgreSQL cluster in a temporary directory, on a free loopback port."""

    def __init__(self) -> None:
        binaries = binary_directory()
        if binaries is None:
            raise RuntimeError("PostgreSQL is not installed: no pg_ctl on PATH or in /usr/lib/postgresql/*/bin")
        self.binaries = binaries
        self.password = secrets.token_urlsafe(24)
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="nornicdb-postgres-"))
        self.cluster = self.root / "cluster"
        self.log_path = self.root / "postgres.log"
        self.run_as: list[str] = []
        if os.geteuid() == 0:
            postgres = pwd.getpwnam("postgres")
            os.chown(self.root, postgres.pw_uid, postgres.pw_gid)
            self.run_as = ["runuser", "-u", "postgres", "--"]
        self.started = False
        self.database_count = 0

    def start(self) -> None:
        """Create the cluster on first use, then start the server and wait until it accepts logins."""
        if not self.cluster.exists():
            password_file = self.root / "password"
            password_file.write_text(self.password + "\n", encoding="utf-8")
            if self.run_as:
                postgres = pwd.getpwnam("postgres")
                os.chown(password_file, postgres.pw_uid, postgres.pw_gid)
            self._run(
                "initdb",
                "-D",
                str(self.cluster),
                "--username",
                USER,
                "--auth",
                "scram-sha-256",
                "--pwfile",
                str(password_file),
                "--no-sync",
                "--encoding",
                "UTF8",
                "--locale",
                "C",
            )
            password_file.unlink()
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root} "
            "-c fsync=off -c full_page_writes=off -c max_connections=300"
        )
        self._run("pg_ctl", "-D", str(self.cluster), "-l", str(self.log_path), "-o", options, "-w", "start")
        self.started = True

    def stop(self, mode: str = "fast") -> None:
        """Stop the server; `immediate` mode is a crash without a shutdown checkpoint."""
        if self.started:
            self._run("pg_ctl", "-D", str(self.cluster), "-m", mode, "-w", "stop")
            self.started = False

    def close(self) -> None:
        """Stop the server and delete the cluster."""
        try:
            self.stop()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def create_database(self, name: str | None = None) -> str:
        """Create an empty database and return its name."""
        self.database_count += 1
        name = name or f"nornic_test_{self.database_count}"
        self.psql("postgres", f'CREATE DATABASE "{name}"')
        return name

    def url(self, database: str, **parameters: str) -> str:
        """Return the postgres:// URL of `database`, password included."""
        password = urllib.parse.quote(self.password, safe="")
        query = ("?" + urllib.parse.urlencode(parameters)) if parameters else ""
        return f"postgres://{USER}:{password}@127.0.0.1:{self.port}/{database}{query}"

    def psql(self, database: str, sql: str) -> str:
        """Run SQL with psql and return its unaligned output."""
        result = subprocess.run(
            [str(self.binaries / "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", USER, "-d", database]
            + ["-v", "ON_ERROR_STOP=1", "-At", "-c", sql],
            env={**os.environ, "PGPASSWORD": self.password},
            capture_output=True,
            text=True,
            timeout=60,
        )
        if result.returncode != 0:
            raise RuntimeError(f"psql failed: {result.stderr.strip()}")
        return result.stdout

    def _run(self, program: str, *arguments: str) -> None:
        command = self.run_as + [str(self.binaries / program), *arguments]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=self.root)
        if result.returncode != 0:
            log = self.log_path.read_text(errors="replace")[-2000:] if self.log_path.exists() else ""
            raise RuntimeError(f"{program} failed ({result.returncode}): {result.stderr.strip()}\n{log}")
