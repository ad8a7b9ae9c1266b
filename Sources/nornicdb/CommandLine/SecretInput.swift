import Host

#if canImport(Glibc)
    import Glibc
#endif

/// Reads secrets (service-account secrets, admin tokens) from files and standard input, never
/// from command-line values, which other local users can read in the process list.
enum SecretInput {
    /// The largest input accepted, in bytes; a secret is one line, so more is a wrong file.
    static let maximumSize = SettingFile.maximumSize

    /// Reads a one-line secret from the file at `path`.
    ///
    /// - Parameter what: the secret's name in messages, for example `the admin token`.
    /// - Throws: ``CommandFailure`` when the file cannot be read, or the secret is empty or has
    ///   more than one line. Messages never contain the file's contents.
    static func read(file path: String, what: String) throws(CommandFailure) -> Secret {
        let text: String
        do {
            text = try SettingFile.read(path)
        } catch {
            throw CommandFailure("Cannot read \(what) from the file \(path): \(error).")
        }
        return try oneLine(text, what: what, origin: "the file \(path)")
    }

    /// Reads a one-line secret from standard input.
    ///
    /// On a terminal it writes `prompt` to standard error and turns echo off while the line is
    /// typed. Otherwise, as from a pipe, it reads the whole input, which must be one line.
    static func readStandardInput(prompt: String, what: String) throws(CommandFailure) -> Secret {
        let text: String
        if isatty(STDIN_FILENO) == 1 {
            text = try readTerminalLine(prompt: prompt, what: what)
        } else {
            text = try readAll(STDIN_FILENO, what: what)
        }
        return try oneLine(text, what: what, origin: "standard input")
    }

    /// Strips one trailing line break and checks that one non-empty line remains.
    static func oneLine(_ text: String, what: String, origin: String) throws(CommandFailure) -> Secret {
        var line = text
        // "\r\n" is a single Character in Swift, so one removeLast drops either line break.
        if line.hasSuffix("\n") || line.hasSuffix("\r\n") { line.removeLast() }
        guard !line.isEmpty else {
            throw CommandFailure("\(sentenceStart(what)) from \(origin) is empty.")
        }
        guard !line.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else {
            throw CommandFailure(
                "\(sentenceStart(what)) from \(origin) has more than one line; "
                    + "give the secret alone on one line."
            )
        }
        return Secret(line)
    }

    /// `text` with its first letter in upper case, to start a sentence.
    private static func sentenceStart(_ text: String) -> String {
        text.prefix(1).uppercased() + text.dropFirst()
    }

    private static func readAll(_ descriptor: Int32, what: String) throws(CommandFailure) -> String {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while bytes.count <= maximumSize {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw CommandFailure("Cannot read \(what) from standard input: \(String(cString: strerror(errno))).")
            }
            if count == 0 { break }
            bytes.append(contentsOf: buffer.prefix(count))
        }
        guard bytes.count <= maximumSize else {
            throw CommandFailure("The input for \(what) is larger than \(maximumSize) bytes; give one line.")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw CommandFailure("The input for \(what) is not UTF-8 text.")
        }
        return text
    }

    /// Reads one line from the terminal with echo off, restoring the terminal's settings after.
    ///
    /// NOTE: a SIGINT while the line is typed ends the process with echo still off; `stty echo`
    /// or `reset` turns it back on.
    private static func readTerminalLine(prompt: String, what: String) throws(CommandFailure) -> String {
        var original = termios()
        let hasSettings = tcgetattr(STDIN_FILENO, &original) == 0
        if hasSettings {
            var silent = original
            silent.c_lflag &= ~tcflag_t(ECHO)
            silent.c_lflag |= tcflag_t(ECHONL)
            // TCSAFLUSH drops what was typed before the prompt, so no earlier keystrokes become
            // part of the secret. The prompt comes after, so the answer is never dropped.
            _ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        }
        defer {
            if hasSettings { _ = tcsetattr(STDIN_FILENO, TCSANOW, &original) }
        }
        Console.prompt(prompt)
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while bytes.count <= maximumSize {
            let count = Glibc.read(STDIN_FILENO, &byte, 1)
            if count < 0 {
                if errno == EINTR { continue }
                throw CommandFailure("Cannot read \(what) from the terminal: \(String(cString: strerror(errno))).")
            }
            if count == 0 || byte == UInt8(ascii: "\n") { break }
            bytes.append(byte)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw CommandFailure("The input for \(what) is not UTF-8 text.")
        }
        return text
    }
}
