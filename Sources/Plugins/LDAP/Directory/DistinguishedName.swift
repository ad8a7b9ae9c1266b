internal import COpenLDAP

/// Escaping and comparison of distinguished names and filter values.
enum DistinguishedName {
    /// Escapes a value for an attribute value of a DN, as RFC 4514 section 2.4 requires, so a
    /// user name cannot add a component or change the DN's structure.
    static func escapeValue(_ value: String) -> String {
        var output = ""
        let scalars = Array(value.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            switch scalar {
            case "\"", "+", ",", ";", "<", ">", "\\", "=":
                output.append("\\")
                output.unicodeScalars.append(scalar)
            case "\0":
                output += "\\00"
            case "#" where index == 0:
                output += "\\#"
            case " " where index == 0 || index == scalars.count - 1:
                output += "\\ "
            default:
                output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    /// Escapes a value for a search filter (RFC 4515 section 3) with libldap.
    static func escapeFilterValue(_ value: String) -> String {
        let bytes = Array(value.utf8)
        let escaped = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { nornic_ldap_escape_filter_value($0.baseAddress, $0.count) }
        }
        guard let escaped else {
            // libldap fails here only when an allocation fails; escape the special bytes by hand instead.
            return bytes.map { byte in
                switch byte {
                case 0x2A, 0x28, 0x29, 0x5C, 0x00: "\\" + String(byte, radix: 16).leftPadded(to: 2)
                default: String(UnicodeScalar(byte))
                }
            }.joined()
        }
        defer { ber_memfree(escaped) }
        return String(cString: escaped)
    }

    /// Returns the DN in one canonical form, so that two spellings of the same DN compare equal:
    /// libldap's LDAPv3 form (no spaces between components, one escaping style), in lower case.
    /// Returns nil when the text is not a DN.
    ///
    /// NOTE: lower-casing treats every attribute value as case-insensitive, which holds for the
    /// `cn`, `ou`, `dc` and `uid` values that group DNs are made of.
    static func normalize(_ text: String) -> String? {
        var output: UnsafeMutablePointer<CChar>?
        let status = ldap_dn_normalize(
            text,
            UInt32(LDAP_DN_FORMAT_LDAP),
            &output,
            UInt32(LDAP_DN_FORMAT_LDAPV3)
        )
        guard status == LDAP_SUCCESS, let output else { return nil }
        defer { ldap_memfree(output) }
        let normalized = String(cString: output).lowercased()
        return normalized.isEmpty ? nil : normalized
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
