import Cypher
import Host
import Testing

@Suite struct TCKSmokeTests {
    /// Parses every TCK query; queries of scenarios that expect no compile-time error must parse.
    @Test func parsesTCKQueries() throws {
        let queries = TCKScenarios.load()
        try #require(!queries.isEmpty, "no TCK feature files found in \(TCKScenarios.directory.path)")
        var valid = 0
        var validParsed = 0
        var failures: [String] = []
        var expectingError = 0
        var rejected = 0
        for query in queries {
            let outcome = Result { () throws(ServerError) in try CypherParser.parse(query.text) }
            if query.expectedCompileError == nil {
                valid += 1
                switch outcome {
                case .success: validParsed += 1
                case .failure(let error): failures.append("\(query.file) \(query.scenario)\n\(query.text)\n-> \(error)")
                }
            } else {
                expectingError += 1
                if case .failure = outcome { rejected += 1 } else { print("ACCEPTED \(query.expectedCompileError!) | \(query.text.replacingOccurrences(of: "\n", with: " "))") }
            }
        }
        let share = Double(validParsed) / Double(valid)
        print("TCK: \(validParsed) of \(valid) valid queries parse; \(rejected) of \(expectingError) error queries rejected")
        for failure in failures.prefix(400) { print("FAIL \(failure)\n") }
        #expect(share > 0.95)
    }
}
