internal import CMicroHTTPD
internal import Host
internal import Synchronization

extension ServerCore {
    /// Suspends the connection of a fully received request and runs the handler in a task; the
    /// task resumes the connection when the response is ready. Called on the libmicrohttpd thread,
    /// which therefore never waits for the handler.
    func startHandler(for context: RequestContext) -> MHD_Result {
        guard reserveHandlerSlot() else {
            context.logger.debug("HTTP handler limit reached; sending 503")
            let response = ServerResponses.overloaded(
                maximumConcurrentRequests: configuration.maximumConcurrentRequests
            )
            return ResponseQueue.queue(response, for: context)
        }
        // Suspension happens under the dispatch lock. So either shutdown finds the request registered
        // and suspended and resumes it, or shutdown set isStopping first and the request gets a 503 here.
        let isSuspended = dispatch.withLock { state in
            guard !state.isStopping else { return false }
            state.suspended[context.id] = context
            MHD_suspend_connection(context.connection.pointer)
            return true
        }
        guard isSuspended else {
            handlersInFlight.subtract(1, ordering: .releasing)
            return ResponseQueue.queue(ServerResponses.shuttingDown(), for: context)
        }
        context.phase = .handler
        context.isAdmitted = true
        admittedRequests.add(1, ordering: .relaxed)
        var request = context.makeRequest()
        request.isSecure = configuration.tls != nil
        let handler = self.handler
        Task {
            let response = await handler(request)
            self.finishHandler(context, response: response)
        }
        return .YES
    }

    /// Hands `response` to the suspended connection and resumes it, unless shutdown already
    /// resumed it with a 503. Called from the handler task.
    private func finishHandler(_ context: RequestContext, response: HTTPResponse) {
        dispatch.withLock { state in
            guard state.suspended.removeValue(forKey: context.id) != nil else { return }
            context.handoff.withLock { $0 = response }
            MHD_resume_connection(context.connection.pointer)
        }
        // Released after the resumption, so when shutdown reads no handler in flight, no finished
        // handler still holds an undelivered response.
        handlersInFlight.subtract(1, ordering: .releasing)
    }

    /// Makes requests that complete from now on get a 503 instead of a handler.
    func rejectNewRequests() {
        dispatch.withLock { $0.isStopping = true }
    }

    /// Resumes every suspended connection with a 503, for shutdown. Afterwards no connection is
    /// suspended, which `MHD_stop_daemon` requires, and no new request is suspended.
    func abandonSuspendedRequests() -> Int {
        dispatch.withLock { state in
            state.isStopping = true
            let abandoned = Array(state.suspended.values)
            for context in abandoned {
                context.handoff.withLock { $0 = ServerResponses.shuttingDown() }
                MHD_resume_connection(context.connection.pointer)
            }
            state.suspended.removeAll()
            return abandoned.count
        }
    }

    /// Counts a handler as started unless `maximumConcurrentRequests` are already running.
    private func reserveHandlerSlot() -> Bool {
        var current = handlersInFlight.load(ordering: .relaxed)
        while current < configuration.maximumConcurrentRequests {
            let exchange = handlersInFlight.compareExchange(
                expected: current,
                desired: current + 1,
                ordering: .acquiringAndReleasing
            )
            if exchange.exchanged { return true }
            current = exchange.original
        }
        return false
    }
}
