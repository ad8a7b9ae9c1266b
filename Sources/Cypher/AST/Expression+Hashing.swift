extension Expression {
    /// The maximum number of nodes that ``hash(into:)`` visits.
    static let hashedNodeLimit = 32

    /// Hashes the first ``hashedNodeLimit`` nodes of the tree in depth-first order, each by its
    /// form and its own names and operators, with a loop instead of recursion.
    ///
    /// The synthesized hash recursed once per tree level with about 1.8 KiB of stack in a debug
    /// build, enough to overflow a small thread stack on a long `a + b + ...` chain. Equal
    /// expressions visit the same nodes in the same order, so they still hash equally.
    public func hash(into hasher: inout Hasher) {
        var pending = [self]
        var visited = 0
        while let next = pending.popLast(), visited < Self.hashedNodeLimit {
            visited += 1
            next.hashNode(into: &hasher)
            pending.append(contentsOf: next.children.reversed())
        }
    }

    /// Hashes this node's form and the parts that are not child expressions.
    private func hashNode(into hasher: inout Hasher) {
        switch self {
        case .literal(let literal):
            hasher.combine(0)
            hasher.combine(literal)
        case .parameter(let name):
            hasher.combine(1)
            hasher.combine(name)
        case .variable(let name):
            hasher.combine(2)
            hasher.combine(name)
        case .property(_, let key):
            hasher.combine(3)
            hasher.combine(key)
        case .subscript: hasher.combine(4)
        case .slice(_, let from, let to):
            hasher.combine(5)
            hasher.combine(from == nil)
            hasher.combine(to == nil)
        case .list(let items):
            hasher.combine(6)
            hasher.combine(items.count)
        case .map(let entries):
            hasher.combine(7)
            hasher.combine(entries.map(\.key))
        case .unary(let op, _):
            hasher.combine(8)
            hasher.combine(op)
        case .binary(let op, _, _):
            hasher.combine(9)
            hasher.combine(op)
        case .isNull(_, let negated):
            hasher.combine(10)
            hasher.combine(negated)
        case .hasLabels(_, let labels):
            hasher.combine(11)
            hasher.combine(labels)
        case .functionCall(let call):
            hasher.combine(12)
            hasher.combine(call.lookupName)
            hasher.combine(call.distinct)
        case .countStar: hasher.combine(13)
        case .caseExpression: hasher.combine(14)
        case .listComprehension(let comprehension):
            hasher.combine(15)
            hasher.combine(comprehension.variable)
        case .patternComprehension: hasher.combine(16)
        case .quantifier(let quantifier):
            hasher.combine(17)
            hasher.combine(quantifier.variable)
        case .reduce(let reduce):
            hasher.combine(18)
            hasher.combine(reduce.variable)
        case .patternPredicate: hasher.combine(19)
        case .existsSubquery: hasher.combine(20)
        case .countSubquery: hasher.combine(21)
        case .collectSubquery: hasher.combine(22)
        case .mapProjection(let projection):
            hasher.combine(23)
            hasher.combine(projection.variable)
        }
    }
}
