import Vapor
import Fluent
import EntraideCore

/// A person an association meets on its rounds, known by a first name or nickname only. The
/// association follows them from round to round: first contact, engagement, last meeting.
final class FollowedPerson: Model, @unchecked Sendable {
    static let schema = "followed_people"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Field(key: "alias") var alias: String
    @Field(key: "first_contact_at") var firstContactAt: Date
    /// When the person agreed to be followed (a referral accepted, an appointment kept).
    @OptionalField(key: "engaged_at") var engagedAt: Date?
    @Field(key: "last_met_at") var lastMetAt: Date
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    func status(now: Date = Date()) -> FollowUpStatus {
        FollowUp.status(lastMetAt: lastMetAt, engagedAt: engagedAt, now: now)
    }
}

/// One meeting during a round. Its id may be made by the client (a phone writing without
/// signal), so that sending it twice records it once. The free notes are stored encrypted.
final class Encounter: Model, @unchecked Sendable {
    static let schema = "encounters"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "round_id") var round: OutreachRound
    @Parent(key: "person_id") var person: FollowedPerson
    @Parent(key: "sector_id") var sector: RoundSector
    @Field(key: "met_at") var metAt: Date
    /// AES-GCM sealed box of the notes (`EncounterNotesCipher`), never the text itself.
    @OptionalField(key: "notes_sealed") var notesSealed: Data?
    @Parent(key: "recorded_by_id") var recordedBy: User
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// A need noted during an encounter, open until a round brings what was asked.
final class EncounterNeedRecord: Model, @unchecked Sendable {
    static let schema = "encounter_needs"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "person_id") var person: FollowedPerson
    @Parent(key: "encounter_id") var encounter: Encounter
    @Field(key: "need") var need: String
    /// The shoe size, for shoes.
    @OptionalField(key: "size") var size: Int?
    @Field(key: "status") var status: String
    @OptionalField(key: "met_at") var metAt: Date?
    @OptionalField(key: "met_round_id") var metRoundID: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    var isOpen: Bool { status == NeedStatus.open.rawValue }
}

/// Who read encounter data, when, and what: every list or page of encounters, people or
/// needs that a member of the association opens is written here, for its admins to check.
final class EncounterAccess: Model, @unchecked Sendable {
    static let schema = "encounter_access_log"

    enum Action: String, Codable, CaseIterable {
        case listEncounters = "list_encounters"
        case readEncounter = "read_encounter"
        case listPeople = "list_people"
        case readPerson = "read_person"
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "user_id") var user: User
    @Field(key: "action") var action: String
    /// The encounter, person or round read.
    @OptionalField(key: "subject_id") var subjectID: UUID?
    /// How many encounters or people the answer held.
    @Field(key: "row_count") var rowCount: Int
    @Field(key: "via") var via: String
    @Field(key: "at") var at: Date

    init() {}
}
