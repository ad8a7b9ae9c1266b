import BoltProtocol
import GraphValue
import Host
import Testing

/// Declared sizes right at the bytes left in the input, and one past them, for each sized type;
/// and whole RUN requests cut short at every byte.
@Suite struct PackStreamBoundaryTests {
    /// A header declaring `count`, then `count` minimal items, for strings, bytes, lists and maps.
    static let exactFits: [(String, [UInt8], [UInt8])] = [
        ("string", [0xD1, 0x01, 0x00], [UInt8](repeating: 0x61, count: 256)),
        ("bytes", [0xCD, 0x01, 0x00], [UInt8](repeating: 0x00, count: 256)),
        ("list", [0xD5, 0x01, 0x00], [UInt8](repeating: 0x01, count: 256)),
        ("map", [0xD9, 0x00, 0x02], [0x81, 0x61, 0x01, 0x81, 0x62, 0x02]),
    ]

    @Test(arguments: exactFits)
    func declaredSizeThatFitsDecodes(name: String, header: [UInt8], items: [UInt8]) {
        #expect(decodeErrorCode(header + items) == nil, "\(name)")
    }

    @Test(arguments: exactFits)
    func oneByteShortIsTruncated(name: String, header: [UInt8], items: [UInt8]) {
        #expect(decodeErrorCode(header + items.dropLast()) == .truncated, "\(name)")
    }

    @Test func requestTruncatedAtEveryByteFails() throws {
        let run = BoltRequest.run(
            query: "RETURN $x AS x",
            parameters: ["x": ["k": [1, 2, "three"]]],
            extra: TransactionExtra()
        )
        let body = run.encode()
        #expect(try BoltRequest(decoding: body, format: .latest) == run)
        for length in 0..<body.count {
            let error = try #require(throws: ServerError.self) {
                try BoltRequest(decoding: Array(body.prefix(length)), format: .latest)
            }
            #expect(error.status == .invalidFormat, "cut at \(length)")
        }
    }

    @Test func stringLimitAppliesToRequests() throws {
        let limits = PackStreamLimits(maximumStringLength: 8)
        let fits = BoltRequest.run(query: "RETURN 1", parameters: [:], extra: TransactionExtra())
        #expect(throws: Never.self) {
            try BoltRequest(decoding: fits.encode(), format: .latest, limits: limits)
        }
        let over = BoltRequest.run(query: "RETURN 12", parameters: [:], extra: TransactionExtra())
        let error = try #require(throws: ServerError.self) {
            try BoltRequest(decoding: over.encode(), format: .latest, limits: limits)
        }
        #expect(error.status == .invalidFormat)
    }
}
