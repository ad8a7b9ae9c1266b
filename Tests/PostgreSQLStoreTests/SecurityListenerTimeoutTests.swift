import Foundation
import Host
import Testing

@testable import PostgreSQLStore

/// Tests of the security listener's connect timeout, which comes from `connect_timeout` in the
/// storage URL, read as libpq reads it.
@Suite struct SecurityListenerTimeoutTests {
    private static func timeout(_ query: String) throws -> Double? {
        let url = try PostgreSQLURL(parsing: "postgres://nobody@127.0.0.1:5432/nornic\(query)")
        return PostgreSQLSecurityListener.connectTimeout(of: url)
    }

    @Test(arguments: [
        ("", 10.0),
        ("?connect_timeout=3", 3.0),
        ("?connect_timeout=1", 2.0),
        ("?sslmode=disable&connect_timeout=45", 45.0),
        ("?connect_timeout=soon", 10.0),
    ])
    func timeoutFromURL(query: String, expected: Double) throws {
        #expect(try Self.timeout(query) == expected)
    }

    @Test(arguments: ["?connect_timeout=0", "?connect_timeout=-5"])
    func zeroOrLessMeansNoLimit(query: String) throws {
        #expect(try Self.timeout(query) == nil)
    }

    @Test func silentServerTimesOutAfterURLTimeout() async throws {
        let silent = try SecurityListenerStopTests.SilentPort()
        let logs = LogSink.memory()
        let listener = PostgreSQLSecurityListener(
            url: try PostgreSQLURL(
                parsing: "postgres://nobody:unused@127.0.0.1:\(silent.port)/nornic?connect_timeout=2"
            ),
            logger: Logger(label: "test", level: .warning, sink: logs),
            changed: { _ in },
            resubscribed: {}
        )
        let start = ContinuousClock.now
        listener.start()
        var warning: LogRecord?
        // The warning names the timeout that applied; under a loaded test run it can come late.
        while warning == nil && ContinuousClock.now - start < .seconds(60) {
            try await Task.sleep(for: .milliseconds(100))
            warning = logs.recorded.first { $0.metadata["timeout.seconds"] != nil }
        }
        let elapsed = ContinuousClock.now - start
        #expect(listener.stop(waitingAtMost: 5))
        let record = try #require(warning)
        #expect(record.metadata["timeout.seconds"] == "2.0")
        #expect(elapsed >= .seconds(2))
    }
}
