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
        let environment = ProcessInfo.processInfo.environment
        switch command {
        case "serve":
            if rest.contains("--help") || rest.contains("-h") {
                print(Help.serve)
                exit(0)
            }
            exit(await ServeCommand.run(arguments: rest, environment: environment))
        case "token":
            exit(await TokenCommand.run(arguments: rest, environment: environment))
        case "service-account":
            exit(await ServiceAccountCommand.run(arguments: rest, environment: environment))
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
    static let boltAgent = "Neo4j/" + neo4jVersion
    /// The Neo4j version the server is compatible with, reported over Bolt and HTTP.
    static let neo4jVersion = "5.26.0"
}
