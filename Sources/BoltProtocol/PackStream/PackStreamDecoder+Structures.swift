import GraphValue

// Hydration of value structures. Each structure checks its field count and field types, and
// temporal fields are range-checked so that no out-of-range value reaches the query engine.
extension PackStreamDecoder {
    private static let nanosecondsPerDay: Int64 = 86_400 * 1_000_000_000
    /// The widest UTC offset any time zone uses, as in Java's `ZoneOffset`: 18 hours.
    private static let maximumOffsetSeconds: Int64 = 18 * 3600

    mutating func structureValue(
        tag: UInt8,
        fieldCount: Int,
        depth: Int,
        at start: Int
    ) throws(PackStreamError) -> Value {
        var reader = FieldReader(tag: tag, fieldCount: fieldCount, depth: depth, start: start)
        let value: Value
        switch tag {
        case StructureTag.date:
            try reader.expect(fields: 1, named: "Date")
            value = .date(CalendarDate(daysSinceEpoch: try reader.integer(&self)))
        case StructureTag.time:
            try reader.expect(fields: 2, named: "Time")
            let nanoseconds = try reader.integer(&self, in: 0..<Self.nanosecondsPerDay)
            let offset = try reader.integer(&self, in: -Self.maximumOffsetSeconds...Self.maximumOffsetSeconds)
            value = .time(Time(nanosecondsSinceMidnight: nanoseconds, offsetSeconds: Int32(offset)))
        case StructureTag.localTime:
            try reader.expect(fields: 1, named: "LocalTime")
            value = .localTime(
                LocalTime(nanosecondsSinceMidnight: try reader.integer(&self, in: 0..<Self.nanosecondsPerDay))
            )
        case StructureTag.dateTime, StructureTag.dateTimeZoneID, StructureTag.legacyDateTime,
            StructureTag.legacyDateTimeZoneID:
            value = .dateTime(try dateTime(&reader))
        case StructureTag.localDateTime:
            try reader.expect(fields: 2, named: "LocalDateTime")
            let seconds = try reader.integer(&self)
            let nanoseconds = try reader.integer(&self, in: 0...999_999_999)
            value = .localDateTime(LocalDateTime(secondsSinceEpoch: seconds, nanoseconds: Int32(nanoseconds)))
        case StructureTag.duration:
            try reader.expect(fields: 4, named: "Duration")
            let months = try reader.integer(&self)
            let days = try reader.integer(&self)
            let seconds = try reader.integer(&self)
            let nanoseconds = try reader.integer(&self, in: Int64(Int32.min)...Int64(Int32.max))
            value = .duration(
                CypherDuration(months: months, days: days, seconds: seconds, nanoseconds: Int32(nanoseconds))
            )
        case StructureTag.point2D, StructureTag.point3D:
            let is3D = tag == StructureTag.point3D
            try reader.expect(fields: is3D ? 4 : 3, named: is3D ? "Point3D" : "Point2D")
            let srid = try reader.integer(&self, in: Int64(Int32.min)...Int64(Int32.max))
            let x = try reader.float(&self)
            let y = try reader.float(&self)
            let z = is3D ? try reader.float(&self) : nil
            value = .point(Point(srid: Int32(srid), x: x, y: y, z: z))
        case StructureTag.node, StructureTag.relationship, StructureTag.path:
            guard acceptsGraphStructures else {
                throw PackStreamError(
                    .unsupportedStructure,
                    "\(Self.graphStructureName(tag)) values cannot be sent by a client, for example as parameters",
                    offset: start
                )
            }
            value = try graphValue(&reader)
        case StructureTag.unboundRelationship:
            throw PackStreamError(
                .invalidStructure,
                "an UnboundRelationship may only appear inside a Path",
                offset: start
            )
        default:
            throw PackStreamError(.invalidStructure, "unknown structure tag \(hex(tag))", offset: start)
        }
        return value
    }

    private mutating func dateTime(_ reader: inout FieldReader) throws(PackStreamError) -> DateTime {
        let legacy = reader.tag == StructureTag.legacyDateTime || reader.tag == StructureTag.legacyDateTimeZoneID
        let named = reader.tag == StructureTag.dateTimeZoneID || reader.tag == StructureTag.legacyDateTimeZoneID
        let name = (legacy ? "legacy " : "") + (named ? "DateTimeZoneId" : "DateTime")
        // Each connection speaks exactly one DateTime form, so the other form is a client error.
        guard legacy != format.usesUTCDateTime else {
            let reason = legacy ? "Bolt \(format.version) uses the UTC form" : "Bolt 4.4 without the utc patch"
            throw PackStreamError(
                .invalidStructure,
                "\(name) structure \(hex(reader.tag)) is not defined for \(reason)",
                offset: reader.start
            )
        }
        try reader.expect(fields: 3, named: name)
        let secondsOffset = offset
        let seconds = try reader.integer(&self)
        let nanoseconds = Int32(try reader.integer(&self, in: 0...999_999_999))

        if !named {
            let offset = try reader.integer(&self, in: -Self.maximumOffsetSeconds...Self.maximumOffsetSeconds)
            var utcSeconds = seconds
            if legacy {
                let (difference, overflow) = seconds.subtractingReportingOverflow(offset)
                guard !overflow else {
                    throw PackStreamError(.invalidStructure, "\(name) seconds are out of range", offset: secondsOffset)
                }
                utcSeconds = difference
            }
            return DateTime(
                secondsSinceEpoch: utcSeconds,
                nanoseconds: nanoseconds,
                zone: .offset(seconds: Int32(offset))
            )
        }

        let zoneFieldOffset = offset
        let zoneID = try reader.string(&self)
        guard TimeZones.offset(ofZone: zoneID, atUTCSeconds: 0) != nil else {
            throw PackStreamError(
                .invalidStructure,
                "unknown time zone id '\(zoneID)' in \(name)",
                offset: zoneFieldOffset
            )
        }

        var utcSeconds = seconds
        if legacy {
            // The identifier is valid, so nil here means the seconds are out of range.
            guard let converted = ZoneOffsets.utcSeconds(fromLocalSeconds: seconds, zone: zoneID) else {
                throw PackStreamError(.invalidStructure, "\(name) seconds are out of range", offset: secondsOffset)
            }
            utcSeconds = converted
        }
        return DateTime(secondsSinceEpoch: utcSeconds, nanoseconds: nanoseconds, zone: .identifier(zoneID))
    }

    static func graphStructureName(_ tag: UInt8) -> String {
        switch tag {
        case StructureTag.node: "Node"
        case StructureTag.relationship: "Relationship"
        default: "Path"
        }
    }
}

/// Reads the fields of one structure in order, checking each field's type.
struct FieldReader {
    let tag: UInt8
    let fieldCount: Int
    let depth: Int
    let start: Int
    private var name = "structure"
    private var index = 0

    init(tag: UInt8, fieldCount: Int, depth: Int, start: Int) {
        self.tag = tag
        self.fieldCount = fieldCount
        self.depth = depth
        self.start = start
    }

    mutating func expect(fields expected: Int, named name: String) throws(PackStreamError) {
        self.name = name
        guard fieldCount == expected else {
            throw PackStreamError(
                .invalidStructure,
                "\(name) structure needs \(fieldCountText(expected)) but has \(fieldCount)",
                offset: start
            )
        }
    }

    /// Counts a field that the caller reads without this reader.
    mutating func skipField() {
        index += 1
    }

    mutating func next(_ decoder: inout PackStreamDecoder) throws(PackStreamError) -> (Value, Int) {
        let offset = decoder.offset
        index += 1
        return (try decoder.value(depth: depth + 1), offset)
    }

    func mismatch(_ value: Value, expected: String, at offset: Int) -> PackStreamError {
        PackStreamError(
            .invalidStructure,
            "field \(index) of \(name) must be \(expected) but is \(value.typeName)",
            offset: offset
        )
    }

    mutating func integer(_ decoder: inout PackStreamDecoder) throws(PackStreamError) -> Int64 {
        let (value, offset) = try next(&decoder)
        guard case .integer(let number) = value else { throw mismatch(value, expected: "an Integer", at: offset) }
        return number
    }

    mutating func integer(
        _ decoder: inout PackStreamDecoder,
        in range: some RangeExpression<Int64>
    ) throws(PackStreamError) -> Int64 {
        let offsetBefore = decoder.offset
        let number = try integer(&decoder)
        guard range.contains(number) else {
            throw PackStreamError(
                .invalidStructure,
                "field \(index) of \(name) is out of range: \(number)",
                offset: offsetBefore
            )
        }
        return number
    }

    mutating func float(_ decoder: inout PackStreamDecoder) throws(PackStreamError) -> Double {
        let (value, offset) = try next(&decoder)
        guard case .float(let number) = value else { throw mismatch(value, expected: "a Float", at: offset) }
        return number
    }

    mutating func string(_ decoder: inout PackStreamDecoder) throws(PackStreamError) -> String {
        let (value, offset) = try next(&decoder)
        guard case .string(let text) = value else { throw mismatch(value, expected: "a String", at: offset) }
        return text
    }

    mutating func map(_ decoder: inout PackStreamDecoder) throws(PackStreamError) -> [String: Value] {
        let (value, offset) = try next(&decoder)
        guard case .map(let entries) = value else { throw mismatch(value, expected: "a Map", at: offset) }
        return entries
    }

    mutating func list(_ decoder: inout PackStreamDecoder) throws(PackStreamError) -> [Value] {
        let (value, offset) = try next(&decoder)
        guard case .list(let items) = value else { throw mismatch(value, expected: "a List", at: offset) }
        return items
    }
}
