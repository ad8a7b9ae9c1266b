import GraphValue
import JSON

/// Points and coordinate reference systems in the GeoJSON-like form Neo4j's HTTP API writes.
enum PointFormat {
    /// A coordinate reference system as Neo4j names it, with the spatialreference.org table it
    /// comes from (`epsg` or `sr-org`).
    struct ReferenceSystem: Equatable {
        let name: String
        let table: String
    }

    /// The four systems Cypher defines, with Neo4j's SRIDs and names.
    static let knownSystems: [Int32: ReferenceSystem] = [
        4326: ReferenceSystem(name: "wgs-84", table: "epsg"),
        4979: ReferenceSystem(name: "wgs-84-3d", table: "epsg"),
        7203: ReferenceSystem(name: "cartesian", table: "sr-org"),
        9157: ReferenceSystem(name: "cartesian-3d", table: "sr-org"),
    ]

    /// `{"type": "Point", "coordinates": [x, y(, z)], "crs": {…}}`, the row form of a point.
    static func point(_ point: Point) -> JSONValue {
        var coordinates: [JSONValue] = [ValueFormat.float(point.x), ValueFormat.float(point.y)]
        if let z = point.z { coordinates.append(ValueFormat.float(z)) }
        return ["type": "Point", "coordinates": .array(coordinates), "crs": crs(point.srid)]
    }

    /// `{"type": "point", "crs": {…}}`, the meta entry of a point column.
    static func meta(_ point: Point) -> JSONValue {
        ["type": "point", "crs": crs(point.srid)]
    }

    /// `{"srid", "name", "type": "link", "properties": {"href", "type": "ogcwkt"}}`.
    ///
    /// An SRID Cypher does not know is named `unknown` and linked in the EPSG table.
    static func crs(_ srid: Int32) -> JSONValue {
        let system = knownSystems[srid] ?? ReferenceSystem(name: "unknown", table: "epsg")
        let href = "http://spatialreference.org/ref/\(system.table)/\(srid)/ogcwkt/"
        return [
            "srid": .integer(Int64(srid)),
            "name": .string(system.name),
            "type": "link",
            "properties": ["href": .string(href), "type": "ogcwkt"],
        ]
    }
}
