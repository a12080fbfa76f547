import Vapor
import EntraideCore

// MARK: Associations, members, sectors

struct OrganisationInput: Content {
    var name: String?
}

struct OrganisationDTO: Content {
    let id: UUID
    let name: String
    /// My role in it.
    let role: String
    let createdAt: Date?
}

struct MemberInput: Content {
    /// The member to add, by id, e-mail or phone number.
    var userID: UUID?
    var email: String?
    var phone: String?
    var role: String?
}

struct MemberRoleInput: Content {
    var role: String?
}

/// A member of the association as its other members see them: "Marie D.", never the family name.
struct OrganisationMemberDTO: Content {
    let userID: UUID
    let displayName: String
    let role: String
    let addedAt: Date?
}

struct SectorInput: Content {
    var name: String?
}

struct SectorDTO: Content {
    let id: UUID
    let name: String

    init(_ sector: RoundSector) throws {
        id = try sector.requireID()
        name = sector.name
    }
}

// MARK: Rounds

struct RoundInput: Content {
    var kind: String?
    var startsAt: Date?
    var transport: String?
    var sectorID: UUID?
    var plannedRoute: String?
    /// The members going, all of the association; the one planning is added when absent.
    var team: [UUID]?
}

struct PathPointInput: Content {
    var lat: Double?
    var lon: Double?
    var at: Date?
}

struct PathPointsInput: Content {
    var points: [PathPointInput]?
}

struct PathPointDTO: Content {
    let lat: Double
    let lon: Double
    let at: Date
}

/// The team's path while the round is ongoing, for the association's staff and the team only.
struct RoundPathDTO: Content {
    let roundID: UUID
    let status: String
    let points: [PathPointDTO]
}

struct RoundDTO: Content {
    let id: UUID
    let organisationID: UUID
    let kind: String
    let startsAt: Date
    let transport: String
    let sector: SectorDTO
    let plannedRoute: String?
    let status: String
    let startedAt: Date?
    let endedAt: Date?
    /// Set when the round is done: the length of its path, whose points are then deleted.
    let distanceMetres: Int?
    let team: [MemberSummary]
    let encounterCount: Int
    let reported: Bool
    let createdAt: Date?
    let updatedAt: Date?
}

// MARK: Encounters, people, needs

struct EncounterPersonInput: Content {
    /// A person already followed, or the id the client chose for a new one.
    var id: UUID?
    /// A first name or nickname, one word; never a family name. Required for a new person.
    var alias: String?
}

struct EncounterNeedInput: Content {
    var need: String?
    /// The EU shoe size, for shoes.
    var size: Int?
}

struct EncounterInput: Content {
    /// Chosen by the client (a UUID): the same id sent twice records one encounter.
    var id: UUID?
    var person: EncounterPersonInput?
    /// Defaults to the round's sector.
    var sectorID: UUID?
    var metAt: Date?
    var needs: [EncounterNeedInput]?
    var notes: String?
    /// Open needs of this person that this round met.
    var metNeedIDs: [UUID]?
    /// The person agreed to be followed.
    var engaged: Bool?
}

struct NeedMetInput: Content {
    var roundID: UUID?
}

struct NeedDTO: Content {
    let id: UUID
    let personID: UUID
    let encounterID: UUID
    let need: String
    /// The need's name in the reader's language.
    let label: String
    let size: Int?
    let status: String
    let notedAt: Date?
    let metAt: Date?
    let metRoundID: UUID?
}

struct PersonSummaryDTO: Content {
    let id: UUID
    let alias: String
}

struct EncounterDTO: Content {
    let id: UUID
    let roundID: UUID
    let person: PersonSummaryDTO
    let sector: SectorDTO
    let metAt: Date
    let notes: String?
    /// True when notes were written but cannot be opened with the key this server has.
    let notesUnreadable: Bool
    let needs: [NeedDTO]
    let recordedBy: MemberSummary
    let createdAt: Date?

    /// The same encounter without its notes: what a write answers. Answers to writes are kept
    /// in clear for replays (`idempotency_keys`), and a note must never be stored in clear.
    func withoutNotes() -> EncounterDTO {
        EncounterDTO(id: id, roundID: roundID, person: person, sector: sector, metAt: metAt, notes: nil, notesUnreadable: false,
                     needs: needs, recordedBy: recordedBy, createdAt: createdAt)
    }
}

struct PersonDTO: Content {
    let id: UUID
    let alias: String
    /// `new`, `engaged`, or `inactive` when no round met them for 90 days.
    let status: String
    let firstContactAt: Date
    let engagedAt: Date?
    let lastMetAt: Date
    let openNeeds: [NeedDTO]
}

struct PersonDetailDTO: Content {
    let person: PersonDTO
    let needs: [NeedDTO]
    let encounters: [EncounterDTO]
}

// MARK: Statistics, report form, access log

struct NeedCountDTO: Content {
    let need: String
    let label: String
    let noted: Int
    let met: Int
    let pending: Int
}

/// Counts only: no name, no note, no place finer than the association itself.
struct RoundStatisticsDTO: Content {
    let organisationID: UUID
    let from: Date
    let to: Date
    let rounds: Int
    let roundsDone: Int
    let encounters: Int
    let distinctPeople: Int
    let newPeople: Int
    let engagedPeople: Int
    let followedPeople: Int
    let inactivePeople: Int
    let needsNoted: Int
    let needsMet: Int
    let needsPending: Int
    let needs: [NeedCountDTO]
}

struct ReportQuestionInput: Content {
    var id: String?
    var label: String?
    var kind: String?
    var required: Bool?
    var choices: [String]?
}

struct ReportFormInput: Content {
    var questions: [ReportQuestionInput]?
}

struct ReportFormDTO: Content {
    let questions: [ReportQuestion]
}

struct RoundReportInput: Content {
    var answers: [String: String]?
}

struct RoundReportDTO: Content {
    let roundID: UUID
    let questions: [ReportQuestion]
    let answers: [String: String]
    let reportedAt: Date?
    let reportedBy: MemberSummary?
}

struct AccessLogEntryDTO: Content {
    let id: UUID
    let member: MemberSummary
    let action: String
    let subjectID: UUID?
    let rowCount: Int
    let via: String
    let at: Date
}

extension ReportQuestion: Content {}
