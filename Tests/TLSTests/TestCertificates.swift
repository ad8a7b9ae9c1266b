import Foundation
import TestSupport

/// A throwaway CA with server and client certificates, made with the `openssl` command in a
/// temporary directory.
struct TestCertificates {
    let directory: URL

    var caPath: String { path("ca.pem") }
    var serverCertificatePath: String { path("server.pem") }
    var serverKeyPath: String { path("server.key") }
    var clientCertificatePath: String { path("client.pem") }
    var clientKeyPath: String { path("client.key") }
    /// A key that belongs to no certificate here.
    var strayKeyPath: String { path("stray.key") }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Makes the CA, a server certificate for localhost and a client certificate, all signed by the CA.
    static func make() throws -> TestCertificates {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let certificates = TestCertificates(directory: directory)
        try certificates.openssl(
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-days",
            "2",
            "-subj",
            "/CN=Test CA"
        )
        try certificates.issue(name: "server", subject: "/CN=localhost", serial: "1001")
        try certificates.issue(name: "client", subject: "/CN=test-client", serial: "2001")
        try certificates.openssl(
            "genpkey",
            "-algorithm",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-out",
            "stray.key"
        )
        return certificates
    }

    /// Issues `<name>.pem` and `<name>.key` signed by the CA, with the given serial number.
    func issue(name: String, subject: String, serial: String) throws {
        try openssl(
            "req",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            "\(name).key",
            "-out",
            "\(name).csr",
            "-subj",
            subject
        )
        try openssl(
            "x509",
            "-req",
            "-in",
            "\(name).csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-set_serial",
            serial,
            "-out",
            "\(name).pem",
            "-days",
            "2"
        )
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    private func openssl(_ arguments: String...) throws {
        let outcome = try ChildProcess.run("/usr/bin/openssl", arguments, in: directory.path)
        guard outcome.status == 0 else {
            throw CocoaError(.executableLoad, userInfo: ["arguments": arguments.joined(separator: " ")])
        }
    }
}
