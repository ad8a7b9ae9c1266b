import Foundation
import Host

/// The data directory: created owner-only, since it holds password hashes and the JWT secret.
enum DataDirectory {
    static func prepare(_ path: String) throws {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw ConfigurationError("NORNICDB_DATA_DIR '\(path)' exists and is not a directory.")
            }
            return
        }
        do {
            try manager.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw ConfigurationError("NORNICDB_DATA_DIR '\(path)' cannot be created: \(error.localizedDescription)")
        }
    }
}
