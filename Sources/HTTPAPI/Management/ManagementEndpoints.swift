import HTTPServer

// Placeholder until the management endpoints land.
struct ManagementEndpoints: Sendable {
    let context: APIContext
    init(context: APIContext) { self.context = context }
    func handle(_ request: RequestContext) async -> HTTPResponse { .notFound("Not implemented yet.") }
}
