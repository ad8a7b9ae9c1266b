import CLinux

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a helper program for a test and collects its standard output.
///
/// Tests use this instead of Foundation's `Process`, whose `run()` in Swift 6.3.1 on Linux can
/// read past a buffer while it lists `/proc/self/fd`, and crashed the test process now and
/// then. `posix_spawn` lists nothing; the pipe is close-on-exec, so programs that other tests
/// start at the same moment do not inherit it.
public enum ChildProcess {
    public struct Outcome: Sendable {
        /// The exit status, or 128 plus the signal number when a signal ended the program.
        public let status: Int32
        public let output: String
    }

    public struct LaunchFailure: Error, CustomStringConvertible {
        public let executable: String
        public let code: Int32
        public var description: String { "cannot start \(executable): \(String(cString: strerror(code)))" }
    }

    /// Runs `executable` with `arguments` and waits for it to exit. Standard input and standard
    /// error are /dev/null.
    /// - Parameter directory: the working directory, or nil for the test's own.
    public static func run(_ executable: String, _ arguments: [String], in directory: String? = nil) throws -> Outcome {
        var pipeEnds: [Int32] = [-1, -1]
        guard pipe2(&pipeEnds, O_CLOEXEC) == 0 else { throw LaunchFailure(executable: executable, code: errno) }
        defer { if pipeEnds[0] >= 0 { close(pipeEnds[0]) } }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        if let directory { posix_spawn_file_actions_addchdir_np(&actions, directory) }

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var child = pid_t()
        let spawned = posix_spawn(&child, executable, &actions, nil, argv, environ)
        close(pipeEnds[1])
        guard spawned == 0 else { throw LaunchFailure(executable: executable, code: spawned) }

        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(pipeEnds[0], &buffer, buffer.count)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            output.append(contentsOf: buffer[0..<count])
        }
        var status: Int32 = 0
        while waitpid(child, &status, 0) < 0, errno == EINTR {}
        // The wait macros are not imported: the low seven bits hold the signal, zero on an exit.
        let signal = status & 0x7F
        let exitStatus = signal == 0 ? (status >> 8) & 0xFF : 128 + signal
        return Outcome(status: exitStatus, output: String(decoding: output, as: UTF8.self))
    }
}
