public import Host

/// A PackStream decoding failure: the code says what was wrong, the message names the value
/// and the byte offset where decoding stopped.
///
/// `PackStreamDecoder` throws only this type. Layers above it (``BoltRequest`` decoding) turn it
/// into ``serverError``, `Neo.ClientError.Request.InvalidFormat`, which the connection sends as
/// FAILURE before closing. Equality compares the code only, so tests can match a code constant.
public struct PackStreamError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// The input ended inside a value.
        case truncated
        /// A marker byte that PackStream v1 does not define.
        case unknownMarker
        /// A dictionary key that is not a string.
        case invalidKey
        /// A string whose bytes are not valid UTF-8.
        case invalidUTF8
        /// A structure with an unknown tag, the wrong field count or wrong field types.
        case invalidStructure
        /// A structure that is valid PackStream but not allowed here, for example a Node parameter.
        case unsupportedStructure
        /// Bytes left over after the complete value.
        case trailingBytes
        /// Collections or structures nested deeper than ``PackStreamLimits/maximumDepth``.
        case depthLimitExceeded
        /// A string, byte array or collection larger than the limits allow, or than the input holds.
        case sizeLimitExceeded
    }

    public var code: Code
    public var message: String
    /// The offset in the input at which the failure was detected.
    public var offset: Int

    public init(_ code: Code, _ message: String, offset: Int) {
        self.code = code
        self.message = message
        self.offset = offset
    }

    public var description: String { "\(code.rawValue) at byte \(offset): \(message)" }

    /// The error the client sees: `Neo.ClientError.Request.InvalidFormat` with this message.
    public var serverError: ServerError {
        ServerError(.invalidFormat, "Invalid PackStream data at byte \(offset): \(message)")
    }

    public static func == (lhs: PackStreamError, rhs: PackStreamError) -> Bool { lhs.code == rhs.code }
}
