public import GraphValue

/// A procedure defined by a fixed table, for tests only: a call yields the output columns of
/// the rows whose input columns equal its arguments.
///
/// The server defines such procedures only when ``TestProcedureSettings`` names a file at
/// start-up; clients cannot define them.
public struct TestProcedure: Sendable, Equatable {
    /// An input or output field of the signature.
    public struct Field: Sendable, Equatable {
        public var name: String
        public var type: ProcedureType

        public init(name: String, type: ProcedureType) {
            self.name = name
            self.type = type
        }
    }

    /// The dotted name, such as `test.my.proc`.
    public var name: String
    public var inputs: [Field]
    public var outputs: [Field]
    /// The table: each row contains the input values, then the output values, in signature order.
    public var rows: [[Value]]

    public init(name: String, inputs: [Field], outputs: [Field], rows: [[Value]]) {
        self.name = name
        self.inputs = inputs
        self.outputs = outputs
        self.rows = rows
    }
}
