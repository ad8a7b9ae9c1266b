import Foundation
import Host
import TestSupport
import Testing

@testable import JWTAuth

@Suite("JWT signer")
struct SignerTests {
    static let claims = JWTClaims(
        subject: "alice",
        roles: ["editor", "viewer"],
        issuedAt: TokenFactory.now,
        expiresAt: TokenFactory.now + 3600,
        notBefore: TokenFactory.now - 10,
        tokenID: "id-1",
        issuer: "nornicdb",
        audience: ["bolt"],
        localAccount: true
    )

    @Test(arguments: JWTAlgorithm.allCases)
    func roundTrip(algorithm: JWTAlgorithm) throws {
        let keys = TokenFactory.keys(algorithm)
        let token = JWTSigner(keys: keys).sign(Self.claims)
        let verifier = JWTVerifier(keys: keys, policy: .init(issuer: "nornicdb", audience: "bolt"))
        #expect(try verifier.verify(token, now: TokenFactory.now) == Self.claims)
        let jws = try JWSCompact.verify(token, keys: keys)
        #expect(jws.algorithm == algorithm)
        #expect(jws.header == ["alg": .string(algorithm.name), "typ": .string("JWT")])
        #expect(Base64URL.decode(token.split(separator: ".")[2])?.count == algorithm.digestLength)
    }

    @Test func headerBytesExact() {
        let token = JWTSigner(keys: TokenFactory.keys()).sign(JWTClaims(subject: "a", expiresAt: 1))
        let header = Base64URL.decode(token.split(separator: ".")[0]).map { String(decoding: $0, as: UTF8.self) }
        #expect(header == #"{"alg":"HS256","typ":"JWT"}"#)
    }

    @Test func specialCharactersEscaped() throws {
        let claims = JWTClaims(subject: "a\"b\\c\nd\u{1}é😀", roles: ["x\"y"], expiresAt: TokenFactory.now + 60)
        let keys = TokenFactory.keys()
        let token = JWTSigner(keys: keys).sign(claims)
        #expect(try JWTVerifier(keys: keys).verify(token, now: TokenFactory.now) == claims)
    }

    @Test func accountTokenClaims() throws {
        let account = Account(
            name: "bob",
            passwordHash: "x",
            roles: ["viewer"],
            createdAt: 0,
            credentialsChangedAt: 0
        )
        let keys = TokenFactory.keys()
        let token = JWTSigner(keys: keys).signToken(for: account, now: TokenFactory.now, lifetime: 900)
        let claims = try JWTVerifier(keys: keys).verify(token, now: TokenFactory.now)
        #expect(claims.subject == "bob")
        #expect(claims.roles == ["viewer"])
        #expect(claims.issuedAt == TokenFactory.now)
        #expect(claims.expiresAt == TokenFactory.now + 900)
        #expect(claims.localAccount)
        #expect(claims.tokenID?.count == 22)
        let second = JWTSigner(keys: keys).signToken(for: account, now: TokenFactory.now, lifetime: 900)
        #expect(try JWTVerifier(keys: keys).verify(second, now: TokenFactory.now).tokenID != claims.tokenID)
    }
}

/// Cross-checks against PyJWT when a Python with the `jwt` module is available; set
/// `PYJWT_PYTHON` to its interpreter, or install it into /tmp/venv-jwt.
@Suite("JWT PyJWT interoperability", .enabled(if: PyJWT.python != nil))
struct PyJWTTests {
    @Test func pyJWTTokenVerifies() throws {
        let script = """
            import jwt, sys
            print(jwt.encode({"sub": "alice", "roles": ["viewer"], "iat": 1700000000, "exp": 1700003600,
                              "jti": "py-1"}, sys.argv[1], algorithm="HS256"))
            """
        let token = try PyJWT.run(script, TokenFactory.secret.reveal())
        let keys = try JWTKeySet(current: TokenFactory.secret)
        let claims = try JWTVerifier(keys: keys).verify(token, now: 1_700_000_100)
        #expect(claims.subject == "alice")
        #expect(claims.roles == ["viewer"])
        #expect(claims.tokenID == "py-1")
        #expect(claims.expiresAt == 1_700_003_600)
    }

    @Test(arguments: JWTAlgorithm.allCases)
    func signerTokenDecodesInPyJWT(algorithm: JWTAlgorithm) throws {
        let secret = Secret(TokenFactory.secret.reveal() + TokenFactory.otherSecret.reveal())
        let keys = try JWTKeySet(current: secret, signingAlgorithm: algorithm)
        let token = JWTSigner(keys: keys).sign(
            JWTClaims(subject: "alice", roles: ["editor"], issuedAt: 1_700_000_000, expiresAt: 4_000_000_000)
        )
        let script = """
            import jwt, sys
            claims = jwt.decode(sys.argv[2], sys.argv[1], algorithms=[sys.argv[3]])
            print(claims["sub"], ",".join(claims["roles"]), claims["exp"])
            """
        let output = try PyJWT.run(script, secret.reveal(), token, algorithm.name)
        #expect(output == "alice editor 4000000000")
    }
}

enum PyJWT {
    static let python: String? = {
        // scripts/setup.sh installs PyJWT into the driver environments at the package's root.
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let driver6 = packageRoot.appendingPathComponent(".venv/driver6/bin/python").path
        let candidates = [ProcessInfo.processInfo.environment["PYJWT_PYTHON"], driver6]
        return candidates.compactMap { $0 }.first { path in
            FileManager.default.isExecutableFile(atPath: path) && (try? run("import jwt", using: path)) != nil
        }
    }()

    static func run(_ script: String, _ arguments: String..., using interpreter: String? = nil) throws -> String {
        let outcome = try ChildProcess.run(interpreter ?? python!, ["-c", script] + arguments)
        guard outcome.status == 0 else { throw PyJWTError.failed(outcome.status) }
        return outcome.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    enum PyJWTError: Error { case failed(Int32) }
}
