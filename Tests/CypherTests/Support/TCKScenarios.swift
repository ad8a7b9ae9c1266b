import Foundation

/// One `When executing query:` of a TCK feature file, with scenario-outline placeholders filled in.
struct TCKQuery {
    let file: String
    let scenario: String
    let text: String
    /// The error the scenario expects at compile time, such as `SyntaxError: UnexpectedSyntax`.
    let expectedCompileError: String?
}

/// Reads the openCypher TCK feature files under the directory in `CYPHER_TCK_DIRECTORY`, or the
/// project's shared test data when the variable is unset.
enum TCKScenarios {
    static var directory: URL {
        if let path = ProcessInfo.processInfo.environment["CYPHER_TCK_DIRECTORY"] {
            return URL(fileURLWithPath: path)
        }
        // The shared test data lies in `../shared` beside the repository.
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("../shared/testdata/tck").standardized
    }

    static func load() -> [TCKQuery] {
        guard let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else {
            return []
        }
        var queries: [TCKQuery] = []
        for case let url as URL in enumerator where url.pathExtension == "feature" {
            guard let content = try? String(contentsOf: url, encoding: .utf8) else { continue }
            queries += parseFeature(content, file: url.lastPathComponent)
        }
        return queries
    }

    private static func parseFeature(_ content: String, file: String) -> [TCKQuery] {
        let lines = content.components(separatedBy: "\n")
        var queries: [TCKQuery] = []
        var scenarioStarts: [Int] = []
        for (number, line) in lines.enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("Scenario:") || trimmed.hasPrefix("Scenario Outline:") {
                scenarioStarts.append(number)
            }
        }
        for (position, start) in scenarioStarts.enumerated() {
            let end = position + 1 < scenarioStarts.count ? scenarioStarts[position + 1] : lines.count
            queries += parseScenario(Array(lines[start..<end]), file: file)
        }
        return queries
    }

    private static func parseScenario(_ lines: [String], file: String) -> [TCKQuery] {
        let title = lines[0].trimmingCharacters(in: .whitespaces)
        var texts: [String] = []
        var expectedError: String?
        var examples: [[String: String]] = []
        var header: [String]?
        var inExamples = false
        var index = 0
        while index < lines.count {
            let trimmed = lines[index].trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("When executing query:") || trimmed.hasPrefix("When executing control query:") {
                var body: [String] = []
                index += 2
                let indent = lines[index - 1].prefix { $0 == " " }.count
                while index < lines.count, lines[index].trimmingCharacters(in: .whitespaces) != "\"\"\"" {
                    body.append(String(lines[index].dropFirst(min(indent, lines[index].prefix { $0 == " " }.count))))
                    index += 1
                }
                if trimmed.hasPrefix("When executing query:") { texts.append(body.joined(separator: "\n")) }
            } else if trimmed.hasPrefix("Then a "), trimmed.contains("should be raised at compile time") {
                let parts = trimmed.dropFirst("Then a ".count).components(
                    separatedBy: " should be raised at compile time: "
                )
                expectedError = parts.count == 2 ? "\(parts[0]): \(parts[1])" : parts[0]
            } else if trimmed.hasPrefix("Examples:") {
                inExamples = true
                header = nil
            } else if inExamples, trimmed.hasPrefix("|") {
                let cells = trimmed.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
                    .map { $0.trimmingCharacters(in: .whitespaces) }
                if let header {
                    examples.append(Dictionary(zip(header, cells), uniquingKeysWith: { first, _ in first }))
                } else {
                    header = cells
                }
            }
            index += 1
        }
        let rows = examples.isEmpty ? [[:]] : examples
        var result: [TCKQuery] = []
        for text in texts {
            for row in rows {
                var filled = text
                for (key, value) in row { filled = filled.replacingOccurrences(of: "<\(key)>", with: value) }
                result.append(TCKQuery(file: file, scenario: title, text: filled, expectedCompileError: expectedError))
            }
        }
        return result
    }
}
