import Vapor
import Fluent
import NIOConcurrencyHelpers
import EntraideCore

/// Puts an approved proposal live. `apply` runs inside the deciding vote's transaction: if it
/// throws, the vote and the decision are rolled back with it. `applied` runs after the commit,
/// to refresh what this instance keeps in memory (the sensitive-word detector).
/// `declined` runs when a proposal is rejected (in the deciding vote's transaction) or
/// withdrawn, for kinds that hold something waiting on the decision (a journey draft).
protocol CommitteeApplier: Sendable {
    func apply(_ proposal: CommitteeProposal, on database: any Database) async throws
    func applied(_ proposal: CommitteeProposal, on database: any Database) async throws
    func declined(_ proposal: CommitteeProposal, on database: any Database) async throws
}

extension CommitteeApplier {
    func applied(_ proposal: CommitteeProposal, on database: any Database) async throws {}
    func declined(_ proposal: CommitteeProposal, on database: any Database) async throws {}
}

/// `other` proposals: the approval itself is the outcome; the decision record says it.
struct RecordOnlyApplier: CommitteeApplier {
    func apply(_ proposal: CommitteeProposal, on database: any Database) async throws {}
}

/// The committee's settings for this application: the majority rule and an applier per kind.
/// A kind with no applier can be proposed and voted on, but the vote that would approve it is
/// refused (`committee.no_applier`): nothing is ever recorded as approved without going live.
///
///     app.committee.appliers[.learningContent] = JourneyApplier()
final class CommitteeSettings: Sendable {
    private let state: NIOLockedValueBox<(rule: CommitteeRule, appliers: [ProposalKind: any CommitteeApplier])>

    init(rule: CommitteeRule) {
        state = NIOLockedValueBox((rule, [:]))
    }

    var rule: CommitteeRule {
        get { state.withLockedValue { $0.rule } }
        set { state.withLockedValue { $0.rule = newValue } }
    }

    /// A view on the registry: its subscript reads and writes the shared table.
    var appliers: Appliers { Appliers(settings: self) }

    struct Appliers {
        let settings: CommitteeSettings
        subscript(kind: ProposalKind) -> (any CommitteeApplier)? {
            get { settings.state.withLockedValue { $0.appliers[kind] } }
            nonmutating set { settings.state.withLockedValue { $0.appliers[kind] = newValue } }
        }
    }
}

extension Application {
    private struct CommitteeKey: StorageKey { typealias Value = CommitteeSettings }

    var committee: CommitteeSettings {
        get {
            guard let settings = storage[CommitteeKey.self] else { fatalError("configure(_:) sets up the committee first") }
            return settings
        }
        set { storage[CommitteeKey.self] = newValue }
    }
}
