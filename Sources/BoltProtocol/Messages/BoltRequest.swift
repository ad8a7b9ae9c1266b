public import GraphValue
public import Host

/// A message from client to server, decoded and validated for the negotiated version.
///
/// The `description` is only the message name, because HELLO and LOGON carry credentials
/// and RUN may carry a password in its query text, so a request is safe to log.
public enum BoltRequest: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// HELLO with its whole dictionary. In Bolt 5.0 and older it also carries the auth keys.
    case hello(extra: [String: Value])
    /// LOGON (5.1+) with the auth dictionary.
    case logon(auth: [String: Value])
    case logoff
    case goodbye
    case reset
    case run(query: String, parameters: [String: Value], extra: TransactionExtra)
    case begin(TransactionExtra)
    case commit
    case rollback
    case discard(StreamRequest)
    case pull(StreamRequest)
    /// TELEMETRY (5.4+): 0 managed transaction, 1 explicit transaction, 2 implicit transaction,
    /// 3 `execute_query`.
    case telemetry(api: Int64)
    case route(RouteRequest)

    public var kind: Kind {
        switch self {
        case .hello: .hello
        case .logon: .logon
        case .logoff: .logoff
        case .goodbye: .goodbye
        case .reset: .reset
        case .run: .run
        case .begin: .begin
        case .commit: .commit
        case .rollback: .rollback
        case .discard: .discard
        case .pull: .pull
        case .telemetry: .telemetry
        case .route: .route
        }
    }

    public var description: String { kind.name }
    public var debugDescription: String { kind.name }

    /// The auth token a HELLO (Bolt 5.0 and older) or LOGON carries; nil for other messages.
    /// The caller decides by version whether HELLO's auth keys count.
    public var authToken: AuthToken? {
        switch self {
        case .hello(let fields), .logon(let fields): AuthToken(boltFields: fields)
        default: nil
        }
    }
}

extension BoltRequest {
    /// The message types, with their signature bytes and the version that introduced them.
    public enum Kind: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
        case hello = 0x01
        case goodbye = 0x02
        case reset = 0x0F
        case run = 0x10
        case begin = 0x11
        case commit = 0x12
        case rollback = 0x13
        case discard = 0x2F
        case pull = 0x3F
        case telemetry = 0x54
        case route = 0x66
        case logon = 0x6A
        case logoff = 0x6B

        public var tag: UInt8 { rawValue }

        /// The name in the Bolt specification, for example `BEGIN`.
        public var name: String {
            switch self {
            case .hello: "HELLO"
            case .goodbye: "GOODBYE"
            case .reset: "RESET"
            case .run: "RUN"
            case .begin: "BEGIN"
            case .commit: "COMMIT"
            case .rollback: "ROLLBACK"
            case .discard: "DISCARD"
            case .pull: "PULL"
            case .telemetry: "TELEMETRY"
            case .route: "ROUTE"
            case .logon: "LOGON"
            case .logoff: "LOGOFF"
            }
        }

        /// The name Neo4j uses in error messages, for example `BeginMessage`.
        public var messageTypeName: String { name.prefix(1) + name.dropFirst().lowercased() + "Message" }

        public var description: String { name }

        /// The number of fields the structure has in every supported version.
        public var fieldCount: Int {
            switch self {
            case .goodbye, .reset, .commit, .rollback, .logoff: 0
            case .hello, .begin, .discard, .pull, .telemetry, .logon: 1
            case .run, .route: 3
            }
        }

        /// The first version that defines the message; ROUTE dates from 4.3, older than any we support.
        public var minimumVersion: BoltVersion {
            switch self {
            case .logon, .logoff: .v5_1
            case .telemetry: .v5_4
            default: .v4_4
            }
        }
    }
}

/// The dictionary of PULL and DISCARD: how many records, from which result.
public struct StreamRequest: Sendable, Hashable {
    /// The value of `n` that means all remaining records.
    public static let all: Int64 = -1
    /// The value of `qid` that means the most recent result.
    public static let lastQuery: Int64 = -1

    /// The number of records (`n`): positive, or ``all``.
    public var count: Int64
    /// The result id (`qid`) inside an explicit transaction, or ``lastQuery``.
    public var queryID: Int64

    public init(count: Int64 = StreamRequest.all, queryID: Int64 = StreamRequest.lastQuery) {
        self.count = count
        self.queryID = queryID
    }
}

/// The fields of ROUTE: the routing context, bookmarks and the database to route for.
public struct RouteRequest: Sendable, Hashable {
    /// The routing context, `{address: "host:port", ...}` as the client sees the server.
    public var context: [String: Value]
    public var bookmarks: [String]
    /// The database; nil for the user's home database.
    public var database: String?
    public var impersonatedUser: String?

    public init(
        context: [String: Value],
        bookmarks: [String] = [],
        database: String? = nil,
        impersonatedUser: String? = nil
    ) {
        self.context = context
        self.bookmarks = bookmarks
        self.database = database
        self.impersonatedUser = impersonatedUser
    }
}
