import Vapor
import Fluent

/// Every change of a member's phone number: by the member (confirmed by a code) or by staff
/// for a member who lost their phone, with who did it and why.
final class PhoneChange: Model, @unchecked Sendable {
    static let schema = "phone_changes"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @OptionalField(key: "old_phone") var oldPhone: String?
    @Field(key: "new_phone") var newPhone: String
    @OptionalParent(key: "changed_by_id") var changedBy: User?
    @OptionalField(key: "changed_by_label") var changedByLabel: String?
    @OptionalField(key: "reason") var reason: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // Listed so FluentKit need not find them by reflection on every query and row;
    // `ModelPropertiesTests` keeps this list in step with the fields above.
    var properties: [any AnyProperty] {
        [
            $id, $user, $oldPhone, $newPhone, $changedBy, $changedByLabel, $reason, $createdAt
        ]
    }

    init() {}

    init(userID: UUID, oldPhone: String?, newPhone: String, changedByID: UUID?, changedByLabel: String?, reason: String?) {
        self.$user.id = userID
        self.oldPhone = oldPhone
        self.newPhone = newPhone
        self.$changedBy.id = changedByID
        self.changedByLabel = changedByLabel
        self.reason = reason
    }
}
