"""Running one TCK scenario against a server through the official Python driver."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import neo4j
import neo4j.exceptions

from tck_graph import GraphState, side_effects, snapshot
from tck_scenarios import Scenario, Step
from tck_values import Canonical, canonical, parse_value, python_value, render, same, unordered_lists

# Seconds one query may run; the server terminates it after that.
QUERY_TIMEOUT = 20.0

ERROR_STEP = re.compile(r"^an? (\w+) should be raised at (compile time|runtime|any time): (\S+)$")

# `there exists a procedure test.my.proc(in :: INTEGER?) :: (out :: STRING?):`
PROCEDURE_STEP = re.compile(r"^there exists a procedure ([\w.]+)\((.*)\)\s*::\s*\((.*)\)\s*:$")

# TCK error types that Neo4j reports under another name, by status code.
ERROR_CODES = {
    "ProcedureError": ("Neo.ClientError.Procedure.",),
    "ConstraintVerificationFailed": ("Neo.ClientError.Schema.ConstraintValidationFailed",),
    "ConstraintValidationFailed": ("Neo.ClientError.Schema.ConstraintValidationFailed",),
}


class ScenarioFailed(Exception):
    """The scenario ran and its outcome differs from the expected one. The message gives the difference."""


class ScenarioSkipped(Exception):
    """The scenario needs something this runner cannot set up. The message names it."""


@dataclass
class QueryOutcome:
    keys: list[str]
    rows: list[list[Canonical]]
    error: neo4j.exceptions.Neo4jError | None
    error_phase: str | None
    effects: Counter[str]


def procedure_definitions(scenario: Scenario) -> list[dict[str, Any]]:
    """Return the procedures that the scenario's "there exists a procedure" steps define, in the
    form of the server's NORNICDB_TEST_PROCEDURES file; an empty list when it defines none."""
    procedures = []
    for step in scenario.steps:
        if not step.text.startswith("there exists a procedure"):
            continue
        match = PROCEDURE_STEP.match(step.text)
        if match is None:
            raise ScenarioFailed(f"cannot read the procedure signature: {one_line(step.text, 100)}")
        name, inputs, outputs = match.group(1), signature_fields(match.group(2)), signature_fields(match.group(3))
        table = [row for row in step.table or [] if row]
        rows = []
        if table:
            header = table[0]
            for row in table[1:]:
                rows.append({column: python_value(parse_value(cell)) for column, cell in zip(header, row, strict=True)})
        procedures.append({"name": name, "inputs": inputs, "outputs": outputs, "rows": rows})
    return procedures


def signature_fields(text: str) -> list[dict[str, str]]:
    """Split `name :: TYPE, ...` into fields; the types keep Neo4j's names, such as `INTEGER?`."""
    fields = []
    for part in text.split(","):
        if not part.strip():
            continue
        name, separator, type_name = part.partition("::")
        if not separator:
            raise ScenarioFailed(f"cannot read the procedure field {part.strip()!r}")
        fields.append({"name": name.strip(), "type": type_name.strip()})
    return fields


def one_line(text: str, limit: int = 160) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class ScenarioRun:
    """The state of one scenario while its steps run in order."""

    def __init__(self, driver: neo4j.Driver, scenario: Scenario, graphs: Path) -> None:
        self.driver = driver
        self.scenario = scenario
        self.graphs = graphs
        self.parameters: dict[str, Any] = {}
        self.outcome: QueryOutcome | None = None

    def run(self) -> None:
        self.clear_graph()
        for step in self.scenario.steps:
            self.run_step(step)

    def clear_graph(self) -> None:
        with self.driver.session() as session:
            session.run("MATCH (n) DETACH DELETE n").consume()

    def execute(self, text: str) -> None:
        with self.driver.session() as session:
            session.run(neo4j.Query(text, timeout=QUERY_TIMEOUT)).consume()

    def run_step(self, step: Step) -> None:
        text = step.text
        if text in ("an empty graph", "any graph"):
            return
        match = re.fullmatch(r"the (\S+) graph", text)
        if match:
            self.load_named_graph(match.group(1))
            return
        if text == "having executed:":
            try:
                self.execute(step.doc_string or "")
            except neo4j.exceptions.Neo4jError as error:
                raise ScenarioFailed(f"set-up query failed: {error.code}: {one_line(error.message or '')}") from None
            return
        if text == "parameters are:":
            for row in step.table or []:
                self.parameters[row[0]] = python_value(parse_value(row[1]))
            return
        if text.startswith("there exists a procedure"):
            # The runner started this scenario's server with the procedure already defined.
            return
        if text in ("executing query:", "executing control query:"):
            self.outcome = self.run_query(step.doc_string or "")
            return
        self.check(step)

    def load_named_graph(self, name: str) -> None:
        script = self.graphs / name / f"{name}.cypher"
        if not script.is_file():
            raise ScenarioSkipped(f"named graph {name} not found")
        self.execute(script.read_text(encoding="utf-8"))

    def run_query(self, text: str) -> QueryOutcome:
        with self.driver.session() as session:
            before = snapshot(session)
            keys: list[str] = []
            rows: list[list[Canonical]] = []
            error = None
            phase = None
            try:
                result = session.run(neo4j.Query(text, timeout=QUERY_TIMEOUT), self.parameters)
            except neo4j.exceptions.Neo4jError as caught:
                error, phase = caught, "compile time"
            else:
                try:
                    keys = list(result.keys())
                    rows = [[canonical(record[key]) for key in keys] for record in result]
                    result.consume()
                except neo4j.exceptions.Neo4jError as caught:
                    error, phase = caught, "runtime"
            after: GraphState = snapshot(session)
        return QueryOutcome(keys, rows, error, phase, side_effects(before, after))

    def require_outcome(self) -> QueryOutcome:
        if self.outcome is None:
            raise ScenarioFailed("no query was executed before the expectation")
        return self.outcome

    def require_success(self) -> QueryOutcome:
        outcome = self.require_outcome()
        if outcome.error is not None:
            error = outcome.error
            raise ScenarioFailed(f"unexpected {error.code} at {outcome.error_phase}: {one_line(error.message or '')}")
        return outcome

    def check(self, step: Step) -> None:
        text = step.text
        if text == "the result should be empty":
            outcome = self.require_success()
            if outcome.rows:
                raise ScenarioFailed(f"expected no rows, got {len(outcome.rows)}: {self.show_rows(outcome.rows[:3])}")
            return
        if text == "the result should be, in any order:":
            self.compare_rows(step.table or [], ordered=False, ignore_list_order=False)
            return
        if text == "the result should be, in order:":
            self.compare_rows(step.table or [], ordered=True, ignore_list_order=False)
            return
        if text == "the result should be (ignoring element order for lists):":
            self.compare_rows(step.table or [], ordered=False, ignore_list_order=True)
            return
        if text == "no side effects":
            self.compare_side_effects([])
            return
        if text == "the side effects should be:":
            self.compare_side_effects(step.table or [])
            return
        match = ERROR_STEP.match(text)
        if match:
            self.compare_error(match.group(1), match.group(2), match.group(3))
            return
        raise ScenarioSkipped(f"unknown step: {one_line(text, 80)}")

    @staticmethod
    def show_rows(rows: list[list[Canonical]]) -> str:
        return "; ".join("| " + " | ".join(render(value) for value in row) + " |" for row in rows)

    def compare_rows(self, table: list[list[str]], ordered: bool, ignore_list_order: bool) -> None:
        outcome = self.require_success()
        header, body = table[0], table[1:]
        if sorted(header) != sorted(outcome.keys):
            raise ScenarioFailed(f"columns {outcome.keys} instead of {header}")
        positions = [outcome.keys.index(column) for column in header]
        actual = [[row[position] for position in positions] for row in outcome.rows]
        expected = [[parse_value(cell) for cell in row] for row in body]
        if ignore_list_order:
            actual = [[unordered_lists(value) for value in row] for row in actual]
            expected = [[unordered_lists(value) for value in row] for row in expected]
        if len(actual) != len(expected):
            raise ScenarioFailed(
                f"{len(actual)} rows instead of {len(expected)}; got {one_line(self.show_rows(actual[:4]), 120)}"
            )
        if ordered:
            for index, (want, got) in enumerate(zip(expected, actual, strict=True)):
                if not self.same_row(want, got):
                    got_text, want_text = self.show_rows([got]), self.show_rows([want])
                    raise ScenarioFailed(f"row {index + 1} is {got_text}, expected {want_text}")
            return
        unmatched = list(actual)
        for want in expected:
            for index, got in enumerate(unmatched):
                if self.same_row(want, got):
                    del unmatched[index]
                    break
            else:
                raise ScenarioFailed(
                    f"no row {self.show_rows([want])}; got {one_line(self.show_rows(actual[:4]), 120)}"
                )

    @staticmethod
    def same_row(expected: list[Canonical], actual: list[Canonical]) -> bool:
        return all(same(want, got) for want, got in zip(expected, actual, strict=True))

    def compare_side_effects(self, table: list[list[str]]) -> None:
        outcome = self.require_success()
        expected = Counter({row[0]: int(row[1]) for row in table})
        expected = +expected
        if outcome.effects != expected:
            got = ", ".join(f"{key} {value}" for key, value in sorted(outcome.effects.items())) or "none"
            want = ", ".join(f"{key} {value}" for key, value in sorted(expected.items())) or "none"
            raise ScenarioFailed(f"side effects {got} instead of {want}")

    def compare_error(self, error_type: str, phase: str, detail: str) -> None:
        outcome = self.require_outcome()
        if outcome.error is None:
            raise ScenarioFailed(f"expected {error_type} ({detail}) at {phase}, but the query succeeded")
        code = outcome.error.code or ""
        prefixes = ERROR_CODES.get(error_type, (f"Neo.ClientError.Statement.{error_type}",))
        if not any(code == prefix or (prefix.endswith(".") and code.startswith(prefix)) for prefix in prefixes):
            message = one_line(outcome.error.message or "")
            raise ScenarioFailed(f"expected {error_type} ({detail}), got {code}: {message}")
        if phase == "compile time" and outcome.error_phase != "compile time":
            raise ScenarioFailed(f"{error_type} ({detail}) came at runtime, expected at compile time")
