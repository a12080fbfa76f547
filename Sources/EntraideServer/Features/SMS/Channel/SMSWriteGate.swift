import Vapor

/// SQLite lets one connection write at a time, and a connection that finds the lock taken
/// sleeps and retries (`busy_timeout`), leaving the CPU idle while the other commits. Texts
/// received at once therefore queue here, in order, before their transaction: each one
/// finds the lock free. PostgreSQL needs no gate (rows are locked one by one).
actor SMSWriteGate {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func run<T: Sendable>(_ work: @Sendable () async throws -> T) async throws -> T {
        await enter()
        defer { leave() }
        return try await work()
    }

    private func enter() async {
        guard busy else {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func leave() {
        if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
    }
}

extension Application {
    private struct SMSWriteGateKey: StorageKey { typealias Value = SMSWriteGate }

    /// The gate for SQLite; nil on PostgreSQL.
    var smsWriteGate: SMSWriteGate? {
        get { storage[SMSWriteGateKey.self] }
        set { storage[SMSWriteGateKey.self] = newValue }
    }
}
