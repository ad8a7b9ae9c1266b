import Foundation
import FoundationNetworking
import Host
import JSON
import Synchronization

/// A client of a running server's management API under `/api/v1`, authenticated with an admin
/// bearer token.
///
/// Each request has a time limit and follows no redirect, so the token goes only to the
/// address the operator gave. A response outside 200-299 becomes a ``CommandFailure`` that
/// names the HTTP status and, when the error body is available, its Neo4j status codes.
struct ManagementClient: Sendable {
    /// Seconds a request may take, connecting included.
    static let timeoutSeconds: TimeInterval = 30

    let server: ServerAddress
    private let token: Secret

    init(server: ServerAddress, token: Secret) {
        self.server = server
        self.token = token
    }

    /// Sends `method path` with `body` as JSON and returns the parsed response body, or nil
    /// for a response without a body, such as 204.
    ///
    /// - Throws: ``CommandFailure`` when the server cannot be reached, responds with a status
    ///   outside 200-299 or sends a body that is not JSON.
    func send(_ method: String, _ path: String, body: JSONValue? = nil) async throws(CommandFailure) -> JSONValue? {
        guard let url = server.url(path) else {
            throw CommandFailure("Cannot build a URL from the server address \(server) and the path \(path).")
        }
        var request = URLRequest(
            url: url,
            cachePolicy: .reloadIgnoringLocalCacheData,
            timeoutInterval: Self.timeoutSeconds
        )
        request.httpMethod = method
        request.setValue("Bearer " + token.reveal(), forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(body.serialized)
        }

        let (status, data) = try await perform(request, label: "\(method) \(path)")
        let bytes = [UInt8](data)
        let parsed: JSONValue? = bytes.isEmpty ? nil : try? StrictJSONParser.parse(bytes, maximumDepth: 32)
        guard (200..<300).contains(status) else {
            throw ResponseFailure.failure(method: method, path: path, status: status, body: parsed)
        }
        if !bytes.isEmpty, parsed == nil {
            throw CommandFailure(
                "\(method) \(path) returned HTTP \(status) with a body that is not JSON; check that "
                    + "--server \(server) is a nornicdb HTTP API."
            )
        }
        return parsed
    }

    /// Returns the status and body of the response to `request`.
    private func perform(_ request: URLRequest, label: String) async throws(CommandFailure) -> (Int, Data) {
        let delegate = SessionDelegate()
        let session = URLSession(configuration: .ephemeral, delegate: delegate, delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        let result: Result<(Data, URLResponse), any Error> = await withCheckedContinuation { continuation in
            let task = session.dataTask(with: request) { data, response, error in
                if let error {
                    continuation.resume(returning: .failure(error))
                } else if let response {
                    continuation.resume(returning: .success((data ?? Data(), response)))
                } else {
                    continuation.resume(returning: .failure(URLError(.badServerResponse)))
                }
            }
            task.resume()
        }
        switch result {
        case .success(let (data, response as HTTPURLResponse)):
            return (response.statusCode, data)
        case .success:
            throw CommandFailure("\(label) received a response that is not HTTP from \(server).")
        case .failure(let error):
            // The task was cancelled at an authentication challenge, so its response is known.
            if let status = delegate.statusOfChallenge { return (status, Data()) }
            // URLError's description names the reason (refused, timed out, unknown host) and
            // never the request's headers, so the token stays out of the message.
            throw CommandFailure(
                "Cannot reach the server at \(server) for \(label): \(error.localizedDescription). Check --server "
                    + "and that the server is running with its HTTP API on that address."
            )
        }
    }
}

/// Stops every redirect, so the bearer token is never sent to a second address; the 3xx
/// response is then reported as a failure. Authentication challenges are cancelled, and the
/// status of the response that raised one is kept.
///
/// `@unchecked Sendable` is safe because the only state is behind a mutex.
private final class SessionDelegate: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    private let challengedStatus = Mutex<Int?>(nil)

    /// The status of the response that raised an authentication challenge, normally 401.
    var statusOfChallenge: Int? { challengedStatus.withLock { $0 } }

    func urlSession(
        _ session: URLSession,
        task: URLSessionTask,
        willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest,
        completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }

    // NOTE: swift-corelibs-foundation 6.3.1 never completes a task whose 401 response carries a
    // WWW-Authenticate challenge, as the server's does, unless this method handles it. Cancelling
    // completes the task, but the response body, with its Neo4j status code, is lost.
    func urlSession(
        _ session: URLSession,
        task: URLSessionTask,
        didReceive challenge: URLAuthenticationChallenge,
        completionHandler: @escaping @Sendable (URLSession.AuthChallengeDisposition, URLCredential?) -> Void
    ) {
        let status = (challenge.failureResponse as? HTTPURLResponse)?.statusCode ?? 401
        challengedStatus.withLock { $0 = status }
        completionHandler(.cancelAuthenticationChallenge, nil)
    }
}
