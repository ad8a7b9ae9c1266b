"""What a query changed in the graph, as the TCK counts side effects.

The TCK counts nodes and relationships by identity, labels as the distinct label names in the
whole graph, and properties as (entity, key, value) triples: a property set to a new value is
one removed and one added, and a property set to its old value is no change at all.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import neo4j

from tck_values import canonical


NODES_QUERY = "MATCH (n) RETURN id(n) AS id, labels(n) AS labels, properties(n) AS properties"
RELATIONSHIPS_QUERY = "MATCH ()-[r]->() RETURN id(r) AS id, properties(r) AS properties"


@dataclass(frozen=True)
class GraphState:
    nodes: frozenset[int]
    relationships: frozenset[int]
    labels: frozenset[str]
    properties: frozenset[tuple[str, int, str, str]]


def snapshot(session: neo4j.Session) -> GraphState:
    """Read the whole graph: the scenarios' graphs are small."""
    nodes: set[int] = set()
    labels: set[str] = set()
    properties: set[tuple[str, int, str, str]] = set()
    for record in session.run(NODES_QUERY):
        nodes.add(record["id"])
        labels.update(record["labels"])
        for key, value in record["properties"].items():
            properties.add(("node", record["id"], key, repr(canonical(value))))
    relationships: set[int] = set()
    for record in session.run(RELATIONSHIPS_QUERY):
        relationships.add(record["id"])
        for key, value in record["properties"].items():
            properties.add(("relationship", record["id"], key, repr(canonical(value))))
    return GraphState(frozenset(nodes), frozenset(relationships), frozenset(labels), frozenset(properties))


def side_effects(before: GraphState, after: GraphState) -> Counter[str]:
    """The TCK's side-effect counts between two snapshots; zero counts are left out."""
    effects: Counter[str] = Counter(
        {
            "+nodes": len(after.nodes - before.nodes),
            "-nodes": len(before.nodes - after.nodes),
            "+relationships": len(after.relationships - before.relationships),
            "-relationships": len(before.relationships - after.relationships),
            "+labels": len(after.labels - before.labels),
            "-labels": len(before.labels - after.labels),
            "+properties": len(after.properties - before.properties),
            "-properties": len(before.properties - after.properties),
        }
    )
    return +effects
