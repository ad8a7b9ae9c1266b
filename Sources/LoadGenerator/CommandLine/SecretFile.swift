import Glibc

/// Reads secrets from files, so that they stay out of the process list and shell history.
enum SecretFile {
    /// The largest secret file read: far more than any password or a few thousand tokens.
    static let maximumSize = 16 << 20

    /// Returns the file's text. The message of a failure names the file but never its content.
    static func read(_ path: String) throws(UsageError) -> String {
        guard let file = fopen(path, "rb") else {
            throw UsageError("cannot read '\(path)': \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            bytes += chunk[0..<count]
            if bytes.count > maximumSize {
                throw UsageError("'\(path)' is larger than \(maximumSize) bytes; expected a password or tokens")
            }
            if count < chunk.count { break }
        }
        if ferror(file) != 0 {
            throw UsageError("cannot read '\(path)': read error")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw UsageError("'\(path)' is not valid UTF-8")
        }
        return text
    }

    /// Returns the text without one trailing line break, so that `echo secret > file` works.
    static func password(fromText text: String) -> String {
        // Swift reads "\r\n" as one Character, so one dropLast removes either form.
        text.last?.isNewline == true ? String(text.dropLast()) : text
    }

    /// Returns the non-empty lines of the text without surrounding spaces, one token per line.
    static func tokens(fromText text: String) -> [String] {
        text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingSpaces() }
            .filter { !$0.isEmpty }
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
