"""Temporal parameters at the Int64 limits, hand-crafted as PackStream structures.

The Python driver cannot build dates beyond year 9999, so these tests send the structures over a
raw connection. Each query must end in a record or a clean FAILURE; a trap in the engine would
take the whole server down.
"""

from __future__ import annotations

import pytest

from bolt_wire import FAILURE, PULL, RECORD, RESET, RUN, SUCCESS, BoltSocket, Structure, describe, failure_code
from hostile import login
from server_process import ServerProcess

DATE = 0x44
LOCAL_DATE_TIME = 0x64
DATE_TIME = 0x49
DATE_TIME_ZONE_ID = 0x69

INT64_MAX = 2**63 - 1
INT64_MIN = -(2**63)

PARAMETERS = {
    "dateMax": Structure(DATE, [INT64_MAX]),
    "dateMin": Structure(DATE, [INT64_MIN]),
    "localMin": Structure(LOCAL_DATE_TIME, [INT64_MIN, 0]),
    "localMax": Structure(LOCAL_DATE_TIME, [INT64_MAX, 999_999_999]),
    "zonedMax": Structure(DATE_TIME, [INT64_MAX, 0, 3600]),
    "zonedMin": Structure(DATE_TIME, [INT64_MIN, 0, -3600]),
    "namedMax": Structure(DATE_TIME_ZONE_ID, [INT64_MAX, 0, "Europe/Berlin"]),
}

QUERIES = [
    "RETURN $dateMax + duration({months: 1}) AS v",
    "RETURN $dateMin - duration({years: 1}) AS v",
    "RETURN $namedMax + duration({months: 1}) AS v",
    "RETURN duration.between($dateMax, $dateMax) AS v",
    "RETURN duration.between($localMin, $localMin) AS v",
    "RETURN duration.inDays($localMax, date()) AS v",
    "RETURN duration.between($zonedMax, $zonedMax) AS v",
    "RETURN duration.inMonths($zonedMin, $zonedMin) AS v",
    "RETURN duration.inSeconds($namedMax, $zonedMin) AS v",
    "RETURN $dateMax.year AS v",
    "RETURN date.truncate('month', $localMin) AS v",
    "UNWIND [$dateMax, $dateMin, date()] AS d RETURN d ORDER BY d",
]


def run_query(connection: BoltSocket, query: str) -> list[Structure]:
    """Run `query` with the extreme parameters and return the replies up to the summary."""
    connection.pipeline((RUN, query, PARAMETERS, {}), (PULL, {"n": -1}))
    replies = [connection.receive()]
    if replies[0].tag == FAILURE:
        connection.pipeline((RESET,))
        # PULL after a failed RUN is IGNORED, and RESET then succeeds.
        replies += [connection.receive(), connection.receive()]
        return replies
    while True:
        reply = connection.receive()
        replies.append(reply)
        if reply.tag != RECORD:
            return replies


@pytest.mark.parametrize("query", QUERIES)
def test_extreme_temporal_parameters_fail_cleanly(server: ServerProcess, query: str) -> None:
    with login(server) as connection:
        replies = run_query(connection, query)
    failures = [reply for reply in replies if reply.tag == FAILURE]
    if failures:
        assert (failure_code(failures[0]) or "").startswith("Neo.ClientError."), describe(replies)
    else:
        assert replies[-1].tag == SUCCESS, describe(replies)
    assert_server_serves(server)


def assert_server_serves(server: ServerProcess) -> None:
    """Check that the server process is alive and runs a plain query on a new connection."""
    assert server.running, server.log_tail()
    with login(server) as connection:
        replies = run_query(connection, "RETURN 1 AS one")
    assert [reply.tag for reply in replies] == [SUCCESS, RECORD, SUCCESS], describe(replies)
