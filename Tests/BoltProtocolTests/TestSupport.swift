import BoltProtocol
import GraphValue

/// Parses hexadecimal bytes separated by spaces, for example `"B1 70 A0"`.
func hexBytes(_ text: String) -> [UInt8] {
    text.split(separator: " ").map { UInt8($0, radix: 16)! }
}

/// Formats bytes as uppercase hexadecimal separated by spaces, for readable failures.
func hexString(_ bytes: [UInt8]) -> String {
    bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16, uppercase: true) }.joined(separator: " ")
}

/// Encodes and decodes a value, accepting graph structures as a client does.
func roundTrip(_ value: Value, format: BoltWireFormat = .latest) throws -> Value {
    let bytes = PackStreamEncoder.encode(value, format: format)
    return try PackStreamDecoder.decodeValue(from: bytes, format: format, acceptsGraphStructures: true)
}

/// Decodes bytes as a server parameter value and returns the error code, or nil on success.
func decodeErrorCode(_ bytes: [UInt8], format: BoltWireFormat = .latest) -> PackStreamError.Code? {
    do {
        _ = try PackStreamDecoder.decodeValue(from: bytes, format: format)
        return nil
    } catch {
        return error.code
    }
}
