/// The fixed-table procedures that `NORNICDB_TEST_PROCEDURES` defines, for testing only.
///
/// Off by default. Only whoever starts the server can turn it on, through the environment or
/// the `serve` flag; no client request can.
public struct TestProcedureSettings: Sendable, Equatable {
    /// The file the procedures were read from; nil when the setting is off.
    public var path: String?
    public var procedures: [TestProcedure] = []

    public init() {}
}
