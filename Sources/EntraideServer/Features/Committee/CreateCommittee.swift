import Fluent
import SQLKit

/// The committee's proposals, votes and decisions, the platform charter's versions and the
/// approved changes to the sensitive-word lists.
struct CreateCommittee: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CommitteeProposal.schema)
            .id()
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("rationale", .string, .required)
            .field("before_text", .string, .required)
            .field("after_text", .string, .required)
            .field("payload", .string, .required)
            // Accounts are anonymised, not deleted; the decision keeps its own copy of the votes anyway.
            .field("author_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("status", .string, .required)
            .field("revision", .int, .required)
            .field("majority", .string)
            .field("decided_at", .datetime)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime)
            .create()
        try await database.schema(CommitteeVote.schema)
            .id()
            .field("proposal_id", .uuid, .required, .references(CommitteeProposal.schema, .id, onDelete: .cascade))
            .field("revision", .int, .required)
            .field("voter_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("choice", .string, .required)
            .field("comment", .string)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime)
            .unique(on: "proposal_id", "revision", "voter_id")
            .create()
        try await database.schema(CommitteeDecision.schema)
            .id()
            .field("proposal_id", .uuid, .required, .references(CommitteeProposal.schema, .id, onDelete: .cascade))
            .field("outcome", .string, .required)
            .field("revision", .int, .required)
            .field("majority", .string, .required)
            .field("approvals_needed", .int, .required)
            .field("voters", .int, .required)
            .field("votes", .string, .required)
            .field("decided_at", .datetime, .required)
            .unique(on: "proposal_id")
            .create()
        try await database.schema(CharterVersion.schema)
            .id()
            .field("language", .string, .required)
            .field("text", .string, .required)
            .field("proposal_id", .uuid, .references(CommitteeProposal.schema, .id, onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema(StoredWordEdit.schema)
            .id()
            .field("language", .string, .required)
            .field("edit", .string, .required)
            .field("proposal_id", .uuid, .references(CommitteeProposal.schema, .id, onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .create()
        // The committee's list: open ones first, newest first.
        try await database.sql.raw("CREATE INDEX committee_proposals_status_idx ON committee_proposals (status, created_at)").run()
        try await database.sql.raw("CREATE INDEX charter_versions_language_idx ON charter_versions (language, created_at)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(StoredWordEdit.schema).delete()
        try await database.schema(CharterVersion.schema).delete()
        try await database.schema(CommitteeDecision.schema).delete()
        try await database.schema(CommitteeVote.schema).delete()
        try await database.schema(CommitteeProposal.schema).delete()
    }
}
