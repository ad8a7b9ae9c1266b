internal import COpenLDAP
internal import Foundation

/// The directory's verdict on a login.
enum LDAPLoginOutcome: Sendable, Equatable {
    /// The directory has no such user; the next provider may know it.
    case unknownUser
    /// The user exists, or may exist, and the password is wrong.
    case wrongPassword
    /// The password is right; `groups` are the normalized DNs of the user's groups.
    case authenticated(dn: String, groups: Set<String>)
}

/// The steps of one login against the directory, run on a blocking thread.
///
/// The steps are: find the user's DN (from the template, or by a search as the service
/// account), bind as it with the password, then collect the groups from the entry's attributes
/// and from group searches. `trace` receives each step for the auth debug log; it never
/// receives a password.
struct LDAPDirectory: Sendable {
    /// Group searches follow groups of groups to at most this depth, which also ends cycles.
    static let maximumNestingDepth = 8
    /// A login collects at most this many groups, so a huge directory cannot exhaust memory.
    static let maximumGroups = 10_000

    let configuration: LDAPConfiguration
    let pool: LDAPConnectionPool

    init(configuration: LDAPConfiguration) {
        self.configuration = configuration
        pool = LDAPConnectionPool(options: configuration.connection, capacity: configuration.maximumConnections)
    }

    /// Runs the login's steps on a kept or new connection. `interrupt` lets the caller end a
    /// call that outlives its deadline.
    func login(
        _ name: String,
        password: String,
        interrupt: LDAPInterrupt,
        trace: (String) -> Void
    ) throws(LDAPFailure) -> LDAPLoginOutcome {
        var retried = false
        while true {
            let (connection, reused) = try pool.take(interrupt: interrupt)
            do {
                let outcome = try login(name, password: password, on: connection, interrupt: interrupt, trace: trace)
                interrupt.detach()
                pool.put(connection)
                return outcome
            } catch {
                interrupt.detach()
                connection.close()
                if interrupt.isInterrupted { throw .timeout("the login's deadline passed") }
                // A kept connection may have been closed by the server since; try once more on a
                // new one before reporting the directory unavailable.
                if case .unavailable = error, reused, !retried {
                    // A restarted server closed every kept connection, not only this one.
                    trace("kept connection failed (\(error)); closing the kept connections and retrying on a new one")
                    pool.drain()
                    retried = true
                    continue
                }
                throw error
            }
        }
    }

    private func login(
        _ name: String,
        password: String,
        on connection: LDAPConnection,
        interrupt: LDAPInterrupt,
        trace: (String) -> Void
    ) throws(LDAPFailure) -> LDAPLoginOutcome {
        // Checked between steps: once the caller has given up, nothing more is sent.
        func checkDeadline() throws(LDAPFailure) {
            if interrupt.isInterrupted { throw .timeout("the login's deadline passed") }
        }
        var userDN: String
        var groupValues: [String] = []
        switch configuration.lookup {
        case .template(let template):
            userDN = template.replacingOccurrences(of: "{0}", with: DistinguishedName.escapeValue(name))
            trace("binding as \(userDN)")
            try checkDeadline()
            guard try connection.bind(dn: userDN, password: password) else {
                return try classifyRejectedTemplateBind(userDN, on: connection, trace: trace)
            }
            if !configuration.groupAttributes.isEmpty {
                try bindForSearches(connection, trace: trace)
                try checkDeadline()
                let entry = try connection.search(
                    base: userDN,
                    scope: LDAP_SCOPE_BASE,
                    filter: "(objectClass=*)",
                    attributes: configuration.groupAttributes,
                    sizeLimit: 1
                )
                try check(entry, trace: trace)
                groupValues = entry.entries.first.map(groupAttributeValues) ?? []
            }
        case .search(let base, let filterTemplate):
            if configuration.serviceAccount == nil {
                // A kept connection may still be bound as the previous user.
                try connection.bindAnonymously()
            }
            try bindForSearches(connection, trace: trace)
            let filter = filterTemplate.replacingOccurrences(
                of: "{0}",
                with: DistinguishedName.escapeFilterValue(name)
            )
            trace("searching \(base) for \(filter)")
            try checkDeadline()
            let found = try connection.search(
                base: base,
                scope: LDAP_SCOPE_SUBTREE,
                filter: filter,
                attributes: configuration.groupAttributes,
                sizeLimit: 2
            )
            try check(found, trace: trace)
            guard let entry = found.entries.first else {
                trace("no entry matches")
                return .unknownUser
            }
            guard found.entries.count == 1 else {
                throw .failed("more than one entry matches \(filter) below \(base); make the filter unique")
            }
            userDN = entry.dn
            groupValues = groupAttributeValues(entry)
            trace("binding as \(userDN)")
            try checkDeadline()
            guard try connection.bind(dn: userDN, password: password) else {
                trace("bind rejected: invalid credentials")
                return .wrongPassword
            }
        }
        var groups = Set(groupValues.compactMap(DistinguishedName.normalize))
        if !groupValues.isEmpty { trace("groups from attributes: \(groups.sorted())") }
        if let search = configuration.groupSearch {
            try checkDeadline()
            try bindForSearches(connection, trace: trace)
            try searchGroups(
                search,
                userDN: userDN,
                name: name,
                into: &groups,
                on: connection,
                interrupt: interrupt,
                trace: trace
            )
        }
        return .authenticated(dn: userDN, groups: groups)
    }

    /// Classifies a rejected bind in template mode. With a service account, a lookup of the entry
    /// separates an unknown user from a wrong password; without one, the rejection is final.
    private func classifyRejectedTemplateBind(
        _ dn: String,
        on connection: LDAPConnection,
        trace: (String) -> Void
    ) throws(LDAPFailure) -> LDAPLoginOutcome {
        guard configuration.serviceAccount != nil else {
            trace("bind rejected: invalid credentials")
            return .wrongPassword
        }
        try bindForSearches(connection, trace: trace)
        let found = try connection.search(
            base: dn,
            scope: LDAP_SCOPE_BASE,
            filter: "(objectClass=*)",
            attributes: [],
            sizeLimit: 1
        )
        if found.entries.isEmpty {
            trace("bind rejected, and no entry \(dn) exists")
            return .unknownUser
        }
        trace("bind rejected: invalid credentials")
        return .wrongPassword
    }

    /// Binds as the service account when there is one, else returns to an anonymous session.
    private func bindForSearches(_ connection: LDAPConnection, trace: (String) -> Void) throws(LDAPFailure) {
        // Without a service account, searches run under the connection's current bind: the
        // user's after the user's bind, anonymous before it.
        guard let account = configuration.serviceAccount else { return }
        if connection.boundDN == account.dn { return }
        trace("binding as the service account \(account.dn)")
        guard try connection.bind(dn: account.dn, password: account.password.reveal()) else {
            throw .failed(
                "the directory rejected the bind of the service account \(account.dn); check NORNICDB_LDAP_BIND_PASSWORD"
            )
        }
    }

    /// Runs the group search with the user's DN, then, with nested groups on, with each new
    /// group's DN, breadth first.
    private func searchGroups(
        _ search: (base: String, filter: String),
        userDN: String,
        name: String,
        into groups: inout Set<String>,
        on connection: LDAPConnection,
        interrupt: LDAPInterrupt,
        trace: (String) -> Void
    ) throws(LDAPFailure) {
        var members = [userDN]
        if configuration.nestedGroups { members += groups.sorted() }
        var searched = Set<String>()
        for depth in 0...Self.maximumNestingDepth {
            var next: [String] = []
            for member in members where searched.insert(member.lowercased()).inserted {
                if interrupt.isInterrupted { throw .timeout("the login's deadline passed") }
                let filter = Self.substitute(
                    search.filter,
                    [
                        "{0}": DistinguishedName.escapeFilterValue(member),
                        "{1}": DistinguishedName.escapeFilterValue(name),
                    ]
                )
                let found = try connection.search(
                    base: search.base,
                    scope: LDAP_SCOPE_SUBTREE,
                    filter: filter,
                    attributes: []
                )
                try check(found, trace: trace)
                for entry in found.entries {
                    guard let group = DistinguishedName.normalize(entry.dn) else { continue }
                    if groups.insert(group).inserted { next.append(entry.dn) }
                    if groups.count >= Self.maximumGroups {
                        throw .failed("the user is in more than \(Self.maximumGroups) groups")
                    }
                }
            }
            trace("groups after search level \(depth): \(groups.sorted())")
            guard configuration.nestedGroups, !next.isEmpty else { return }
            members = next
        }
    }

    private func check(_ result: LDAPSearchResult, trace: (String) -> Void) throws(LDAPFailure) {
        guard result.referrals > 0 else { return }
        if configuration.failOnReferral {
            throw .failed("the directory returned a referral, and NORNICDB_LDAP_REFERRALS is fail")
        }
        trace("ignored \(result.referrals) referral(s)")
    }

    /// Replaces each placeholder in one pass, so a value that contains another placeholder's
    /// text, such as a DN with `{1}` in it, is not substituted again.
    static func substitute(_ template: String, _ values: [String: String]) -> String {
        var output = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            output += rest[..<open]
            let candidate = rest[open...].prefix(3)
            if let value = values[String(candidate)] {
                output += value
                rest = rest[open...].dropFirst(3)
            } else {
                output.append("{")
                rest = rest[rest.index(after: open)...]
            }
        }
        output += rest
        return output
    }

    private func groupAttributeValues(_ entry: LDAPEntry) -> [String] {
        configuration.groupAttributes.flatMap { entry.attributes[$0] ?? [] }
    }
}
