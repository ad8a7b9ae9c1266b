import Testing

@testable import Host

@Suite struct LoggerTests {
    @Test func escapesControlCharacters() {
        let record = LogRecord(
            level: .info,
            label: "bolt",
            message: "login\n2026 FORGED",
            metadata: ["auth.principal": "evil\u{1B}[31m\r\tx"]
        )
        let line = record.formatted(timestampNanoseconds: 0)
        #expect(!line.contains("\n"))
        #expect(!line.contains("\u{1B}"))
        #expect(line.contains("login\\n2026 FORGED"))
        #expect(line.contains("evil\\u{1b}[31m\\r\\tx"))
    }

    @Test func levelFiltering() {
        let sink = LogSink.memory()
        let logger = Logger(label: "t", level: .info, sink: sink)
        logger.debug("hidden")
        logger.info("shown")
        logger.with(level: .trace).trace("traced")
        #expect(sink.recorded.map(\.message) == ["shown", "traced"])
    }

    @Test func metadataMerges() {
        let sink = LogSink.memory()
        Logger(label: "t", sink: sink).with(["a": "1"]).info("m", metadata: ["b": "2"])
        #expect(sink.recorded.first?.metadata == ["a": "1", "b": "2"])
    }
}

@Suite struct LogFieldTests {
    @Test func valuesWithSpacesAreQuoted() {
        let record = LogRecord(
            level: .info, label: "bolt", message: "authenticated",
            metadata: ["auth.principal": "mallory auth.principal=admin", "plain": "bolt-1", "quote": "a\"b"])
        let line = record.formatted(timestampNanoseconds: 0)
        #expect(line.contains("auth.principal=\"mallory auth.principal=admin\""))
        #expect(line.contains("plain=bolt-1"))
        #expect(line.contains("quote=\"a\\\"b\""))
        // The only unquoted `auth.principal=` is the real field.
        #expect(line.components(separatedBy: " auth.principal=\"").count == 2)
    }
}
