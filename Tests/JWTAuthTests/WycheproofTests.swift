import Foundation
import Host
import Testing

@testable import JWTAuth

/// Runs every test of Wycheproof's JSON Web Signature file against the JWS layer.
@Suite("JWT Wycheproof")
struct WycheproofTests {
    /// The file in the shared test data, which lies in `../shared` beside the repository.
    static let path = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared/testdata/wycheproof/json_web_signature_test.json").standardized.path

    /// Cases where the file is wrong, with the outcome this verifier has instead.
    ///
    /// tcId 367 and 370 are named for padding but hold exactly the token of the valid tcId 357,
    /// so they are accepted. tcId 372 and 373 insert `?` into the header or payload and are
    /// marked valid, but the MAC covers the received bytes and `?` is not base64url, so they are
    /// rejected.
    static let fileFaults: [Int: Bool] = [367: true, 370: true, 372: false, 373: false]

    struct Case {
        let id: Int
        let comment: String
        let token: String
        let expectedValid: Bool
    }

    struct Group {
        let comment: String
        /// The HMAC key of an `oct` group; nil for asymmetric groups.
        let hmacKey: [UInt8]?
        let cases: [Case]
    }

    static func loadGroups() throws -> (declared: Int, groups: [Group]) {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let declared = try #require(root["numberOfTests"] as? Int)
        let rawGroups = try #require(root["testGroups"] as? [[String: Any]])
        let groups = try rawGroups.map { raw in
            let key = raw["private"] as? [String: Any]
            let hmacKey = (key?["kty"] as? String) == "oct" ? (key?["k"] as? String).flatMap(Base64URL.decode) : nil
            let tests = try #require(raw["tests"] as? [[String: Any]])
            let cases = try tests.map { test in
                Case(
                    id: try #require(test["tcId"] as? Int),
                    comment: test["comment"] as? String ?? "",
                    token: try #require(test["jws"] as? String),
                    expectedValid: test["result"] as? String == "valid"
                )
            }
            return Group(comment: raw["comment"] as? String ?? "", hmacKey: hmacKey, cases: cases)
        }
        return (declared, groups)
    }

    static func accepts(_ token: String, key: [UInt8]) -> Bool {
        // Every HMAC algorithm is accepted here so that `alg` alone never explains a rejection.
        let keys = JWTKeySet(unvalidatedKeys: [key], signingAlgorithm: .hs256, accepted: Set(JWTAlgorithm.allCases))
        return (try? JWSCompact.verify(token, keys: keys)) != nil
    }

    @Test func wholeFileRuns() throws {
        let (declared, groups) = try Self.loadGroups()
        #expect(groups.map(\.cases.count).reduce(0, +) == declared)
        #expect(declared == 401)
    }

    @Test func hmacGroupsMatchExpectations() throws {
        let groups = try Self.loadGroups().groups.filter { $0.hmacKey != nil }
        var checked = 0
        var validAccepted = 0
        for group in groups {
            let key = try #require(group.hmacKey)
            for test in group.cases {
                let expected = Self.fileFaults[test.id] ?? test.expectedValid
                let accepted = Self.accepts(test.token, key: key)
                #expect(accepted == expected, "tcId \(test.id) \(group.comment)/\(test.comment)")
                checked += 1
                if accepted { validAccepted += 1 }
            }
        }
        // hs256 (17), two RFC 7520 HMAC groups (1 each) and base64 (21).
        #expect(checked == 40)
        #expect(validAccepted == 10)
    }

    @Test func asymmetricGroupsAllRejected() throws {
        // Only HMAC is implemented: RS, PS and ES tokens, valid or not, and HS256 tokens made
        // with public-key bytes as the HMAC key (symmetry confusion) are all rejected.
        let groups = try Self.loadGroups().groups.filter { $0.hmacKey == nil }
        let key = Crypto.randomBytes(32)
        var checked = 0
        for group in groups {
            for test in group.cases {
                #expect(!Self.accepts(test.token, key: key), "tcId \(test.id) \(group.comment)/\(test.comment)")
                checked += 1
            }
        }
        #expect(checked == 361)
    }

    @Test func fileFaultsStillPresent() throws {
        // If a new copy of the file fixes these cases, this list must shrink.
        let cases = try Self.loadGroups().groups.flatMap(\.cases)
        let byID = Dictionary(uniqueKeysWithValues: cases.map { ($0.id, $0) })
        let valid357 = try #require(byID[357])
        #expect(byID[367]?.token == valid357.token)
        #expect(byID[370]?.token == valid357.token)
        #expect(byID[372]?.expectedValid == true)
        #expect(byID[373]?.expectedValid == true)
    }
}
