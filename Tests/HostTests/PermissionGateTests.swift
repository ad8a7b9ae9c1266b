import Testing

@testable import Host

@Suite struct PermissionGateTests {
    private let gate = PermissionGate()

    @Test(
        arguments: [
            ("admin", PermissionSet.all, true),
            ("editor", [.read, .write, .delete], true),
            ("editor", [.schema], false),
            ("editor", [.admin], false),
            ("viewer", [.read], true),
            ("viewer", [.read, .write], false),
            ("viewer", [.read, .delete], false),
            ("none", [.read], false),
            ("none", [], true),
        ] as [(String, PermissionSet, Bool)]
    )
    func roleTable(role: String, required: PermissionSet, allowed: Bool) {
        let identity = Identity(principal: "u", roles: [role], provider: "local")
        #expect((gate.evaluate(identity, requires: required) == .allow) == allowed)
    }

    @Test func denialNamesMissingPermission() {
        let viewer = Identity(principal: "val", roles: ["viewer"], provider: "local")
        #expect(gate.evaluate(viewer, requires: [.read, .delete]) == .deny(missing: .delete))
        #expect(throws: ServerError(.forbidden, "")) { try gate.authorize(viewer, requires: [.read, .delete]) }
        do {
            try gate.authorize(viewer, requires: [.read, .delete])
        } catch {
            #expect(error.message.contains("delete"))
            #expect(!error.message.contains("read,"))
        }
    }

    @Test func unknownRolesGrantNothing() {
        let identity = Identity(principal: "u", roles: ["superuser", "root"], provider: "jwt")
        #expect(identity.permissions.isEmpty)
    }

    @Test func rolesCombine() {
        let identity = Identity(principal: "u", roles: ["viewer", "editor"], provider: "local")
        #expect(identity.permissions == [.read, .write, .delete])
    }
}
