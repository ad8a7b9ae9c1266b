import Foundation
import Host
import TestSupport
import Testing

@testable import HTTPServer

/// Loading and reloading the HTTPS certificate pair with GnuTLS.
@Suite final class HTTPSCertificateTests {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("https-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try makePair("server")
        try makePair("other")
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Writes a self-signed certificate `<name>.pem` and its key `<name>.key`.
    private func makePair(_ name: String) throws {
        let arguments = [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
            path("\(name).key"), "-out", path("\(name).pem"), "-days", "2", "-subj", "/CN=localhost",
        ]
        let outcome = try ChildProcess.run("/usr/bin/openssl", arguments)
        #expect(outcome.status == 0)
    }

    private func load(_ certificate: String, _ key: String) throws(HTTPServerError) -> HTTPSCertificateSource {
        try HTTPSCertificateSource(
            certificatePath: path(certificate),
            keyPath: path(key),
            logger: Logger(label: "test", level: .error)
        )
    }

    private func failure(_ certificate: String, _ key: String) -> String? {
        do {
            _ = try load(certificate, key)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func matchingPairLoads() throws {
        let source = try load("server.pem", "server.key")
        #expect(source.current().count == 1)
    }

    @Test func keyOfAnotherCertificateIsRejected() {
        #expect(failure("server.pem", "other.key")?.contains("does not match") == true)
    }

    @Test func missingOrWrongFilesAreRejected() {
        #expect(failure("missing.pem", "server.key")?.contains("missing.pem") == true)
        #expect(failure("server.pem", "missing.key")?.contains("missing.key") == true)
        #expect(failure("server.key", "server.key")?.contains("certificate chain") == true)
        #expect(failure("server.pem", "server.pem")?.contains("private key") == true)
    }

    @Test func changedPairIsReloadedAndBrokenOneIgnored() async throws {
        let source = try load("server.pem", "server.key")
        let first = source.current()
        try await Task.sleep(for: .milliseconds(1_100))
        #expect(source.current() === first)

        try makePair("server")
        try await Task.sleep(for: .milliseconds(1_100))
        let second = source.current()
        #expect(second !== first)

        try Data(contentsOf: URL(fileURLWithPath: path("other.key"))).write(
            to: URL(fileURLWithPath: path("server.key"))
        )
        try await Task.sleep(for: .milliseconds(1_100))
        #expect(source.current() === second)
    }
}
