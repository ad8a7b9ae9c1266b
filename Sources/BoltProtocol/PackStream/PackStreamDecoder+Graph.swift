import GraphValue

// Hydration of Node, Relationship and Path, used only when `acceptsGraphStructures` is set,
// for example by a test client reading RECORD messages. Bolt 4.4 has no element ids, so the
// decimal id is used as the element id, as the drivers do.
extension PackStreamDecoder {
    mutating func graphValue(_ reader: inout FieldReader) throws(PackStreamError) -> Value {
        switch reader.tag {
        case StructureTag.node: .node(try node(&reader))
        case StructureTag.relationship: .relationship(try relationship(&reader))
        default: .path(try path(&reader))
        }
    }

    private mutating func node(_ reader: inout FieldReader) throws(PackStreamError) -> Node {
        let elementIDs = format.version.hasElementIDs
        try reader.expect(fields: elementIDs ? 4 : 3, named: "Node")
        let id = try reader.integer(&self)
        let labelsOffset = offset
        var labels: [String] = []
        for label in try reader.list(&self) {
            guard case .string(let text) = label else {
                throw reader.mismatch(label, expected: "a List of String", at: labelsOffset)
            }
            labels.append(text)
        }
        let properties = try reader.map(&self)
        let elementID = elementIDs ? try reader.string(&self) : String(id)
        return Node(id: id, elementID: elementID, labels: labels, properties: properties)
    }

    private mutating func relationship(_ reader: inout FieldReader) throws(PackStreamError) -> Relationship {
        let elementIDs = format.version.hasElementIDs
        try reader.expect(fields: elementIDs ? 8 : 5, named: "Relationship")
        let id = try reader.integer(&self)
        let startID = try reader.integer(&self)
        let endID = try reader.integer(&self)
        let type = try reader.string(&self)
        let properties = try reader.map(&self)
        let elementID = elementIDs ? try reader.string(&self) : String(id)
        let startElementID = elementIDs ? try reader.string(&self) : String(startID)
        let endElementID = elementIDs ? try reader.string(&self) : String(endID)
        return Relationship(
            id: id,
            elementID: elementID,
            startNodeID: startID,
            startNodeElementID: startElementID,
            endNodeID: endID,
            endNodeElementID: endElementID,
            type: type,
            properties: properties
        )
    }

    private mutating func path(_ reader: inout FieldReader) throws(PackStreamError) -> Path {
        try reader.expect(fields: 3, named: "Path")
        let nodesOffset = offset
        var nodes: [Node] = []
        for item in try reader.list(&self) {
            guard case .node(let node) = item else { throw reader.mismatch(item, expected: "a Node", at: nodesOffset) }
            nodes.append(node)
        }
        let relationships = try unboundRelationships(&reader)
        let indicesOffset = offset
        var indices: [Int64] = []
        for item in try reader.list(&self) {
            guard case .integer(let index) = item else {
                throw reader.mismatch(item, expected: "a List of Integer", at: indicesOffset)
            }
            indices.append(index)
        }
        return try assemblePath(nodes: nodes, relationships: relationships, indices: indices, at: reader.start)
    }

    /// Reads the second Path field by hand, because UnboundRelationship is not a value of its own.
    private mutating func unboundRelationships(
        _ reader: inout FieldReader
    ) throws(PackStreamError) -> [(id: Int64, type: String, properties: [String: Value], elementID: String)] {
        reader.skipField()
        let count = try readListHeader(depth: reader.depth + 1, field: "field 2 of Path")
        let elementIDs = format.version.hasElementIDs
        var result: [(id: Int64, type: String, properties: [String: Value], elementID: String)] = []
        for _ in 0..<count {
            let start = offset
            let (tag, fieldCount) = try decodeStructureHeader()
            guard tag == StructureTag.unboundRelationship else {
                throw PackStreamError(
                    .invalidStructure,
                    "Path relationships must be UnboundRelationship, not \(hex(tag))",
                    offset: start
                )
            }
            var inner = FieldReader(tag: tag, fieldCount: fieldCount, depth: reader.depth + 2, start: start)
            try inner.expect(fields: elementIDs ? 4 : 3, named: "UnboundRelationship")
            let id = try inner.integer(&self)
            let type = try inner.string(&self)
            let properties = try inner.map(&self)
            let elementID = elementIDs ? try inner.string(&self) : String(id)
            result.append((id, type, properties, elementID))
        }
        return result
    }

    /// Rebuilds the alternating node and relationship sequence from the index list.
    private func assemblePath(
        nodes: [Node],
        relationships: [(id: Int64, type: String, properties: [String: Value], elementID: String)],
        indices: [Int64],
        at start: Int
    ) throws(PackStreamError) -> Path {
        func invalid(_ message: String) -> PackStreamError {
            PackStreamError(.invalidStructure, "invalid Path: \(message)", offset: start)
        }
        guard let first = nodes.first else { throw invalid("it has no nodes") }
        guard indices.count % 2 == 0 else { throw invalid("the index list has an odd length") }
        var sequence = [first]
        var steps: [Relationship] = []
        for pair in stride(from: 0, to: indices.count, by: 2) {
            let relationshipIndex = indices[pair]
            let nodeIndex = indices[pair + 1]
            guard relationshipIndex != 0, relationshipIndex.magnitude <= UInt64(relationships.count) else {
                throw invalid("relationship index \(relationshipIndex) is out of range")
            }
            guard nodeIndex >= 0, nodeIndex < nodes.count else {
                throw invalid("node index \(nodeIndex) is out of range")
            }
            let previous = sequence[sequence.count - 1]
            let next = nodes[Int(nodeIndex)]
            let unbound = relationships[Int(relationshipIndex.magnitude) - 1]
            let (from, to) = relationshipIndex > 0 ? (previous, next) : (next, previous)
            steps.append(
                Relationship(
                    id: unbound.id,
                    elementID: unbound.elementID,
                    startNodeID: from.id,
                    startNodeElementID: from.elementID,
                    endNodeID: to.id,
                    endNodeElementID: to.elementID,
                    type: unbound.type,
                    properties: unbound.properties
                )
            )
            sequence.append(next)
        }
        return Path(nodes: sequence, relationships: steps)
    }
}
