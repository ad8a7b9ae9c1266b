import Cypher
import FuzzSupport

/// Input: Cypher text. It is parsed, checked and classified, as every statement is before it runs.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCypher(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let statement = try? CypherParser.parse(text) else { return 0 }
    _ = requiredPermissions(of: statement)
    guard (try? SemanticAnalysis.check(statement)) != nil else { return 0 }
    _ = requiredPermissions(of: statement)
    return 0
}

@_cdecl("CypherFuzzer_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzCypher)
}
