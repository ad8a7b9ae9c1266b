import Foundation
import Host

/// The data directory: created owner-only, since it contains password hashes and the JWT secret.
enum DataDirectory {
    /// Creates the directory if needed; returns a warning when an existing one is open to others.
    static func prepare(_ path: String) throws -> String? {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw ConfigurationError("NORNICDB_DATA_DIR '\(path)' exists and is not a directory.")
            }
            let mode = (try? manager.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? 0
            guard mode & 0o077 != 0 else { return nil }
            return "NORNICDB_DATA_DIR '\(path)' has mode \(String(mode, radix: 8)), so other local users may read "
                + "it; run `chmod 700 \(path)`"
        }
        do {
            try manager.createDirectory(
                atPath: path,
                withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700]
            )
        } catch {
            throw ConfigurationError("NORNICDB_DATA_DIR '\(path)' cannot be created: \(error.localizedDescription)")
        }
        return nil
    }
}
