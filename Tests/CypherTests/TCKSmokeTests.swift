import Cypher
import Host
import Testing

@Suite struct TCKSmokeTests {
    private struct Tally {
        var valid = 0
        var validAccepted = 0
        var invalid = 0
        var invalidRejected = 0
        var falseRejections: [String] = []
    }

    private static func tally(_ queries: [TCKQuery], semantic: Bool) -> Tally {
        var tally = Tally()
        for query in queries {
            let outcome = Result { () throws(ServerError) in
                let statement = try CypherParser.parse(query.text)
                if semantic { try SemanticAnalysis.check(statement) }
            }
            if query.expectedCompileError == nil {
                tally.valid += 1
                switch outcome {
                case .success: tally.validAccepted += 1
                case .failure(let error): tally.falseRejections.append("\(query.file) \(query.scenario): \(error)")
                }
            } else {
                tally.invalid += 1
                if case .failure = outcome { tally.invalidRejected += 1 }
            }
        }
        return tally
    }

    /// Parses every TCK query: at least 95% of those whose scenario expects no compile-time error
    /// must parse, and the semantic check must not reject more of them.
    @Test func parsesTCKQueries() throws {
        let queries = TCKScenarios.load()
        try #require(!queries.isEmpty, "no TCK feature files found in \(TCKScenarios.directory.path)")
        let parsed = Self.tally(queries, semantic: false)
        let checked = Self.tally(queries, semantic: true)
        print(
            "TCK parse: \(parsed.validAccepted) of \(parsed.valid) valid queries parse; "
                + "\(parsed.invalidRejected) of \(parsed.invalid) compile-error queries rejected"
        )
        print(
            "TCK parse + semantic check: \(checked.validAccepted) of \(checked.valid) valid queries accepted; "
                + "\(checked.invalidRejected) of \(checked.invalid) compile-error queries rejected"
        )
        for failure in checked.falseRejections.prefix(50) { print("rejected valid query: \(failure)") }
        #expect(Double(parsed.validAccepted) > 0.95 * Double(parsed.valid))
        #expect(Double(checked.validAccepted) > 0.95 * Double(checked.valid))
    }
}
