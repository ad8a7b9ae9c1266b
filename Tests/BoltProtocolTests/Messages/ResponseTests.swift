import BoltProtocol
import GraphValue
import Host
import Testing

@Suite struct ResponseTests {
    @Test func responseBytes() {
        #expect(hexString(BoltResponse.success([:]).encode(format: .latest)) == "B1 70 A0")
        #expect(hexString(BoltResponse.record([1]).encode(format: .latest)) == "B1 71 91 01")
        #expect(hexString(BoltResponse.ignored.encode(format: .latest)) == "B0 7E")
        #expect(
            hexString(BoltResponse.failure(["code": "x"]).encode(format: .latest)) == "B1 7F A1 84 63 6F 64 65 81 78"
        )
    }

    @Test func responsesDecodeLikeAClient() throws {
        let node = Node(id: 1, elementID: "4:x:1", labels: ["Person"], properties: ["name": "Ada"])
        let responses: [BoltResponse] = [
            .success(["fields": ["n"], "t_first": 0]), .record([.node(node), 2, "three"]), .ignored,
            .failure(["code": "Neo.ClientError.Request.Invalid", "message": "m"]),
        ]
        for response in responses {
            #expect(try BoltResponse(decoding: response.encode(format: .latest)) == response)
        }
    }

    @Test func chunkEncoderAppendsResponses() throws {
        var encoder = ChunkEncoder()
        encoder.append(BoltResponse.success([:]), format: .latest)
        encoder.append(BoltResponse.ignored, format: .latest)
        #expect(hexString(encoder.takeBytes()) == "00 03 B1 70 A0 00 00 00 02 B0 7E 00 00")
    }

    static let unauthorized = ServerError(.unauthorized, "The client is unauthorized due to authentication failure.")

    @Test func failureBefore57() {
        let metadata = BoltResponse.failureMetadata(for: Self.unauthorized, version: .v5_4)
        #expect(
            metadata == [
                "code": "Neo.ClientError.Security.Unauthorized",
                "message": "The client is unauthorized due to authentication failure.",
            ]
        )
        #expect(BoltResponse.failureMetadata(for: Self.unauthorized, version: .v4_4) == metadata)
    }

    @Test func failureGQLShapeFrom57() {
        let metadata = BoltResponse.failureMetadata(for: Self.unauthorized, version: .v5_7)
        #expect(metadata["code"] == nil)
        #expect(metadata["neo4j_code"] == "Neo.ClientError.Security.Unauthorized")
        #expect(metadata["message"] == "The client is unauthorized due to authentication failure.")
        #expect(metadata["gql_status"] == "42NFF")
        let description =
            "error: syntax error or access rule violation - permission/access denied. "
            + "The client is unauthorized due to authentication failure."
        #expect(metadata["description"] == .string(description))
        #expect(
            metadata["diagnostic_record"]
                == ["_classification": "CLIENT_ERROR", "OPERATION": "", "OPERATION_CODE": "0", "CURRENT_SCHEMA": "/"]
        )
        #expect(metadata["cause"] == nil)
        #expect(BoltResponse.failureMetadata(for: Self.unauthorized, version: .v5_8) == metadata)
    }

    @Test func failureClassifications() {
        let transient = BoltResponse.failureMetadata(for: ServerError(.authProviderFailed, "down"), version: .v5_7)
        guard case .map(let transientRecord)? = transient["diagnostic_record"] else {
            Issue.record("no diagnostic record")
            return
        }
        #expect(transientRecord["_classification"] == "TRANSIENT_ERROR")
        let database = BoltResponse.failureMetadata(for: ServerError(.unknownError, "boom"), version: .v5_7)
        guard case .map(let databaseRecord)? = database["diagnostic_record"] else {
            Issue.record("no diagnostic record")
            return
        }
        #expect(databaseRecord["_classification"] == "DATABASE_ERROR")
    }

    @Test func credentialsExpiredHasCause() throws {
        let error = ServerError(.credentialsExpired, "The credentials you provided were valid, but must be changed.")
        let metadata = BoltResponse.failureMetadata(for: error, version: .v5_7)
        #expect(metadata["neo4j_code"] == "Neo.ClientError.Security.CredentialsExpired")
        #expect(metadata["gql_status"] == "42NFF")
        guard case .map(let cause)? = metadata["cause"] else {
            Issue.record("no cause")
            return
        }
        #expect(cause["gql_status"] == "42NFD")
        guard case .string(let description)? = cause["description"] else {
            Issue.record("no cause description")
            return
        }
        #expect(description.hasPrefix("error: syntax error or access rule violation - credentials expired. "))
        #expect(cause["message"] != nil)
        #expect(cause["diagnostic_record"] != nil)
        #expect(BoltResponse.failureMetadata(for: error, version: .v5_4)["cause"] == nil)
    }

    @Test func failureResponseEncodes() throws {
        let response = BoltResponse.failure(Self.unauthorized, version: .v5_7)
        #expect(try BoltResponse(decoding: response.encode(format: .latest)) == response)
    }
}

@Suite struct HelloSuccessTests {
    @Test func bolt54Metadata() {
        let hello = HelloSuccess(version: .v5_4, helloExtra: ["user_agent": "x"], connectionID: "bolt-1")
        #expect(hello.metadata["server"] == "Neo4j/5.26.0")
        #expect(hello.metadata["connection_id"] == "bolt-1")
        #expect(hello.metadata["hints"] == ["telemetry.enabled": true])
        #expect(hello.metadata["patch_bolt"] == nil)
        #expect(hello.format == BoltWireFormat(version: .v5_4))
        #expect(hello.response == .success(hello.metadata))
    }

    @Test func telemetryHintOnlyFrom54() {
        let hello = HelloSuccess(version: BoltVersion(major: 5, minor: 3), helloExtra: [:], connectionID: "c")
        #expect(hello.metadata["hints"] == [:])
    }

    @Test func receiveTimeoutHint() {
        let hello = HelloSuccess(
            version: .v5_8,
            helloExtra: [:],
            connectionID: "c",
            serverAgent: "Neo4j/2025.01",
            receiveTimeoutSeconds: 120
        )
        #expect(hello.metadata["server"] == "Neo4j/2025.01")
        #expect(hello.metadata["hints"] == ["telemetry.enabled": true, "connection.recv_timeout_seconds": 120])
    }

    @Test func bolt44UTCPatchEchoed() throws {
        let hello = HelloSuccess(version: .v4_4, helloExtra: ["patch_bolt": ["utc"]], connectionID: "c")
        #expect(hello.metadata["patch_bolt"] == ["utc"])
        #expect(hello.format.usesUTCDateTime)
        let dateTime = Value.dateTime(DateTime(secondsSinceEpoch: 0, nanoseconds: 0, zone: .offset(seconds: 0)))
        #expect(PackStreamEncoder.encode(dateTime, format: hello.format)[1] == 0x49)
    }

    @Test func bolt44WithoutPatchUsesLegacy() {
        let hello = HelloSuccess(version: .v4_4, helloExtra: ["patch_bolt": ["other"]], connectionID: "c")
        #expect(hello.metadata["patch_bolt"] == nil)
        #expect(!hello.format.usesUTCDateTime)
    }

    @Test func bolt5IgnoresPatchRequest() {
        let hello = HelloSuccess(version: .v5_0, helloExtra: ["patch_bolt": ["utc"]], connectionID: "c")
        #expect(hello.metadata["patch_bolt"] == nil)
        #expect(hello.format.usesUTCDateTime)
    }
}
