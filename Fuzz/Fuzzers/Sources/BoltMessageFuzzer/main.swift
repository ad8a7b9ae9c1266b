import BoltProtocol
import FuzzSupport

/// Input: one byte choosing the wire format and how the rest is split into reads, then the bytes
/// a client sends after the handshake: chunked messages, each decoded as a request.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBoltMessage(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    var input = FuzzInput(data, size)
    let selector = input.byte()
    let versions: [BoltVersion] = [.v5_8, .v4_4, .v5_0, .v5_1, .v5_4, .v5_7, .v5_8, .v5_8]
    let format = BoltWireFormat(version: versions[Int(selector & 7)], utcPatch: selector & 8 != 0)
    let readSize = Int(selector >> 4) * 7 + 1
    let bytes = input.rest
    var decoder = ChunkDecoder(maximumMessageSize: 1 << 16)
    var start = 0
    while start < bytes.count {
        let end = min(bytes.count, start + readSize)
        decoder.feed(bytes[start..<end])
        start = end
        while true {
            let message: [UInt8]?
            do {
                message = try decoder.nextMessage()
            } catch {
                return 0
            }
            guard let message else { break }
            _ = try? BoltRequest(decoding: message, format: format)
        }
    }
    // The whole input as one message body too, so decoding is reached without valid chunking.
    _ = try? BoltRequest(decoding: bytes, format: format)
    return 0
}

@_cdecl("BoltMessageFuzzer_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzBoltMessage)
}
