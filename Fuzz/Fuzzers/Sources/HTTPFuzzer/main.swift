import FuzzSupport
import HTTPAPI
import HTTPServer
import JSON

/// Input: an HTTP/1.1 request as text: a request line, header fields up to an empty line, then
/// the body. libmicrohttpd has parsed the bytes before the Swift code reads them, so this splits them
/// loosely and runs what the Swift side checks and decodes: the framing rules, the request-target,
/// the path segments, the `Host` header, the cross-site checks, every `Authorization` header and
/// the JSON body.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTP(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var lines: [[UInt8]] = []
    var body: [UInt8] = []
    var start = 0
    while start < bytes.count {
        let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
        var line = Array(bytes[start..<end])
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        start = end + 1
        if line.isEmpty, !lines.isEmpty {
            body = start < bytes.count ? Array(bytes[start...]) : []
            break
        }
        lines.append(line)
    }
    let requestLine = String(decoding: lines.first ?? [], as: UTF8.self).split(separator: " ")
    let method = requestLine.first.map(String.init) ?? "GET"
    let target = RequestParsing.target(requestLine.count > 1 ? String(requestLine[1]) : "/")
    var fields: [(name: String, value: String)] = []
    for line in lines.dropFirst() {
        let colon = line.firstIndex(of: UInt8(ascii: ":")) ?? line.count
        let name = String(decoding: line[..<colon], as: UTF8.self).lowercased()
        var value = colon < line.count ? String(decoding: line[(colon + 1)...], as: UTF8.self) : ""
        while value.first == " " || value.first == "\t" { value.removeFirst() }
        while value.last == " " || value.last == "\t" { value.removeLast() }
        fields.append((name: name, value: value))
    }
    _ = RequestParsing.framingViolation(in: fields)
    let request = HTTPRequest(method: method, path: target.path, query: target.query, headers: fields, body: body)
    _ = RequestDecoding.pathSegments(target.path)
    for host in request.headers(named: "host") { _ = RequestDecoding.host(host) }
    _ = RequestDecoding.isLoopbackHost(request)
    _ = RequestDecoding.crossSiteRejection(of: request)
    for value in request.headers(named: "authorization") { _ = try? AuthorizationHeader.token(from: value) }
    _ = try? request.jsonObject()
    _ = try? StrictJSONParser.parse(body)
    return 0
}

@_cdecl("HTTPFuzzer_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzHTTP)
}
