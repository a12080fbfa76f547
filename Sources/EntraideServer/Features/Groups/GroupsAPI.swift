import Vapor
import EntraideCore

/// `/api/v1/groups…` and `/api/v1/posts…`: neighbourhood groups, their posts, comments,
/// reactions and polls.
struct GroupsAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let groups = routes.grouped("groups")
        groups.post(use: Self.create)
        groups.get(use: Self.list)
        groups.get(":groupID", use: Self.show)
        groups.patch(":groupID", use: Self.update)
        groups.post(":groupID", "membership", use: Self.join)
        groups.delete(":groupID", "membership", use: Self.leave)
        groups.get(":groupID", "members", use: Self.members)
        groups.post(":groupID", "members", ":userID", "accept", use: Self.accept)
        groups.post(":groupID", "members", ":userID", "decline", use: Self.decline)
        groups.get(":groupID", "posts", use: Self.posts)
        groups.post(":groupID", "posts", use: Self.createPost)

        let posts = routes.grouped("posts")
        posts.get(":postID", use: Self.showPost)
        posts.post(":postID", "comments", use: Self.comment)
        posts.post(":postID", "reactions", use: Self.react)
        posts.delete(":postID", "reactions", ":kind", use: Self.unreact)
        posts.post(":postID", "votes", use: Self.vote)
    }

    static func create(_ req: Request) async throws -> Response {
        let user = try req.requireMember()
        let input = try req.content.decode(GroupInput.self)
        try await req.rateLimit(.publishPerMember, key: user.requireID().uuidString)
        let group = try await GroupService.create(input, by: user, on: req.db)
        let membership = try await MembershipService.find(.group, group.requireID(), userID: user.requireID(), on: req.db)
        return try await GroupDTO(group, membership: membership).explained(by: req).encodeResponse(status: .created, for: req)
    }

    static func list(_ req: Request) async throws -> Page<GroupDTO> {
        let user = try req.requireMember()
        let lat = req.query[Double.self, at: "lat"], lon = req.query[Double.self, at: "lon"]
        let point = (lat != nil || lon != nil) ? try CommunityRules.point(lat: lat, lon: lon) : nil
        let radius = try CommunityRules.radiusKm(req.query[Double.self, at: "radiusKm"])
        let page = try await GroupService.list(near: point, radiusKm: radius, mine: req.query[Bool.self, at: "mine"] ?? false,
                                               try ListQuery(req), viewer: user, on: req.db)
        let memberships = try await MembershipService.memberOf(.group, page.items.compactMap { $0.0.id }, userID: user.requireID(), on: req.db)
        let items = try page.items.map { try GroupDTO($0.0, membership: memberships[$0.0.id!], distanceKm: $0.1) }
        return Page(items: items, nextCursor: page.next)
    }

    static func show(_ req: Request) async throws -> GroupDTO {
        let (group, membership) = try await GroupService.visible(req.parameters.get("groupID", as: UUID.self), to: try req.requireMember(), on: req.db)
        return try GroupDTO(group, membership: membership).explained(by: req)
    }

    static func update(_ req: Request) async throws -> GroupDTO {
        let user = try req.requireMember()
        let (group, membership) = try await GroupService.visible(req.parameters.get("groupID", as: UUID.self), to: user, on: req.db)
        try await GroupService.update(group, with: try req.content.decode(GroupInput.self), by: user, on: req.db)
        return try GroupDTO(group, membership: membership).explained(by: req)
    }

    static func join(_ req: Request) async throws -> Response {
        let user = try req.requireMember()
        let (group, _) = try await GroupService.visible(req.parameters.get("groupID", as: UUID.self), to: user, on: req.db)
        let membership = try await GroupService.join(group, user: user, on: req.db, live: req.live)
        return try await GroupMembershipDTO(status: membership.status).encodeResponse(status: membership.isAccepted ? .created : .accepted, for: req)
    }

    static func leave(_ req: Request) async throws -> HTTPStatus {
        let user = try req.requireMember()
        let (group, _) = try await GroupService.visible(req.parameters.get("groupID", as: UUID.self), to: user, on: req.db)
        try await GroupService.leave(group, user: user, on: req.db)
        return .noContent
    }

    static func members(_ req: Request) async throws -> [GroupMemberDTO] {
        let user = try req.requireMember()
        let (group, membership) = try await GroupService.visible(req.parameters.get("groupID", as: UUID.self), to: user, on: req.db)
        return try await GroupService.members(group, viewer: membership, on: req.db)
    }

    static func accept(_ req: Request) async throws -> HTTPStatus {
        try await decide(req, accept: true)
    }

    static func decline(_ req: Request) async throws -> HTTPStatus {
        try await decide(req, accept: false)
    }

    private static func decide(_ req: Request, accept: Bool) async throws -> HTTPStatus {
        let user = try req.requireMember()
        let (group, _) = try await GroupService.visible(req.parameters.get("groupID", as: UUID.self), to: user, on: req.db)
        try await GroupService.decide(group, memberID: req.parameters.get("userID", as: UUID.self), accept: accept, by: user, on: req.db, live: req.live)
        return .noContent
    }

    static func posts(_ req: Request) async throws -> Page<PostDTO> {
        let user = try req.requireMember()
        let (group, _) = try await GroupService.readable(req.parameters.get("groupID", as: UUID.self), by: user, on: req.db)
        let page = try await PostService.list(in: group, try ListQuery(req), viewer: user, on: req.db)
        return Page(items: try await PostService.dtos(page.rows, viewer: user, on: req.db), nextCursor: page.next)
    }

    static func createPost(_ req: Request) async throws -> Response {
        let user = try req.requireMember()
        let group = try await GroupService.writable(req.parameters.get("groupID", as: UUID.self), by: user, on: req.db)
        let input = try req.content.decode(PostInput.self)
        try await req.rateLimit(.publishPerMember, key: user.requireID().uuidString)
        let post = try await PostService.create(input, in: group, by: user, on: req.db)
        return try await postDTO(post, for: user, req).explained(by: req).encodeResponse(status: .created, for: req)
    }

    static func showPost(_ req: Request) async throws -> PostDTO {
        let user = try req.requireMember()
        let (post, _, _) = try await PostService.readable(req.parameters.get("postID", as: UUID.self), by: user, on: req.db)
        return try await postDTO(post, for: user, req).explained(by: req)
    }

    static func comment(_ req: Request) async throws -> Response {
        let user = try req.requireMember()
        let post = try await PostService.writable(req.parameters.get("postID", as: UUID.self), by: user, on: req.db)
        let input = try req.content.decode(CommentInput.self)
        try await req.rateLimit(.publishPerMember, key: user.requireID().uuidString)
        let comment = try await PostService.comment(input, on: post, by: user, on: req.db)
        let dto = CommentDTO(id: try comment.requireID(), postID: try post.requireID(), author: try MemberSummary(user), body: comment.body,
                             heldReasons: HeldReasonDTO.list(comment.heldReasons), createdAt: comment.createdAt)
        return try await dto.explained(by: req).encodeResponse(status: .created, for: req)
    }

    static func react(_ req: Request) async throws -> PostDTO {
        let user = try req.requireMember()
        let post = try await PostService.writable(req.parameters.get("postID", as: UUID.self), by: user, on: req.db)
        try await PostService.react(try req.content.decode(ReactionInput.self), to: post, by: user, on: req.db)
        return try await postDTO(post, for: user, req)
    }

    static func unreact(_ req: Request) async throws -> PostDTO {
        let user = try req.requireMember()
        let post = try await PostService.writable(req.parameters.get("postID", as: UUID.self), by: user, on: req.db)
        try await PostService.unreact(req.parameters.get("kind"), from: post, by: user, on: req.db)
        return try await postDTO(post, for: user, req)
    }

    static func vote(_ req: Request) async throws -> PostDTO {
        let user = try req.requireMember()
        let post = try await PostService.writable(req.parameters.get("postID", as: UUID.self), by: user, on: req.db)
        try await PostService.vote(try req.content.decode(VoteInput.self), on: post, by: user, on: req.db)
        return try await postDTO(post, for: user, req)
    }

    static func postDTO(_ post: GroupPost, for user: User, _ req: Request) async throws -> PostDTO {
        guard let dto = try await PostService.dtos([post], viewer: user, on: req.db).first else { throw AppError.notFound("post.not_found") }
        return dto
    }
}
