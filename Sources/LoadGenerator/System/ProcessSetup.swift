import Glibc

/// Process-wide settings and waits that the subcommands share.
enum ProcessSetup {
    /// Blocks until standard input reaches end of file or the process gets SIGTERM or SIGINT.
    ///
    /// Both signals are blocked in every thread and taken with `sigwait`, so they end the wait
    /// instead of the process. A helper thread reads standard input and, at end of file or on
    /// a read error, sends SIGTERM to the process to end the wait the same way.
    static func waitForEndOfInputOrSignal() {
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGTERM)
        sigaddset(&signals, SIGINT)
        pthread_sigmask(SIG_BLOCK, &signals, nil)

        var reader = pthread_t()
        let status = pthread_create(&reader, nil, readInputUntilEnd, nil)
        precondition(status == 0, "pthread_create failed for the standard input reader")
        pthread_detach(reader)

        var received: Int32 = 0
        sigwait(&signals, &received)
    }
}

private func readInputUntilEnd(_: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
        if count > 0 { continue }
        if count < 0 && errno == EINTR { continue }
        break
    }
    kill(getpid(), SIGTERM)
    return nil
}
