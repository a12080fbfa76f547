import Vapor
import NIOCore
import NIOConcurrencyHelpers

/// The SMS loop of every instance: each second it sends the outbox's due texts and the news
/// batches that are due; each minute, the digests. Rows are claimed one by one
/// (`SMSOutbox.claim`), so instances never send a text twice.
struct SMSWorker: LifecycleHandler {
    static let interval: TimeAmount = .seconds(1)
    static let digestEvery = 60
    static let batch = 200

    func didBootAsync(_ application: Application) async throws {
        let ticks = NIOLockedValueBox(0)
        let task = application.eventLoopGroup.next().scheduleRepeatedAsyncTask(initialDelay: Self.interval, delay: Self.interval) { _ in
            application.eventLoopGroup.next().makeFutureWithTask {
                let tick = ticks.withLockedValue { value in value += 1; return value }
                let channel = SMSChannel(application: application)
                do {
                    try await SMSNotices.sendDue(channel)
                    if tick % Self.digestEvery == 1 { try await SMSDigest.sendDue(channel) }
                    // A full batch means more are waiting: go on without waiting for the next tick.
                    while try await channel.outbox.drain(limit: Self.batch) == Self.batch {}
                } catch {
                    application.logger.warning("sms loop failed", metadata: ["error": .string("\(error)")])
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
