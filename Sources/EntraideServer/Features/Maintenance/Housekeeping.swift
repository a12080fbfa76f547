import Vapor
import Fluent
import NIOCore

/// Removes what has stopped being useful: dead SMS codes, idle sessions, old rate-limit
/// windows. Every instance runs it hourly; the deletes are idempotent, so instances do not
/// need to agree on who does it.
enum Housekeeping {
    static func sweep(on database: any Database, now: Date = Date()) async throws {
        try await OneTimeCode.query(on: database).filter(\.$expiresAt < now.addingTimeInterval(-3600)).delete()
        try await MemberSession.query(on: database)
            .filter(\.$lastUsedAt < now.addingTimeInterval(-SessionService.idleLifetime)).delete()
        try await RateLimiter.sweep(on: database, now: now)
    }
}

struct HousekeepingLifecycle: LifecycleHandler {
    static let interval: TimeAmount = .hours(1)

    func didBootAsync(_ application: Application) async throws {
        let task = application.eventLoopGroup.next().scheduleRepeatedAsyncTask(initialDelay: .minutes(1), delay: Self.interval) { _ in
            application.eventLoopGroup.next().makeFutureWithTask {
                do { try await Housekeeping.sweep(on: application.db) } catch {
                    application.logger.warning("housekeeping failed", metadata: ["error": .string("\(error)")])
                }
            }
        }
        application.storage[TaskKey.self] = task
    }

    func shutdownAsync(_ application: Application) async {
        application.storage[TaskKey.self]?.cancel()
    }

    private struct TaskKey: StorageKey { typealias Value = RepeatedTask }
}
