import Foundation
import GraphValue
import Testing

@testable import Host

/// The test procedure setting, its file format and the procedure type names.
@Suite struct TestProcedureSettingsTests {
    private let loader = ConfigurationLoader()

    private func parse(_ text: String) throws -> [TestProcedure] {
        try TestProcedureFile.parse(Array(text.utf8))
    }

    private func parseError(_ text: String) -> String? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func offByDefault() throws {
        let settings = try loader.load(environment: [:], arguments: []).testProcedures
        #expect(settings.path == nil)
        #expect(settings.procedures.isEmpty)
    }

    @Test func loadsFileFromSetting() throws {
        let path = NSTemporaryDirectory() + "test-procedures-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let text = """
            {"procedures": [{"name": "test.labels", "outputs": [{"name": "label", "type": "STRING?"}],
                             "rows": [{"label": "A"}, {"label": "B"}]}]}
            """
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let settings = try loader.load(environment: ["NORNICDB_TEST_PROCEDURES": path], arguments: []).testProcedures
        #expect(settings.path == path)
        #expect(settings.procedures.map(\.name) == ["test.labels"])
        #expect(settings.procedures.first?.rows == [["A"], ["B"]])
    }

    @Test func missingFileRejected() {
        #expect(throws: ConfigurationError.self) {
            _ = try loader.load(
                environment: ["NORNICDB_TEST_PROCEDURES": "/nonexistent/procedures.json"],
                arguments: []
            )
        }
    }

    @Test func directoryRejected() {
        #expect(throws: ConfigurationError.self) {
            _ = try loader.load(environment: ["NORNICDB_TEST_PROCEDURES": NSTemporaryDirectory()], arguments: [])
        }
    }

    @Test func rowsInSignatureOrder() throws {
        let procedures = try parse(
            """
            {"procedures": [{"name": "test.my.proc",
              "inputs": [{"name": "name", "type": "STRING?"}, {"name": "id", "type": "INTEGER?"}],
              "outputs": [{"name": "score", "type": "FLOAT"}, {"name": "tags", "type": "LIST? OF STRING"}],
              "rows": [{"tags": ["x"], "score": 1.5, "id": 2, "name": "a"}, {"score": 2, "tags": null}]}]}
            """
        )
        let procedure = try #require(procedures.first)
        #expect(procedure.inputs.map(\.name) == ["name", "id"])
        #expect(procedure.outputs.map(\.type.description) == ["FLOAT", "LIST? OF STRING"])
        #expect(procedure.rows == [["a", 2, 1.5, ["x"]], [nil, nil, 2, nil]])
    }

    @Test func invalidFilesRejected() {
        let cases = [
            "[]",
            "{\"procedures\": {}}",
            "{\"procedures\": [], \"extra\": 1}",
            "{\"procedures\": [{\"name\": \"noNamespace\"}]}",
            "{\"procedures\": [{\"name\": \"db.labels\"}]}",
            "{\"procedures\": [{\"name\": \"DBMS.mine\"}]}",
            "{\"procedures\": [{\"name\": \"test.a\"}, {\"name\": \"TEST.A\"}]}",
            "{\"procedures\": [{\"name\": \"test.a\", \"inputs\": [{\"name\": \"x\", \"type\": \"WIDGET\"}]}]}",
            "{\"procedures\": [{\"name\": \"test.a\", \"inputs\": [{\"name\": \"x\"}]}]}",
            "{\"procedures\": [{\"name\": \"test.a\", \"mode\": \"WRITE\"}]}",
            "{\"procedures\": [{\"name\": \"test.a\", \"outputs\": [{\"name\": \"x\", \"type\": \"INTEGER\"}], "
                + "\"rows\": [{\"x\": \"one\"}]}]}",
            "{\"procedures\": [{\"name\": \"test.a\", \"outputs\": [{\"name\": \"x\", \"type\": \"INTEGER\"}], "
                + "\"rows\": [{}]}]}",
            "{\"procedures\": [{\"name\": \"test.a\", \"rows\": [{\"unknown\": 1}]}]}",
            "{\"procedures\": [{\"name\": \"test.a\", \"outputs\": [{\"name\": \"x\", \"type\": \"ANY?\"}, "
                + "{\"name\": \"x\", \"type\": \"ANY?\"}]}]}",
        ]
        for text in cases {
            #expect(parseError(text) != nil, "\(text)")
        }
    }

    @Test func typeNamesParsed() {
        let cases: [(String, String)] = [
            ("INTEGER?", "INTEGER?"), ("string", "STRING"), ("LIST? OF MAP?", "LIST? OF MAP?"),
            ("LIST OF LIST OF ANY", "LIST OF LIST OF ANY"), ("localdatetime?", "LOCALDATETIME?"),
        ]
        for (text, description) in cases {
            #expect(ProcedureType(parsing: text)?.description == description, "\(text)")
        }
        for text in ["", "LIST", "LIST OF", "INT", "STRING STRING", "LIST IN STRING"] {
            #expect(ProcedureType(parsing: text) == nil, "\(text)")
        }
    }

    @Test func typesAcceptValues() {
        #expect(ProcedureType(.integer).accepts(.null))
        #expect(!ProcedureType(.integer, nullable: false).accepts(.null))
        #expect(ProcedureType(.float).accepts(1))
        #expect(ProcedureType(.number).accepts(1.5))
        #expect(!ProcedureType(.integer).accepts(true))
        #expect(ProcedureType(.list(ProcedureType(.string))).accepts(["a", nil]))
        #expect(!ProcedureType(.list(ProcedureType(.string, nullable: false))).accepts(["a", nil]))
        #expect(ProcedureType(.any).accepts(["a": 1]))
    }
}
