import Testing

@testable import LDAPAuth

@Suite struct CanonicalNameTests {
    @Test(arguments: [
        ("alice", "alice"), ("Alice", "alice"), ("ａｌｉｃｅ", "alice"), ("𝐚lice", "alice"), ("ﬁona", "fiona"),
    ])
    func foldsSpellings(name: String, canonical: String) {
        #expect(LDAPProvider.canonicalName(name) == canonical)
    }

    @Test(arguments: [" alice", "alice ", "al\u{0}ice", ""])
    func rejectsUnsendableNames(name: String) {
        #expect(LDAPProvider.canonicalName(name) == nil)
    }
}
