public import GraphValue

/// A structure as it appears on the wire: a tag byte and up to 15 fields.
///
/// Bolt messages are structures of this kind. Value structures such as Date or Node are
/// decoded straight into `Value` cases instead.
public struct PackStreamStructure: Sendable, Hashable {
    public var tag: UInt8
    public var fields: [Value]

    public init(tag: UInt8, fields: [Value]) {
        self.tag = tag
        self.fields = fields
    }
}
