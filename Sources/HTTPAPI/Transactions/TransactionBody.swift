import GraphValue
import Host
import JSON

/// The response bodies of the transactional endpoints.
///
/// Every body has `results` (one per statement that ran) and `errors` (empty, or the one error
/// that stopped the batch). A transaction left open adds `commit` and `transaction.expires`, and
/// a commit adds `lastBookmarks`.
enum TransactionBody {
    /// The URL and expiry time of a transaction that stays open.
    struct OpenTransaction {
        /// `<base>/db/{db}/tx/{id}`, sent as `Location` when the transaction begins.
        let location: String
        /// The wall-clock time in seconds since the epoch when the idle timeout rolls it back.
        let expiresAt: Int64
    }

    static func make(
        results: [JSONValue],
        error: ServerError?,
        open: OpenTransaction? = nil,
        bookmark: String? = nil
    ) -> JSONValue {
        var body: [String: JSONValue] = [
            "results": .array(results),
            "errors": .array(error.map { [HTTPStatus.errorEntry($0)] } ?? []),
        ]
        if let open {
            body["commit"] = .string(open.location + "/commit")
            body["transaction"] = ["expires": .string(HTTPDate.format(secondsSinceEpoch: open.expiresAt))]
        }
        if let bookmark { body["lastBookmarks"] = [.string(bookmark)] }
        return .object(body)
    }

    /// `<base>/db/{db}/tx/{id}`, with the database name percent-encoded.
    static func location(baseURL: String, database: String, id: String) -> String {
        "\(baseURL)/db/\(percentEncoded(database))/tx/\(id)"
    }

    /// Percent-encodes everything but RFC 3986's unreserved characters, so a name cannot alter the URL.
    static func percentEncoded(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                output += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return output
    }
}

/// HTTP dates in the IMF-fixdate form of RFC 9110 section 5.6.7, which is RFC 1123's date
/// format: `Sun, 06 Nov 1994 08:49:37 GMT`.
enum HTTPDate {
    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func format(secondsSinceEpoch seconds: Int64) -> String {
        let (days, secondOfDay) = CivilCalendar.splitDays(seconds: seconds)
        let date = CivilCalendar.civil(fromDays: days)
        // The ISO day of the week runs from 1 for Monday to 7 for Sunday, so modulo 7 makes Sunday 0.
        let weekday = CivilCalendar.dayOfWeek(days: days) % 7
        return "\(weekdays[Int(weekday)]), \(pad(date.day, 2)) \(months[Int(date.month - 1)]) \(pad(date.year, 4)) "
            + "\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2)) GMT"
    }

    private static func pad(_ number: Int64, _ width: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
