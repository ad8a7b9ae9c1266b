import BoltProtocol
import FuzzSupport

/// Input: one byte choosing the wire format and whether graph structures are accepted, then
/// PackStream bytes. A value that decodes is encoded again and decoded once more.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPackStream(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    var input = FuzzInput(data, size)
    let selector = input.byte()
    let formats: [BoltWireFormat] = [
        .latest, BoltWireFormat(version: .v4_4), BoltWireFormat(version: .v4_4, utcPatch: true),
        BoltWireFormat(version: .v5_0),
    ]
    let format = formats[Int(selector & 3)]
    let limits = PackStreamLimits(maximumDepth: 32, maximumStringLength: 1 << 16, maximumCollectionCount: 1 << 12)
    let graphs = selector & 4 != 0
    guard
        let value = try? PackStreamDecoder.decodeValue(
            from: input.rest,
            format: format,
            limits: limits,
            acceptsGraphStructures: graphs
        )
    else { return 0 }
    let encoded = PackStreamEncoder.encode(value, format: format)
    _ = try? PackStreamDecoder.decodeValue(from: encoded, format: format, acceptsGraphStructures: true)
    return 0
}

@_cdecl("PackStreamFuzzer_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzPackStream)
}
