import Vapor
import Fluent
import EntraideCore

/// Neighbourhood groups: creation, edits by organisers, joining (private groups wait for an
/// organiser), and who may see and read what.
enum GroupService {
    static func create(_ input: GroupInput, by user: User, on database: any Database) async throws -> NeighbourhoodGroup {
        let group = NeighbourhoodGroup()
        group.$creator.id = try user.requireID()
        group.moderation = ModerationState.visible.rawValue
        group.memberCount = 1
        group.visibility = GroupVisibility.public.rawValue
        group.womenOnly = false
        try apply(input, to: group, by: user, creating: true)
        try await database.atomically { db in
            try await group.create(on: db)
            try await MembershipService.join(.group, group.requireID(), userID: user.requireID(), role: .organiser, on: db)
        }
        return group
    }

    private static func apply(_ input: GroupInput, to group: NeighbourhoodGroup, by user: User, creating: Bool) throws {
        if creating || input.name != nil { group.name = try CommunityRules.title(input.name, field: "name", length: CommunityRules.groupNameLength) }
        if input.description != nil {
            group.details = try CommunityRules.optionalText(input.description, field: "description", max: CommunityRules.descriptionMaxLength)
        }
        if input.welcomeMessage != nil {
            group.welcomeMessage = try CommunityRules.optionalText(input.welcomeMessage, field: "welcomeMessage", max: CommunityRules.descriptionMaxLength)
        }
        if input.charter != nil {
            group.charter = try CommunityRules.optionalText(input.charter, field: "charter", max: CommunityRules.charterMaxLength)
        }
        if creating || input.location != nil {
            let point = try CommunityRules.point(lat: input.location?.lat, lon: input.location?.lon)
            let blurred = LocationBlur.blur(point)
            group.lat = blurred.lat
            group.lon = blurred.lon
        }
        if input.city != nil { group.city = try input.city.flatMap(ProfileRules.city) }
        if input.postalCode != nil { group.postalCode = try input.postalCode.flatMap(ProfileRules.postalCode) }
        if creating {
            group.city = group.city ?? user.city
            group.postalCode = group.postalCode ?? user.postalCode
        }
        if let visibility = input.visibility {
            group.visibility = try CommunityRules.choice(visibility, as: GroupVisibility.self, field: "visibility").rawValue
        }
        if let womenOnly = input.womenOnly {
            guard !womenOnly || user.isWoman else { throw AppError(.forbidden, "group.women_only_organiser", field: "womenOnly") }
            group.womenOnly = womenOnly
        }
    }

    static func update(_ group: NeighbourhoodGroup, with input: GroupInput, by user: User, on database: any Database) async throws {
        try await requireOrganiser(group, user, on: database)
        try apply(input, to: group, by: user, creating: false)
        try await group.save(on: database)
    }

    static func requireOrganiser(_ group: NeighbourhoodGroup, _ user: User, on database: any Database) async throws {
        guard try await MembershipService.find(.group, group.requireID(), userID: user.requireID(), on: database)?.isOrganiser == true
        else { throw AppError(.forbidden, "group.not_organiser") }
    }

    /// The group if the viewer may know it exists: women-only groups are invisible to
    /// everyone but women; moderated-away groups to everyone but their members.
    static func visible(_ id: UUID?, to viewer: User, on database: any Database) async throws -> (NeighbourhoodGroup, Membership?) {
        guard let id, let group = try await NeighbourhoodGroup.find(id, on: database) else { throw AppError.notFound("group.not_found") }
        let membership = try await MembershipService.find(.group, id, userID: viewer.requireID(), on: database)
        if membership?.isAccepted == true { return (group, membership) }
        guard group.isVisible, !group.womenOnly || viewer.isWoman else { throw AppError.notFound("group.not_found") }
        return (group, membership)
    }

    /// The group if the viewer may read its posts: accepted members, and anyone for a public group.
    static func readable(_ id: UUID?, by viewer: User, on database: any Database) async throws -> (NeighbourhoodGroup, Membership?) {
        let (group, membership) = try await visible(id, to: viewer, on: database)
        guard !group.isPrivate || membership?.isAccepted == true else { throw AppError.notFound("group.not_found") }
        return (group, membership)
    }

    /// The group if the viewer may write in it: accepted members only.
    static func writable(_ id: UUID?, by viewer: User, on database: any Database) async throws -> NeighbourhoodGroup {
        let (group, membership) = try await readable(id, by: viewer, on: database)
        guard membership?.isAccepted == true else { throw AppError(.forbidden, "group.members_only") }
        return group
    }

    static func join(_ group: NeighbourhoodGroup, user: User, on database: any Database, live: LiveBus) async throws -> Membership {
        let groupID = try group.requireID()
        let status: Membership.Status = group.isPrivate ? .pending : .accepted
        let joined = try await MembershipService.join(.group, groupID, userID: user.requireID(), status: status, on: database)
        guard joined.created else { return joined.membership }
        let organisers = try await organiserIDs(groupID, on: database)
        if status == .accepted {
            try await adjustCount(group, by: 1, on: database)
            try await NotificationService.notify(organisers, .newMember, subject: .group, subjectID: groupID,
                                                 arguments: ["name": user.displayName, "title": group.name], on: database, live: live)
        } else {
            try await NotificationService.notify(organisers, .joinRequest, subject: .group, subjectID: groupID,
                                                 arguments: ["name": user.displayName, "title": group.name], on: database, live: live)
        }
        return joined.membership
    }

    static func leave(_ group: NeighbourhoodGroup, user: User, on database: any Database) async throws {
        let groupID = try group.requireID()
        guard let membership = try await MembershipService.find(.group, groupID, userID: user.requireID(), on: database) else { return }
        if membership.isOrganiser, try await organiserIDs(groupID, on: database).count == 1 {
            throw AppError(.unprocessableEntity, "group.last_organiser")
        }
        try await membership.delete(on: database)
        if membership.isAccepted { try await adjustCount(group, by: -1, on: database) }
    }

    /// An organiser accepts or declines a pending request.
    static func decide(_ group: NeighbourhoodGroup, memberID: UUID?, accept: Bool, by organiser: User, on database: any Database, live: LiveBus) async throws {
        try await requireOrganiser(group, organiser, on: database)
        let groupID = try group.requireID()
        guard let memberID, let membership = try await MembershipService.find(.group, groupID, userID: memberID, on: database),
              membership.status == Membership.Status.pending.rawValue
        else { throw AppError.notFound("group.request_not_found") }
        if accept {
            membership.status = Membership.Status.accepted.rawValue
            try await membership.save(on: database)
            try await adjustCount(group, by: 1, on: database)
            try await NotificationService.notify([memberID], .joinAccepted, subject: .group, subjectID: groupID,
                                                 arguments: ["title": group.name], on: database, live: live)
        } else {
            try await membership.delete(on: database)
        }
    }

    static func organiserIDs(_ groupID: UUID, on database: any Database) async throws -> [UUID] {
        try await Membership.query(on: database).filter(\.$subjectType == Membership.Subject.group.rawValue)
            .filter(\.$subjectID == groupID).filter(\.$role == Membership.Role.organiser.rawValue)
            .filter(\.$status == Membership.Status.accepted.rawValue).all(\.$user.$id)
    }

    private static func adjustCount(_ group: NeighbourhoodGroup, by delta: Int, on database: any Database) async throws {
        let groupID = try group.requireID()
        try await database.sql.raw("""
            UPDATE neighbourhood_groups SET member_count = member_count + \(literal: delta), updated_at = \(bind: Date())
            WHERE id = \(bind: groupID)
            """).run()
        group.memberCount += delta
    }

    /// Members (accepted) for any member; pending requests too for organisers.
    static func members(_ group: NeighbourhoodGroup, viewer: Membership?, on database: any Database) async throws -> [GroupMemberDTO] {
        guard viewer?.isAccepted == true else { throw AppError(.forbidden, "group.members_only") }
        let all = try await MembershipService.members(.group, group.requireID(), status: viewer?.isOrganiser == true ? nil : .accepted, on: database)
        return try all.filter { $0.user.isActive }.map {
            GroupMemberDTO(member: try MemberSummary($0.user), role: $0.role, status: $0.status, since: $0.createdAt)
        }
    }

    /// Groups the member may see: nearest first around a point (within the radius), or newest first.
    static func list(near point: GeoPoint?, radiusKm: Double, mine: Bool, _ list: ListQuery, viewer: User, on database: any Database) async throws -> (items: [(NeighbourhoodGroup, Double?)], next: String?) {
        let viewerID = try viewer.requireID()
        var query = NeighbourhoodGroup.query(on: database)
        if mine {
            let ids = try await Membership.query(on: database).filter(\.$subjectType == Membership.Subject.group.rawValue)
                .filter(\.$user.$id == viewerID).all(\.$subjectID)
            if ids.isEmpty { return ([], nil) }
            query = query.filter(\.$id ~~ ids)
        } else {
            query = query.filter(\.$moderation == ModerationState.visible.rawValue)
            if !viewer.isWoman { query = query.filter(\.$womenOnly == false) }
        }
        if let point {
            let box = FeedRanking.boundingBox(around: point, km: radiusKm)
            let rows = try await query.filter(\.$lat >= box.minLat).filter(\.$lat <= box.maxLat)
                .filter(\.$lon >= box.minLon).filter(\.$lon <= box.maxLon).limit(500).all()
            let ranked = rows.map { ($0, $0.point.distance(to: point) / 1000) }.filter { $0.1 <= radiusKm }.sorted { $0.1 < $1.1 }
            return (Array(ranked.prefix(100)).map { ($0.0, Optional($0.1)) }, nil)
        }
        let rows = try await query.page(list, date: \.$createdAt, updated: \.$updatedAt, id: \.$id).all()
        let page = list.finish(rows, date: { list.updatedSince == nil ? $0.createdAt : $0.updatedAt }, id: { $0.id })
        return (page.rows.map { ($0, nil) }, page.next)
    }
}
