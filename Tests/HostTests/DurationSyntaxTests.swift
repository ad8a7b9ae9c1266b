import Testing

@testable import Host

@Suite struct DurationSyntaxTests {
    @Test(
        arguments: [
            ("0", 0), ("0s", 0), ("90", 90), ("90s", 90), ("30m", 1_800), ("24h", 86_400), ("7d", 604_800),
            ("1h30m", 5_400), ("1d12h", 129_600), ("2d3h4m5s", 183_845), ("00012s", 12), ("366d", 31_622_400),
            ("9223372036854775807", Int64.max), ("9223372036854775807s", Int64.max),
        ] as [(String, Int64)]
    )
    func valid(text: String, seconds: Int64) {
        #expect(DurationSyntax.seconds(text) == seconds)
    }

    @Test(arguments: [
        "", " ", "s", "h1", "-5", "-5s", "+5s", "1.5h", "0.5s", "1e3", "5ms", "5us", "5ns", "5µs", "24H", "7D",
        "1h30", "30m1h", "1h1h", "1s1m", "1d1d", "1 h", " 1h", "1h ", "1w", "1y", "1h-30m", "h30m", "１２s",
        "9223372036854775808", "9223372036854775808s", "106751991167301d",
        "2562047788015216h", "1d9223372036854775807s", "0x10", "1_000",
    ])
    func invalid(text: String) {
        #expect(DurationSyntax.seconds(text) == nil)
    }
}
