import Vapor
import EntraideCore

/// The street committee's part of the API contract.
extension OpenAPIDocument {
    /// An error response that names its codes: clients branch on them.
    static func errors(_ description: String, _ codes: [String]) -> JSON {
        response("\(description) (codes: \(codes.joined(separator: ", ")))", ref("Error"))
    }

    static var committeePaths: JSON {
        let id = pathID("proposalID")
        let base = "/api/v1/committee/proposals"
        let forbidden = errors("Not a committee member nor staff", ["auth.forbidden"])
        let unauthenticated = errors("Not signed in", ["auth.required"])
        return [
            base: [
                "get": operation(
                    "listCommitteeProposals", "Open proposals first (oldest first), then decided ones (newest first); committee members and staff only",
                    responses: ["200": response("Proposals", ["type": "array", "items": ref("CommitteeProposalSummary")]),
                                "401": unauthenticated, "403": forbidden]),
                "post": operation(
                    "submitCommitteeProposal", "Staff (admin, animator, moderator) propose a charter change, a sensitive-word change or another proposal; nothing changes before the committee approves",
                    body: ref("CommitteeProposalInput"),
                    responses: ["201": response("The proposal", ref("CommitteeProposal")), "401": unauthenticated,
                                "403": errors("Not staff", ["auth.forbidden"]),
                                "422": errors("Invalid input", ["validation.required", "validation.choice_invalid", "validation.too_long",
                                                                "committee.no_change", "committee.words_empty", "committee.word_not_listed"])]),
            ],
            "\(base)/{proposalID}": ["get": operation(
                "showCommitteeProposal", "A proposal: the change side by side, the votes of every revision, the rule and threshold, the decision",
                parameters: [id],
                responses: ["200": response("The proposal", ref("CommitteeProposal")), "401": unauthenticated, "403": forbidden,
                            "404": errors("No such proposal", ["committee.not_found"])])],
            "\(base)/{proposalID}/votes": ["post": operation(
                "voteOnCommitteeProposal", "A committee member's vote on the current revision (sent again, it replaces their vote); the deciding vote writes the decision and, on approval, puts the change live in the same transaction",
                parameters: [id], body: ref("CommitteeVoteInput"),
                responses: ["200": response("The proposal after the vote", ref("CommitteeProposal")), "401": unauthenticated,
                            "403": errors("Not allowed to vote", ["auth.forbidden", "committee.not_member", "committee.own_proposal"]),
                            "404": errors("No such proposal", ["committee.not_found"]),
                            "409": errors("Cannot be decided", ["committee.closed", "committee.no_applier"]),
                            "422": errors("Invalid vote", ["validation.required", "validation.choice_invalid", "committee.comment_required", "validation.too_long"])])],
        ]
    }

    static var committeeSchemas: JSON {
        let date: JSON = ["type": "string", "format": "date-time"]
        let vote: JSON = ["type": "object", "required": ["voter", "choice", "at"], "properties": [
            "voter": ["type": "string", "description": "Firstname L."], "choice": ["type": "string", "enum": VoteChoice.allCases.map(\.rawValue)],
            "comment": nullable("string"), "at": date,
        ]]
        let cell: JSON = ["type": "object", "required": ["operation", "text"], "properties": [
            "operation": ["type": "string", "enum": ["same", "removed", "added"]], "text": string,
        ]]
        return [
            "CommitteeProposalSummary": ["type": "object", "required": ["id", "kind", "title", "status", "revision", "author"], "properties": [
                "id": ["type": "string", "format": "uuid"], "kind": ["type": "string", "enum": ProposalKind.allCases.map(\.rawValue)],
                "title": string, "status": ["type": "string", "enum": ProposalStatus.allCases.map(\.rawValue)],
                "revision": ["type": "integer"], "author": ["type": "string", "description": "Firstname L."],
                "createdAt": nullable("string", ["format": "date-time"]), "decidedAt": nullable("string", ["format": "date-time"]),
            ]],
            "CommitteeProposal": ["type": "object", "required": ["proposal", "rationale", "before", "after", "diff", "majority", "voters", "tally", "votes"], "properties": [
                "proposal": ref("CommitteeProposalSummary"), "rationale": string, "before": string, "after": string,
                "diff": ["type": "array", "description": "Side-by-side rows: what it replaces | what is proposed",
                         "items": ["type": "object", "properties": ["before": cell, "after": cell]]],
                "majority": ["type": "string", "description": "The rule in force, or the one it was decided under: >1/2, >=2/3"],
                "voters": ["type": "integer", "description": "Committee members who may vote now, the author excepted"],
                "approvalsNeeded": nullable("integer", ["description": "Absent when nothing can pass (no committee member may vote)"]),
                "tally": ["type": "object", "required": ["approvals", "changesRequested", "rejections"], "properties": [
                    "approvals": ["type": "integer"], "changesRequested": ["type": "integer"], "rejections": ["type": "integer"],
                ]],
                "votes": ["type": "array", "items": ["type": "object", "required": ["voter", "choice", "revision", "counts"], "properties": [
                    "voter": string, "choice": ["type": "string", "enum": VoteChoice.allCases.map(\.rawValue)], "comment": nullable("string"),
                    "revision": ["type": "integer"], "counts": ["type": "boolean", "description": "False once the voter has left the committee"],
                    "at": nullable("string", ["format": "date-time"]),
                ]]],
                "decision": ["type": "object", "required": ["outcome", "revision", "majority", "approvalsNeeded", "voters", "votes", "decidedAt"], "properties": [
                    "outcome": ["type": "string", "enum": ["approved", "rejected"]], "revision": ["type": "integer"], "majority": string,
                    "approvalsNeeded": ["type": "integer"], "voters": ["type": "integer"], "votes": ["type": "array", "items": vote], "decidedAt": date,
                ]],
            ]],
            "CommitteeProposalInput": ["type": "object", "required": ["kind", "title", "rationale"], "properties": [
                "kind": ["type": "string", "enum": ProposalDraft.formKinds.map(\.rawValue)], "title": ["type": "string", "maxLength": ProposalLimits.title],
                "rationale": ["type": "string", "maxLength": ProposalLimits.rationale],
                "language": ["type": "string", "enum": Language.allCases.map(\.rawValue), "description": "charter and sensitive_words"],
                "text": ["type": "string", "description": "charter: the whole proposed text"],
                "add": ["type": "string", "description": "sensitive_words: terms to add, one a line"],
                "category": ["type": "string", "enum": SensitiveCategory.allCases.map(\.rawValue), "description": "sensitive_words: category of the added terms"],
                "match": ["type": "string", "enum": ["exact", "stem"]],
                "remove": ["type": "string", "description": "sensitive_words: listed terms to remove, one a line"],
                "before": ["type": "string", "description": "other: what it replaces"], "after": ["type": "string", "description": "other: what is proposed"],
            ]],
            "CommitteeVoteInput": ["type": "object", "required": ["choice"], "properties": [
                "choice": ["type": "string", "enum": VoteChoice.allCases.map(\.rawValue)],
                "comment": ["type": "string", "maxLength": ProposalLimits.comment, "description": "Required to ask for changes or to reject"],
            ]],
        ]
    }
}
