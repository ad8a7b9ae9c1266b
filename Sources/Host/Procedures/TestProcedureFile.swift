internal import GraphValue
internal import JSON

/// Reads the JSON file of test procedures that `NORNICDB_TEST_PROCEDURES` names.
///
/// The file is one object:
///
/// ```json
/// {"procedures": [{
///     "name": "test.my.proc",
///     "inputs": [{"name": "in", "type": "INTEGER?"}],
///     "outputs": [{"name": "out", "type": "STRING?"}],
///     "rows": [{"in": 1, "out": "one"}, {"in": null, "out": "nix"}]
/// }]}
/// ```
///
/// Types use Neo4j's signature names (``ProcedureType``). A JSON number without fraction or
/// exponent is an INTEGER and any other number a FLOAT; arrays are lists and objects maps.
public enum TestProcedureFile {
    /// The maximum size of the file in bytes.
    public static let maximumBytes = 1 << 20

    /// Reads and checks the file at `path`.
    ///
    /// - Throws: ``TestProcedureFileError`` when the file cannot be read, is not a regular file,
    ///   is larger than ``maximumBytes``, or does not define valid procedures.
    public static func load(_ path: String) throws(TestProcedureFileError) -> [TestProcedure] {
        let bytes: [UInt8]
        do {
            bytes = try RegularFile.read(path, maximumBytes: maximumBytes)
        } catch {
            throw TestProcedureFileError(error.description)
        }
        return try parse(bytes)
    }

    /// Parses the contents of a test procedure file.
    public static func parse(_ bytes: [UInt8]) throws(TestProcedureFileError) -> [TestProcedure] {
        let root: [String: JSONValue]
        do {
            root = try StrictJSONParser.parseObject(bytes)
        } catch {
            throw TestProcedureFileError("the file is not a JSON object: \(error)")
        }
        guard root.keys.allSatisfy({ $0 == "procedures" }), case .array(let entries)? = root["procedures"] else {
            throw TestProcedureFileError("the file must be an object with one member, \"procedures\", an array")
        }
        var procedures: [TestProcedure] = []
        var names: Set<String> = []
        for (index, entry) in entries.enumerated() {
            let procedure = try self.procedure(entry, index: index)
            guard names.insert(procedure.name.lowercased()).inserted else {
                throw TestProcedureFileError("procedure \(procedure.name) is defined twice")
            }
            procedures.append(procedure)
        }
        return procedures
    }

    private static func procedure(_ entry: JSONValue, index: Int) throws(TestProcedureFileError) -> TestProcedure {
        guard case .object(let members) = entry, case .string(let name)? = members["name"] else {
            throw TestProcedureFileError("procedure \(index + 1) must be an object with a string \"name\"")
        }
        try checkName(name)
        let known: Set = ["name", "inputs", "outputs", "rows"]
        if let unknown = members.keys.sorted().first(where: { !known.contains($0) }) {
            throw TestProcedureFileError("procedure \(name) has an unknown member \"\(unknown)\"")
        }
        let inputs = try fields(members["inputs"], of: name, role: "inputs")
        let outputs = try fields(members["outputs"], of: name, role: "outputs")
        let all = inputs + outputs
        if let duplicate = Dictionary(grouping: inputs.map(\.name), by: { $0 }).first(where: { $0.value.count > 1 }) {
            throw TestProcedureFileError("procedure \(name) has two inputs named \(duplicate.key)")
        }
        if let duplicate = Dictionary(grouping: outputs.map(\.name), by: { $0 }).first(where: { $0.value.count > 1 }) {
            throw TestProcedureFileError("procedure \(name) has two outputs named \(duplicate.key)")
        }
        guard case .array(let rowEntries)? = members["rows"] ?? .array([]) else {
            throw TestProcedureFileError("procedure \(name): \"rows\" must be an array of objects")
        }
        var rows: [[Value]] = []
        for (rowIndex, rowEntry) in rowEntries.enumerated() {
            guard case .object(let cells) = rowEntry else {
                throw TestProcedureFileError("procedure \(name): row \(rowIndex + 1) must be an object")
            }
            // Inputs and outputs may share a name, as in `(in :: INTEGER?) :: (in :: INTEGER?)`,
            // and then the one cell gives both.
            let fieldNames = Set(all.map(\.name))
            if let unknown = cells.keys.sorted().first(where: { !fieldNames.contains($0) }) {
                throw TestProcedureFileError("procedure \(name): row \(rowIndex + 1) has no field named \(unknown)")
            }
            var row: [Value] = []
            for field in all {
                let value = try self.value(cells[field.name] ?? .null)
                guard field.type.accepts(value) else {
                    throw TestProcedureFileError(
                        "procedure \(name): row \(rowIndex + 1) has a \(value.typeName) for \(field.name), "
                            + "which is declared \(field.type)"
                    )
                }
                row.append(value)
            }
            rows.append(row)
        }
        return TestProcedure(name: name, inputs: inputs, outputs: outputs, rows: rows)
    }

    /// Accepts dotted names of at least two parts of letters, digits and `_`, outside the `db`
    /// and `dbms` namespaces, so a test procedure never shadows a built-in one.
    private static func checkName(_ name: String) throws(TestProcedureFileError) {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        let valid = parts.allSatisfy { part in
            guard let first = part.first, !first.isNumber else { return false }
            return part.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
        }
        guard parts.count >= 2, valid else {
            throw TestProcedureFileError(
                "\"\(name)\" is not a procedure name; use dotted parts of letters, digits and '_', "
                    + "such as test.my.proc"
            )
        }
        let namespace = parts[0].lowercased()
        guard namespace != "db", namespace != "dbms" else {
            throw TestProcedureFileError("test procedure \(name) must not use the built-in namespace \(namespace)")
        }
    }

    private static func fields(_ entry: JSONValue?, of procedure: String, role: String) throws(TestProcedureFileError)
        -> [TestProcedure.Field]
    {
        guard case .array(let items) = entry ?? .array([]) else {
            throw TestProcedureFileError("procedure \(procedure): \"\(role)\" must be an array")
        }
        var fields: [TestProcedure.Field] = []
        for item in items {
            guard case .object(let members) = item, case .string(let name)? = members["name"],
                case .string(let typeName)? = members["type"], members.count == 2, !name.isEmpty
            else {
                throw TestProcedureFileError(
                    "procedure \(procedure): each of \"\(role)\" must be {\"name\": ..., \"type\": ...}"
                )
            }
            guard let type = ProcedureType(parsing: typeName) else {
                throw TestProcedureFileError(
                    "procedure \(procedure): \"\(typeName)\" is not a type; use a Neo4j type name such as "
                        + "INTEGER?, STRING or LIST? OF ANY?"
                )
            }
            fields.append(TestProcedure.Field(name: name, type: type))
        }
        return fields
    }

    private static func value(_ json: JSONValue) throws(TestProcedureFileError) -> Value {
        switch json {
        case .null: return .null
        case .bool(let flag): return .boolean(flag)
        case .integer(let integer): return .integer(integer)
        case .number(let number):
            guard number.isFinite else { throw TestProcedureFileError("the number \(number) is out of range") }
            return .float(number)
        case .string(let text): return .string(text)
        case .array(let items):
            var values: [Value] = []
            for item in items { values.append(try value(item)) }
            return .list(values)
        case .object(let members):
            var values: [String: Value] = [:]
            for (key, item) in members { values[key] = try value(item) }
            return .map(values)
        }
    }
}

/// A test procedure file that cannot be used. The message gives the reason.
public struct TestProcedureFileError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
