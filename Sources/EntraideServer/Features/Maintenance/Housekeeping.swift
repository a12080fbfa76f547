import Vapor
import Fluent
import NIOCore

/// Removes what has stopped being useful (dead SMS codes, idle sessions, old rate-limit
/// windows and idempotency keys), closes actions inactive for 60 days and writes the
/// reminders of tomorrow's events. Every instance runs it hourly; each step is idempotent
/// (reminders are written once per member and event), so instances need not agree on who does it.
enum Housekeeping {
    static func run(on database: any Database, live: LiveBus, now: Date = Date()) async throws {
        try await sweep(on: database, now: now)
        try await IdempotencyMiddleware.sweep(on: database, now: now)
        try await ActionService.closeInactive(on: database, now: now)
        try await OutingService.sendReminders(on: database, live: live, now: now)
    }

    static func sweep(on database: any Database, now: Date = Date()) async throws {
        try await OneTimeCode.query(on: database).filter(\.$expiresAt < now.addingTimeInterval(-3600)).delete()
        try await MemberSession.query(on: database)
            .filter(\.$lastUsedAt < now.addingTimeInterval(-SessionService.idleLifetime)).delete()
        try await RateLimiter.sweep(on: database, now: now)
        try await TextTranslation.query(on: database)
            .filter(\.$createdAt < now.addingTimeInterval(-TextTranslation.lifetime)).delete()
    }
}

struct HousekeepingLifecycle: LifecycleHandler {
    static let interval: TimeAmount = .hours(1)

    func didBootAsync(_ application: Application) async throws {
        let task = application.eventLoopGroup.next().scheduleRepeatedAsyncTask(initialDelay: .minutes(1), delay: Self.interval) { _ in
            application.eventLoopGroup.next().makeFutureWithTask {
                do {
                    try await Housekeeping.run(on: application.db, live: application.live)
                    // Word-list changes the committee approved through another instance.
                    try await SensitiveWordsApplier.reload(application.screening, on: application.db)
                } catch {
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
