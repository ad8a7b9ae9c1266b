import Foundation
import GraphValue
import Host
import QueryEngine

/// Runs work on a thread with a chosen stack size, as the server's worker threads may have.
enum SmallStack {
    /// The stack size the engine must survive in a debug build.
    static let size = 512 * 1024

    /// Runs `body` on a new thread with `stackSize` bytes of stack and returns its result.
    static func run<T: Sendable>(stackSize: Int = size, _ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: body()) }
            thread.stackSize = stackSize
            thread.start()
        }
    }
}

extension TestDatabase {
    /// Prepares and runs one statement in a rolled-back transaction, returning the rows or the error.
    func outcome(
        _ text: String,
        limits: ExecutionLimits = ExecutionLimits()
    ) -> Result<[[Value]], ServerError> {
        do {
            let transaction = try engine.beginTransaction(database: database)
            defer { transaction.rollback() }
            return .success(try transaction.execute(engine.prepare(text), parameters: [:], limits: limits).rows)
        } catch let error as ServerError {
            return .failure(error)
        } catch {
            return .failure(ServerError.wrapping(error))
        }
    }
}

/// Lets a test database cross to the thread that uses it; each test uses it from one thread at a time.
struct SendableBox<T>: @unchecked Sendable {
    let value: T
}
