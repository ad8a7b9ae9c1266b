import GraphValue
import Host

/// `duration()` and the `duration.*` functions that measure the time between two temporal values.
enum DurationFunctions {
    static let definitions: [FunctionDefinition] = [
        FunctionDefinition("duration", arity: 1) { arguments, _ in
            try DurationConstruction.duration(from: arguments[0])
        },
        FunctionDefinition("duration.between", arity: 2) { arguments, _ in
            try DurationBetween.between(arguments[0], arguments[1], unit: .mixed, function: "duration.between")
        },
        FunctionDefinition("duration.inMonths", arity: 2) { arguments, _ in
            try DurationBetween.between(arguments[0], arguments[1], unit: .months, function: "duration.inMonths")
        },
        FunctionDefinition("duration.inDays", arity: 2) { arguments, _ in
            try DurationBetween.between(arguments[0], arguments[1], unit: .days, function: "duration.inDays")
        },
        FunctionDefinition("duration.inSeconds", arity: 2) { arguments, _ in
            try DurationBetween.between(arguments[0], arguments[1], unit: .seconds, function: "duration.inSeconds")
        },
    ]
}
