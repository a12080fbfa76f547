import Vapor
import Fluent
import EntraideCore

/// `/committee`: the street committee's proposals for its members and staff, a proposal's page
/// (the change side by side, the votes, the vote form; revise or withdraw for its author), and
/// the staff forms that propose a charter change, a word-list change or another proposal.
struct CommitteePages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let committee = routes.grouped("committee")
        committee.get(use: Self.list)
        committee.get("new", ":kind", use: Self.newForm)
        committee.post("new", ":kind", use: Self.create)
        committee.get("proposals", ":proposalID", use: Self.show)
        committee.post("proposals", ":proposalID", "votes", use: Self.vote)
        committee.get("proposals", ":proposalID", "revise", use: Self.reviseForm)
        committee.post("proposals", ":proposalID", "revise", use: Self.revise)
        committee.post("proposals", ":proposalID", "withdraw", use: Self.withdraw)
    }

    /// Signed-in committee members and staff; nil sends to the login page, anyone else gets 403
    /// (as the moderation pages do).
    static func reader(_ req: Request) async throws -> User? {
        guard let user = req.auth.get(User.self) else { return nil }
        guard try await CommitteeService.mayRead(user, on: req.db) else { throw AppError.forbidden }
        return user
    }

    static func proposes(_ user: User, _ req: Request) async throws -> Bool {
        try await RoleService.has(user, anyOf: CommitteeService.proposers, on: req.db)
    }

    // MARK: List

    struct ListPage: Encodable {
        let page: PageContext
        let open: [Row]
        let decided: [Row]
        let proposes: Bool
        let kinds: [KindLink]
        let canPass: Bool
        let rule: String
    }

    struct Row: Encodable {
        let id: String
        let title: String
        let kind: String
        let status: String
        let author: String
        let when: String
        let iso: String
    }

    struct KindLink: Encodable {
        let code: String
        let label: String
    }

    static func list(_ req: Request) async throws -> Response {
        guard let user = try await reader(req) else { return req.redirect(to: "/login") }
        let proposals = try await CommitteeService.list(on: req.db)
        let rows = try proposals.map { proposal in
            Row(id: try proposal.requireID().uuidString, title: proposal.title, kind: req.t("committee.kind.\(proposal.kind)"),
                status: req.t("committee.status.\(proposal.status)"), author: proposal.author.displayName,
                when: PageClock.dayAndTime(proposal.decidedAt ?? proposal.createdAt ?? Date(), req.language),
                iso: PageClock.iso(proposal.decidedAt ?? proposal.createdAt ?? Date()))
        }
        let rule = req.application.committee.rule
        let members = try await CommitteeService.members(on: req.db).count
        let page = ListPage(
            page: PageContext(req, titleKey: "page.committee.title"),
            open: zip(proposals, rows).filter { $0.0.statusValue == .open }.map(\.1),
            decided: zip(proposals, rows).filter { $0.0.statusValue != .open }.map(\.1),
            proposes: try await proposes(user, req),
            kinds: ProposalDraft.formKinds.map { KindLink(code: $0.rawValue, label: req.t("committee.new.\($0.rawValue)")) },
            canPass: rule.canPass(voters: members), rule: ruleText(rule, voters: members, req))
        return try await req.view.render("committee/list", page).encodeResponse(for: req)
    }

    /// "More than half (7 of 12 members)", as the committee reads its rule.
    static func ruleText(_ rule: CommitteeRule, voters: Int, _ req: Request) -> String {
        let share = req.t(rule.majority.strict ? "committee.rule.more_than" : "committee.rule.at_least",
                          ["share": "\(rule.majority.numerator)/\(rule.majority.denominator)"])
        guard let needed = rule.approvalsNeeded(voters: voters) else { return share }
        return req.t("committee.rule.threshold", ["share": share, "needed": "\(needed)", "voters": "\(voters)"])
    }

    // MARK: A proposal

    struct ProposalPage: Encodable {
        let page: PageContext
        let id: String
        let title: String
        let kind: String
        let status: String
        let isOpen: Bool
        /// "by Marie D. · revision 2"
        let byline: String
        let rationale: String
        let diff: [DiffRow]
        let unchanged: Bool
        let rule: String
        let canPass: Bool
        let tally: String
        let votes: [VoteRow]
        let history: [VoteRow]
        let decision: DecisionView?
        let mayVote: Bool
        let choices: [Choice]
        let isAuthor: Bool
        let revisable: Bool
        let form: FormState
        let voted: Bool
    }

    struct DiffRow: Encodable {
        let same: Bool
        let skipped: String?
        let left: String?
        let right: String?
    }

    struct VoteRow: Encodable {
        let voter: String
        let choice: String
        let comment: String?
        let when: String
        let iso: String
        let revisionLabel: String
        let stale: Bool
    }

    struct DecisionView: Encodable {
        let outcome: String
        let summary: String
        let votes: [VoteRow]
    }

    struct Choice: Encodable {
        let code: String
        let label: String
        let checked: Bool
    }

    static func show(_ req: Request) async throws -> Response {
        guard let user = try await reader(req) else { return req.redirect(to: "/login") }
        let proposal = try await CommitteeService.find(req.parameters.get("proposalID", as: UUID.self), on: req.db)
        return try await render(req, proposal, user: user, form: FormState(), voted: req.query[String.self, at: "voted"] != nil)
    }

    static let diffContext = 2

    static func render(_ req: Request, _ proposal: CommitteeProposal, user: User, form: FormState, voted: Bool,
                       status: HTTPResponseStatus = .ok) async throws -> Response {
        let rule = req.application.committee.rule
        let detail = try await CommitteeService.detail(proposal, rule: rule, on: req.db)
        let language = req.language
        func row(_ vote: ProposalVoteDTO) -> VoteRow {
            VoteRow(voter: vote.voter, choice: req.t("committee.choice.\(vote.choice)"), comment: vote.comment,
                    when: PageClock.dayAndTime(vote.at ?? Date(), language), iso: PageClock.iso(vote.at ?? Date()),
                    revisionLabel: req.t("committee.revision", ["revision": "\(vote.revision)"]), stale: !vote.counts)
        }
        let folded = LineDiff.folded(LineDiff.sideBySide(proposal.before, proposal.after), context: diffContext)
        let diff = folded.map { item -> DiffRow in
            switch item {
            case .row(let row):
                DiffRow(same: row.left?.operation == .same, skipped: nil, left: row.left?.text, right: row.right?.text)
            case .skipped(let count):
                DiffRow(same: true, skipped: req.t("committee.diff.unchanged", ["count": "\(count)"]), left: nil, right: nil)
            }
        }
        let members = try await CommitteeService.members(on: req.db)
        let userID = try user.requireID()
        let isAuthor = proposal.$author.id == userID, isOpen = proposal.statusValue == .open
        let mine = try await CommitteeVote.query(on: req.db).filter(\.$proposal.$id == proposal.requireID())
            .filter(\.$revision == proposal.revision).filter(\.$voter.$id == userID).first()
        let chosen = form.values["choice"] ?? mine?.choice
        let decision = detail.decision.map { decision in
            DecisionView(outcome: req.t("committee.status.\(decision.outcome)"),
                         summary: req.t("committee.decision.summary", ["majority": decision.majority, "needed": "\(decision.approvalsNeeded)",
                                                                       "voters": "\(decision.voters)", "revision": "\(decision.revision)"]),
                         votes: decision.votes.map { VoteRow(voter: $0.voter, choice: req.t("committee.choice.\($0.choice)"), comment: $0.comment,
                                                             when: PageClock.dayAndTime($0.at, language), iso: PageClock.iso($0.at),
                                                             revisionLabel: "", stale: false) })
        }
        var form = form
        if form.values["comment"] == nil, let comment = mine?.comment { form.values["comment"] = comment }
        let page = ProposalPage(
            page: PageContext(req, titleKey: "page.committee.proposal_title"), id: detail.proposal.id.uuidString, title: proposal.title,
            kind: req.t("committee.kind.\(proposal.kind)"), status: req.t("committee.status.\(proposal.status)"), isOpen: isOpen,
            byline: req.t("committee.by", ["name": detail.proposal.author])
                + (proposal.revision > 1 ? " · " + req.t("committee.revision", ["revision": "\(proposal.revision)"]) : ""),
            rationale: proposal.rationale,
            diff: diff, unchanged: folded.isEmpty, rule: ruleText(rule, voters: detail.voters, req), canPass: detail.approvalsNeeded != nil,
            tally: req.t("committee.tally", ["approvals": "\(detail.tally.approvals)", "changes": "\(detail.tally.changesRequested)",
                                             "rejections": "\(detail.tally.rejections)"]),
            votes: detail.votes.filter { $0.revision == proposal.revision }.map(row),
            history: detail.votes.filter { $0.revision != proposal.revision }.reversed().map(row),
            decision: decision,
            mayVote: isOpen && !isAuthor && members.contains(userID),
            choices: VoteChoice.allCases.map { Choice(code: $0.rawValue, label: req.t("committee.choice.\($0.rawValue)"), checked: chosen == $0.rawValue) },
            isAuthor: isAuthor, revisable: isOpen && isAuthor && proposal.kindValue != .learningContent, form: form, voted: voted)
        return try await req.view.render("committee/proposal", page).encodeResponse(status: status, for: req)
    }

    struct VoteForm: Content {
        var choice: String?
        var comment: String?
    }

    static func vote(_ req: Request) async throws -> Response {
        guard let user = try await reader(req) else { return req.redirect(to: "/login") }
        let proposal = try await CommitteeService.find(req.parameters.get("proposalID", as: UUID.self), on: req.db)
        let fields = try CommunityForm.fields(req)
        do {
            guard let raw = CommunityForm.given(fields["choice"]) else { throw AppError(.unprocessableEntity, "validation.required", field: "choice") }
            guard let choice = VoteChoice(rawValue: raw) else { throw AppError(.unprocessableEntity, "validation.choice_invalid", field: "choice", arguments: ["value": raw]) }
            try await CommitteeService.vote(choice, comment: fields["comment"], on: proposal.requireID(), by: user,
                                            committee: req.application.committee, on: req.db)
            return req.redirect(to: "/committee/proposals/\(try proposal.requireID())?voted=1")
        } catch {
            let form = FormState.failed(error, values: fields, req).placed(on: ["choice", "comment"])
            let fresh = try await CommitteeService.find(proposal.id, on: req.db)
            return try await render(req, fresh, user: user, form: form, voted: false, status: EntraideErrorMiddleware.appError(for: error, request: req).status)
        }
    }

    static func withdraw(_ req: Request) async throws -> Response {
        guard let user = try await reader(req) else { return req.redirect(to: "/login") }
        let proposal = try await CommitteeService.find(req.parameters.get("proposalID", as: UUID.self), on: req.db)
        try await CommitteeService.withdraw(proposal, by: user, committee: req.application.committee, on: req.db)
        return req.redirect(to: "/committee/proposals/\(try proposal.requireID())")
    }
}
