import Vapor
import Fluent

/// Every text received, as written: nothing a person sends is lost, even when it was not
/// understood. A provider's id makes a webhook delivered twice count once.
final class SMSInbound: Model, @unchecked Sendable {
    static let schema = "sms_inbound"

    @ID(key: .id) var id: UUID?
    @Field(key: "from_phone") var fromPhone: String
    @Field(key: "body") var body: String
    @Field(key: "driver") var driver: String
    @OptionalField(key: "provider_message_id") var providerMessageID: String?
    /// The command it was read as (`need`, `reply`, `unknown`…).
    @Field(key: "command") var command: String
    @OptionalParent(key: "user_id") var user: User?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // Listed so FluentKit need not find them by reflection on every query and row;
    // `ModelPropertiesTests` keeps this list in step with the fields above.
    var properties: [any AnyProperty] {
        [
            $id, $fromPhone, $body, $driver, $providerMessageID, $command, $user, $createdAt
        ]
    }

    init() {}
}
