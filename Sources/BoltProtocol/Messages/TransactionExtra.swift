public import GraphValue
import Host

/// The `extra` dictionary of RUN and BEGIN, decoded and type-checked.
///
/// Inside an explicit transaction the driver sends RUN with an empty extra, so every field is
/// optional. Keys this type does not model (notification filters, for example) stay in ``raw``.
public struct TransactionExtra: Sendable, Hashable {
    public enum AccessMode: String, Sendable, Hashable {
        case read = "r"
        case write = "w"
    }

    /// The database name; nil for the user's home database.
    public var database: String?
    /// `r` for reads, `w` (the default when absent) for writes.
    public var mode: AccessMode
    public var bookmarks: [String]
    /// The transaction timeout in milliseconds; nil to use the server default.
    public var timeoutMilliseconds: Int64?
    public var metadata: [String: Value]
    /// The user to impersonate (`imp_user`); nil for none.
    public var impersonatedUser: String?
    /// The whole dictionary as the client sent it; empty for values built in code.
    public var raw: [String: Value]

    public init(
        database: String? = nil,
        mode: AccessMode = .write,
        bookmarks: [String] = [],
        timeoutMilliseconds: Int64? = nil,
        metadata: [String: Value] = [:],
        impersonatedUser: String? = nil
    ) {
        self.database = database
        self.mode = mode
        self.bookmarks = bookmarks
        self.timeoutMilliseconds = timeoutMilliseconds
        self.metadata = metadata
        self.impersonatedUser = impersonatedUser
        self.raw = [:]
    }

    /// The dictionary a client sends for these settings: ``raw`` overlaid with the modeled
    /// fields, leaving out defaults as the drivers do.
    public var fields: [String: Value] {
        var fields = raw
        if let database { fields["db"] = .string(database) }
        if mode == .read { fields["mode"] = "r" }
        if !bookmarks.isEmpty { fields["bookmarks"] = .list(bookmarks.map(Value.string)) }
        if let timeoutMilliseconds { fields["tx_timeout"] = .integer(timeoutMilliseconds) }
        if !metadata.isEmpty { fields["tx_metadata"] = .map(metadata) }
        if let impersonatedUser { fields["imp_user"] = .string(impersonatedUser) }
        return fields
    }

    /// Decodes and validates the dictionary; null values count as absent.
    init(decoding fields: [String: Value], message: String) throws(ServerError) {
        let reader = ExtraReader(fields: fields, message: message)
        self.database = try reader.string("db")
        switch try reader.string("mode") {
        case nil, "w": self.mode = .write
        case "r": self.mode = .read
        case let other?: throw reader.invalid("mode", "must be \"r\" or \"w\", not \"\(other)\"")
        }
        self.bookmarks = try reader.strings("bookmarks") ?? []
        self.timeoutMilliseconds = try reader.integer("tx_timeout")
        if let timeout = timeoutMilliseconds, timeout < 0 {
            throw reader.invalid("tx_timeout", "must not be negative, but is \(timeout)")
        }
        self.metadata = try reader.map("tx_metadata") ?? [:]
        self.impersonatedUser = try reader.string("imp_user")
        self.raw = fields
    }
}
