import Foundation
import Host

/// The `nornicdb` command: parses the subcommand and runs it.
enum CommandLineTool {
    static func run(arguments: [String]) async {
        guard let command = arguments.first else {
            print(Help.overview)
            exit(2)
        }
        let rest = Array(arguments.dropFirst())
        switch command {
        case "serve":
            if rest.contains("--help") || rest.contains("-h") {
                print(Help.serve)
                exit(0)
            }
            let status = await ServeCommand.run(arguments: rest, environment: ProcessInfo.processInfo.environment)
            exit(status)
        case "--help", "-h", "help":
            print(Help.overview)
            exit(0)
        case "--version", "version":
            print("nornicdb \(ServerInfo.version)")
            exit(0)
        default:
            FileHandle.standardError.write(Data("Unknown command '\(command)'; run `nornicdb --help`.\n".utf8))
            exit(2)
        }
    }
}

/// Version strings the server reports.
enum ServerInfo {
    static let version = "0.1.0"
    /// The agent sent in Bolt's HELLO reply; Neo4j drivers require the `Neo4j/` prefix.
    static let boltAgent = "Neo4j/5.26.0"
}
