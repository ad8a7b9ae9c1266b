import Testing

@testable import PAMAuth

/// Group lookups through the name service switch, against entries every Linux system has.
@Suite struct UnixGroupsTests {
    @Test func rootHasRootGroup() {
        let membership = UnixGroups.membership(of: "root")
        #expect(membership.userFound)
        #expect(membership.names.contains("root"))
    }

    @Test func unknownUserHasNoGroups() {
        let membership = UnixGroups.membership(of: "no-such-user-\(UInt32.random(in: 0...UInt32.max))")
        #expect(!membership.userFound)
        #expect(membership.names.isEmpty)
        #expect(membership.unresolved.isEmpty)
    }

    @Test func passwordBufferCopies() {
        let buffer = PasswordBuffer("pässword")
        #expect(String(cString: buffer.pointer) == "pässword")
    }
}
