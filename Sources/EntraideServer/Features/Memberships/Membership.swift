import Vapor
import Fluent

/// Who takes part in what, in one table for actions, events, groups and conversations: the
/// helpers of an action, the participants of an event, the members of a group, the
/// participants of a conversation (with their read marker).
final class Membership: Model, @unchecked Sendable {
    static let schema = "memberships"

    enum Subject: String, Codable, CaseIterable, Sendable {
        case action, event, group, conversation
    }

    enum Role: String, Codable, Sendable {
        /// Wrote the action, organises the event or the group.
        case organiser
        case member
    }

    enum Status: String, Codable, Sendable {
        case accepted
        /// Asked to join a private group; an organiser decides.
        case pending
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "subject_type") var subjectType: String
    @Field(key: "subject_id") var subjectID: UUID
    @Parent(key: "user_id") var user: User
    @Field(key: "role") var role: String
    @Field(key: "status") var status: String
    @OptionalField(key: "last_read_at") var lastReadAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    // Listed so FluentKit need not find them by reflection on every query and row;
    // `ModelPropertiesTests` keeps this list in step with the fields above.
    var properties: [any AnyProperty] {
        [
            $id, $subjectType, $subjectID, $user, $role, $status, $lastReadAt, $createdAt, $updatedAt
        ]
    }

    init() {}

    init(_ subject: Subject, _ subjectID: UUID, userID: UUID, role: Role = .member, status: Status = .accepted) {
        self.subjectType = subject.rawValue
        self.subjectID = subjectID
        self.$user.id = userID
        self.role = role.rawValue
        self.status = status.rawValue
    }

    var isAccepted: Bool { status == Status.accepted.rawValue }
    var isOrganiser: Bool { role == Role.organiser.rawValue && isAccepted }
}

struct CreateMemberships: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Membership.schema)
            .id()
            .field("subject_type", .string, .required)
            .field("subject_id", .uuid, .required)
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("role", .string, .required)
            .field("status", .string, .required)
            .field("last_read_at", .datetime)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "subject_type", "subject_id", "user_id")
            .create()
        try await database.sql.raw("CREATE INDEX memberships_user_idx ON memberships (user_id, subject_type, status)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Membership.schema).delete()
    }
}
