import BoltProtocol
import FuzzSupport

/// Input: one byte choosing the server's versions, manifest offer and read size, then the bytes
/// a client sends from the start of a connection.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBoltHandshake(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    var input = FuzzInput(data, size)
    let selector = input.byte()
    let versions: [[BoltVersion]] = [
        BoltVersion.serverDefaults, [.v4_4], [.v5_8, .v5_4, .v4_4], [.v5_0, .v5_1, .v5_7],
    ]
    var handshake = BoltHandshake(supportedVersions: versions[Int(selector & 3)], offersManifest: selector & 4 != 0)
    let readSize = Int(selector >> 3) + 1
    let bytes = input.rest
    var start = 0
    repeat {
        let end = min(bytes.count, start + readSize)
        let progress = handshake.feed(bytes[start..<end])
        if case .agreed = progress.outcome, start < end {
            precondition(progress.leftover.count <= end - start, "leftover bytes that were never fed")
        }
        start = end
    } while start < bytes.count
    return 0
}

@_cdecl("BoltHandshakeFuzzer_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzBoltHandshake)
}
