import Vapor
import Fluent
import EntraideCore

/// The first time a member did one step of their first-week checklist, kept so staff can
/// measure where newcomers stop (`FirstWeekDropOff`). One row per member and step: later
/// repeats, and undoing the step (leaving the group), leave it as it was.
final class FirstWeekCompletion: Model, @unchecked Sendable {
    static let schema = "first_week_completions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "step") var step: String
    /// When the step was done, as its own data says (the membership's or the post's date), not
    /// when the platform noticed.
    @Field(key: "completed_at") var completedAt: Date

    // Listed so FluentKit need not find them by reflection on every query and row;
    // `ModelPropertiesTests` keeps this list in step with the fields above.
    var properties: [any AnyProperty] { [$id, $user, $step, $completedAt] }

    init() {}

    var stepValue: FirstWeekStep? { FirstWeekStep(rawValue: step) }
}

/// A member who put the checklist away: the home page then shows only the next useful step.
final class FirstWeekDismissal: Model, @unchecked Sendable {
    static let schema = "first_week_dismissals"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "dismissed_at") var dismissedAt: Date

    // Listed so FluentKit need not find them by reflection on every query and row;
    // `ModelPropertiesTests` keeps this list in step with the fields above.
    var properties: [any AnyProperty] { [$id, $user, $dismissedAt] }

    init() {}
}

struct CreateFirstWeek: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(FirstWeekCompletion.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("step", .string, .required)
            .field("completed_at", .datetime, .required)
            .unique(on: "user_id", "step")
            .create()
        try await database.schema(FirstWeekDismissal.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("dismissed_at", .datetime, .required)
            .unique(on: "user_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(FirstWeekDismissal.schema).delete()
        try await database.schema(FirstWeekCompletion.schema).delete()
    }
}
