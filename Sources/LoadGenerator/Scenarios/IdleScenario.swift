import Synchronization

/// Opens many authenticated connections and keeps them open without traffic, for measuring
/// what idle connections cost the server.
struct IdleScenario: Sendable {
    /// Logins that run at once while the connections open.
    static let parallelLogins = 16

    let settings: ConnectionSettings
    let connections: Int

    /// Opens and logs in `connections` connections, `parallelLogins` at a time, and returns
    /// their descriptors. After the first failure no further login starts.
    ///
    /// - Returns: the descriptors, or the first error with the descriptors opened so far,
    ///   which the caller closes.
    func openAll() -> (descriptors: [Int32], firstError: String?) {
        let opened = OpenedConnections()
        let workers = runWorkerThreads(count: min(Self.parallelLogins, connections)) { _ -> WorkerResult in
            var result = WorkerResult(expectedOperations: 0)
            while let index = opened.claimIndex(below: connections) {
                do throws(BoltClientError) {
                    let connection = try settings.openConnection(index: index)
                    opened.append(connection.releaseDescriptor())
                } catch {
                    result.recordError(error, context: "login of connection \(index)")
                    opened.stop()
                }
            }
            return result
        }
        return (opened.descriptors(), workers.lazy.compactMap { $0.firstError }.first)
    }
}

/// The descriptors opened so far, and the next connection index to open.
private final class OpenedConnections: Sendable {
    private let nextIndex = Atomic<Int>(0)
    private let stopped = Atomic<Bool>(false)
    private let opened = Mutex<[Int32]>([])

    /// Returns the next index below `count`, or nil when all are taken or a login failed.
    func claimIndex(below count: Int) -> Int? {
        guard !stopped.load(ordering: .acquiring) else { return nil }
        let index = nextIndex.wrappingAdd(1, ordering: .relaxed).oldValue
        return index < count ? index : nil
    }

    func stop() {
        stopped.store(true, ordering: .releasing)
    }

    func append(_ descriptor: Int32) {
        opened.withLock { $0.append(descriptor) }
    }

    func descriptors() -> [Int32] {
        opened.withLock { $0 }
    }
}
