/// A secret string (password, token, key) that never shows its content when printed or logged.
///
/// Read the content only through ``reveal()`` at the point where it is checked or hashed.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable, ExpressibleByStringLiteral
{
    private let value: String

    public init(_ value: String) { self.value = value }
    public init(stringLiteral value: String) { self.value = value }

    public func reveal() -> String { value }
    public var isEmpty: Bool { value.isEmpty }

    public var description: String { "********" }
    public var debugDescription: String { "Secret(********)" }
    /// Keeps `dump` and mirrors from printing the content.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
