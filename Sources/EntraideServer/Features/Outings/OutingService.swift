import Vapor
import Fluent
import FluentSQL
import SQLKit
import EntraideCore

/// Events: creation (with their occurrences when they repeat), edits and cancellation by
/// their organiser, participation within capacity, and who may see what.
enum OutingService {
    static let sportFieldMaxLength = 80

    /// Creates the event, and its later occurrences when it repeats; returns the first.
    static func create(_ input: OutingInput, by organiser: User, on database: any Database) async throws -> Outing {
        let first = Outing()
        first.$organiser.id = try organiser.requireID()
        first.participantCount = 0
        first.status = OutingStatus.scheduled.rawValue
        first.moderation = ModerationState.visible.rawValue
        first.online = input.online ?? false
        first.womenOnly = false
        try apply(input, to: first, organiser: organiser, creating: true)
        let schedule = try CommunityRules.schedule(start: input.startsAt, end: input.endsAt)
        var occurrences = [(start: schedule.start, end: schedule.end)]
        if let recurrence = input.recurrence {
            let frequency = try CommunityRules.choice(recurrence.frequency, as: RecurrenceFrequency.self, field: "recurrence.frequency")
            if let count = recurrence.count, !(1...Recurrence.maximumOccurrences).contains(count) {
                throw AppError(.unprocessableEntity, "validation.out_of_range", field: "recurrence.count",
                               arguments: ["min": "1", "max": "\(Recurrence.maximumOccurrences)"])
            }
            if let until = recurrence.until, until < schedule.start {
                throw AppError(.unprocessableEntity, "event.until_before_start", field: "recurrence.until")
            }
            first.recurrence = frequency.rawValue
            occurrences = Recurrence.occurrences(start: schedule.start, end: schedule.end, frequency: frequency,
                                                 count: recurrence.count, until: recurrence.until, timeZone: first.zone)
        }
        first.startsAt = schedule.start
        first.endsAt = schedule.end
        let later = Array(occurrences.dropFirst())
        try await database.atomically { db in
            first.id = UUID()
            if first.recurrence != nil { first.seriesID = first.id }
            try await first.create(on: db)
            try await MembershipService.join(.event, first.requireID(), userID: organiser.requireID(), role: .organiser, on: db)
            for occurrence in later {
                let copy = try copyOf(first, start: occurrence.start, end: occurrence.end)
                try await copy.create(on: db)
                try await MembershipService.join(.event, copy.requireID(), userID: organiser.requireID(), role: .organiser, on: db)
            }
        }
        first.$organiser.value = organiser
        return first
    }

    private static func copyOf(_ outing: Outing, start: Date, end: Date) throws -> Outing {
        let copy = Outing()
        copy.id = UUID()
        copy.title = outing.title
        copy.timeZone = outing.timeZone
        copy.status = outing.status
        copy.moderation = outing.moderation
        copy.$organiser.id = outing.$organiser.id
        copy.seriesID = outing.seriesID
        copy.details = outing.details
        copy.startsAt = start
        copy.endsAt = end
        copy.online = outing.online
        copy.onlineURL = outing.onlineURL
        copy.placeName = outing.placeName
        copy.address = outing.address
        copy.lat = outing.lat
        copy.lon = outing.lon
        copy.cell = outing.cell
        copy.city = outing.city
        copy.postalCode = outing.postalCode
        copy.capacity = outing.capacity
        copy.participantCount = 0
        copy.womenOnly = outing.womenOnly
        copy.reservedGoal = outing.reservedGoal
        copy.sportActivity = outing.sportActivity
        copy.partnerClub = outing.partnerClub
        copy.recurrence = outing.recurrence
        return copy
    }

    /// Checks and copies the fields present in `input`. On creation, the place rules apply to
    /// the whole; on an edit, to the result.
    private static func apply(_ input: OutingInput, to outing: Outing, organiser: User, creating: Bool) throws {
        if creating || input.title != nil { outing.title = try CommunityRules.title(input.title) }
        if input.description != nil {
            outing.details = try CommunityRules.optionalText(input.description, field: "description", max: CommunityRules.descriptionMaxLength)
        }
        if creating || input.timeZone != nil { outing.timeZone = try CommunityRules.timeZone(input.timeZone).identifier }
        if let online = input.online { outing.online = online }
        if input.onlineUrl != nil { outing.onlineURL = try CommunityRules.link(input.onlineUrl) }
        if input.placeName != nil {
            outing.placeName = try CommunityRules.optionalText(input.placeName, field: "placeName", max: CommunityRules.placeNameMaxLength)
        }
        if input.address != nil {
            outing.address = try CommunityRules.optionalText(input.address, field: "address", max: CommunityRules.addressMaxLength)
        }
        if let location = input.location {
            // A public place, shown as given: events never happen at someone's home.
            let point = try CommunityRules.point(lat: location.lat, lon: location.lon)
            outing.locate(at: point)
        }
        if input.city != nil { outing.city = try input.city.flatMap(ProfileRules.city) }
        if input.postalCode != nil { outing.postalCode = try input.postalCode.flatMap(ProfileRules.postalCode) }
        if creating {
            outing.city = outing.city ?? organiser.city
            outing.postalCode = outing.postalCode ?? organiser.postalCode
        }
        if input.capacity != nil || creating { outing.capacity = try CommunityRules.capacity(input.capacity) }
        if let womenOnly = input.womenOnly {
            guard !womenOnly || organiser.isWoman else { throw AppError(.forbidden, "event.women_only_organiser", field: "womenOnly") }
            outing.womenOnly = womenOnly
        }
        if let goal = input.reservedGoal {
            outing.reservedGoal = goal.isEmpty ? nil : try CommunityRules.choice(goal, as: Goal.self, field: "reservedGoal").rawValue
        }
        if let sport = input.sportActivity {
            outing.sportActivity = sport.isEmpty ? nil : try CommunityRules.choice(sport, as: SportActivity.self, field: "sportActivity").rawValue
        }
        if input.partnerClub != nil {
            outing.partnerClub = try CommunityRules.optionalText(input.partnerClub, field: "partnerClub", max: sportFieldMaxLength)
        }
        // Where it happens: a link for an online event, a named place with a point otherwise.
        if outing.online {
            guard outing.onlineURL != nil else { throw AppError(.unprocessableEntity, "validation.required", field: "onlineUrl") }
        } else {
            guard outing.placeName != nil else { throw AppError(.unprocessableEntity, "validation.required", field: "placeName") }
            guard outing.lat != nil, outing.lon != nil else { throw AppError(.unprocessableEntity, "validation.required", field: "location") }
        }
    }

    static func update(_ outing: Outing, with input: OutingInput, by user: User, on database: any Database) async throws {
        guard outing.$organiser.id == user.id else { throw AppError(.forbidden, "event.not_organiser") }
        guard outing.isScheduled else { throw AppError(.conflict, "event.cancelled") }
        try apply(input, to: outing, organiser: user, creating: false)
        if input.startsAt != nil || input.endsAt != nil {
            let schedule = try CommunityRules.schedule(start: input.startsAt ?? outing.startsAt, end: input.endsAt ?? outing.endsAt)
            outing.startsAt = schedule.start
            outing.endsAt = schedule.end
        }
        if let capacity = outing.capacity, capacity < outing.participantCount {
            throw AppError(.unprocessableEntity, "event.capacity_below_participants", field: "capacity",
                           arguments: ["count": "\(outing.participantCount)"])
        }
        try await outing.save(on: database)
    }

    static func cancel(_ outing: Outing, series: Bool, by user: User, on database: any Database, live: LiveBus) async throws {
        guard outing.$organiser.id == user.id else { throw AppError(.forbidden, "event.not_organiser") }
        var targets = [outing]
        if series, let seriesID = outing.seriesID {
            targets = try await Outing.query(on: database).filter(\.$seriesID == seriesID)
                .filter(\.$startsAt >= outing.startsAt).filter(\.$status == OutingStatus.scheduled.rawValue).all()
        }
        for target in targets where target.isScheduled {
            target.status = OutingStatus.cancelled.rawValue
            try await target.save(on: database)
            let participants = try await MembershipService.memberIDs(.event, target.requireID(), on: database).filter { $0 != user.id }
            try await NotificationService.notify(participants, .eventCancelled, subject: .event, subjectID: target.requireID(),
                                                 arguments: ["title": target.title], on: database, live: live)
        }
    }

    /// Joins within capacity: the seat is taken by a conditional UPDATE, so two members can
    /// never both take the last one.
    static func participate(_ outing: Outing, user: User, on database: any Database) async throws {
        let outingID = try outing.requireID(), userID = try user.requireID()
        guard outing.isScheduled else { throw AppError(.conflict, "event.cancelled") }
        guard outing.endsAt > Date() else { throw AppError(.conflict, "event.over") }
        if try await MembershipService.find(.event, outingID, userID: userID, on: database) != nil { return }
        try await database.atomically { db in
            let seats = try await db.sql.raw("""
                UPDATE events SET participant_count = participant_count + 1, updated_at = \(bind: Date())
                WHERE id = \(bind: outingID) AND (capacity IS NULL OR participant_count < capacity)
                RETURNING participant_count
                """).all()
            guard let seat = seats.first else { throw AppError(.conflict, "event.full") }
            let joined = try await MembershipService.join(.event, outingID, userID: userID, on: db)
            // Joined twice at the same moment: give the second seat back.
            guard joined.created else { throw AppError(.conflict, "event.already_participating") }
            outing.participantCount = try seat.decode(column: "participant_count", as: Int.self)
        }
    }

    static func withdraw(_ outing: Outing, user: User, on database: any Database) async throws {
        guard outing.$organiser.id != user.id else { throw AppError(.unprocessableEntity, "event.organiser_cannot_leave") }
        let outingID = try outing.requireID()
        try await database.atomically { db in
            guard try await MembershipService.leave(.event, outingID, userID: user.requireID(), on: db) != nil else { return }
            try await db.sql.raw("""
                UPDATE events SET participant_count = participant_count - 1, updated_at = \(bind: Date())
                WHERE id = \(bind: outingID) AND participant_count > 0
                """).run()
            outing.participantCount = max(0, outing.participantCount - 1)
        }
    }

    static func visible(_ id: UUID?, to viewer: User, on database: any Database) async throws -> Outing {
        guard let id, let outing = try await Outing.query(on: database).filter(\.$id == id).with(\.$organiser).first()
        else { throw AppError.notFound("event.not_found") }
        if outing.$organiser.id == viewer.id { return outing }
        guard outing.isVisible, outing.isEligible(viewer), outing.organiser.isActive,
              try await !BlockService.hiddenMembers(for: viewer.requireID(), on: database).contains(outing.$organiser.id)
        else { throw AppError.notFound("event.not_found") }
        return outing
    }

    /// Participants (not the organiser), in the order they joined.
    static func participants(of outing: Outing, on database: any Database) async throws -> [User] {
        try await MembershipService.members(.event, outing.requireID(), on: database)
            .filter { $0.role != Membership.Role.organiser.rawValue }.map(\.user)
    }

    struct Filters {
        var includePast = false
        var mine = false
    }

    /// Upcoming events the member may see, soonest first; or every change since a date.
    static func list(_ filters: Filters, _ list: ListQuery, viewer: User, on database: any Database) async throws -> (rows: [Outing], next: String?) {
        let viewerID = try viewer.requireID()
        var query = Outing.query(on: database).with(\.$organiser)
        if filters.mine {
            let mine = try await Membership.query(on: database).filter(\.$subjectType == Membership.Subject.event.rawValue)
                .filter(\.$user.$id == viewerID).all(\.$subjectID)
            if mine.isEmpty { return ([], nil) }
            query = query.filter(\.$id ~~ mine)
        } else {
            query = try await visibleOnly(query, to: viewer, on: database)
        }
        if let since = list.updatedSince {
            let rows = try await query.filter(\.$updatedAt >= since).sort(\.$updatedAt).sort(\.$id).limit(list.limit).all()
            return (rows, nil)
        }
        if !filters.includePast {
            query = query.filter(\.$endsAt > Date()).filter(\.$status == OutingStatus.scheduled.rawValue)
        }
        if let cursor = list.cursor {
            query = query.group(.or) { or in
                or.filter(\.$startsAt > cursor.after)
                or.group(.and) { $0.filter(\.$startsAt >= cursor.before).filter(\.$startsAt <= cursor.after).filter(\.$id > cursor.id) }
            }
        }
        let rows = try await query.sort(\.$startsAt).sort(\.$id).limit(list.limit + 1).all()
        return list.finish(rows.filter { $0.organiser.isActive }, date: { $0.startsAt }, id: { $0.id })
    }

    /// Others' events a member may see (and their own): published, not from someone hidden
    /// from them, and open to them (women-only, reserved for a goal).
    private static func visibleOnly(_ query: QueryBuilder<Outing>, to viewer: User, on database: any Database) async throws -> QueryBuilder<Outing> {
        let viewerID = try viewer.requireID()
        let hidden = try await BlockService.hiddenMembers(for: viewerID, on: database)
        if !hidden.isEmpty { query.filter(\.$organiser.$id !~ Array(hidden)) }
        return query.group(.or) { or in
            or.filter(\.$organiser.$id == viewerID)
            or.group(.and) { visible in
                visible.filter(\.$moderation == ModerationState.visible.rawValue)
                if !viewer.isWoman { visible.filter(\.$womenOnly == false) }
                visible.group(.or) { $0.filter(\.$reservedGoal == nil).filter(\.$reservedGoal == viewer.goal) }
            }
        }
    }

    /// The next events in a place within `radiusKm` of a point, soonest first (the SMS
    /// channel's list: online events need a link an SMS cannot open).
    static func upcoming(near center: GeoPoint, radiusKm: Double, limit: Int, viewer: User, on database: any Database, now: Date = Date()) async throws -> [Outing] {
        let latSpan = radiusKm / 111.0, lonSpan = radiusKm / (111.0 * max(0.1, cos(center.lat * .pi / 180)))
        let query = withActiveOrganiser(Outing.query(on: database))
            .filter(\.$status == OutingStatus.scheduled.rawValue).filter(\.$startsAt > now)
            .filter(\.$lat >= center.lat - latSpan).filter(\.$lat <= center.lat + latSpan)
            .filter(\.$lon >= center.lon - lonSpan).filter(\.$lon <= center.lon + lonSpan)
        let rows = try await visibleOnly(query, to: viewer, on: database).sort(\.$startsAt).sort(\.$id).limit(limit * 5).all()
        // A recurring event is listed once, as its next occurrence.
        var series = Set<UUID>()
        return Array(rows.filter { event in
            guard event.$organiser.id != viewer.id,
                  event.point.map({ $0.distance(to: center) <= radiusKm * 1000 }) ?? false else { return false }
            return series.insert(event.seriesID ?? event.id ?? UUID()).inserted
        }.prefix(limit))
    }

    /// Events whose organiser still has an account, checked in the query rather than loaded
    /// with each event: these lists are asked for often, and a member row is the widest we have.
    private static func withActiveOrganiser(_ query: QueryBuilder<Outing>) -> QueryBuilder<Outing> {
        query.filter(.sql(unsafeRaw: #"NOT EXISTS (SELECT 1 FROM users WHERE users.id = "events"."organiser_id" AND users.anonymised_at IS NOT NULL)"#))
    }

    /// The next online events the member may join, soonest first: what is left to offer
    /// someone who has nothing within reach (the first week's home page).
    static func upcomingOnline(limit: Int, viewer: User, on database: any Database, now: Date = Date()) async throws -> [Outing] {
        let viewerID = try viewer.requireID()
        let query = withActiveOrganiser(Outing.query(on: database))
            .filter(\.$status == OutingStatus.scheduled.rawValue).filter(\.$online == true).filter(\.$startsAt > now)
            .filter(\.$organiser.$id != viewerID)
        let rows = try await visibleOnly(query, to: viewer, on: database).sort(\.$startsAt).sort(\.$id).limit(limit * 5).all()
        var series = Set<UUID>()
        return Array(rows.filter { series.insert($0.seriesID ?? $0.id ?? UUID()).inserted }.prefix(limit))
    }

    /// Reminds participants the day before: each hourly run picks the events starting within
    /// a day; a reminder is written once per member and event.
    static func sendReminders(on database: any Database, live: LiveBus, now: Date = Date()) async throws {
        let soon = try await Outing.query(on: database).filter(\.$status == OutingStatus.scheduled.rawValue)
            .filter(\.$startsAt > now).filter(\.$startsAt <= now.addingTimeInterval(24 * 3600)).all()
        for outing in soon {
            let id = try outing.requireID()
            let participants = try await MembershipService.memberIDs(.event, id, on: database)
            try await NotificationService.notify(participants, .eventReminder, subject: .event, subjectID: id,
                                                 arguments: ["title": outing.title, "time": OutingDTO.clockTime(outing.startsAt, in: outing.zone)],
                                                 dedupeKey: "event_reminder:\(id)", on: database, live: live)
        }
    }
}
