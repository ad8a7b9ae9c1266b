import Glibc
import NetworkIO

/// Runs roundtrip or login for each connection count, prints a row per count and returns the
/// exit status.
func runMeasured(_ invocation: Invocation) -> Int32 {
    var jsonFile: UnsafeMutablePointer<FILE>?
    if let path = invocation.jsonPath {
        guard let file = fopen(path, "a") else {
            StandardStreams.printError(
                "nornicdb-load: cannot open --json file '\(path)': \(String(cString: strerror(errno)))"
            )
            return 1
        }
        jsonFile = file
    }
    defer {
        if let jsonFile { fclose(jsonFile) }
    }
    if invocation.printsHeader {
        StandardStreams.printLine(ResultReport.tableHeader)
    }
    var totalErrors = 0
    for connections in invocation.connectionCounts {
        StandardStreams.printError(
            "running \(invocation.scenario) against \(invocation.label) with \(connections) connection(s): "
                + "\(invocation.timing.warmupSeconds) s warm-up, \(invocation.timing.durationSeconds) s measured"
        )
        let workers: [WorkerResult]
        switch invocation.subcommand {
        case .roundtrip:
            let scenario = RoundtripScenario(
                settings: invocation.settings,
                timing: invocation.timing,
                query: invocation.query ?? "RETURN 1",
                parameter: invocation.parameter
            )
            workers = scenario.run(connections: connections)
        case .login:
            let scenario = LoginScenario(
                settings: invocation.settings,
                timing: invocation.timing,
                query: invocation.query,
                parameter: invocation.parameter
            )
            workers = scenario.run(connections: connections)
        case .idle:
            preconditionFailure("idle is not a measured subcommand")
        }
        let result = ScenarioResult(
            scenario: invocation.scenario,
            target: invocation.label,
            connections: connections,
            timing: invocation.timing,
            workers: workers
        )
        StandardStreams.printLine(ResultReport.tableRow(result))
        if let jsonFile {
            fputs(ResultReport.jsonLine(result) + "\n", jsonFile)
            fflush(jsonFile)
        }
        if let firstError = result.firstError {
            StandardStreams.printError(
                "\(invocation.scenario), \(connections) connection(s), first error: \(firstError)"
            )
        }
        totalErrors += result.errors
    }
    return totalErrors > 0 && invocation.failsOnError ? 1 : 0
}

/// Opens the idle connections, prints `ready N`, waits and returns the exit status.
func runIdle(_ invocation: Invocation, openFileLimit: UInt64) -> Int32 {
    let connections = invocation.connectionCounts[0]
    // Standard streams and a few descriptors of the runtime come on top of the sockets.
    let needed = UInt64(connections) + 16
    if openFileLimit < needed {
        StandardStreams.printError(
            "nornicdb-load: \(connections) connections need about \(needed) descriptors, but the limit is "
                + "\(openFileLimit); raise the hard limit (ulimit -Hn) or open fewer connections"
        )
        return 1
    }
    let scenario = IdleScenario(settings: invocation.settings, connections: connections)
    let (descriptors, firstError) = scenario.openAll()
    if let firstError {
        StandardStreams.printError(
            "nornicdb-load: idle: \(descriptors.count) of \(connections) connections were open when a login failed. "
                + firstError
        )
        descriptors.forEach { _ = close($0) }
        return 1
    }
    StandardStreams.printLine("ready \(descriptors.count)")
    ProcessSetup.waitForEndOfInputOrSignal()
    descriptors.forEach { _ = close($0) }
    return 0
}

let openFileLimit = DescriptorLimit.raiseToHardLimit() ?? 0
let command: ParsedCommand
do {
    command = try ArgumentParser.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    StandardStreams.printError("nornicdb-load: \(error)\nRun 'nornicdb-load --help' for the options.")
    exit(2)
}
switch command {
case .help:
    StandardStreams.printLine(Usage.text)
    exit(0)
case .run(let invocation):
    exit(invocation.subcommand == .idle ? runIdle(invocation, openFileLimit: openFileLimit) : runMeasured(invocation))
}
