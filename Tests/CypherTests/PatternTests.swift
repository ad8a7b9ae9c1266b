import Cypher
import Host
import Testing

@Suite struct PatternTests {
    private func pattern(_ text: String) throws -> Pattern {
        guard case .match(let match) = try parseClauses("MATCH \(text) RETURN 1").first else {
            throw ServerError(.unknownError, "no MATCH")
        }
        return match.pattern
    }

    private func relationship(_ text: String) throws -> RelationshipPattern {
        guard let step = try pattern("(a)\(text)(b)").parts.first?.element.chain.first else {
            throw ServerError(.unknownError, "no relationship")
        }
        return step.relationship
    }

    @Test func nodePatterns() throws {
        let node = try #require(try pattern("(n:A:B {name: 'x', age: $age})").parts.first?.element.start)
        #expect(node.variable == "n")
        #expect(node.labels == ["A", "B"])
        #expect(
            node.properties
                == .map([MapEntry(key: "name", value: string("x")), MapEntry(key: "age", value: .parameter("age"))])
        )
        #expect(try pattern("()").parts.first?.element.start == NodePattern())
        #expect(try pattern("(:CREATE)").parts.first?.element.start.labels == ["CREATE"])
        #expect(try pattern("(n $props)").parts.first?.element.start.properties == .parameter("props"))
        #expect(try pattern("(`my node`:`My Label`)").parts.first?.element.start.labels == ["My Label"])
        let inline = try #require(try pattern("(n:A WHERE n.x > 1)").parts.first?.element.start)
        #expect(inline.predicate == .binary(.greater, .property(variable("n"), key: "x"), integer(1)))
    }

    @Test(arguments: [
        ("-->", RelationshipDirection.outgoing), ("<--", .incoming), ("--", .both), ("<-->", .both),
        ("-[]->", .outgoing), ("<-[]-", .incoming), ("-[]-", .both),
    ])
    func directions(text: String, direction: RelationshipDirection) throws {
        #expect(try relationship(text).direction == direction)
    }

    @Test func relationshipDetails() throws {
        let detailed = try relationship("-[r:KNOWS|LIKES {since: 2000}]->")
        #expect(detailed.variable == "r")
        #expect(detailed.types == ["KNOWS", "LIKES"])
        #expect(detailed.properties == .map([MapEntry(key: "since", value: integer(2000))]))
        #expect(detailed.length == nil)
        #expect(try relationship("-[:A|:B]-").types == ["A", "B"])
        #expect(try relationship("-[r $p]-").properties == .parameter("p"))
    }

    @Test(arguments: [
        ("*", Int64?.none, Int64?.none), ("*2", 2, 2), ("*1..3", 1, 3), ("*..3", nil, 3), ("*2..", 2, nil),
        ("* 1 .. 3", 1, 3), ("*0..", 0, nil),
    ])
    func variableLength(text: String, minimum: Int64?, maximum: Int64?) throws {
        let length = try #require(try relationship("-[:T\(text)]->").length)
        #expect(length.minimum == minimum)
        #expect(length.maximum == maximum)
    }

    @Test func multiplePartsAndPaths() throws {
        let parsed = try pattern("(a)-->(b)<--(c), p = (d)--(e), q = shortestPath((a)-[*]-(e))")
        #expect(parsed.parts.count == 3)
        #expect(parsed.parts[0].element.chain.count == 2)
        #expect(parsed.parts[0].element.nodes.map(\.variable) == ["a", "b", "c"])
        #expect(parsed.parts[1].variable == "p")
        #expect(parsed.parts[2].variable == "q")
        #expect(parsed.parts[2].selector == .shortestPath)
        #expect(try pattern("allShortestPaths((a)-->(b))").parts[0].selector == .allShortestPaths)
        #expect(try pattern("((a)-->(b))").parts[0].element.chain.count == 1)
    }

    @Test(arguments: ["(a", "(a)-", "(a)-[", "(a)-[r", "(a)-[r]", "(a)-[r]-", "(a)-[*1..", "(a:)", "(a {)", "(a)->(b)"])
    func malformed(text: String) {
        #expect(parseError("MATCH \(text) RETURN a")?.status == .syntaxError)
    }
}
