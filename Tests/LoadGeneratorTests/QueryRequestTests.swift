import BoltProtocol
import GraphValue
import Testing

@testable import nornicdb_load

/// Splits chunked bytes into message bodies.
private func messages(_ bytes: [UInt8]) throws -> [[UInt8]] {
    var decoder = ChunkDecoder()
    decoder.feed(bytes)
    var bodies: [[UInt8]] = []
    while let body = try decoder.nextMessage() {
        bodies.append(body)
    }
    return bodies
}

@Suite struct QueryRequestTests {
    @Test func runAndPullWithoutParameter() throws {
        let request = QueryRequest(query: "RETURN 1", parameter: nil)
        let bodies = try messages(request.bytes)
        #expect(bodies.count == 2)
        let run = try BoltRequest(decoding: bodies[0], format: .latest)
        #expect(run == .run(query: "RETURN 1", parameters: [:], extra: TransactionExtra()))
        #expect(try BoltRequest(decoding: bodies[1], format: .latest) == .pull(StreamRequest(count: -1)))
    }

    @Test func parameterPatchedInPlace() throws {
        let parameter = IntParameter(name: "id", range: 0...9999)
        var request = QueryRequest(query: "MATCH (p:Person {id: $id}) RETURN p", parameter: parameter)
        let length = request.bytes.count
        for value: Int64 in [0, 42, -1, 9999, .min, .max] {
            request.setParameter(value)
            #expect(request.bytes.count == length)
            let run = try BoltRequest(decoding: try messages(request.bytes)[0], format: .latest)
            guard case .run(_, let parameters, _) = run else {
                Issue.record("expected RUN, got \(run)")
                continue
            }
            #expect(parameters == ["id": .integer(value)])
        }
    }

    @Test func parameterAcrossChunkBoundary() throws {
        // A query long enough that the RUN body fills more than one chunk, so some parameter
        // bytes sit after a chunk header.
        let query = "RETURN $n + 0 // " + String(repeating: "x", count: 65_510)
        var request = QueryRequest(query: query, parameter: IntParameter(name: "n", range: 0...1))
        request.setParameter(0x0102_0304_0506_0708)
        let bodies = try messages(request.bytes)
        #expect(bodies.count == 2)
        #expect(bodies[0].count > ChunkEncoder.maximumChunkSize)
        let run = try BoltRequest(decoding: bodies[0], format: .latest)
        guard case .run(let text, let parameters, _) = run else {
            Issue.record("expected RUN, got \(run)")
            return
        }
        #expect(text == query)
        #expect(parameters == ["n": .integer(0x0102_0304_0506_0708)])
    }

    @Test func helloCarriesAuthOnlyUpToBolt5_0() throws {
        let auth: [String: Value] = ["scheme": "basic", "principal": "u", "credentials": "p"]
        for (version, carriesAuth) in [(BoltVersion.v4_4, true), (.v5_0, true), (.v5_1, false), (.v5_8, false)] {
            let body = try messages(RequestBytes.hello(version: version, userAgent: "agent", auth: auth))[0]
            let hello = try BoltRequest(decoding: body, format: BoltWireFormat(version: version))
            guard case .hello(let extra) = hello else {
                Issue.record("expected HELLO, got \(hello)")
                continue
            }
            #expect(extra["user_agent"] == .string("agent"), "Bolt \(version)")
            #expect((extra["credentials"] != nil) == carriesAuth, "Bolt \(version)")
            #expect((extra["bolt_agent"] != nil) == (version >= BoltVersion(major: 5, minor: 3)), "Bolt \(version)")
        }
    }
}
