import GraphValue
import Host
import Testing

@testable import QueryEngine

@Suite struct TemporalParsingTests {
    private func parse(_ function: String, _ text: String) throws -> String {
        let definition = try FunctionRegistry.validate(name: function, argumentCount: 1)
        return ValueText.string(try definition.body([.string(text)], SnapshotResolver()))
    }

    static let valid: [(String, String, String)] = [
        ("date", "2015-07-21", "2015-07-21"),
        ("date", "20150721", "2015-07-21"),
        ("date", "2015-07", "2015-07-01"),
        ("date", "201507", "2015-07-01"),
        ("date", "2015-W30-2", "2015-07-21"),
        ("date", "2015W302", "2015-07-21"),
        ("date", "2015-W30", "2015-07-20"),
        ("date", "2015W30", "2015-07-20"),
        ("date", "2015-202", "2015-07-21"),
        ("date", "2015202", "2015-07-21"),
        ("date", "2015", "2015-01-01"),
        ("date", "2015-Q3-21", "2015-07-21"),
        ("date", "+12015-07-21", "+12015-07-21"),
        ("date", "-0044-03-15", "-0044-03-15"),
        ("localtime", "21:40:32.142", "21:40:32.142"),
        ("localtime", "214032.142", "21:40:32.142"),
        ("localtime", "21:40:32,5", "21:40:32.500"),
        ("localtime", "2140", "21:40"),
        ("localtime", "21", "21:00"),
        ("time", "21:40:32.142+0100", "21:40:32.142+01:00"),
        ("time", "214032.142Z", "21:40:32.142Z"),
        ("time", "2140-00:00", "21:40Z"),
        ("time", "2140-02", "21:40-02:00"),
        ("time", "22+18:00", "22:00+18:00"),
        ("time", "12:34:56+02:05:59", "12:34:56+02:05:59"),
        ("localdatetime", "2015-W30-2T214032.142", "2015-07-21T21:40:32.142"),
        ("localdatetime", "2015T214032", "2015-01-01T21:40:32"),
        ("localdatetime", "2015202T21", "2015-07-21T21:00"),
        ("localdatetime", "2015-07-21", "2015-07-21T00:00"),
        ("datetime", "2015-07-21T21:40:32.142+0100", "2015-07-21T21:40:32.142+01:00"),
        ("datetime", "2015-W30T2140-02", "2015-07-20T21:40-02:00"),
        ("datetime", "2015-07-21T21:40:32.142[Europe/London]", "2015-07-21T21:40:32.142+01:00[Europe/London]"),
        ("datetime", "1818-07-21T21:40:32.142[Europe/Stockholm]", "1818-07-21T21:40:32.142+00:53:28[Europe/Stockholm]"),
        ("datetime", "2015-07-21T21:40:32.142+0845[Australia/Eucla]", "2015-07-21T21:40:32.142+08:45[Australia/Eucla]"),
    ]

    @Test(arguments: valid) func parsesISOForms(function: String, text: String, expected: String) throws {
        #expect(try parse(function, text) == expected)
    }

    static let invalid: [(String, String)] = [
        ("date", ""),
        ("date", "2015-13-01"),
        ("date", "2015-02-29"),
        ("date", "2015-W54"),
        ("date", "2015-366"),
        ("date", "15-07-21"),
        ("date", "2015-07-21T10:00"),
        ("date", "2015-07-21 "),
        ("localtime", "24:00"),
        ("localtime", "21:60"),
        ("localtime", "21:40+01:00"),
        ("localtime", "21:40:32.1234567890"),
        ("time", "21:40+19:00"),
        ("time", "21:40+01:60"),
        ("datetime", "2015-07-21T21:40[Nowhere/Nothing]"),
        ("datetime", "2015-07-21T21:40[]"),
        ("datetime", "2015-07-21T21:40[Europe/Stockholm"),
        ("datetime", "2015-07-21T"),
    ]

    @Test(arguments: invalid) func rejectsMalformedText(function: String, text: String) {
        #expect(throws: ServerError.self) { try parse(function, text) }
    }

    /// Every prefix of a valid text either parses or fails with a ServerError; none may trap.
    @Test func everyPrefixParsesOrFailsCleanly() {
        let texts = [
            ("datetime", "+12015-W30-2T21:40:32.142876+02:05:59[Europe/Stockholm]"),
            ("datetime", "2015-Q3-21T214032,142-0100"),
            ("localdatetime", "2015202T21:40:32.142"),
            ("time", "214032.142876123+0100"),
            ("date", "2015-07-21"),
        ]
        for (function, text) in texts {
            let bytes = Array(text.utf8)
            for length in 0...bytes.count {
                let prefix = String(decoding: bytes[0..<length], as: UTF8.self)
                do {
                    _ = try parse(function, prefix)
                } catch is ServerError {
                    continue
                } catch {
                    Issue.record("\(function)('\(prefix)') threw \(error)")
                }
            }
        }
    }

    /// Replacing any one byte of a valid text with another character never traps.
    @Test func corruptedBytesFailCleanly() {
        let text = Array("2015-W30-2T21:40:32.142+02:00[Europe/Stockholm]".utf8)
        for index in text.indices {
            for replacement in Array("0-+:.,TWQZ[]x ".utf8) {
                var corrupted = text
                corrupted[index] = replacement
                let candidate = String(decoding: corrupted, as: UTF8.self)
                do {
                    _ = try parse("datetime", candidate)
                } catch is ServerError {
                    continue
                } catch {
                    Issue.record("datetime('\(candidate)') threw \(error)")
                }
            }
        }
    }

    @Test func parsedErrorsAreArgumentErrors() {
        do {
            _ = try parse("date", "2015-13-01")
            Issue.record("expected an error")
        } catch let error as ServerError {
            #expect(error.status == .argumentError)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
