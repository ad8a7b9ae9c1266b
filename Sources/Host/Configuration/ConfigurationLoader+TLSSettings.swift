/// The `NORNICDB_BOLT_TLS_*` and `NORNICDB_HTTPS_*` settings; each records that it was given,
/// see ``TLSSettings/givenBy``.
extension ConfigurationLoader {
    static let tlsSettings: [Setting] = [
        tls(
            "NORNICDB_BOLT_TLS_ENABLED",
            valueName: "BOOL",
            help: "When true, the Bolt port also accepts TLS (bolt+s, bolt+ssc, neo4j+s) with "
                + "NORNICDB_BOLT_TLS_CERT and NORNICDB_BOLT_TLS_KEY (default false)."
        ) { settings, value, variable throws(ConfigurationError) in
            settings.boltEnabled = try boolean(value, variable: variable)
        },
        tls(
            "NORNICDB_BOLT_TLS_CERT",
            valueName: "PATH",
            help: "PEM file with the Bolt certificate chain, the server's certificate first; reloaded when it "
                + "changes."
        ) { settings, value, variable throws(ConfigurationError) in
            settings.boltCertificatePath = try path(value, variable: variable)
        },
        tls(
            "NORNICDB_BOLT_TLS_KEY",
            valueName: "PATH",
            help: "PEM file with the private key of NORNICDB_BOLT_TLS_CERT, unencrypted; reloaded when it changes."
        ) { settings, value, variable throws(ConfigurationError) in
            settings.boltKeyPath = try path(value, variable: variable)
        },
        tls(
            "NORNICDB_BOLT_TLS_REQUIRE",
            valueName: "BOOL",
            help: "When true, the Bolt port rejects plaintext connections; needs NORNICDB_BOLT_TLS_ENABLED "
                + "(default false)."
        ) { settings, value, variable throws(ConfigurationError) in
            settings.boltRequired = try boolean(value, variable: variable)
        },
        tls(
            "NORNICDB_BOLT_TLS_CLIENT_CA",
            valueName: "PATH",
            help: "PEM bundle of the certificate authorities that sign Bolt client certificates; needs "
                + "NORNICDB_BOLT_TLS_CLIENT_AUTH_MODE optional or require."
        ) { settings, value, variable throws(ConfigurationError) in
            settings.boltClientCAPath = try path(value, variable: variable)
        },
        tls(
            "NORNICDB_BOLT_TLS_CLIENT_AUTH_MODE",
            valueName: "MODE",
            help: "Client certificates on Bolt: none, optional (a certificate, if sent, must verify) or require "
                + "(default none). A certificate never replaces the Bolt login."
        ) { settings, value, variable throws(ConfigurationError) in
            guard let mode = TLSSettings.ClientAuthentication(rawValue: value.lowercased()) else {
                throw .init("\(variable) '\(value)' is invalid; use none, optional or require.")
            }
            settings.boltClientAuthentication = mode
        },
        tls(
            "NORNICDB_HTTPS_ENABLED",
            valueName: "BOOL",
            help: "When true, the HTTP API is also served over HTTPS on NORNICDB_HTTPS_PORT (default false)."
        ) { settings, value, variable throws(ConfigurationError) in
            settings.httpsEnabled = try boolean(value, variable: variable)
        },
        tls(
            "NORNICDB_HTTPS_PORT",
            valueName: "PORT",
            help: "TCP port of the HTTPS listener (default 7473)."
        ) { settings, value, variable throws(ConfigurationError) in
            settings.httpsPort = try port(value, variable: variable)
        },
        tls(
            "NORNICDB_HTTPS_CERT",
            valueName: "PATH",
            help: "PEM file with the HTTPS certificate chain (default NORNICDB_BOLT_TLS_CERT); reloaded when it "
                + "changes."
        ) { settings, value, variable throws(ConfigurationError) in
            settings.httpsCertificatePath = try path(value, variable: variable)
        },
        tls(
            "NORNICDB_HTTPS_KEY",
            valueName: "PATH",
            help: "PEM file with the private key of the HTTPS certificate, unencrypted (default "
                + "NORNICDB_BOLT_TLS_KEY); reloaded when it changes."
        ) { settings, value, variable throws(ConfigurationError) in
            settings.httpsKeyPath = try path(value, variable: variable)
        },
    ]

    /// Makes a TLS setting whose flag is the variable without `NORNICDB_`, in lower case with dashes.
    private static func tls(
        _ variable: String,
        valueName: String,
        help: String,
        apply: @escaping @Sendable (inout TLSSettings, String, String) throws(ConfigurationError) -> Void
    ) -> Setting {
        let flag = "--" + String(variable.dropFirst("NORNICDB_".count).lowercased().map { $0 == "_" ? "-" : $0 })
        return Setting(variable: variable, flag: flag, valueName: valueName, help: help) {
            config,
            value throws(ConfigurationError) in
            try apply(&config.tls, value, variable)
            config.tls.givenBy.insert(variable)
        }
    }

    private static func path(_ value: String, variable: String) throws(ConfigurationError) -> String {
        guard !value.isEmpty else { throw .init("\(variable) is empty; give the path of a PEM file.") }
        return value
    }

    /// Rules between the TLS settings. Whether the files can be read and the key matches the
    /// certificate is checked when the listeners start.
    static func validateTLS(_ config: Configuration) throws(ConfigurationError) {
        let tls = config.tls
        if tls.boltEnabled {
            if tls.boltCertificatePath == nil || tls.boltKeyPath == nil {
                let missing = tls.boltCertificatePath == nil ? "NORNICDB_BOLT_TLS_CERT" : "NORNICDB_BOLT_TLS_KEY"
                throw .init("NORNICDB_BOLT_TLS_ENABLED is true, but \(missing) is not set; give both PEM files.")
            }
        } else {
            let boltFilesUsedByHTTPS =
                tls.httpsEnabled && (tls.httpsCertificatePath == nil || tls.httpsKeyPath == nil)
            let needEnabled =
                ["NORNICDB_BOLT_TLS_REQUIRE", "NORNICDB_BOLT_TLS_CLIENT_CA", "NORNICDB_BOLT_TLS_CLIENT_AUTH_MODE"]
                + (boltFilesUsedByHTTPS ? [] : ["NORNICDB_BOLT_TLS_CERT", "NORNICDB_BOLT_TLS_KEY"])
            if let given = needEnabled.first(where: tls.givenBy.contains) {
                throw .init(
                    "\(given) is set, but NORNICDB_BOLT_TLS_ENABLED is not true, so it would have no effect; "
                        + "set NORNICDB_BOLT_TLS_ENABLED=true or unset \(given)."
                )
            }
        }
        if tls.boltRequired, !tls.boltEnabled {
            throw .init("NORNICDB_BOLT_TLS_REQUIRE is true, but NORNICDB_BOLT_TLS_ENABLED is not; enable TLS too.")
        }
        switch (tls.boltClientAuthentication, tls.boltClientCAPath) {
        case (.none, .some):
            throw .init(
                "NORNICDB_BOLT_TLS_CLIENT_CA is set, but NORNICDB_BOLT_TLS_CLIENT_AUTH_MODE is none, so it would "
                    + "have no effect; set the mode to optional or require, or unset the CA."
            )
        case (.optional, nil), (.require, nil):
            throw .init(
                "NORNICDB_BOLT_TLS_CLIENT_AUTH_MODE is \(tls.boltClientAuthentication.rawValue), but "
                    + "NORNICDB_BOLT_TLS_CLIENT_CA is not set; give the PEM bundle that signs client certificates."
            )
        default:
            break
        }
        try validateHTTPS(config)
    }

    private static func validateHTTPS(_ config: Configuration) throws(ConfigurationError) {
        let tls = config.tls
        guard tls.httpsEnabled else {
            let given = ["NORNICDB_HTTPS_PORT", "NORNICDB_HTTPS_CERT", "NORNICDB_HTTPS_KEY"].first(
                where: tls.givenBy.contains
            )
            if let given {
                throw .init(
                    "\(given) is set, but NORNICDB_HTTPS_ENABLED is not true, so it would have no effect; "
                        + "set NORNICDB_HTTPS_ENABLED=true or unset \(given)."
                )
            }
            return
        }
        if tls.effectiveHTTPSCertificatePath == nil || tls.effectiveHTTPSKeyPath == nil {
            let missing = tls.effectiveHTTPSCertificatePath == nil ? "NORNICDB_HTTPS_CERT" : "NORNICDB_HTTPS_KEY"
            throw .init(
                "NORNICDB_HTTPS_ENABLED is true, but \(missing) is not set and has no Bolt TLS file to fall back "
                    + "on; give NORNICDB_HTTPS_CERT and NORNICDB_HTTPS_KEY, or NORNICDB_BOLT_TLS_CERT and "
                    + "NORNICDB_BOLT_TLS_KEY."
            )
        }
        for (other, port) in [("NORNICDB_BOLT_PORT", config.boltPort), ("NORNICDB_HTTP_PORT", config.httpPort)]
        where port == tls.httpsPort {
            throw .init(
                "NORNICDB_HTTPS_PORT and \(other) are both \(port); give every listener its own port."
            )
        }
    }
}
