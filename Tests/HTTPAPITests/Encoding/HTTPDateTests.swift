import Testing

@testable import HTTPAPI

@Suite("HTTP dates")
struct HTTPDateTests {
    @Test(
        arguments: [
            (0, "Thu, 01 Jan 1970 00:00:00 GMT"),
            (1_700_000_000, "Tue, 14 Nov 2023 22:13:20 GMT"),
            (-86_400, "Wed, 31 Dec 1969 00:00:00 GMT"),
            (-259_200, "Mon, 29 Dec 1969 00:00:00 GMT"),
            (951_782_400, "Tue, 29 Feb 2000 00:00:00 GMT"),
        ] as [(Int64, String)]
    )
    func httpDate(seconds: Int64, text: String) {
        #expect(HTTPDate.format(secondsSinceEpoch: seconds) == text)
    }
}
