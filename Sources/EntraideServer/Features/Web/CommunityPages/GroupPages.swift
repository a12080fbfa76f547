import Vapor
import Fluent
import EntraideCore

/// Neighbourhood groups on the web: the list, the form to create or edit one, and its page
/// (joining, leaving or waiting for an organiser; the welcome message and the charter; posts
/// with their reactions, polls and latest comments). A post's own page holds all its
/// comments and the form to add one, so the group page stays light. A private group shows
/// non-members its name, zone and description only.
struct GroupPages: RouteCollection {
    static let postsPerPage = 5
    static let commentsPerPostOnGroupPage = 2

    func boot(routes: any RoutesBuilder) throws {
        let groups = routes.grouped("groups")
        groups.get(use: Self.list)
        groups.post(use: Self.create)
        groups.get("new", use: Self.newForm)
        groups.get(":groupID", use: Self.show)
        groups.get(":groupID", "edit", use: Self.editForm)
        groups.post(":groupID", "edit", use: Self.update)
        groups.post(":groupID", "join", use: Self.join)
        groups.post(":groupID", "leave", use: Self.leave)
        groups.post(":groupID", "members", ":userID", "accept", use: Self.accept)
        groups.post(":groupID", "members", ":userID", "decline", use: Self.decline)
        groups.post(":groupID", "posts", use: Self.createPost)

        let posts = routes.grouped("posts")
        posts.get(":postID", use: Self.showPost)
        posts.post(":postID", "comments", use: Self.comment)
        posts.post(":postID", "reactions", use: Self.react)
        posts.post(":postID", "votes", use: Self.vote)
    }

    // MARK: List

    struct ListPage: Encodable {
        let page: PageContext
        let groups: [Row]
        let mine: Bool
        let hasGroups: Bool
        let more: String?
    }

    struct Row: Encodable {
        let id: String
        let name: String
        let place: String?
        let memberCount: Int
        let isPrivate: Bool
        let womenOnly: Bool
        /// `accepted`, `pending`, or nil.
        let membership: String?
    }

    static func list(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        let mine = req.query[String.self, at: "show"] == "mine"
        let found = try await GroupService.list(near: nil, radiusKm: CommunityRules.feedDefaultRadiusKm, mine: mine,
                                                try ListQuery(req), viewer: user, on: req.db)
        let memberships = try await MembershipService.memberOf(.group, found.items.compactMap { $0.0.id }, userID: user.requireID(), on: req.db)
        let rows = try found.items.map { group, _ in
            let id = try group.requireID()
            return Row(id: id.uuidString, name: group.name, place: PublicPlace.label(city: group.city, postalCode: group.postalCode),
                       memberCount: group.memberCount, isPrivate: group.isPrivate, womenOnly: group.womenOnly,
                       membership: memberships[id]?.status)
        }
        let page = ListPage(page: PageContext(req, titleKey: "page.groups.title"), groups: rows, mine: mine, hasGroups: !rows.isEmpty,
                            more: found.next.map { "/groups?show=\(mine ? "mine" : "all")&cursor=\($0)" })
        return try await req.view.render("community/groups/list", page).encodeResponse(for: req)
    }

    // MARK: Create and edit

    struct FormPage: Encodable {
        let page: PageContext
        let form: FormState
        let target: String
        let back: String
        let editing: Bool
        let canMakeWomenOnly: Bool
        var visibilities = GroupVisibility.allCases.map(\.rawValue)
    }

    static let formFields: Set<String> = ["name", "description", "welcomeMessage", "charter", "location", "city", "postalCode", "visibility", "womenOnly"]

    static func newForm(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        let values = ["visibility": GroupVisibility.public.rawValue, "city": user.city ?? "", "postalCode": user.postalCode ?? ""]
        let page = FormPage(page: PageContext(req, titleKey: "page.groups.new_title"), form: FormState(values: values),
                            target: "/groups", back: "/groups", editing: false, canMakeWomenOnly: user.isWoman)
        return try await req.view.render("community/groups/form", page).encodeResponse(for: req)
    }

    static func create(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        let fields = try CommunityForm.fields(req)
        do {
            let input = try input(from: fields, by: user)
            try await req.rateLimit(.publishPerMember, key: user.requireID().uuidString)
            let group = try await GroupService.create(input, by: user, on: req.db)
            return req.redirect(to: "/groups/\(try group.requireID())")
        } catch {
            let page = FormPage(page: PageContext(req, titleKey: "page.groups.new_title"),
                                form: FormState.failed(error, values: fields, req).placed(on: formFields),
                                target: "/groups", back: "/groups", editing: false, canMakeWomenOnly: user.isWoman)
            return try await AccountPages.renderFailed("community/groups/form", page, error, req)
        }
    }

    static func editForm(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        let group = try await organised(req, by: user)
        let id = try group.requireID()
        // The centre is left blank: it is kept unless a new one is typed.
        var values = ["name": group.name, "description": group.details ?? "", "welcomeMessage": group.welcomeMessage ?? "",
                      "charter": group.charter ?? "", "city": group.city ?? "", "postalCode": group.postalCode ?? "",
                      "visibility": group.visibility]
        if group.womenOnly { values["womenOnly"] = "1" }
        let page = FormPage(page: PageContext(req, titleKey: "page.groups.edit_title"), form: FormState(values: values),
                            target: "/groups/\(id)/edit", back: "/groups/\(id)", editing: true, canMakeWomenOnly: user.isWoman)
        return try await req.view.render("community/groups/form", page).encodeResponse(for: req)
    }

    static func update(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        let group = try await organised(req, by: user)
        let id = try group.requireID()
        let fields = try CommunityForm.fields(req)
        do {
            try await GroupService.update(group, with: try input(from: fields, by: user), by: user, on: req.db)
            return req.redirect(to: "/groups/\(id)")
        } catch {
            let page = FormPage(page: PageContext(req, titleKey: "page.groups.edit_title"),
                                form: FormState.failed(error, values: fields, req).placed(on: formFields),
                                target: "/groups/\(id)/edit", back: "/groups/\(id)", editing: true, canMakeWomenOnly: user.isWoman)
            return try await AccountPages.renderFailed("community/groups/form", page, error, req)
        }
    }

    static func input(from fields: [String: String], by user: User) throws -> GroupInput {
        GroupInput(name: fields["name"], description: fields["description"] ?? "", welcomeMessage: fields["welcomeMessage"] ?? "",
                   charter: fields["charter"] ?? "", location: try CommunityForm.point(lat: fields["lat"], lon: fields["lon"]),
                   city: fields["city"], postalCode: fields["postalCode"], visibility: fields["visibility"],
                   womenOnly: user.isWoman ? fields["womenOnly"] != nil : nil)
    }

    static func organised(_ req: Request, by user: User) async throws -> NeighbourhoodGroup {
        let (group, _) = try await GroupService.visible(req.parameters.get("groupID", as: UUID.self), to: user, on: req.db)
        try await GroupService.requireOrganiser(group, user, on: req.db)
        return group
    }

    // MARK: A group's page

    struct GroupPage: Encodable {
        let page: PageContext
        let group: GroupView
        let posts: [PostView]
        let hasPosts: Bool
        let more: String?
        /// Asks to join, shown to organisers.
        let requests: [JoinRequest]
        let hasRequests: Bool
        /// Whether the reader may react, vote and post here.
        let member: Bool
        let form: FormState
        /// The group's name, description and welcome in the reader's language, when asked.
        let translation: PageTranslation?
        struct JoinRequest: Encodable { let userID: String; let name: String }
    }

    struct GroupView: Encodable {
        let id: String
        let name: String
        let description: String?
        let place: String?
        let memberCount: Int
        let isPrivate: Bool
        let womenOnly: Bool
        let member: Bool
        let pending: Bool
        let organising: Bool
        /// The welcome is for members; the charter is read before joining a public group.
        let welcomeMessage: String?
        let charter: String?
        let canRead: Bool

        init(_ group: NeighbourhoodGroup, membership: Membership?) throws {
            let dto = try GroupDTO(group, membership: membership)
            id = dto.id.uuidString
            name = dto.name
            description = dto.description
            place = dto.place
            memberCount = dto.memberCount
            isPrivate = group.isPrivate
            womenOnly = dto.womenOnly
            member = membership?.isAccepted == true
            pending = dto.membership == Membership.Status.pending.rawValue
            organising = dto.organising
            welcomeMessage = member ? dto.welcomeMessage : nil
            charter = dto.charter
            canRead = !group.isPrivate || member
        }
    }

    /// A post as a page shows it: reactions as counts and whether the reader gave each, the
    /// poll with its results, and the latest comments.
    struct PostView: Encodable {
        let id: String
        let author: String
        let body: String
        let when: String
        let reactions: [Reaction]
        let poll: [PollOption]?
        let voted: Bool
        var comments: [Comment]
        let hasComments: Bool
        let commentCount: Int
        let hiddenComments: Bool
        let authorID: UUID
        var translation: PageTranslation?
        struct Reaction: Encodable { let kind: String; let count: Int; let mine: Bool }
        struct PollOption: Encodable { let index: Int; let text: String; let votes: Int; let mine: Bool }
        struct Comment: Encodable {
            let id: String
            let authorID: UUID
            let author: String
            let body: String
            /// Offered on a post's own page only: a group page stays light.
            var translation: PageTranslation?
        }

        init(_ dto: PostDTO, language: Language, commentsShown: Int) {
            id = dto.id.uuidString
            author = dto.author.displayName
            authorID = dto.author.id
            body = dto.body
            when = dto.createdAt.map { PageClock.dayAndTime($0, language) } ?? ""
            reactions = ReactionKind.allCases.map { .init(kind: $0.rawValue, count: dto.reactions[$0.rawValue] ?? 0, mine: dto.myReactions.contains($0.rawValue)) }
            poll = dto.poll.map { poll in poll.options.map { .init(index: $0.index, text: $0.text, votes: $0.votes, mine: poll.myVote == $0.index) } }
            voted = dto.poll?.myVote != nil
            let shown = dto.comments.suffix(commentsShown)
            comments = shown.map { .init(id: $0.id.uuidString, authorID: $0.author.id, author: $0.author.displayName, body: $0.body) }
            hasComments = !shown.isEmpty
            commentCount = dto.commentCount
            hiddenComments = dto.commentCount > shown.count
        }
    }

    static func groupPage(_ req: Request, user: User, group: NeighbourhoodGroup, membership: Membership?, form: FormState = FormState()) async throws -> GroupPage {
        let view = try GroupView(group, membership: membership)
        var posts: [PostView] = [], more: String?
        if view.canRead {
            let list = try ListQuery(req, defaultLimit: postsPerPage)
            let found = try await PostService.list(in: group, list, viewer: user, on: req.db)
            posts = try await PostService.dtos(found.rows, viewer: user, on: req.db)
                .map { PostView($0, language: req.language, commentsShown: commentsPerPostOnGroupPage) }
            posts = await translated(posts, req, viewer: user)
            more = found.next.map { "/groups/\(view.id)?cursor=\($0)" }
        }
        var requests: [GroupPage.JoinRequest] = []
        if view.organising {
            requests = try await GroupService.members(group, viewer: membership, on: req.db)
                .filter { $0.status == Membership.Status.pending.rawValue }
                .map { .init(userID: $0.member.id.uuidString, name: $0.member.displayName) }
        }
        let translation = await PageTranslation.of(req, .group, try group.requireID(), authorID: group.$creator.id, viewer: user)
        return GroupPage(page: PageContext(req, titleKey: "page.groups.detail_title"), group: view, posts: posts, hasPosts: !posts.isEmpty,
                         more: more, requests: requests, hasRequests: !requests.isEmpty, member: view.member, form: form,
                         translation: translation)
    }

    /// Each post others wrote gets its "Translate" link, and its translation when asked.
    static func translated(_ posts: [PostView], _ req: Request, viewer: User, comments: Bool = false) async -> [PostView] {
        var result: [PostView] = []
        for var post in posts {
            if let id = UUID(uuidString: post.id) {
                post.translation = await PageTranslation.of(req, .post, id, authorID: post.authorID, viewer: viewer, anchor: "post-\(post.id)")
            }
            if comments {
                for index in post.comments.indices {
                    guard let id = UUID(uuidString: post.comments[index].id) else { continue }
                    post.comments[index].translation = await PageTranslation.of(
                        req, .comment, id, authorID: post.comments[index].authorID, viewer: viewer, anchor: "c-\(post.comments[index].id)")
                }
            }
            result.append(post)
        }
        return result
    }

    static func show(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        let (group, membership) = try await GroupService.visible(req.parameters.get("groupID", as: UUID.self), to: user, on: req.db)
        let page = try await groupPage(req, user: user, group: group, membership: membership)
        return try await req.view.render("community/groups/detail", page).encodeResponse(for: req)
    }

    /// Runs one of the group page's buttons, then shows the group again; a refusal (the last
    /// organiser leaving, say) is shown on the page.
    static func act(_ req: Request, _ work: (NeighbourhoodGroup, User) async throws -> Void) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        let (group, _) = try await GroupService.visible(req.parameters.get("groupID", as: UUID.self), to: user, on: req.db)
        do {
            try await work(group, user)
            return req.redirect(to: "/groups/\(try group.requireID())")
        } catch {
            let membership = try await MembershipService.find(.group, group.requireID(), userID: user.requireID(), on: req.db)
            let page = try await groupPage(req, user: user, group: group, membership: membership,
                                           form: FormState.failed(error, values: [:], req).placed(on: []))
            return try await AccountPages.renderFailed("community/groups/detail", page, error, req)
        }
    }

    static func join(_ req: Request) async throws -> Response {
        try await act(req) { group, user in _ = try await GroupService.join(group, user: user, on: req.db, live: req.live) }
    }

    static func leave(_ req: Request) async throws -> Response {
        try await act(req) { group, user in try await GroupService.leave(group, user: user, on: req.db) }
    }

    static func accept(_ req: Request) async throws -> Response {
        try await act(req) { group, user in
            try await GroupService.decide(group, memberID: req.parameters.get("userID", as: UUID.self), accept: true, by: user, on: req.db, live: req.live)
        }
    }

    static func decline(_ req: Request) async throws -> Response {
        try await act(req) { group, user in
            try await GroupService.decide(group, memberID: req.parameters.get("userID", as: UUID.self), accept: false, by: user, on: req.db, live: req.live)
        }
    }

    /// A post, with a poll when the member wrote choices, one a line.
    static func createPost(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        let (group, membership) = try await GroupService.visible(req.parameters.get("groupID", as: UUID.self), to: user, on: req.db)
        let fields = try CommunityForm.fields(req)
        do {
            let writable = try await GroupService.writable(group.requireID(), by: user, on: req.db)
            let choices = (fields["poll"] ?? "").split(whereSeparator: \.isNewline)
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            try await req.rateLimit(.publishPerMember, key: user.requireID().uuidString)
            _ = try await PostService.create(PostInput(body: fields["body"], poll: choices.isEmpty ? nil : choices), in: writable, by: user, on: req.db)
            return req.redirect(to: "/groups/\(try group.requireID())")
        } catch {
            let form = FormState.failed(error, values: fields, req).placed(on: ["body", "poll"])
            let page = try await groupPage(req, user: user, group: group, membership: membership, form: form)
            return try await AccountPages.renderFailed("community/groups/detail", page, error, req)
        }
    }

    // MARK: A post's page

    struct PostPage: Encodable {
        let page: PageContext
        let groupID: String
        let groupName: String
        let post: PostView
        let member: Bool
        let form: FormState
        /// Reactions and votes given on this page come back to it.
        var fromPost = true
    }

    static func postPage(_ req: Request, user: User, post: GroupPost, group: NeighbourhoodGroup, membership: Membership?, form: FormState = FormState()) async throws -> PostPage {
        guard let dto = try await PostService.dtos([post], viewer: user, on: req.db).first else { throw AppError.notFound("post.not_found") }
        let view = await translated([PostView(dto, language: req.language, commentsShown: PostService.commentsShownPerPost)], req,
                                    viewer: user, comments: true)
        return PostPage(page: PageContext(req, titleKey: "page.groups.post_title"), groupID: try group.requireID().uuidString,
                        groupName: group.name, post: view[0], member: membership?.isAccepted == true, form: form)
    }

    static func showPost(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        let (post, group, membership) = try await PostService.readable(req.parameters.get("postID", as: UUID.self), by: user, on: req.db)
        return try await req.view.render("community/groups/post", try await postPage(req, user: user, post: post, group: group, membership: membership)).encodeResponse(for: req)
    }

    static func comment(_ req: Request) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        let (post, group, membership) = try await PostService.readable(req.parameters.get("postID", as: UUID.self), by: user, on: req.db)
        let body = (try? req.content.get(String.self, at: "body")) ?? ""
        do {
            let writable = try await PostService.writable(post.requireID(), by: user, on: req.db)
            try await req.rateLimit(.publishPerMember, key: user.requireID().uuidString)
            _ = try await PostService.comment(CommentInput(body: body), on: writable, by: user, on: req.db)
            return req.redirect(to: "/posts/\(try post.requireID())")
        } catch {
            let form = FormState.failed(error, values: ["body": body], req).placed(on: ["body"])
            let page = try await postPage(req, user: user, post: post, group: group, membership: membership, form: form)
            return try await AccountPages.renderFailed("community/groups/post", page, error, req)
        }
    }

    /// One button per reaction: pressing one the member already gave takes it back.
    static func react(_ req: Request) async throws -> Response {
        try await onPost(req) { post, user in
            let kind = try req.content.get(String.self, at: "kind")
            let given = try await PostReaction.query(on: req.db).filter(\.$post.$id == post.requireID())
                .filter(\.$user.$id == user.requireID()).filter(\.$kind == kind).first() != nil
            if given {
                try await PostService.unreact(kind, from: post, by: user, on: req.db)
            } else {
                try await PostService.react(ReactionInput(kind: kind), to: post, by: user, on: req.db)
            }
        }
    }

    static func vote(_ req: Request) async throws -> Response {
        try await onPost(req) { post, user in
            let option = try CommunityForm.integer((try? req.content.get(String.self, at: "option")), field: "option")
            try await PostService.vote(VoteInput(option: option), on: post, by: user, on: req.db)
        }
    }

    /// A reaction or a vote, from the group page or the post's page: back to where it was given.
    static func onPost(_ req: Request, _ work: (GroupPost, User) async throws -> Void) async throws -> Response {
        guard let user = req.auth.get(User.self) else { return req.redirect(to: "/login") }
        let (post, group, membership) = try await PostService.readable(req.parameters.get("postID", as: UUID.self), by: user, on: req.db)
        let postID = try post.requireID()
        do {
            let writable = try await PostService.writable(postID, by: user, on: req.db)
            try await work(writable, user)
            let fromPostPage = (try? req.content.get(String.self, at: "from")) == "post"
            return req.redirect(to: fromPostPage ? "/posts/\(postID)" : "/groups/\(try group.requireID())#post-\(postID)")
        } catch {
            let form = FormState.failed(error, values: [:], req).placed(on: [])
            let page = try await postPage(req, user: user, post: post, group: group, membership: membership, form: form)
            return try await AccountPages.renderFailed("community/groups/post", page, error, req)
        }
    }
}
