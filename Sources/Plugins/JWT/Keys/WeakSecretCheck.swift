/// The strength rules every configured HMAC secret must pass.
///
/// Length comes first, because RFC 7518 section 3.2 requires a key at least as long as the MAC.
/// Long secrets can still be guessable, so placeholders and low-variety secrets are rejected too.
/// None of the messages contain the secret.
enum WeakSecretCheck {
    /// Placeholders from documentation and sample configurations, compared case-insensitively
    /// as substrings. The short classics (`secret`, `1234`) already fail the length rule.
    static let placeholders = [
        "your-256-bit-secret", "your-384-bit-secret", "your-512-bit-secret",
        "change_me", "change-me", "changeme", "replace_me", "replace-me", "replaceme",
        "nornicdb-dev-key", "secretkey", "secret-key", "secret_key",
    ]

    /// The minimum number of distinct byte values; a random 32-byte secret has about 30.
    static let minimumDistinctBytes = 8

    static func validate(_ key: [UInt8], minimumLength: Int, variable: String) throws(JWTConfigurationError) {
        guard key.count >= minimumLength else {
            throw JWTConfigurationError(
                "\(variable) is too short: a JWT secret must be at least \(minimumLength) bytes "
                    + "(it has \(key.count)). Generate one with `openssl rand -base64 48`."
            )
        }
        let lowered = String(decoding: key, as: UTF8.self).lowercased()
        if placeholders.contains(where: { lowered.contains($0) }) {
            throw weak(variable, "it contains a well-known placeholder")
        }
        if Set(key).count < minimumDistinctBytes {
            throw weak(variable, "it uses fewer than \(minimumDistinctBytes) distinct characters")
        }
        if let period = repetitionPeriod(of: key) {
            throw weak(variable, "it repeats a pattern of \(period) bytes")
        }
    }

    /// Returns the length of the shortest unit the key repeats, if it is a repetition.
    ///
    /// Only whole repetitions count: `abcabcabc` repeats `abc`, while `abcabcab` does not.
    static func repetitionPeriod(of key: [UInt8]) -> Int? {
        guard key.count >= 2 else { return nil }
        for period in 1...(key.count / 2) where key.count % period == 0 {
            if (period..<key.count).allSatisfy({ key[$0] == key[$0 - period] }) { return period }
        }
        return nil
    }

    private static func weak(_ variable: String, _ reason: String) -> JWTConfigurationError {
        JWTConfigurationError(
            "\(variable) is too weak to sign JWTs: \(reason). Generate one with `openssl rand -base64 48`."
        )
    }
}
