"""Every Bolt value type, sent as a parameter and returned in a record."""

from __future__ import annotations

import math
from datetime import UTC, timedelta, timezone

import neo4j
import pytest
import pytz
from neo4j.spatial import CartesianPoint, WGS84Point
from neo4j.time import Date, DateTime, Duration, Time

from harness import unique_name

PLAIN_VALUES = {
    "null": None,
    "true": True,
    "false": False,
    "zero": 0,
    "tiny": 127,
    "minus-16": -16,
    "minus-17": -17,
    "int8": -128,
    "int16": 32767,
    "two-to-31": 2**31,
    "int64-max": 2**63 - 1,
    "int64-min": -(2**63),
    "negative": -123456789012,
    "float": 1.5,
    "float-negative": -0.25,
    "float-tiny": 5e-324,
    "float-inf": math.inf,
    "float-minus-inf": -math.inf,
    "empty-string": "",
    "ascii": "hello",
    "unicode": "héllo wörld ✓ 日本語 🎉",
    "long-string": "x" * 70000,
    "bytes": b"\x00\x01\x7f\x80\xff",
    "empty-bytes": b"",
    "list": [1, "two", None, 3.5, [True, False]],
    "empty-list": [],
    "long-list": list(range(300)),
    "map": {"a": 1, "b": {"c": [1, {"d": "deep"}], "e": None}},
    "empty-map": {},
    "date": Date(2024, 2, 29),
    "date-early": Date(1, 1, 1),
    "local-time": Time(13, 14, 15, 123456789),
    "local-datetime": DateTime(2024, 5, 6, 7, 8, 9, 123456789),
    "duration": Duration(months=14, days=3, seconds=45, nanoseconds=7),
    "duration-negative": Duration(days=-2, seconds=-30),
    "point-2d": CartesianPoint((1.5, -2.5)),
    "point-3d": CartesianPoint((1.0, 2.0, 3.0)),
    "wgs84-2d": WGS84Point((12.5, 55.6)),
    "wgs84-3d": WGS84Point((12.5, 55.6, 100.0)),
}


def echo(driver: neo4j.Driver, value: object) -> object:
    records, _, _ = driver.execute_query("RETURN $value AS value", value=value)
    assert len(records) == 1
    return records[0]["value"]


@pytest.mark.parametrize("value", PLAIN_VALUES.values(), ids=PLAIN_VALUES.keys())
def test_parameter_round_trip(admin: neo4j.Driver, value: object) -> None:
    returned = echo(admin, value)
    assert type(returned) is type(value)
    assert returned == value


def test_nan_round_trip(admin: neo4j.Driver) -> None:
    returned = echo(admin, math.nan)
    assert isinstance(returned, float)
    assert math.isnan(returned)


def test_point_srids(admin: neo4j.Driver) -> None:
    assert echo(admin, CartesianPoint((1.0, 2.0))).srid == 7203
    assert echo(admin, CartesianPoint((1.0, 2.0, 3.0))).srid == 9157
    assert echo(admin, WGS84Point((1.0, 2.0))).srid == 4326
    assert echo(admin, WGS84Point((1.0, 2.0, 3.0))).srid == 4979


def test_time_with_offset(admin: neo4j.Driver) -> None:
    # The drivers encode a Time's offset only through a pytz zone; datetime.timezone fails there.
    value = Time(12, 34, 56, 789000001, tzinfo=pytz.FixedOffset(120))
    returned = echo(admin, value)
    assert isinstance(returned, Time)
    assert (returned.hour, returned.minute, returned.second) == (12, 34, 56)
    assert returned.nanosecond == 789000001
    # Time.utcoffset() fails on the driver's pytz offsets, so ask the tzinfo itself.
    assert returned.tzinfo is not None
    assert returned.tzinfo.utcoffset(None) == timedelta(hours=2)


def test_datetime_with_offset(admin: neo4j.Driver) -> None:
    value = DateTime(2024, 5, 6, 7, 8, 9, 123456789, tzinfo=timezone(timedelta(hours=-5, minutes=-30)))
    returned = echo(admin, value)
    assert isinstance(returned, DateTime)
    assert returned == value
    assert returned.utcoffset() == timedelta(hours=-5, minutes=-30)
    assert (returned.hour, returned.nanosecond) == (7, 123456789)


def test_datetime_with_zone_id(admin: neo4j.Driver) -> None:
    # pytz, as the driver documentation shows: neo4j 5.28 recurses until it crashes on a
    # neo4j.time.DateTime with a zoneinfo.ZoneInfo.
    value = pytz.timezone("Europe/Stockholm").localize(DateTime(2024, 7, 1, 12, 0, 0, 5))
    returned = echo(admin, value)
    assert isinstance(returned, DateTime)
    zone = getattr(returned.tzinfo, "zone", None) or getattr(returned.tzinfo, "key", None)
    assert zone == "Europe/Stockholm"
    assert returned.utcoffset() == timedelta(hours=2)
    assert (returned.year, returned.month, returned.day, returned.hour) == (2024, 7, 1, 12)
    assert returned.nanosecond == 5


def test_native_python_temporals(admin: neo4j.Driver) -> None:
    import datetime as native

    assert echo(admin, native.date(2020, 1, 2)) == Date(2020, 1, 2)
    assert echo(admin, native.timedelta(days=1, seconds=2)) == Duration(days=1, seconds=2)
    returned = echo(admin, native.datetime(2020, 1, 2, 3, 4, 5, 6000, tzinfo=native.UTC))
    assert returned.to_native() == native.datetime(2020, 1, 2, 3, 4, 5, 6000, tzinfo=native.UTC)


def test_many_columns_of_mixed_types(admin: neo4j.Driver) -> None:
    records, _, keys = admin.execute_query(
        "RETURN $a AS a, $b AS b, $c AS c, $d AS d", a=1, b="two", c=[3], d={"four": 4}
    )
    assert keys == ["a", "b", "c", "d"]
    assert records[0].values() == [1, "two", [3], {"four": 4}]


STORED_PROPERTIES = {
    "flag": True,
    "count": 2**40,
    "ratio": 0.125,
    "name": "Zoë",
    "blob": b"\x00\xff",
    "tags": ["a", "b"],
    "numbers": [1, 2, 3],
    "born": Date(1990, 12, 31),
    "at": DateTime(2024, 1, 2, 3, 4, 5, 6, tzinfo=UTC),
    "local": DateTime(2024, 1, 2, 3, 4, 5, 6),
    "alarm": Time(6, 30),
    "span": Duration(hours=5),
    "where": WGS84Point((18.07, 59.33)),
}


def test_properties_stored_and_read_back(admin: neo4j.Driver) -> None:
    label = unique_name("Typed")
    admin.execute_query(f"CREATE (n:{label} $props)", props=STORED_PROPERTIES)
    records, _, _ = admin.execute_query(f"MATCH (n:{label}) RETURN n")
    assert len(records) == 1
    node = records[0]["n"]
    assert dict(node.items()) == STORED_PROPERTIES


def test_graph_entities_in_results(admin: neo4j.Driver) -> None:
    label = unique_name("Graph")
    admin.execute_query(
        f"CREATE (:{label} {{name: 'a'}})-[:LINKS {{weight: 2}}]->(:{label} {{name: 'b'}})"
        f"<-[:LINKS {{weight: 3}}]-(:{label} {{name: 'c'}})"
    )
    records, _, _ = admin.execute_query(
        f"MATCH p = (a:{label} {{name: 'a'}})-[r:LINKS]->(b)<-[s:LINKS]-(c) RETURN a, r, b, p, s, c"
    )
    assert len(records) == 1
    record = records[0]
    a, r, b, path = record["a"], record["r"], record["b"], record["p"]

    assert isinstance(a, neo4j.graph.Node)
    assert a.labels == frozenset({label})
    assert a["name"] == "a"
    assert isinstance(a.element_id, str) and a.element_id
    assert a.element_id != b.element_id

    assert isinstance(r, neo4j.graph.Relationship)
    assert r.type == "LINKS"
    assert r["weight"] == 2
    assert isinstance(r.element_id, str) and r.element_id
    assert r.start_node.element_id == a.element_id
    assert r.end_node.element_id == b.element_id

    assert isinstance(path, neo4j.graph.Path)
    assert [node["name"] for node in path.nodes] == ["a", "b", "c"]
    assert [rel["weight"] for rel in path.relationships] == [2, 3]
    assert path.start_node.element_id == a.element_id
    assert path.end_node.element_id == record["c"].element_id
    backward = path.relationships[1]
    assert backward.element_id == record["s"].element_id
    assert backward.start_node.element_id == record["c"].element_id
    assert backward.end_node.element_id == b.element_id


def test_element_id_is_stable(admin: neo4j.Driver) -> None:
    label = unique_name("Stable")
    records, _, _ = admin.execute_query(f"CREATE (n:{label}) RETURN n, elementId(n) AS id")
    node = records[0]["n"]
    assert node.element_id == records[0]["id"]
    records, _, _ = admin.execute_query(f"MATCH (n:{label}) RETURN n")
    assert records[0]["n"].element_id == node.element_id
    records, _, _ = admin.execute_query("MATCH (n) WHERE elementId(n) = $id RETURN count(n) AS c", id=node.element_id)
    assert records[0]["c"] == 1
