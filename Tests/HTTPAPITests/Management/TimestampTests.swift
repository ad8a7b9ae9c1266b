import Host
import JSON
import Testing

@testable import HTTPAPI

@Suite("management timestamps and lifetimes")
struct TimestampTests {
    @Test(
        arguments: [
            (0, "1970-01-01T00:00:00Z"),
            (951_782_400, "2000-02-29T00:00:00Z"),
            (1_714_564_800, "2024-05-01T12:00:00Z"),
            (-1, "1969-12-31T23:59:59Z"),
            (253_402_300_799, "9999-12-31T23:59:59Z"),
            (4_102_444_800, "2100-01-01T00:00:00Z"),
        ] as [(Int64, String)]
    )
    func rfc3339(seconds: Int64, text: String) {
        #expect(Timestamp.rfc3339(seconds) == text)
    }

    @Test func extremesDoNotTrap() {
        #expect(!Timestamp.rfc3339(.max).isEmpty)
        #expect(!Timestamp.rfc3339(.min).isEmpty)
    }

    @Test(
        arguments: [
            (nil, nil), (.null, nil), (.integer(60), 60), (.number(120), 120), (.string("168h"), 604_800),
            (.string("90"), 90), (.string("1d12h"), 129_600),
        ] as [(JSONValue?, Int64?)]
    )
    func lifetime(value: JSONValue?, seconds: Int64?) throws {
        #expect(try ManagementEndpoints.lifetime(value, field: "expires_in") == seconds)
    }

    @Test(arguments: [
        JSONValue.integer(0), .integer(-1), .number(0.5), .number(.infinity), .number(1e300), .string(""),
        .string("1.5h"), .string("1h1h"), .string("10ms"), .bool(true), .array([]), .object([:]),
    ])
    func invalidLifetime(value: JSONValue) {
        let error = #expect(throws: ServerError.self) {
            try ManagementEndpoints.lifetime(value, field: "expires_in")
        }
        #expect(error?.message.contains("'expires_in'") == true)
    }
}
