/// One capability a statement can require and a role can grant.
public enum Permission: String, Sendable, CaseIterable, Comparable {
    case read
    case write
    case delete
    case schema
    case admin

    public static func < (lhs: Permission, rhs: Permission) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A set of permissions, ordered as `Permission.allCases` when listed.
public struct PermissionSet: OptionSet, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public init(_ permission: Permission) {
        let index = Permission.allCases.firstIndex(of: permission)!
        self.init(rawValue: 1 << UInt8(index))
    }

    public init(_ permissions: [Permission]) {
        self = permissions.reduce(into: PermissionSet()) { $0.insert(PermissionSet($1)) }
    }

    public static let read = PermissionSet(Permission.read)
    public static let write = PermissionSet(Permission.write)
    public static let delete = PermissionSet(Permission.delete)
    public static let schema = PermissionSet(Permission.schema)
    public static let admin = PermissionSet(Permission.admin)
    public static let all = PermissionSet(Permission.allCases)

    public func contains(_ permission: Permission) -> Bool { contains(PermissionSet(permission)) }

    public var permissions: [Permission] { Permission.allCases.filter { contains($0) } }

    public var description: String { "[" + permissions.map(\.rawValue).joined(separator: ", ") + "]" }
}

/// A named role and the permissions it grants.
public struct Role: Sendable, Hashable {
    public let name: String
    public let permissions: PermissionSet

    public static let admin = Role(name: "admin", permissions: .all)
    public static let editor = Role(name: "editor", permissions: [.read, .write, .delete])
    public static let viewer = Role(name: "viewer", permissions: .read)
    public static let none = Role(name: "none", permissions: [])

    /// The built-in roles, the only ones that exist.
    public static let builtIn: [Role] = [.admin, .editor, .viewer, .none]

    public static func named(_ name: String) -> Role? { builtIn.first { $0.name == name } }

    /// The union of the permissions of the named roles; unknown names grant nothing.
    public static func permissions(of roleNames: [String]) -> PermissionSet {
        roleNames.reduce(into: PermissionSet()) { result, name in
            if let role = named(name) { result.formUnion(role.permissions) }
        }
    }
}
