/// The setting that defines procedures for tests; see ``TestProcedureSettings``.
extension ConfigurationLoader {
    static let testProcedureSettings: [Setting] = [
        Setting(
            variable: "NORNICDB_TEST_PROCEDURES",
            flag: "--test-procedures",
            valueName: "PATH",
            help: "For testing only: a JSON file of at most 1 MiB that defines fixed-table procedures, "
                + "read once at start-up (default: none)."
        ) { config, value throws(ConfigurationError) in
            do {
                config.testProcedures.procedures = try TestProcedureFile.load(value)
            } catch {
                throw .init("NORNICDB_TEST_PROCEDURES '\(value)' cannot be used: \(error).")
            }
            config.testProcedures.path = value
        }
    ]
}
