import HTTPServer

// Placeholder until the transactional endpoints land.
final class TransactionEndpoints: Sendable {
    let context: APIContext
    init(context: APIContext) { self.context = context }
    func handle(_ request: RequestContext) async -> HTTPResponse { .notFound("Not implemented yet.") }
    func shutdown() async {}
}
