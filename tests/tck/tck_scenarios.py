"""The TCK's feature files read into scenarios, with each outline example as a scenario of its own."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from gherkin.parser import Parser
from gherkin.pickles.compiler import Compiler


@dataclass(frozen=True)
class Step:
    """One Given, When or Then, with its doc string or table."""

    text: str
    doc_string: str | None = None
    table: list[list[str]] | None = None


@dataclass(frozen=True)
class Scenario:
    """One scenario to run: for an outline, one row of its examples."""

    folder: str
    feature: str
    name: str
    line: int
    steps: list[Step] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{self.feature}: {self.name}"


def _step(pickle_step: dict) -> Step:
    argument = pickle_step.get("argument") or {}
    doc = argument.get("docString")
    data = argument.get("dataTable")
    table = None
    if data is not None:
        table = [[cell["value"] for cell in row["cells"]] for row in data["rows"]]
    return Step(text=pickle_step["text"].strip(), doc_string=doc["content"] if doc else None, table=table)


def load_feature(path: Path, root: Path) -> list[Scenario]:
    """Read one .feature file; the folder is the path from `root` to the file's directory."""
    document = Parser().parse(path.read_text(encoding="utf-8"))
    document["uri"] = str(path)
    feature = document.get("feature") or {}
    feature_name = feature.get("name", path.stem)
    lines = _scenario_lines(feature)
    folder = str(path.parent.relative_to(root))
    scenarios = []
    for pickle in Compiler().compile(document):
        line = lines.get(pickle["astNodeIds"][-1], lines.get(pickle["astNodeIds"][0], 0))
        scenarios.append(
            Scenario(
                folder=folder,
                feature=feature_name,
                name=pickle["name"],
                line=line,
                steps=[_step(step) for step in pickle["steps"]],
            )
        )
    return scenarios


def _scenario_lines(feature: dict) -> dict[str, int]:
    """The line of every scenario and every example row, by AST node id."""
    lines: dict[str, int] = {}
    for child in feature.get("children", []):
        scenario = child.get("scenario")
        if scenario is None:
            continue
        lines[scenario["id"]] = scenario["location"]["line"]
        for examples in scenario.get("examples", []):
            for row in examples.get("tableBody", []):
                lines[row["id"]] = row["location"]["line"]
    return lines


def load_scenarios(root: Path) -> list[Scenario]:
    """Every scenario under `root`, in a stable order (by file path, then by line)."""
    scenarios: list[Scenario] = []
    for path in sorted(root.rglob("*.feature")):
        scenarios.extend(load_feature(path, root))
    return scenarios
