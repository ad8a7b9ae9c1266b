/// Bounds the decoder enforces, so a hostile message cannot exhaust the stack or memory.
///
/// The chunk layer already caps a whole message (16 MiB by default), and the decoder also
/// rejects any declared length larger than the bytes left in the input before allocating.
public struct PackStreamLimits: Sendable, Hashable {
    /// The maximum nesting of lists, dictionaries and structures. The outermost value is depth 1.
    public var maximumDepth: Int
    /// The maximum length in bytes of one string or byte array.
    public var maximumStringLength: Int
    /// The maximum number of items in one list or entries in one dictionary.
    public var maximumCollectionCount: Int

    public init(maximumDepth: Int = 64, maximumStringLength: Int = 16 << 20, maximumCollectionCount: Int = 1 << 20) {
        self.maximumDepth = maximumDepth
        self.maximumStringLength = maximumStringLength
        self.maximumCollectionCount = maximumCollectionCount
    }
}
