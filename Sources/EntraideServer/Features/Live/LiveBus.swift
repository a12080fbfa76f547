import Vapor
import Fluent
import PostgresNIO
import PostgresKit
import NIOConcurrencyHelpers

/// Carries live events to the instance that holds each recipient's socket. With SQLite there
/// is one instance, so events go straight to its hub; with PostgreSQL every instance LISTENs
/// on one channel and each event is sent with NOTIFY, so a message posted on one instance
/// reaches a socket held by another (the sender's own instance hears it the same way).
final class LiveBus: Sendable {
    /// PostgreSQL refuses NOTIFY payloads from 8000 bytes on.
    static let payloadLimit = 7900

    let hub: LiveHub
    private let channel: String?
    private let database: @Sendable () -> any Database

    init(hub: LiveHub, postgresChannel: String?, database: @escaping @Sendable () -> any Database) {
        self.hub = hub
        self.channel = postgresChannel
        self.database = database
    }

    func publish(_ event: LiveEvent, to recipients: [UUID]) async throws {
        guard !recipients.isEmpty else { return }
        let envelope = LiveEnvelope(to: Array(Set(recipients)), event: event)
        guard let channel else {
            hub.deliver(envelope)
            return
        }
        for payload in Self.payloads(for: envelope) {
            try await database().sql.raw("SELECT pg_notify(\(bind: channel), \(bind: payload))").run()
        }
    }

    /// Splits an envelope into NOTIFY payloads under the limit: recipients are spread over
    /// several payloads; an event too big even for one recipient becomes a "sync" hint.
    static func payloads(for envelope: LiveEnvelope) -> [String] {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        func encode(_ envelope: LiveEnvelope) -> String? {
            (try? encoder.encode(envelope)).flatMap { String(data: $0, encoding: .utf8) }
        }
        if let whole = encode(envelope), whole.utf8.count <= payloadLimit { return [whole] }
        if envelope.to.count > 1 {
            let half = envelope.to.count / 2
            return payloads(for: LiveEnvelope(to: Array(envelope.to[..<half]), event: envelope.event))
                + payloads(for: LiveEnvelope(to: Array(envelope.to[half...]), event: envelope.event))
        }
        let hint = LiveEvent(type: .sync, conversationID: envelope.event.message?.conversationID)
        return encode(LiveEnvelope(to: envelope.to, event: hint)).map { [$0] } ?? []
    }
}

/// Keeps one dedicated PostgreSQL connection LISTENing and hands what arrives to the hub;
/// reconnects after a failure.
struct LiveListenerLifecycle: LifecycleHandler {
    let configuration: PostgresConnection.Configuration
    let channel: String

    /// In-memory test applications boot synchronously: listen all the same, without waiting.
    func didBoot(_ application: Application) throws {
        _ = start(application)
    }

    func didBootAsync(_ application: Application) async throws {
        // Boot waits (a little) until LISTEN is in place, so no event sent right after start is missed.
        try? await start(application).withTimeout(.seconds(5), on: application.eventLoopGroup.any())
    }

    /// Starts the listening task; the future completes once LISTEN is in place (or the task ends).
    private func start(_ application: Application) -> EventLoopFuture<Void> {
        let hub = application.live.hub
        let logger = application.logger
        let eventLoop = application.eventLoopGroup.any()
        let configuration = self.configuration, channel = self.channel
        let listening = eventLoop.makePromise(of: Void.self)
        let announced = NIOLockedValueBox(false)
        // A promise may be completed once only; reconnections announce nothing new.
        let announce: @Sendable () -> Void = {
            if announced.withLockedValue({ done in defer { done = true }; return !done }) { listening.succeed(()) }
        }
        let task = Task {
            var attempt = 0
            while !Task.isCancelled {
                do {
                    let connection = try await PostgresConnection.connect(on: eventLoop, configuration: configuration, id: 0, logger: logger).get()
                    do {
                        try await Self.listen(on: connection, channel: channel, hub: hub) {
                            attempt = 0
                            announce()
                        }
                    } catch {
                        try? await connection.close()
                        throw error
                    }
                    try? await connection.close()
                } catch {
                    if Task.isCancelled { break }
                    logger.warning("live listener lost its connection; retrying", metadata: ["error": .string("\(error)")])
                }
                attempt += 1
                try? await Task.sleep(for: .seconds(min(30, attempt)))
            }
            announce()
        }
        application.storage[TaskKey.self] = task
        return listening.futureResult
    }

    private static func listen(on connection: PostgresConnection, channel: String, hub: LiveHub, ready: () -> Void) async throws {
        try await connection.listen(on: channel) { notifications in
            ready()
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            for try await notification in notifications {
                if let envelope = try? decoder.decode(LiveEnvelope.self, from: Data(notification.payload.utf8)) {
                    hub.deliver(envelope)
                }
            }
        }
    }

    func shutdown(_ application: Application) {
        application.storage[TaskKey.self]?.cancel()
    }

    func shutdownAsync(_ application: Application) async {
        application.storage[TaskKey.self]?.cancel()
    }

    private struct TaskKey: StorageKey { typealias Value = Task<Void, Never> }
}

extension EventLoopFuture where Value == Void {
    func withTimeout(_ timeout: TimeAmount, on eventLoop: any EventLoop) async throws {
        let promise = eventLoop.makePromise(of: Void.self)
        let finished = NIOLockedValueBox(false)
        let finish: @Sendable () -> Void = {
            if finished.withLockedValue({ done in defer { done = true }; return !done }) { promise.succeed(()) }
        }
        let timer = eventLoop.scheduleTask(in: timeout) { finish() }
        self.whenComplete { _ in timer.cancel(); finish() }
        try await promise.futureResult.get()
    }
}

extension Application {
    private struct LiveKey: StorageKey { typealias Value = LiveBus }

    var live: LiveBus {
        get {
            guard let bus = storage[LiveKey.self] else { fatalError("configure(_:) sets up live delivery first") }
            return bus
        }
        set { storage[LiveKey.self] = newValue }
    }
}

extension Request {
    var live: LiveBus { application.live }
}
