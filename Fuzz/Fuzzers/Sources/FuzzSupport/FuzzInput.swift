/// Reads a fuzzer's input front to back: selector bytes first, then the rest as payload.
public struct FuzzInput {
    public let bytes: [UInt8]
    public private(set) var offset = 0

    public init(_ data: UnsafePointer<UInt8>, _ size: Int) {
        bytes = Array(UnsafeBufferPointer(start: data, count: size))
    }

    /// Returns the next byte, or 0 when the input is used up.
    public mutating func byte() -> UInt8 {
        guard offset < bytes.count else { return 0 }
        defer { offset += 1 }
        return bytes[offset]
    }

    /// The bytes that have not been read yet.
    public var rest: [UInt8] { Array(bytes[offset...]) }
}
