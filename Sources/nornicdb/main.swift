// The entry point only dispatches; everything else lives in other files, because closures
// defined at the top level here are main-actor isolated and must never be called from C threads.
await CommandLineTool.run(arguments: Array(CommandLine.arguments.dropFirst()))
