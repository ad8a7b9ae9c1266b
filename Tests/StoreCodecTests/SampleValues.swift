import GraphValue

/// One sample of every property value type, for round-trip tables.
let sampleValues: [String: Value] = [
    "boolean": true,
    "integer": .integer(-42),
    "largeInteger": .integer(Int64.max),
    "float": .float(3.25),
    "string": "héllo 🌍",
    "bytes": .bytes([0, 1, 254, 255]),
    "list": [1, 2.5, "three"],
    "date": .date(CalendarDate(daysSinceEpoch: 19_000)),
    "time": .time(Time(nanosecondsSinceMidnight: 3_600_000_000_001, offsetSeconds: -18_000)),
    "localTime": .localTime(LocalTime(nanosecondsSinceMidnight: 86_399_999_999_999)),
    "dateTime": .dateTime(DateTime(secondsSinceEpoch: 1_700_000_000, nanoseconds: 5, zone: .offset(seconds: 3600))),
    "zonedDateTime": .dateTime(
        DateTime(secondsSinceEpoch: -1, nanoseconds: 999_999_999, zone: .identifier("Europe/Stockholm"))
    ),
    "localDateTime": .localDateTime(LocalDateTime(secondsSinceEpoch: 0, nanoseconds: 1)),
    "duration": .duration(CypherDuration(months: 14, days: -3, seconds: 86_401, nanoseconds: -7)),
    "point2D": .point(Point(srid: 4326, x: 12.5, y: -45.25)),
    "point3D": .point(Point(srid: 9157, x: 1, y: 2, z: 3)),
]
