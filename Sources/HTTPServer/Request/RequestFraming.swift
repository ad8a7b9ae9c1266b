/// Checks the header fields that decide where a request ends, before its body is read.
///
/// Two parsers that disagree on a request's length let a client hide a second request in the
/// body of the first ("request smuggling"). libmicrohttpd 0.9.75 accepts a request with both
/// `Content-Length` and `Transfer-Encoding: chunked` (it decodes the chunks and runs the bytes
/// after them as a new request) and reads the first of two `Content-Length` fields. RFC 9112
/// section 6.3 requires a server to reject such a request and close the connection, so this
/// rejects every field combination for which a proxy in front could find another length:
///
/// - `Content-Length` together with `Transfer-Encoding`;
/// - more than one `Content-Length`, even with equal values, or one that is not ASCII digits;
/// - more than one `Transfer-Encoding`, or one other than `chunked` (case-insensitive), since
///   this server decodes no other transfer coding;
/// - more than one `Host` (RFC 9112 section 3.2);
/// - a field name that is not an RFC 9110 token, which includes whitespace before the colon
///   (RFC 9112 section 5.1);
/// - a field value with CR, LF or NUL (RFC 9110 section 5.5).
///
/// NOTE: libmicrohttpd 0.9.75 hands over each value as a C string, so a value with a NUL byte
/// arrives cut at the NUL and is not rejected. It appends the text of an obsolete line folding to
/// the field name, so a folding is rejected only when that text is not a token.
enum RequestFraming {
    /// Returns why the header fields are rejected, as a sentence for the client, or nil when they
    /// are acceptable. `fields` have lower-cased names, as ``HeaderFields/read(from:)`` returns them.
    ///
    /// The sentence never contains a field value, and contains a field name only when the name is a
    /// token, so it needs no JSON escaping and echoes no credentials.
    static func violation(in fields: [(name: String, value: String)]) -> String? {
        for field in fields {
            guard isToken(field.name) else {
                return "A header field name is not a valid token; whitespace before the colon and line folding "
                    + "are not allowed."
            }
            if field.value.utf8.contains(where: { $0 == 0x00 || $0 == 0x0A || $0 == 0x0D }) {
                return "The value of the header field '\(field.name)' contains CR, LF or NUL."
            }
        }
        let hosts = values(named: "host", in: fields)
        if hosts.count > 1 { return "The request has more than one Host header field." }

        let lengths = values(named: "content-length", in: fields)
        let encodings = values(named: "transfer-encoding", in: fields)
        if !lengths.isEmpty && !encodings.isEmpty {
            return "The request has both Content-Length and Transfer-Encoding; send only one of them."
        }
        if lengths.count > 1 { return "The request has more than one Content-Length header field." }
        if let length = lengths.first, !isDigits(length) {
            return "The Content-Length header field must be a non-negative decimal integer."
        }
        if encodings.count > 1 { return "The request has more than one Transfer-Encoding header field." }
        if let encoding = encodings.first, encoding.lowercased() != "chunked" {
            return "The Transfer-Encoding header field must be exactly 'chunked', the only transfer coding "
                + "this server decodes."
        }
        return nil
    }

    private static func values(named name: String, in fields: [(name: String, value: String)]) -> [String] {
        fields.filter { $0.name == name }.map(\.value)
    }

    private static func isDigits(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    /// Returns whether `name` is an RFC 9110 token, the syntax of a header field name.
    static func isToken(_ name: String) -> Bool {
        !name.isEmpty
            && name.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"):
                    true
                default:
                    "!#$%&'*+-.^_`|~".utf8.contains(byte)
                }
            }
    }
}
