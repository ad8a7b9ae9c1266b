import Foundation
import Host
import Testing

@testable import TLS

/// Certificate reloading: a changed pair serves new sessions, a broken one keeps the old pair.
@Suite struct TLSContextSourceTests {
    private func serial(from source: TLSContextSource, trusting caPath: String) throws -> String? {
        let client = try TLSSession(context: TLSContext(clientTrusting: caPath), isClient: true)
        let server = try TLSSession(context: source.current())
        for _ in 0..<10 {
            _ = client.handshake()
            server.feed(client.takeOutput())
            _ = server.handshake()
            client.feed(server.takeOutput())
        }
        return client.peerCertificateSerial
    }

    @Test func reloadsChangedFilesAndKeepsThePairOnABrokenOne() async throws {
        let certificates = try TestCertificates.make()
        defer { certificates.remove() }
        let source = try TLSContextSource(
            files: .init(certificatePath: certificates.serverCertificatePath, keyPath: certificates.serverKeyPath),
            logger: Logger(label: "test", level: .error)
        )
        #expect(try serial(from: source, trusting: certificates.caPath) == "03E9")

        try certificates.issue(name: "server", subject: "/CN=localhost", serial: "1002")
        try await Task.sleep(for: .milliseconds(1_100))
        #expect(try serial(from: source, trusting: certificates.caPath) == "03EA")

        try Data("not a certificate".utf8).write(to: URL(fileURLWithPath: certificates.serverCertificatePath))
        try await Task.sleep(for: .milliseconds(1_100))
        #expect(try serial(from: source, trusting: certificates.caPath) == "03EA")
    }
}
