import GraphValue
import Host
import JSON

/// The `plan` member of a result, for statements that start with `EXPLAIN` or `PROFILE`.
///
/// It is `{"root": operator}`, where each operator is an object with `operatorType`,
/// `identifiers`, `children` and its arguments as further members (such as `Details`), and, when
/// profiled, `rows` and `dbHits`. This follows the example of Neo4j 5's HTTP API manual, page
/// "Profile queries"; that page shows EXPLAIN only, so PROFILE reuses the same member.
enum PlanFormat {
    static func plan(_ root: PlanDescription) -> JSONValue {
        ["root": node(root)]
    }

    private static func node(_ plan: PlanDescription) -> JSONValue {
        var members: [String: JSONValue] = [:]
        for (key, value) in plan.arguments { members[key] = ValueFormat.row(value) }
        members["operatorType"] = .string(plan.operatorType)
        members["identifiers"] = .array(plan.identifiers.map { .string($0) })
        members["children"] = .array(plan.children.map(node))
        if let statistics = plan.statistics {
            members["rows"] = .integer(statistics.rows)
            members["dbHits"] = .integer(statistics.dbHits)
        }
        return .object(members)
    }
}
