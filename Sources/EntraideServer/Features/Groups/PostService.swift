import Vapor
import Fluent
import EntraideCore

/// Posts in a group, their comments (one level), reactions and poll votes.
enum PostService {
    static let commentsShownPerPost = 50

    static func create(_ input: PostInput, in group: NeighbourhoodGroup, by user: User, on database: any Database) async throws -> GroupPost {
        let post = GroupPost()
        post.$group.id = try group.requireID()
        post.$author.id = try user.requireID()
        post.body = try CommunityRules.text(input.body, field: "body", max: CommunityRules.postMaxLength)
        post.pollOptions = try CommunityRules.pollOptions(input.poll)
        post.moderation = ModerationState.visible.rawValue
        post.commentCount = 0
        try await post.create(on: database)
        return post
    }

    /// The post and its group, if the viewer may read the group.
    static func readable(_ id: UUID?, by viewer: User, on database: any Database) async throws -> (GroupPost, NeighbourhoodGroup, Membership?) {
        guard let id, let post = try await GroupPost.find(id, on: database) else { throw AppError.notFound("post.not_found") }
        let (group, membership) = try await GroupService.readable(post.$group.id, by: viewer, on: database)
        guard post.moderation == ModerationState.visible.rawValue || post.$author.id == viewer.id else { throw AppError.notFound("post.not_found") }
        if try await BlockService.hiddenMembers(for: viewer.requireID(), on: database).contains(post.$author.id) {
            throw AppError.notFound("post.not_found")
        }
        return (post, group, membership)
    }

    static func writable(_ id: UUID?, by viewer: User, on database: any Database) async throws -> GroupPost {
        let (post, _, membership) = try await readable(id, by: viewer, on: database)
        guard membership?.isAccepted == true else { throw AppError(.forbidden, "group.members_only") }
        return post
    }

    static func comment(_ input: CommentInput, on post: GroupPost, by user: User, on database: any Database) async throws -> PostComment {
        let comment = PostComment()
        comment.$post.id = try post.requireID()
        comment.$author.id = try user.requireID()
        comment.body = try CommunityRules.text(input.body, field: "body", max: CommunityRules.commentMaxLength)
        comment.moderation = ModerationState.visible.rawValue
        try await database.atomically { db in
            try await comment.create(on: db)
            post.commentCount += 1
            try await post.save(on: db)
        }
        return comment
    }

    static func react(_ input: ReactionInput, to post: GroupPost, by user: User, on database: any Database) async throws {
        let kind = try CommunityRules.choice(input.kind, as: ReactionKind.self, field: "kind")
        let postID = try post.requireID(), userID = try user.requireID()
        let exists = try await PostReaction.query(on: database).filter(\.$post.$id == postID).filter(\.$user.$id == userID)
            .filter(\.$kind == kind.rawValue).first() != nil
        guard !exists else { return }
        let reaction = PostReaction()
        reaction.$post.id = postID
        reaction.$user.id = userID
        reaction.kind = kind.rawValue
        do { try await reaction.create(on: database) } catch where (error as? any DatabaseError)?.isConstraintFailure == true {}
    }

    static func unreact(_ kind: String?, from post: GroupPost, by user: User, on database: any Database) async throws {
        let kind = try CommunityRules.choice(kind, as: ReactionKind.self, field: "kind")
        try await PostReaction.query(on: database).filter(\.$post.$id == post.requireID()).filter(\.$user.$id == user.requireID())
            .filter(\.$kind == kind.rawValue).delete()
    }

    /// One vote per member and poll; voting again changes the vote.
    static func vote(_ input: VoteInput, on post: GroupPost, by user: User, on database: any Database) async throws {
        guard let options = post.pollOptions else { throw AppError(.unprocessableEntity, "post.no_poll") }
        guard let option = input.option, options.indices.contains(option) else {
            throw AppError(.unprocessableEntity, "validation.out_of_range", field: "option", arguments: ["min": "0", "max": "\(options.count - 1)"])
        }
        let postID = try post.requireID(), userID = try user.requireID()
        if let existing = try await PollVote.query(on: database).filter(\.$post.$id == postID).filter(\.$user.$id == userID).first() {
            existing.option = option
            try await existing.save(on: database)
            return
        }
        let vote = PollVote()
        vote.$post.id = postID
        vote.$user.id = userID
        vote.option = option
        do {
            try await vote.create(on: database)
        } catch where (error as? any DatabaseError)?.isConstraintFailure == true {
            try await PollVote.query(on: database).filter(\.$post.$id == postID).filter(\.$user.$id == userID).set(\.$option, to: option).update()
        }
    }

    static func list(in group: NeighbourhoodGroup, _ list: ListQuery, viewer: User, on database: any Database) async throws -> (rows: [GroupPost], next: String?) {
        let viewerID = try viewer.requireID()
        let hidden = try await BlockService.hiddenMembers(for: viewerID, on: database)
        var query = GroupPost.query(on: database).filter(\.$group.$id == (try group.requireID()))
            .group(.or) { $0.filter(\.$moderation == ModerationState.visible.rawValue).filter(\.$author.$id == viewerID) }
        if !hidden.isEmpty { query = query.filter(\.$author.$id !~ Array(hidden)) }
        let rows = try await query.page(list, date: \.$createdAt, updated: \.$updatedAt, id: \.$id).all()
        return list.finish(rows, date: { list.updatedSince == nil ? $0.createdAt : $0.updatedAt }, id: { $0.id })
    }

    /// Posts with authors, comments, reaction counts and poll results: five queries per page.
    static func dtos(_ posts: [GroupPost], viewer: User, on database: any Database) async throws -> [PostDTO] {
        let ids = try posts.map { try $0.requireID() }
        guard !ids.isEmpty else { return [] }
        let viewerID = try viewer.requireID()
        let hidden = try await BlockService.hiddenMembers(for: viewerID, on: database)
        let comments = try await PostComment.query(on: database).filter(\.$post.$id ~~ ids)
            .group(.or) { $0.filter(\.$moderation == ModerationState.visible.rawValue).filter(\.$author.$id == viewerID) }
            .sort(\.$createdAt).with(\.$author).all()
            .filter { !hidden.contains($0.$author.id) }
        let reactions = try await PostReaction.query(on: database).filter(\.$post.$id ~~ ids).all()
        let votes = try await PollVote.query(on: database).filter(\.$post.$id ~~ ids).all()
        let authorIDs = Set(posts.map { $0.$author.id })
        let authors = Dictionary(uniqueKeysWithValues: try await User.query(on: database).filter(\.$id ~~ Array(authorIDs)).all().map { ($0.id!, $0) })
        return try posts.compactMap { post in
            let id = try post.requireID()
            guard let author = authors[post.$author.id] else { return nil }
            let postReactions = reactions.filter { $0.$post.id == id }
            let postVotes = votes.filter { $0.$post.id == id }
            let poll = post.pollOptions.map { options in
                PollDTO(options: options.enumerated().map { index, text in
                    PollDTO.Option(index: index, text: text, votes: postVotes.filter { $0.option == index }.count)
                }, myVote: postVotes.first { $0.$user.id == viewerID }?.option)
            }
            let postComments = comments.filter { $0.$post.id == id }.suffix(commentsShownPerPost)
            return PostDTO(
                id: id, groupID: post.$group.id, author: try MemberSummary(author), body: post.body, poll: poll,
                reactions: Dictionary(grouping: postReactions, by: \.kind).mapValues(\.count),
                myReactions: postReactions.filter { $0.$user.id == viewerID }.map(\.kind).sorted(),
                commentCount: post.commentCount,
                comments: try postComments.map {
                    CommentDTO(id: try $0.requireID(), postID: id, author: try MemberSummary($0.author), body: $0.body,
                               heldReasons: $0.$author.id == viewerID ? HeldReasonDTO.list($0.heldReasons) : nil, createdAt: $0.createdAt)
                },
                heldReasons: post.$author.id == viewerID ? HeldReasonDTO.list(post.heldReasons) : nil,
                createdAt: post.createdAt, updatedAt: post.updatedAt)
        }
    }
}
