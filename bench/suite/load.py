"""Run the native load generator `nornicdb-load` and read back its JSON rows."""

from __future__ import annotations

import json
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
LOAD_BINARY = REPO_ROOT / ".build" / "release" / "nornicdb-load"


@dataclass(frozen=True)
class Login:
    """The load generator's login: a scheme and the file it reads the secret from."""

    scheme: str
    user: str | None = None
    secret_file: Path | None = None

    def arguments(self) -> list[str]:
        arguments = ["--scheme", self.scheme]
        if self.user is not None:
            arguments += ["--user", self.user]
        if self.secret_file is not None:
            option = "--password-file" if self.scheme == "basic" else "--token-file"
            arguments += [option, str(self.secret_file)]
        return arguments


NO_LOGIN = Login("none")


@dataclass
class Row:
    """One measured row: a scenario against one target at one connection count."""

    scenario: str
    target: str
    connections: int
    operations: int
    rate: float
    p50_ms: float
    p99_ms: float
    p999_ms: float
    errors: int
    first_error: str | None

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Row:
        return cls(
            scenario=str(data["scenario"]),
            target=str(data["target"]),
            connections=int(data["connections"]),  # type: ignore[arg-type]
            operations=int(data["operations"]),  # type: ignore[arg-type]
            rate=float(data["rate"]),  # type: ignore[arg-type]
            p50_ms=float(data["p50_ms"]),  # type: ignore[arg-type]
            p99_ms=float(data["p99_ms"]),  # type: ignore[arg-type]
            p999_ms=float(data.get("p999_ms", float("nan"))),  # type: ignore[arg-type]
            errors=int(data.get("errors", 0)),  # type: ignore[arg-type]
            first_error=data.get("first_error"),  # type: ignore[arg-type]
        )


class Running:
    """A measurement started in the background, collected by ``finish``."""

    def __init__(self, mode: str, command: list[str], output: Path, timeout: float) -> None:
        self.mode = mode
        self.output = output
        self.timeout = timeout
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def command_line(
    mode: str,
    port: int,
    *,
    scenario: str,
    target: str,
    connections: int,
    duration: float,
    warmup: float,
    login: Login,
    output: Path,
    extra: list[str] | None = None,
) -> list[str]:
    return [
        str(LOAD_BINARY),
        mode,
        "--address",
        f"127.0.0.1:{port}",
        "--connections",
        str(connections),
        "--duration",
        f"{duration:g}",
        "--warmup",
        f"{warmup:g}",
        "--label",
        target,
        "--scenario",
        scenario,
        "--json",
        str(output),
        *login.arguments(),
        *(extra or []),
    ]


def start(mode: str, port: int, **options: object) -> Running:
    """Start a measurement like ``run`` without waiting for it."""
    output = Path(tempfile.mkstemp(suffix=".json")[1])
    duration = float(options["duration"])  # type: ignore[arg-type]
    warmup = float(options["warmup"])  # type: ignore[arg-type]
    command = command_line(mode, port, output=output, **options)  # type: ignore[arg-type]
    return Running(mode, command, output, duration + warmup + 120)


def finish(running: Running) -> Row:
    """Wait for a measurement and return its row."""
    try:
        _, errors = running.process.communicate(timeout=running.timeout)
        lines = [line for line in running.output.read_text().splitlines() if line.strip()]
    finally:
        running.output.unlink(missing_ok=True)
    if not lines:
        code = running.process.returncode
        raise RuntimeError(f"nornicdb-load {running.mode} wrote no row (exit {code}): {errors.strip()}")
    return Row.from_json(json.loads(lines[-1]))


def run(mode: str, port: int, **options: object) -> Row:
    """Run one `nornicdb-load` measurement on 127.0.0.1 and return its row."""
    return finish(start(mode, port, **options))


class IdleConnections:
    """`nornicdb-load idle`: N logged-in connections held open until `close()`."""

    def __init__(self, port: int, connections: int, login: Login) -> None:
        self.process = subprocess.Popen(
            [str(LOAD_BINARY), "idle", "--address", f"127.0.0.1:{port}", "--connections", str(connections)]
            + login.arguments(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line.startswith("ready"):
            self.process.kill()
            _, errors = self.process.communicate(timeout=30)
            raise RuntimeError(f"idle connections did not open: {line.strip()} {errors.strip()}")

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
