import Vapor
import Fluent
import EntraideCore

/// An association that runs outreach rounds. Everything it records (rounds, people met,
/// encounters, needs) is its own: no other association, and no member outside it, sees it.
final class Organisation: Model, @unchecked Sendable {
    static let schema = "organisations"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    /// The report form's questions, as JSON (`[ReportQuestion]`); none until an admin writes one.
    @OptionalField(key: "report_form") var reportForm: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(name: String) {
        self.name = name
    }

    var questions: [ReportQuestion] {
        guard let reportForm, let data = reportForm.data(using: .utf8) else { return [] }
        return (try? JSONDecoder().decode([ReportQuestion].self, from: data)) ?? []
    }
}

/// A member's place in an association: admin, staff or volunteer. One row per (association,
/// member); a member may belong to several associations.
final class OrganisationMember: Model, @unchecked Sendable {
    static let schema = "organisation_members"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "user_id") var user: User
    @Field(key: "role") var role: String
    @OptionalField(key: "added_by_id") var addedByID: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(organisationID: UUID, userID: UUID, role: OrganisationRole, addedBy: UUID?) {
        self.$organisation.id = organisationID
        self.$user.id = userID
        self.role = role.rawValue
        self.addedByID = addedBy
    }

    var roleValue: OrganisationRole { OrganisationRole(rawValue: role) ?? .volunteer }
}

/// A named area an association covers ("Gare de l'Est", "Canal nord"): the finest place any
/// round, encounter or statistic ever gives.
final class RoundSector: Model, @unchecked Sendable {
    static let schema = "round_sectors"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Field(key: "name") var name: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(organisationID: UUID, name: String) {
        self.$organisation.id = organisationID
        self.name = name
    }
}
