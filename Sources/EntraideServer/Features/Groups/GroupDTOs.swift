import Vapor
import EntraideCore

struct GroupInput: Content {
    var name: String?
    var description: String?
    var welcomeMessage: String?
    var charter: String?
    var location: PointInput?
    var city: String?
    var postalCode: String?
    var visibility: String?
    var womenOnly: Bool?
}

struct GroupDTO: Content, ExplainsHolding {
    let id: UUID
    let name: String
    let description: String?
    let place: String?
    /// The zone's centre, blurred when the group was created.
    let location: GeoPoint
    let visibility: String
    let womenOnly: Bool
    let memberCount: Int
    /// `accepted`, `pending`, or absent when the viewer is not a member.
    let membership: String?
    let organising: Bool
    /// Shown to members, and to everyone for a public group.
    let welcomeMessage: String?
    let charter: String?
    let distanceKm: Double?
    /// Why it waits for a moderator, for its organisers only.
    var heldReasons: [HeldReasonDTO]?
    let createdAt: Date?
    let updatedAt: Date?

    init(_ group: NeighbourhoodGroup, membership: Membership?, distanceKm: Double? = nil) throws {
        let canRead = !group.isPrivate || membership?.isAccepted == true
        id = try group.requireID()
        name = group.name
        description = group.details
        place = PublicPlace.label(city: group.city, postalCode: group.postalCode)
        location = group.point
        visibility = group.visibility
        womenOnly = group.womenOnly
        memberCount = group.memberCount
        self.membership = membership?.status
        organising = membership?.isOrganiser ?? false
        welcomeMessage = canRead ? group.welcomeMessage : nil
        charter = canRead ? group.charter : nil
        self.distanceKm = distanceKm.map { ($0 * 10).rounded() / 10 }
        heldReasons = organising ? HeldReasonDTO.list(group.heldReasons) : nil
        createdAt = group.createdAt
        updatedAt = group.updatedAt
    }
}

struct GroupMemberDTO: Content {
    let member: MemberSummary
    let role: String
    let status: String
    let since: Date?
}

struct GroupMembershipDTO: Content {
    let status: String
}

struct PostInput: Content {
    var body: String?
    var poll: [String]?
}

struct CommentInput: Content {
    var body: String?
}

struct ReactionInput: Content {
    var kind: String?
}

struct VoteInput: Content {
    var option: Int?
}

struct CommentDTO: Content, ExplainsHolding {
    let id: UUID
    let postID: UUID
    let author: MemberSummary
    let body: String
    /// Why it waits for a moderator, for its author only.
    var heldReasons: [HeldReasonDTO]? = nil
    let createdAt: Date?
}

struct PollDTO: Content {
    struct Option: Content {
        let index: Int
        let text: String
        let votes: Int
    }
    let options: [Option]
    let myVote: Int?
}

struct PostDTO: Content, ExplainsHolding {
    let id: UUID
    let groupID: UUID
    let author: MemberSummary
    let body: String
    let poll: PollDTO?
    let reactions: [String: Int]
    let myReactions: [String]
    let commentCount: Int
    let comments: [CommentDTO]
    /// Why it waits for a moderator, for its author only.
    var heldReasons: [HeldReasonDTO]? = nil
    let createdAt: Date?
    let updatedAt: Date?
}
