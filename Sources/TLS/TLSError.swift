internal import COpenSSL

/// A TLS failure: a certificate or key that cannot be used, or a handshake or record that failed.
///
/// The message comes from OpenSSL's error queue and names files and reasons, never key material.
public struct TLSError: Error, Sendable, CustomStringConvertible {
    /// The file at fault, when one is.
    public enum File: Sendable {
        case certificate, key, clientCA
    }

    public let message: String
    public let file: File?

    public init(_ message: String, file: File? = nil) {
        self.message = message
        self.file = file
    }

    public var description: String { message }

    /// `context`, followed by the reasons OpenSSL queued on this thread, which are cleared.
    static func fromQueue(_ context: String, file: File? = nil) -> TLSError {
        let reasons = drainErrorQueue()
        return TLSError(reasons.isEmpty ? context : "\(context): \(reasons)", file: file)
    }

    /// Takes every error OpenSSL queued on this thread and returns their reasons, joined.
    static func drainErrorQueue() -> String {
        var reasons: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var text = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &text, text.count)
            let reason = ERR_reason_error_string(code).map { String(cString: $0) }
            reasons.append(
                reason ?? String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            )
        }
        return reasons.joined(separator: "; ")
    }
}
