"""Start, stop, kill and restart a nornicdb server process for integration tests.

Every server listens on free loopback ports and keeps its data in a directory the test owns.
Its standard output and standard error go to one log file, which tests read and scan for
secrets.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]

# Seconds to wait for the Bolt port to accept connections after the process starts.
START_TIMEOUT = 20.0
# Seconds to wait for a clean exit after SIGTERM.
STOP_TIMEOUT = 15.0

GENERATED_PASSWORD_PATTERN = re.compile(r"Generated password for user 'admin': (\S+)")


def binary_path() -> Path:
    """Return the server executable: NORNICDB_BINARY, or the debug build in the repository."""
    configured = os.environ.get("NORNICDB_BINARY")
    if configured:
        return Path(configured).resolve()
    return REPO_ROOT / ".build" / "debug" / "nornicdb"


def free_port(address: str = "127.0.0.1") -> int:
    """Return a TCP port that is free on `address` right now.

    NOTE: another process may take the port before the server binds it. The server then fails
    to start, and the test reports that with the server log.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((address, 0))
        return probe.getsockname()[1]


def port_accepts(address: str, port: int, timeout: float = 0.5) -> bool:
    """Return whether a TCP connection to address:port succeeds."""
    try:
        with socket.create_connection((address, port), timeout=timeout):
            return True
    except OSError:
        return False


def clean_environment() -> dict[str, str]:
    """Return this process's environment without NORNICDB_* variables.

    The developer's own settings must not change what a test configures.
    """
    return {key: value for key, value in os.environ.items() if not key.startswith("NORNICDB_")}


class ServerStartError(RuntimeError):
    """The server exited or did not accept Bolt connections in time."""


class ServerProcess:
    """One nornicdb server: its configuration, data directory, ports and log file.

    The same object can be started again after `stop()` or `kill()`. It then reuses the data
    directory and the ports, as an operator restarting the service would.
    """

    def __init__(
        self,
        data_dir: Path,
        log_path: Path,
        env: dict[str, str] | None = None,
        address: str = "127.0.0.1",
        args: list[str] | None = None,
        binary: Path | None = None,
    ) -> None:
        self.binary = binary or binary_path()
        self.data_dir = data_dir
        self.log_path = log_path
        self.address = address
        self.bolt_port = free_port(address)
        self.http_port = free_port(address)
        self.args = list(args or [])
        self.env = dict(env or {})
        # When False, the data directory, address and ports are left to `args` (flags).
        self.configure_by_environment = True
        self.process: subprocess.Popen[bytes] | None = None
        self.exit_codes: list[int] = []

    @property
    def uri(self) -> str:
        return f"bolt://{self.address}:{self.bolt_port}"

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def full_environment(self) -> dict[str, str]:
        env = clean_environment()
        if not self.configure_by_environment:
            env.update(self.env)
            return env
        env.update(
            {
                "NORNICDB_DATA_DIR": str(self.data_dir),
                "NORNICDB_ADDRESS": self.address,
                "NORNICDB_BOLT_PORT": str(self.bolt_port),
                "NORNICDB_HTTP_PORT": str(self.http_port),
            }
        )
        env.update(self.env)
        return env

    def start(self, timeout: float = START_TIMEOUT) -> None:
        """Start the process and wait until its Bolt port accepts connections."""
        if self.running:
            raise RuntimeError("server is already running")
        if not self.binary.is_file():
            raise ServerStartError(f"server binary not found at {self.binary}; build it or set NORNICDB_BINARY")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with open(self.log_path, "ab") as log:
            log.write(f"--- test harness: starting {self.binary.name} serve on {self.uri}\n".encode())
            log.flush()
            self.process = subprocess.Popen(
                [str(self.binary), "serve", *self.args],
                env=self.full_environment(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                cwd=self.data_dir.parent,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            code = self.process.poll()
            if code is not None:
                self.exit_codes.append(code)
                raise ServerStartError(f"server exited with code {code} during start-up\n{self.log_tail()}")
            if port_accepts(self.address, self.bolt_port):
                return
            time.sleep(0.05)
        self.kill()
        raise ServerStartError(f"Bolt port {self.bolt_port} did not accept within {timeout} s\n{self.log_tail()}")

    def stop(self, timeout: float = STOP_TIMEOUT) -> int:
        """Send SIGTERM, wait for the exit and return the exit code (SIGKILL after `timeout`)."""
        if self.process is None:
            raise RuntimeError("server was never started")
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                self.exit_codes.append(self.process.returncode)
                raise AssertionError(f"server ignored SIGTERM for {timeout} s\n{self.log_tail()}") from None
        code = self.process.returncode
        self.exit_codes.append(code)
        self.process = None
        return code

    def kill(self) -> None:
        """Kill the process with SIGKILL, as a crash or power loss would end it."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.process = None

    def restart(self) -> None:
        """Stop cleanly (the exit code must be 0) and start again on the same data directory."""
        code = self.stop()
        assert code == 0, f"server exited with code {code} on SIGTERM\n{self.log_tail()}"
        self.start()

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def log_tail(self, lines: int = 40) -> str:
        tail = "\n".join(self.log_text().splitlines()[-lines:])
        return f"--- last {lines} lines of {self.log_path}:\n{tail}"

    def generated_admin_password(self) -> str:
        """Return the password the server generated for `admin`, read from its log."""
        match = GENERATED_PASSWORD_PATTERN.search(self.log_text())
        if match is None:
            raise AssertionError(f"no generated admin password in the log\n{self.log_tail()}")
        return match.group(1)
