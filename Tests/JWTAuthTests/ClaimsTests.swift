import Host
import Testing

@testable import JWTAuth

@Suite("JWT claims")
struct ClaimsTests {
    static let now = TokenFactory.now

    static func token(_ payload: String) -> String { TokenFactory.token(payload: payload) }

    @Test func allClaimsRead() throws {
        let payload =
            #"{"sub":"svc","roles":["viewer","auditor"],"iat":1699999000,"nbf":1699999500,"#
            + #""exp":1700003600.25,"jti":"t-1","iss":"nornicdb","aud":["bolt","http"],"extra":{"a":[1]}}"#
        let verifier = TokenFactory.verifier(.init(issuer: "nornicdb", audience: "bolt"))
        let claims = try verifier.verify(Self.token(payload), now: Self.now)
        #expect(claims.subject == "svc")
        #expect(claims.roles == ["viewer", "auditor"])
        #expect(claims.issuedAt == 1_699_999_000)
        #expect(claims.notBefore == 1_699_999_500)
        #expect(claims.expiresAt == 1_700_003_601)  // a fractional exp rounds up
        #expect(claims.tokenID == "t-1")
        #expect(claims.issuer == "nornicdb")
        #expect(claims.audience == ["bolt", "http"])
        #expect(claims.localAccount == false)
    }

    @Test func rolesDefaultEmpty() throws {
        let claims = try TokenFactory.verifier().verify(Self.token(#"{"sub":"a","exp":1700003600}"#), now: Self.now)
        #expect(claims.roles.isEmpty)
    }

    @Test(arguments: [
        #"{"exp":1700003600}"#, #"{"sub":"","exp":1700003600}"#, #"{"sub":5,"exp":1700003600}"#,
        #"{"sub":null,"exp":1700003600}"#,
    ])
    func subjectRequired(payload: String) {
        #expect(TokenFactory.rejection(Self.token(payload))?.message.contains("'sub'") == true)
    }

    @Test(arguments: [#""roles":"admin""#, #""roles":[1]"#, #""roles":[["admin"]]"#, #""roles":{"a":1}"#])
    func rolesMustBeStringArray(member: String) {
        let payload = #"{"sub":"a","exp":1700003600,"# + member + "}"
        #expect(TokenFactory.rejection(Self.token(payload))?.message.contains("'roles'") == true)
    }

    @Test(arguments: ["jti", "iss"])
    func stringClaimsTyped(claim: String) {
        let payload = #"{"sub":"a","exp":1700003600,""# + claim + #"":42}"#
        #expect(
            TokenFactory.rejection(Self.token(payload))?.message.contains("'\(claim)' claim must be a string") == true
        )
    }

    @Test func expiryBoundaries() {
        let token = Self.token(#"{"sub":"a","exp":1700000000}"#)
        #expect(TokenFactory.rejection(token, now: 1_699_999_999) == nil)
        #expect(TokenFactory.rejection(token, now: 1_700_000_000)?.status == .tokenExpired)
        #expect(TokenFactory.rejection(token, now: 1_700_000_001)?.status == .tokenExpired)
    }

    @Test func leewayExtendsExpiry() {
        let token = Self.token(#"{"sub":"a","exp":1700000000}"#)
        let verifier = TokenFactory.verifier(.init(leeway: 30))
        #expect(TokenFactory.rejection(token, verifier: verifier, now: 1_700_000_029) == nil)
        #expect(TokenFactory.rejection(token, verifier: verifier, now: 1_700_000_030)?.status == .tokenExpired)
    }

    @Test func negativeLeewayIgnored() {
        #expect(JWTVerifier.Policy(leeway: -100).leeway == 0)
        #expect(JWTVerifier.Policy(leeway: .max).leeway == 86_400)
    }

    @Test func missingExpiryRejectedByDefault() throws {
        let token = Self.token(#"{"sub":"a"}"#)
        #expect(TokenFactory.rejection(token)?.message.contains("no 'exp'") == true)
        let lenient = TokenFactory.verifier(.init(requireExpiration: false))
        #expect(TokenFactory.rejection(token, verifier: lenient) == nil)
    }

    @Test(arguments: [
        #""9999999999""#, "1e308", "-1", "-0.5", "1e400", "99999999999999999999999", "253402300800", "true", "null",
        "[1700003600]", #"{"t":1}"#, "false", "-1e400", #""1.5""#, "-9223372036854775809",
    ])
    func invalidNumericDatesRejected(value: String) {
        for claim in ["exp", "nbf", "iat"] {
            let payload = #"{"sub":"a","exp":1700003600,""# + claim + #"":"# + value + "}"
            // `exp` appears twice when claim is exp, so build that case without the default.
            let text = claim == "exp" ? #"{"sub":"a","exp":"# + value + "}" : payload
            let error = TokenFactory.rejection(Self.token(text))
            #expect(error?.status == .unauthorized, "\(claim)=\(value)")
            #expect(error?.message.contains("NumericDate") == true, "\(claim)=\(value)")
        }
    }

    @Test func fractionalNumericDatesAccepted() throws {
        let claims = try TokenFactory.verifier().verify(
            Self.token(#"{"sub":"a","exp":1700000000.5,"iat":1699999999.9}"#),
            now: 1_700_000_000
        )
        #expect(claims.expiresAt == 1_700_000_001)
        #expect(claims.issuedAt == 1_699_999_999)
    }

    @Test func notBeforeInFutureRejected() {
        let token = Self.token(#"{"sub":"a","exp":1700003600,"nbf":1700000100}"#)
        #expect(TokenFactory.rejection(token)?.message.contains("not valid yet") == true)
        #expect(TokenFactory.rejection(token, now: 1_700_000_100) == nil)
        let lenient = TokenFactory.verifier(.init(leeway: 100))
        #expect(TokenFactory.rejection(token, verifier: lenient) == nil)
    }

    @Test func issuedInFutureRejected() {
        let token = Self.token(#"{"sub":"a","exp":1700003600,"iat":1700000100}"#)
        #expect(TokenFactory.rejection(token)?.message.contains("not valid yet") == true)
    }

    @Test func issuerChecked() {
        let verifier = TokenFactory.verifier(.init(issuer: "nornicdb"))
        #expect(
            TokenFactory.rejection(Self.token(#"{"sub":"a","exp":1700003600,"iss":"nornicdb"}"#), verifier: verifier)
                == nil
        )
        let wrong = Self.token(#"{"sub":"a","exp":1700003600,"iss":"evil"}"#)
        #expect(TokenFactory.rejection(wrong, verifier: verifier)?.message.contains("'iss'") == true)
        let missing = Self.token(#"{"sub":"a","exp":1700003600}"#)
        #expect(TokenFactory.rejection(missing, verifier: verifier)?.message.contains("'iss'") == true)
    }

    @Test func audienceStringOrArray() {
        let verifier = TokenFactory.verifier(.init(audience: "bolt"))
        for aud in [#""bolt""#, #"["bolt"]"#, #"["http","bolt"]"#] {
            let token = Self.token(#"{"sub":"a","exp":1700003600,"aud":"# + aud + "}")
            #expect(TokenFactory.rejection(token, verifier: verifier) == nil, "\(aud)")
        }
        for aud in [#""http""#, #"["http"]"#, "[]", #""Bolt""#] {
            let token = Self.token(#"{"sub":"a","exp":1700003600,"aud":"# + aud + "}")
            #expect(TokenFactory.rejection(token, verifier: verifier)?.message.contains("'aud'") == true, "\(aud)")
        }
        let missing = Self.token(#"{"sub":"a","exp":1700003600}"#)
        #expect(TokenFactory.rejection(missing, verifier: verifier)?.message.contains("'aud'") == true)
        let notArray = Self.token(#"{"sub":"a","exp":1700003600,"aud":5}"#)
        #expect(TokenFactory.rejection(notArray, verifier: verifier)?.message.contains("'aud'") == true)
    }

    @Test func audienceWithoutConfigurationRejected() {
        let token = Self.token(#"{"sub":"a","exp":1700003600,"aud":"bolt"}"#)
        #expect(TokenFactory.rejection(token)?.message.contains("no audience is configured") == true)
    }

    @Test func localAccountFlagTyped() throws {
        let flagged = Self.token(#"{"sub":"a","exp":1700003600,"local_account":true}"#)
        #expect(try TokenFactory.verifier().verify(flagged, now: Self.now).localAccount)
        let wrong = Self.token(#"{"sub":"a","exp":1700003600,"local_account":"yes"}"#)
        #expect(TokenFactory.rejection(wrong)?.message.contains("'local_account'") == true)
    }

    @Test func expiryReportedBeforeOtherClaims() {
        // A client that refreshes on TokenExpired gets that code even when `sub` is missing.
        let token = Self.token(#"{"exp":1600000000}"#)
        #expect(TokenFactory.rejection(token)?.status == .tokenExpired)
    }

    @Test func extremeClockValuesSafe() {
        let token = Self.token(#"{"sub":"a","exp":1700003600,"nbf":0}"#)
        #expect(TokenFactory.rejection(token, now: .max)?.status == .tokenExpired)
        #expect(TokenFactory.rejection(token, now: .min)?.message.contains("not valid yet") == true)
    }
}
