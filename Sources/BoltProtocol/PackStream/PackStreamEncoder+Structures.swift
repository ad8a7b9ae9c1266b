public import GraphValue

// Graph, temporal and spatial structures. Field layouts follow the Bolt structure semantics:
// Bolt 5.0 added the element ids, and DateTime has a UTC and a legacy local-time form.
extension PackStreamEncoder {
    public mutating func encode(_ node: Node) {
        let elementIDs = format.version.hasElementIDs
        encodeStructureHeader(tag: StructureTag.node, fieldCount: elementIDs ? 4 : 3)
        encode(node.id)
        encodeListHeader(count: node.labels.count)
        for label in node.labels {
            encode(label)
        }
        encode(node.properties)
        if elementIDs {
            encode(node.elementID)
        }
    }

    public mutating func encode(_ relationship: Relationship) {
        let elementIDs = format.version.hasElementIDs
        encodeStructureHeader(tag: StructureTag.relationship, fieldCount: elementIDs ? 8 : 5)
        encode(relationship.id)
        encode(relationship.startNodeID)
        encode(relationship.endNodeID)
        encode(relationship.type)
        encode(relationship.properties)
        if elementIDs {
            encode(relationship.elementID)
            encode(relationship.startNodeElementID)
            encode(relationship.endNodeElementID)
        }
    }

    /// Encodes a path as distinct nodes, distinct unbound relationships and the index list.
    ///
    /// Nodes and relationships are deduplicated by id, so a path that revisits a node or a
    /// relationship lists it once. A relationship whose start node is not the preceding node
    /// was traversed backwards and gets a negative index.
    public mutating func encode(_ path: Path) {
        let layout = PathLayout(path)
        encodeStructureHeader(tag: StructureTag.path, fieldCount: 3)
        encodeListHeader(count: layout.nodes.count)
        for node in layout.nodes {
            encode(node)
        }
        let elementIDs = format.version.hasElementIDs
        encodeListHeader(count: layout.relationships.count)
        for relationship in layout.relationships {
            encodeStructureHeader(tag: StructureTag.unboundRelationship, fieldCount: elementIDs ? 4 : 3)
            encode(relationship.id)
            encode(relationship.type)
            encode(relationship.properties)
            if elementIDs {
                encode(relationship.elementID)
            }
        }
        encodeListHeader(count: layout.indices.count)
        for index in layout.indices {
            encode(index)
        }
    }

    public mutating func encode(_ date: CalendarDate) {
        encodeStructureHeader(tag: StructureTag.date, fieldCount: 1)
        encode(date.daysSinceEpoch)
    }

    public mutating func encode(_ time: Time) {
        encodeStructureHeader(tag: StructureTag.time, fieldCount: 2)
        encode(time.nanosecondsSinceMidnight)
        encode(Int64(time.offsetSeconds))
    }

    public mutating func encode(_ time: LocalTime) {
        encodeStructureHeader(tag: StructureTag.localTime, fieldCount: 1)
        encode(time.nanosecondsSinceMidnight)
    }

    /// Encodes a DateTime as `49`/`69` (UTC seconds) or, for Bolt 4.4 without the `utc` patch,
    /// as `46`/`66` (local seconds: UTC plus the offset in force at that instant).
    public mutating func encode(_ dateTime: DateTime) {
        let utc = format.usesUTCDateTime
        switch dateTime.zone {
        case .offset(let offset):
            encodeStructureHeader(tag: utc ? StructureTag.dateTime : StructureTag.legacyDateTime, fieldCount: 3)
            encode(
                utc ? dateTime.secondsSinceEpoch : ZoneOffsets.localSeconds(dateTime.secondsSinceEpoch, offset: offset)
            )
            encode(Int64(dateTime.nanoseconds))
            encode(Int64(offset))
        case .identifier(let zoneID):
            let tag = utc ? StructureTag.dateTimeZoneID : StructureTag.legacyDateTimeZoneID
            encodeStructureHeader(tag: tag, fieldCount: 3)
            if utc {
                encode(dateTime.secondsSinceEpoch)
            } else {
                // NOTE: An identifier Foundation does not know is sent with offset 0.
                let offset = TimeZones.offset(ofZone: zoneID, atUTCSeconds: dateTime.secondsSinceEpoch) ?? 0
                encode(ZoneOffsets.localSeconds(dateTime.secondsSinceEpoch, offset: offset))
            }
            encode(Int64(dateTime.nanoseconds))
            encode(zoneID)
        }
    }

    public mutating func encode(_ dateTime: LocalDateTime) {
        encodeStructureHeader(tag: StructureTag.localDateTime, fieldCount: 2)
        encode(dateTime.secondsSinceEpoch)
        encode(Int64(dateTime.nanoseconds))
    }

    public mutating func encode(_ duration: CypherDuration) {
        encodeStructureHeader(tag: StructureTag.duration, fieldCount: 4)
        encode(duration.months)
        encode(duration.days)
        encode(duration.seconds)
        encode(Int64(duration.nanoseconds))
    }

    public mutating func encode(_ point: Point) {
        if let z = point.z {
            encodeStructureHeader(tag: StructureTag.point3D, fieldCount: 4)
            encode(Int64(point.srid))
            encode(point.x)
            encode(point.y)
            encode(z)
        } else {
            encodeStructureHeader(tag: StructureTag.point2D, fieldCount: 3)
            encode(Int64(point.srid))
            encode(point.x)
            encode(point.y)
        }
    }
}

/// The three lists of a Bolt Path structure, computed from a `Path`.
struct PathLayout {
    var nodes: [Node] = []
    var relationships: [Relationship] = []
    var indices: [Int64] = []

    init(_ path: Path) {
        var nodePositions: [Int64: Int] = [:]
        var relationshipPositions: [Int64: Int] = [:]
        guard let first = path.nodes.first else { return }
        nodePositions[first.id] = 0
        nodes.append(first)
        for (step, relationship) in path.relationships.enumerated() {
            let previous = path.nodes[step]
            let next = path.nodes[step + 1]
            let relationshipPosition = position(
                of: relationship,
                id: relationship.id,
                in: &relationships,
                positions: &relationshipPositions
            )
            // Relationship indices count from 1 so that the sign can carry the direction.
            let forward = relationship.startNodeID == previous.id
            indices.append(Int64(forward ? relationshipPosition + 1 : -(relationshipPosition + 1)))
            indices.append(Int64(position(of: next, id: next.id, in: &nodes, positions: &nodePositions)))
        }
    }

    private func position<T>(of item: T, id: Int64, in list: inout [T], positions: inout [Int64: Int]) -> Int {
        if let known = positions[id] { return known }
        positions[id] = list.count
        list.append(item)
        return list.count - 1
    }
}

/// Conversions between UTC and local seconds in named time zones, for the legacy structures.
enum ZoneOffsets {
    /// Converts local seconds in a named zone to UTC seconds, or returns nil for an unknown
    /// zone or seconds so close to the Int64 limits that the conversion overflows. Around a
    /// transition the first guess uses the wrong side's offset, so a second pass corrects it.
    static func utcSeconds(fromLocalSeconds local: Int64, zone identifier: String) -> Int64? {
        guard let firstOffset = TimeZones.offset(ofZone: identifier, atUTCSeconds: local) else { return nil }
        let (guess, guessOverflow) = local.subtractingReportingOverflow(Int64(firstOffset))
        guard !guessOverflow, let secondOffset = TimeZones.offset(ofZone: identifier, atUTCSeconds: guess) else {
            return nil
        }
        let (result, overflow) = local.subtractingReportingOverflow(Int64(secondOffset))
        return overflow ? nil : result
    }

    /// Adds an offset to UTC seconds for the legacy structures, saturating at the Int64 limits
    /// instead of trapping. Real dates are far inside the limits, so saturation never changes one.
    static func localSeconds(_ utcSeconds: Int64, offset: some BinaryInteger) -> Int64 {
        let (sum, overflow) = utcSeconds.addingReportingOverflow(Int64(offset))
        guard overflow else { return sum }
        return offset < 0 ? Int64.min : Int64.max
    }
}
