import BoltProtocol
import Testing

@testable import nornicdb_load

/// Parses `arguments`, serving files from `files` instead of the disk.
private func parse(_ arguments: [String], files: [String: String] = [:]) throws -> ParsedCommand {
    try ArgumentParser.parse(arguments) { (path: String) throws(UsageError) -> String in
        guard let text = files[path] else { throw UsageError("cannot read '\(path)'") }
        return text
    }
}

private func invocation(_ arguments: [String], files: [String: String] = [:]) throws -> Invocation {
    guard case .run(let invocation) = try parse(arguments, files: files) else {
        throw UsageError("expected a run, got help")
    }
    return invocation
}

/// Checks that parsing fails with a message containing `fragment`.
private func expectUsageError(
    _ arguments: [String],
    containing fragment: String,
    files: [String: String] = [:],
    sourceLocation: SourceLocation = #_sourceLocation
) {
    do {
        _ = try parse(arguments, files: files)
        Issue.record("expected a usage error for \(arguments)", sourceLocation: sourceLocation)
    } catch let error as UsageError {
        #expect(error.message.contains(fragment), "message: \(error.message)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
    }
}

@Suite struct ArgumentParserTests {
    @Test func roundtripDefaults() throws {
        let parsed = try invocation(["roundtrip", "--address", "127.0.0.1:7687"])
        #expect(parsed.subcommand == .roundtrip)
        #expect(parsed.query == "RETURN 1")
        #expect(parsed.connectionCounts == [1])
        #expect(parsed.label == "127.0.0.1:7687")
        #expect(parsed.scenario == "roundtrip")
        #expect(parsed.settings.credentials.scheme == .none)
        #expect(parsed.settings.handshake == .standard)
        #expect(!parsed.settings.sendsGoodbye)
        #expect(parsed.printsHeader)
        #expect(!parsed.failsOnError)
    }

    @Test func roundtripAllOptions() throws {
        let parsed = try invocation([
            "roundtrip", "--address=[::1]:7687", "--connections", "1,4,16,64", "--duration", "2.5", "--warmup", "0",
            "--query", "MATCH (p {id: $id}) RETURN p", "--int-param", "id:-5:9999", "--label", "nornicdb",
            "--scenario", "lookup", "--json", "out.jsonl", "--fail-on-error", "--no-header", "--goodbye",
            "--bolt", "4.4", "--timeout", "3",
        ])
        #expect(parsed.settings.address.description == "[::1]:7687")
        #expect(parsed.connectionCounts == [1, 4, 16, 64])
        #expect(parsed.timing.durationSeconds == 2.5)
        #expect(parsed.timing.warmupSeconds == 0)
        #expect(parsed.parameter == IntParameter(name: "id", range: -5...9999))
        #expect(parsed.label == "nornicdb")
        #expect(parsed.scenario == "lookup")
        #expect(parsed.jsonPath == "out.jsonl")
        #expect(parsed.failsOnError)
        #expect(!parsed.printsHeader)
        #expect(parsed.settings.sendsGoodbye)
        #expect(parsed.settings.handshake == .only(.v4_4))
        #expect(parsed.settings.timeoutSeconds == 3)
    }

    @Test func basicPasswordFromFile() throws {
        let parsed = try invocation(
            ["login", "--address", "localhost:7687", "--scheme", "basic", "--user", "admin", "--password-file", "pw"],
            files: ["pw": "s3cret\n"]
        )
        #expect(parsed.settings.credentials.password == "s3cret")
        #expect(parsed.settings.credentials.authToken(connectionIndex: 0)["principal"] == .string("admin"))
        #expect(parsed.query == nil)
        #expect(!parsed.settings.credentials.description.contains("s3cret"))
    }

    @Test func tokensFromFileRotate() throws {
        let parsed = try invocation(
            ["roundtrip", "--address", "127.0.0.1:1", "--scheme", "bearer", "--token-file", "tokens"],
            files: ["tokens": "tokenA\n\n  tokenB \r\ntokenC"]
        )
        #expect(parsed.settings.credentials.tokens == ["tokenA", "tokenB", "tokenC"])
        #expect(parsed.settings.credentials.authToken(connectionIndex: 4)["credentials"] == .string("tokenB"))
        #expect(!parsed.settings.credentials.description.contains("tokenA"))
    }

    @Test func jwtBasicUsesEmptyPrincipal() throws {
        let parsed = try invocation(["login", "--address", "127.0.0.1:1", "--scheme", "jwt-basic", "--token", "t"])
        let token = parsed.settings.credentials.authToken(connectionIndex: 0)
        #expect(token["scheme"] == .string("basic"))
        #expect(token["principal"] == .string(""))
        #expect(token["credentials"] == .string("t"))
    }

    @Test func idleTakesOneCount() throws {
        let parsed = try invocation(["idle", "--address", "127.0.0.1:1", "--connections", "1000"])
        #expect(parsed.connectionCounts == [1000])
        expectUsageError(
            ["idle", "--address", "127.0.0.1:1", "--connections", "1,2"],
            containing: "one connection count"
        )
        expectUsageError(["idle", "--address", "127.0.0.1:1"], containing: "missing --connections")
        expectUsageError(
            ["idle", "--address", "127.0.0.1:1", "--connections", "1", "--duration", "1"],
            containing: "--duration is not an option of idle"
        )
    }

    @Test func helpRequested() throws {
        guard case .help = try parse(["--help"]) else {
            Issue.record("expected help")
            return
        }
        guard case .help = try parse(["login", "--address", "127.0.0.1:1", "-h"]) else {
            Issue.record("expected help")
            return
        }
    }

    @Test func subcommandErrors() {
        expectUsageError([], containing: "missing subcommand")
        expectUsageError(["flood"], containing: "unknown subcommand 'flood'")
    }

    @Test func optionErrors() {
        let base = ["roundtrip", "--address", "127.0.0.1:7687"]
        expectUsageError(["roundtrip"], containing: "missing --address")
        expectUsageError(base + ["--speed", "9"], containing: "unknown option '--speed'")
        expectUsageError(base + ["--duration"], containing: "--duration needs a value")
        expectUsageError(base + ["--duration", "1", "--duration", "2"], containing: "given twice")
        expectUsageError(base + ["--goodbye=yes"], containing: "--goodbye takes no value")
        expectUsageError(base + ["extra"], containing: "unexpected argument 'extra'")
        expectUsageError(base + ["--query", ""], containing: "--query must not be empty")
    }

    @Test func numberErrors() {
        let base = ["roundtrip", "--address", "127.0.0.1:7687"]
        expectUsageError(base + ["--duration", "0"], containing: "invalid --duration '0'")
        expectUsageError(base + ["--duration", "nan"], containing: "invalid --duration")
        expectUsageError(base + ["--warmup", "-1"], containing: "invalid --warmup")
        expectUsageError(base + ["--timeout", "abc"], containing: "invalid --timeout")
        expectUsageError(base + ["--connections", "1,,4"], containing: "invalid --connections")
        expectUsageError(base + ["--connections", "0"], containing: "invalid --connections")
        expectUsageError(base + ["--connections", "100001"], containing: "invalid --connections")
    }

    @Test func intParameterErrors() {
        let base = ["roundtrip", "--address", "127.0.0.1:7687"]
        expectUsageError(base + ["--int-param", "id:0"], containing: "expected NAME:LOW:HIGH")
        expectUsageError(base + ["--int-param", ":0:9"], containing: "expected NAME:LOW:HIGH")
        expectUsageError(base + ["--int-param", "id:a:9"], containing: "expected NAME:LOW:HIGH")
        expectUsageError(base + ["--int-param", "id:9:0"], containing: "LOW 9 is greater than HIGH 0")
        expectUsageError(
            ["login", "--address", "127.0.0.1:7687", "--int-param", "id:0:9"],
            containing: "--int-param needs --query"
        )
    }

    @Test func addressErrors() {
        expectUsageError(["login", "--address", "127.0.0.1"], containing: "expected HOST:PORT")
        expectUsageError(["login", "--address", "127.0.0.1:0"], containing: "invalid port '0'")
        expectUsageError(["login", "--address", "127.0.0.1:70000"], containing: "invalid port '70000'")
        expectUsageError(["login", "--address", "db.example:7687"], containing: "invalid host 'db.example'")
        expectUsageError(["login", "--address", "[::1:7687"], containing: "expected [IPV6]:PORT")
    }

    @Test func boltVersionErrors() {
        let base = ["login", "--address", "127.0.0.1:7687"]
        expectUsageError(base + ["--bolt", "5"], containing: "expected MAJOR.MINOR")
        expectUsageError(base + ["--bolt", "4.3"], containing: "unsupported --bolt 4.3")
        expectUsageError(base + ["--bolt", "5.9"], containing: "unsupported --bolt 5.9")
    }

    @Test func credentialErrors() {
        let base = ["login", "--address", "127.0.0.1:7687"]
        expectUsageError(base + ["--scheme", "kerberos"], containing: "unknown --scheme 'kerberos'")
        expectUsageError(base + ["--scheme", "basic", "--password", "p"], containing: "needs --user")
        expectUsageError(
            base + ["--scheme", "basic", "--user", "u"],
            containing: "missing --password or --password-file"
        )
        expectUsageError(
            base + ["--scheme", "basic", "--user", "u", "--password", "p", "--password-file", "f"],
            containing: "not both"
        )
        expectUsageError(base + ["--user", "u"], containing: "--user does not apply to --scheme none")
        expectUsageError(
            base + ["--scheme", "bearer", "--token", "t", "--user", "u"],
            containing: "--user does not apply"
        )
        expectUsageError(base + ["--scheme", "bearer"], containing: "missing --token or --token-file")
        expectUsageError(base + ["--scheme", "bearer", "--token-file", "absent"], containing: "cannot read 'absent'")
        expectUsageError(
            base + ["--scheme", "bearer", "--token-file", "empty"],
            containing: "is empty",
            files: ["empty": "\n  \n"]
        )
    }

    @Test func secretNotInErrorMessages() {
        let base = ["login", "--address", "127.0.0.1:7687", "--scheme", "basic", "--user", "u"]
        expectUsageError(base + ["--password", "hunter2", "--password-file", "f"], containing: "not both")
        do {
            _ = try parse(base + ["--password", "hunter2", "--password-file", "f"])
        } catch {
            #expect(!"\(error)".contains("hunter2"))
        }
    }
}
