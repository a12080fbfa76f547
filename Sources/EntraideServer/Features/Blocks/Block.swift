import Vapor
import Fluent

/// A member blocked by another: the blocked member cannot write to the blocker, and neither
/// sees the other's content any more.
final class Block: Model, @unchecked Sendable {
    static let schema = "blocks"

    @ID(key: .id) var id: UUID?
    @Parent(key: "blocker_id") var blocker: User
    @Parent(key: "blocked_id") var blocked: User
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // Listed so FluentKit need not find them by reflection on every query and row;
    // `ModelPropertiesTests` keeps this list in step with the fields above.
    var properties: [any AnyProperty] { [$id, $blocker, $blocked, $createdAt] }

    init() {}

    init(blockerID: UUID, blockedID: UUID) {
        self.$blocker.id = blockerID
        self.$blocked.id = blockedID
    }
}

struct CreateBlocks: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Block.schema)
            .id()
            .field("blocker_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("blocked_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("created_at", .datetime)
            .unique(on: "blocker_id", "blocked_id")
            .create()
        try await database.sql.raw("CREATE INDEX blocks_blocked_idx ON blocks (blocked_id)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Block.schema).delete()
    }
}

enum BlockService {
    static func block(_ blockedID: UUID, by blockerID: UUID, on database: any Database) async throws {
        guard blockedID != blockerID else { throw AppError(.unprocessableEntity, "block.self") }
        guard try await User.find(blockedID, on: database) != nil else { throw AppError.notFound("user.not_found") }
        if try await Block.query(on: database).filter(\.$blocker.$id == blockerID).filter(\.$blocked.$id == blockedID).first() != nil { return }
        do {
            try await Block(blockerID: blockerID, blockedID: blockedID).create(on: database)
        } catch where (error as? any DatabaseError)?.isConstraintFailure == true {
            return
        }
    }

    static func unblock(_ blockedID: UUID, by blockerID: UUID, on database: any Database) async throws {
        try await Block.query(on: database).filter(\.$blocker.$id == blockerID).filter(\.$blocked.$id == blockedID).delete()
    }

    static func blocked(by blockerID: UUID, on database: any Database) async throws -> [Block] {
        try await Block.query(on: database).filter(\.$blocker.$id == blockerID).with(\.$blocked).sort(\.$createdAt, .descending).all()
    }

    /// Everyone the member must not see and who must not see the member: blocked either way.
    static func hiddenMembers(for userID: UUID, on database: any Database) async throws -> Set<UUID> {
        let rows = try await database.sql.raw("""
            SELECT blocked_id AS other FROM blocks WHERE blocker_id = \(bind: userID)
            UNION SELECT blocker_id AS other FROM blocks WHERE blocked_id = \(bind: userID)
            """).all()
        return Set(try rows.map { try $0.decode(column: "other", as: UUID.self) })
    }

    /// Whether `recipient` has blocked `sender`.
    static func hasBlocked(_ recipient: UUID, _ sender: UUID, on database: any Database) async throws -> Bool {
        try await Block.query(on: database).filter(\.$blocker.$id == recipient).filter(\.$blocked.$id == sender).first() != nil
    }
}
