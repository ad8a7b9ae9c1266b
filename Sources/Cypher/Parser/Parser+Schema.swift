import Host

extension Parser {
    /// Parses `CREATE [kind] INDEX [name] [IF NOT EXISTS] FOR entity ON (v.p, ...) [OPTIONS map]`.
    mutating func parseCreateIndex() throws(ServerError) -> SchemaCommand {
        try expect(keyword: "CREATE")
        var kind: IndexKind?
        if case .identifier(_, let upper) = current.kind, let written = IndexKind(rawValue: upper), written != .all {
            kind = written
            advance()
        }
        guard accept(keyword: "INDEX") else {
            throw unexpected(expected: kind == nil ? "'INDEX', 'CONSTRAINT', 'USER' or a pattern" : "'INDEX'")
        }
        if kind == .lookup || kind == .fulltext || kind == .vector {
            // NOTE: these kinds use other syntax (`ON EACH ...`) and no executor supports them.
            throw ServerError(.syntaxError, "\(kind!.rawValue) indexes are not supported")
        }
        if current.isKeyword("ON"), peek(1).isSymbol(":") {
            throw error(
                "Invalid input 'ON': the 'CREATE INDEX ON :Label(property)' syntax is no longer supported; "
                    + "use 'CREATE INDEX FOR (n:Label) ON (n.property)'",
                at: current.start
            )
        }
        let (name, ifNotExists) = try parseSchemaNameAndCondition(until: "FOR")
        try expect(keyword: "FOR")
        let entity = try parseSchemaEntity()
        try expect(keyword: "ON")
        try expect(symbol: "(")
        var properties: [String] = []
        repeat {
            properties.append(try parseSchemaProperty(of: entity))
        } while accept(symbol: ",")
        try expect(symbol: ")")
        let options = accept(keyword: "OPTIONS") ? Expression.map(try parseMapLiteral()) : nil
        return .createIndex(
            IndexDefinition(
                name: name,
                kind: kind,
                ifNotExists: ifNotExists,
                entity: entity,
                properties: properties,
                options: options
            )
        )
    }

    /// Parses `CREATE CONSTRAINT [name] [IF NOT EXISTS] FOR entity REQUIRE ... [OPTIONS map]`,
    /// or the same with `ON entity ASSERT ...`.
    mutating func parseCreateConstraint() throws(ServerError) -> SchemaCommand {
        try expect(keyword: "CREATE")
        try expect(keyword: "CONSTRAINT")
        let (name, ifNotExists) = try parseSchemaNameAndCondition(until: current.isKeyword("ON") ? "ON" : "FOR")
        guard accept(keyword: "FOR") || accept(keyword: "ON") else { throw unexpected(expected: "'FOR'") }
        let entity = try parseSchemaEntity()
        guard accept(keyword: "REQUIRE") || accept(keyword: "ASSERT") else { throw unexpected(expected: "'REQUIRE'") }
        var properties: [String] = []
        if accept(symbol: "(") {
            repeat {
                properties.append(try parseSchemaProperty(of: entity))
            } while accept(symbol: ",")
            try expect(symbol: ")")
        } else {
            properties.append(try parseSchemaProperty(of: entity))
        }
        try expect(keyword: "IS")
        let kind = try parseConstraintKind()
        let options = accept(keyword: "OPTIONS") ? Expression.map(try parseMapLiteral()) : nil
        return .createConstraint(
            ConstraintDefinition(
                name: name,
                ifNotExists: ifNotExists,
                entity: entity,
                properties: properties,
                kind: kind,
                options: options
            )
        )
    }

    private mutating func parseConstraintKind() throws(ServerError) -> ConstraintDefinition.Kind {
        if accept(keyword: "NOT") {
            try expect(keyword: "NULL")
            return .notNull
        }
        if accept(keyword: "TYPED") || (accept(symbol: ":") && accept(symbol: ":")) {
            let start = current.start
            while current.name != nil || current.isSymbol("|") || current.isSymbol("<") || current.isSymbol(">") {
                if current.isKeyword("OPTIONS") { break }
                advance()
            }
            let type = text(from: start)
            guard !type.isEmpty else { throw unexpected(expected: "a property type") }
            return .propertyType(type)
        }
        _ = accept(keyword: "NODE") || accept(keyword: "RELATIONSHIP") || accept(keyword: "REL")
        if accept(keyword: "UNIQUE") { return .unique }
        if accept(keyword: "KEY") { return .key }
        throw unexpected(expected: "'UNIQUE', 'KEY', 'NOT NULL' or '::'")
    }

    /// Parses an optional name and `IF NOT EXISTS` before the keyword `until`.
    private mutating func parseSchemaNameAndCondition(until keyword: String) throws(ServerError) -> (String?, Bool) {
        var name: String?
        if !current.isKeyword(keyword), !(current.isKeyword("IF") && peek(1).isKeyword("NOT")) {
            if case .parameter = current.kind {
                throw error("Parameters are not supported as index or constraint names", at: current.start)
            }
            name = try expectName("a name, 'IF NOT EXISTS' or '\(keyword)'")
        }
        var ifNotExists = false
        if accept(keyword: "IF") {
            try expect(keyword: "NOT")
            try expect(keyword: "EXISTS")
            ifNotExists = true
        }
        return (name, ifNotExists)
    }

    /// Parses `(v:Label)` or `()-[v:TYPE]-()` with either arrow direction.
    private mutating func parseSchemaEntity() throws(ServerError) -> SchemaEntity {
        try expect(symbol: "(")
        if accept(symbol: ")") {
            _ = accept(symbol: "<")
            try expect(symbol: "-")
            try expect(symbol: "[")
            let variable = try expectName("a variable name")
            try expect(symbol: ":")
            let type = try expectName("a relationship type name")
            try expect(symbol: "]")
            try expect(symbol: "-")
            _ = accept(symbol: ">")
            try expect(symbol: "(")
            try expect(symbol: ")")
            return .relationship(variable: variable, type: type)
        }
        let variable = try expectName("a variable name")
        try expect(symbol: ":")
        let label = try expectName("a label name")
        try expect(symbol: ")")
        return .node(variable: variable, label: label)
    }

    /// Parses `v.key`, where `v` must be the entity's variable.
    private mutating func parseSchemaProperty(of entity: SchemaEntity) throws(ServerError) -> String {
        let expected: String
        switch entity {
        case .node(let variable, _), .relationship(let variable, _): expected = variable
        }
        let start = current.start
        let variable = try expectName("'\(expected).' followed by a property key name")
        guard variable == expected else {
            throw error("Variable `\(variable)` not defined: expected `\(expected)`", at: start)
        }
        try expect(symbol: ".")
        return try expectName("a property key name")
    }

    /// Parses `DROP INDEX name [IF EXISTS]`, `DROP INDEX ON :Label(p, ...)` and
    /// `DROP CONSTRAINT name [IF EXISTS]`.
    mutating func parseDropSchema() throws(ServerError) -> SchemaCommand {
        try expect(keyword: "DROP")
        let isIndex = accept(keyword: "INDEX")
        if !isIndex { try expect(keyword: "CONSTRAINT") }
        if isIndex, current.isKeyword("ON"), peek(1).isSymbol(":") {
            advance()
            advance()
            let label = try expectName("a label name")
            try expect(symbol: "(")
            var properties: [String] = []
            repeat {
                properties.append(try expectName("a property key name"))
            } while accept(symbol: ",")
            try expect(symbol: ")")
            return .dropIndexOn(label: label, properties: properties)
        }
        let name = try expectName(isIndex ? "an index name" : "a constraint name")
        var ifExists = false
        if accept(keyword: "IF") {
            try expect(keyword: "EXISTS")
            ifExists = true
        }
        return isIndex ? .dropIndex(name: name, ifExists: ifExists) : .dropConstraint(name: name, ifExists: ifExists)
    }
}
