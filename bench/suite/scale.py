"""Ingestion and lookups at several graph sizes, through bench/scale_bench.py."""

from __future__ import annotations

import json
import subprocess
import sys

from suite.context import Context
from suite.load import REPO_ROOT
from suite.targets import SERVER_BINARY


def measure(context: Context, sizes: str) -> list[dict[str, object]]:
    """Run scale_bench.py for every size against our server, FalkorDB and SQLite; return its rows."""
    output = context.root / "scale.json"
    command = [
        sys.executable,
        str(REPO_ROOT / "bench" / "scale_bench.py"),
        "--sizes",
        sizes,
        "--duration",
        f"{context.duration:g}",
        "--binary",
        str(SERVER_BINARY),
        "--json",
        str(output),
    ]
    context.progress(f"graph sizes {sizes}: " + " ".join(command[1:]))
    result = subprocess.run(command, check=False)
    if result.returncode != 0:
        context.notes.append(f"scale_bench.py exited with code {result.returncode}; its rows may be incomplete.")
    if not output.exists():
        return []
    return [json.loads(line) for line in output.read_text().splitlines() if line.strip()]
