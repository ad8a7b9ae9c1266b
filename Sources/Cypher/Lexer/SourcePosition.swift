/// A place in a query text, printed as Neo4j prints it: `(line 1, column 8 (offset: 7))`.
///
/// Lines and columns start at 1, and columns and the offset count UTF-16 code units, as
/// Neo4j's Java implementation does.
struct SourcePosition: CustomStringConvertible {
    let line: Int
    let column: Int
    let offset: Int

    init(offset byteOffset: Int, in source: [UInt8]) {
        let prefix = String(decoding: source[0..<min(byteOffset, source.count)], as: UTF8.self)
        var line = 1
        var column = 1
        for unit in prefix.utf16 {
            if unit == 0x0A {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        self.line = line
        self.column = column
        self.offset = prefix.utf16.count
    }

    var description: String { "(line \(line), column \(column) (offset: \(offset)))" }
}
