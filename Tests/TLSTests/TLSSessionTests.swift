import Host
import Testing

@testable import TLS

/// Handshakes and records between two in-memory OpenSSL sessions, with the bytes moved by hand.
@Suite final class TLSSessionTests {
    let certificates: TestCertificates
    let server: TLSContext

    init() throws {
        certificates = try TestCertificates.make()
        server = try TLSContext(
            certificatePath: certificates.serverCertificatePath,
            keyPath: certificates.serverKeyPath
        )
    }

    deinit { certificates.remove() }

    private func client(maximumVersion: Int32? = nil, withCertificate: Bool = false) throws -> TLSSession {
        let context = try TLSContext(
            clientTrusting: certificates.caPath,
            certificatePath: withCertificate ? certificates.clientCertificatePath : nil,
            keyPath: withCertificate ? certificates.clientKeyPath : nil,
            maximumVersion: maximumVersion
        )
        return try TLSSession(context: context, isClient: true)
    }

    /// Moves bytes both ways until both handshakes finish or one fails; `chunk` bytes at a time
    /// towards the server.
    @discardableResult
    private func connect(
        _ client: TLSSession,
        _ server: TLSSession,
        chunk: Int = .max
    ) -> (client: TLSSession.HandshakeProgress, server: TLSSession.HandshakeProgress) {
        var clientProgress = TLSSession.HandshakeProgress.needsInput
        var serverProgress = TLSSession.HandshakeProgress.needsInput
        for _ in 0..<10_000 {
            clientProgress = client.handshake()
            let toServer = client.takeOutput()
            var offset = 0
            repeat {
                let end = min(toServer.count, offset + min(chunk, toServer.count - offset))
                server.feed(Array(toServer[offset..<end]))
                offset = end
                serverProgress = server.handshake()
            } while offset < toServer.count && serverProgress == .needsInput
            client.feed(server.takeOutput())
            if case .failed = clientProgress { break }
            if case .failed = serverProgress { break }
            if clientProgress == .complete, serverProgress == .complete { break }
        }
        return (clientProgress, serverProgress)
    }

    @Test func handshakeAndRecordsBothWays() throws {
        let client = try client()
        let session = try TLSSession(context: server)
        let result = connect(client, session)
        #expect(result.client == .complete)
        #expect(result.server == .complete)
        #expect(session.protocolVersion == "TLSv1.3")
        #expect(client.peerCertificateSerial == "03E9")

        #expect(client.write(Array("RETURN 1".utf8)) == nil)
        session.feed(client.takeOutput())
        #expect(session.read() == .bytes(Array("RETURN 1".utf8)))
        #expect(session.write([1, 2, 3]) == nil)
        client.feed(session.takeOutput())
        #expect(client.read() == .bytes([1, 2, 3]))
    }

    @Test func handshakeFedOneByteAtATime() throws {
        let client = try client()
        let session = try TLSSession(context: server)
        let result = connect(client, session, chunk: 1)
        #expect(result.client == .complete)
        #expect(result.server == .complete)

        // A record fed byte by byte decrypts only once it is whole.
        #expect(client.write(Array(repeating: 7, count: 100)) == nil)
        let record = client.takeOutput()
        var received: [UInt8] = []
        for (index, byte) in record.enumerated() {
            session.feed([byte])
            guard case .bytes(let bytes) = session.read() else {
                Issue.record("read failed at byte \(index)")
                return
            }
            if index < record.count - 1 { #expect(bytes.isEmpty) }
            received += bytes
        }
        #expect(received == Array(repeating: 7, count: 100))
    }

    @Test func truncatedClientHelloWaitsForMore() throws {
        let client = try client()
        let session = try TLSSession(context: server)
        _ = client.handshake()
        let hello = client.takeOutput()
        session.feed(Array(hello.prefix(hello.count / 2)))
        #expect(session.handshake() == .needsInput)
        #expect(session.takeOutput().isEmpty)
    }

    @Test(arguments: [
        Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8),
        [0x60, 0x60, 0xB0, 0x17, 0, 0, 5, 8],
        [0x16, 0x03, 0x01, 0x00, 0x05, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF],
    ])
    func garbageFailsTheHandshake(bytes: [UInt8]) throws {
        let session = try TLSSession(context: server)
        session.feed(bytes)
        guard case .failed(let reason) = session.handshake() else {
            Issue.record("garbage was accepted")
            return
        }
        #expect(!reason.isEmpty)
    }

    @Test func garbageAfterTheHandshakeFailsTheRead() throws {
        let client = try client()
        let session = try TLSSession(context: server)
        connect(client, session)
        session.feed([0x17, 0x03, 0x03, 0x00, 0x20] + Array(repeating: 0xAB, count: 32))
        guard case .failed = session.read() else {
            Issue.record("a forged record was accepted")
            return
        }
    }

    @Test func closeNotifyEndsTheStream() throws {
        let client = try client()
        let session = try TLSSession(context: server)
        connect(client, session)
        client.close()
        session.feed(client.takeOutput())
        #expect(session.read() == .closed)
    }

    @Test func tls11IsRefused() throws {
        let client = try client(maximumVersion: 0x0302)
        let session = try TLSSession(context: server)
        let result = connect(client, session)
        guard case .failed = result.server else {
            Issue.record("the server accepted TLS 1.1: \(result)")
            return
        }
    }

    @Test func requiredClientCertificate() throws {
        let requiring = try TLSContext(
            certificatePath: certificates.serverCertificatePath,
            keyPath: certificates.serverKeyPath,
            clientCAPath: certificates.caPath,
            clientAuthentication: .require
        )
        let withoutSession = try TLSSession(context: requiring)
        let without = connect(try client(), withoutSession)
        guard case .failed = without.server else {
            Issue.record("a client without a certificate was accepted")
            return
        }
        let withSession = try TLSSession(context: requiring)
        let with = connect(try client(withCertificate: true), withSession)
        #expect(with.server == .complete)
        #expect(withSession.peerCertificateSubject?.contains("test-client") == true)
    }

    @Test func optionalClientCertificate() throws {
        let optional = try TLSContext(
            certificatePath: certificates.serverCertificatePath,
            keyPath: certificates.serverKeyPath,
            clientCAPath: certificates.caPath,
            clientAuthentication: .optional
        )
        let session = try TLSSession(context: optional)
        #expect(connect(try client(), session).server == .complete)
        #expect(session.peerCertificateSubject == nil)
    }

    @Test func mismatchedKeyNamesTheKey() throws {
        #expect {
            try TLSContext(certificatePath: certificates.serverCertificatePath, keyPath: certificates.strayKeyPath)
        } throws: { error in
            (error as? TLSError)?.file == .key
        }
        #expect {
            try TLSContext(certificatePath: certificates.path("missing.pem"), keyPath: certificates.serverKeyPath)
        } throws: { error in
            (error as? TLSError)?.file == .certificate
        }
    }
}
