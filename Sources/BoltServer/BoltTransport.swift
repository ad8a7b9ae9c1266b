import Host
import NetworkIO
import TLS

/// The byte stream that a Bolt connection reads and writes: the socket itself, or TLS over it.
///
/// Only the connection's own task calls these. ``read()`` returns nil at the end of the
/// stream and an empty array when ``TCPConnection/wakeReader()`` ended the wait.
protocol BoltTransport {
    func read() async -> [UInt8]?
    func write(_ bytes: [UInt8]) async -> Bool
}

extension TCPConnection: BoltTransport {}

/// TLS over an accepted socket, with the session's buffers in memory.
///
/// Ciphertext moves between the socket and the session on the connection's task, so TLS work
/// never runs on the event-loop thread. The socket's read bound still applies, so plaintext
/// waiting to be decrypted is bounded by ``TCPConnection/maximumBufferedBytes``.
final class TLSTransport: BoltTransport {
    private let socket: TCPConnection
    private let session: TLSSession
    private let logger: Logger

    /// Starts a server session whose first ciphertext, already read from `socket`, is `initial`.
    init(socket: TCPConnection, context: TLSContext, initial: [UInt8], logger: Logger) throws(TLSError) {
        self.socket = socket
        self.session = try TLSSession(context: context)
        self.logger = logger
        session.feed(initial)
    }

    /// Runs the handshake; returns nil when it completed, or the reason it failed.
    func handshake() async -> String? {
        while true {
            let progress = session.handshake()
            // After a failure the output holds the alert that tells the client why.
            let sent = await flush()
            switch progress {
            case .complete:
                return sent ? nil : "the client closed the connection"
            case .failed(let reason):
                return reason
            case .needsInput:
                guard sent, let bytes = await socket.read() else {
                    return "the client closed the connection during the handshake"
                }
                session.feed(bytes)
            }
        }
    }

    /// The negotiated protocol, cipher and client certificate, for the connection's log.
    var summary: [String: String] {
        var fields = ["tls.version": session.protocolVersion, "tls.cipher": session.cipher ?? "none"]
        if let subject = session.peerCertificateSubject { fields["tls.client.subject"] = subject }
        return fields
    }

    func read() async -> [UInt8]? {
        while true {
            switch session.read() {
            case .failed(let reason):
                logger.info("closing: TLS failure: \(reason)")
                return nil
            case .closed:
                return nil
            case .bytes(let plaintext):
                // Reading may produce ciphertext, such as TLS 1.3 session tickets.
                guard await flush() else { return nil }
                if !plaintext.isEmpty { return plaintext }
            }
            guard let bytes = await socket.read() else { return nil }
            if bytes.isEmpty { return [] }
            session.feed(bytes)
        }
    }

    func write(_ bytes: [UInt8]) async -> Bool {
        if let reason = session.write(bytes) {
            logger.info("closing: TLS failure: \(reason)")
            return false
        }
        return await flush()
    }

    /// Sends a close_notify alert, so the client sees a clean end of the session.
    func close() async {
        session.close()
        _ = await flush()
    }

    private func flush() async -> Bool {
        let output = session.takeOutput()
        return output.isEmpty ? true : await socket.write(output)
    }
}
