internal import CMicroHTTPD

/// Reads a request's header fields from libmicrohttpd.
enum HeaderFields {
    /// Returns the header fields of the request on `connection` in arrival order, with lower-cased
    /// names; repeated fields stay separate entries. Call only on the libmicrohttpd thread.
    ///
    /// libmicrohttpd keeps the fields in a list in arrival order and removes the whitespace before
    /// each value; this removes the whitespace after it. Bytes that are not UTF-8 become U+FFFD.
    static func read(from connection: OpaquePointer) -> [(name: String, value: String)] {
        let collector = FieldCollector()
        // The iterator runs synchronously inside the call, while `collector` is still alive.
        withExtendedLifetime(collector) {
            _ = MHD_get_connection_values(
                connection,
                .HEADER_KIND,
                collectField,
                Unmanaged.passUnretained(collector).toOpaque()
            )
        }
        return collector.fields
    }

    private static let collectField: MHD_KeyValueIterator = { cls, _, key, value in
        guard let cls, let key else { return .YES }
        let collector = Unmanaged<FieldCollector>.fromOpaque(cls).takeUnretainedValue()
        let text = value.map { String(cString: $0) } ?? ""
        collector.fields.append((name: String(cString: key).lowercased(), value: trimmingTrailingWhitespace(text)))
        return .YES
    }

    /// Removes trailing spaces and tabs, the optional whitespace that RFC 9110 excludes from a value.
    private static func trimmingTrailingWhitespace(_ value: String) -> String {
        var scalars = Substring(value).unicodeScalars
        while let last = scalars.last, last == " " || last == "\t" {
            scalars.removeLast()
        }
        return String(scalars)
    }
}

private final class FieldCollector {
    var fields: [(name: String, value: String)] = []
}
