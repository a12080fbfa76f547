import Vapor
import EntraideCore

/// The safety part of the API contract: reports, the moderation queue and decisions,
/// appeals and the audit log.
extension OpenAPIDocument {
    static var safetyPaths: JSON {
        let caseID = pathID("caseID"), decisionID = pathID("decisionID")
        return [
            "/api/v1/reports": ["post": create("createReport", "Report a member, an action, an event, a group, a post, a comment or a message I can see",
                                               body: ref("ReportInput"), responses: ["201": response("Received", ref("Receipt"))])],
            "/api/v1/moderation/queue": ["get": operation("moderationQueue", "Open cases (held, flagged, reports, appeals), my zone first, then the longest waiting (moderators)",
                parameters: [
                    query("zone", string, "A département code, e.g. 75 or 2A"),
                    query("source", ["type": "string", "enum": ModerationCase.Source.allCases.map(\.rawValue)]),
                    query("subjectType", ["type": "string", "enum": ModerationSubject.allCases.map(\.rawValue)]),
                    query("olderThanHours", ["type": "integer", "minimum": 0]),
                    query("cursor", string, "The nextCursor of the previous page"),
                    query("limit", ["type": "integer", "minimum": 1, "maximum": 100]),
                ], responses: ["200": response("A page", page("ModerationCase"))])],
            "/api/v1/moderation/cases/{caseID}": ["get": operation("moderationCase", "One case (moderators)", parameters: [caseID],
                                                                   responses: ["200": response("The case", ref("ModerationCase"))])],
            "/api/v1/moderation/cases/{caseID}/decision": ["post": operation("decideCase", "Decide a case; the decision is logged and the member told (moderators)",
                parameters: [caseID], body: ref("DecisionInput"), responses: ["200": response("Decided", ref("ModerationDecision"))])],
            "/api/v1/moderation/decisions/{decisionID}/appeal": ["post": operation("appealDecision", "Appeal, once, a decision about me; another moderator decides",
                parameters: [decisionID], body: ref("AppealInput"), responses: ["201": response("Received", ref("Receipt"))])],
            "/api/v1/moderation/appeals": ["post": operation("appealSanction", "A suspended or banned member appeals, once, proving who they are (e-mail and password, or phone and login code)",
                secured: false, parameters: [idempotencyKey], body: ref("SanctionAppealInput"), responses: ["201": response("Received", ref("Receipt"))])],
            "/api/v1/admin/moderation-log": ["get": operation("moderationLog", "Every moderation decision, newest first; format=csv downloads it (admins)",
                parameters: [query("format", ["type": "string", "enum": ["json", "csv"]])] + listParameters,
                responses: ["200": response("A page, or text/csv", page("ModerationDecision"))])],
        ]
    }

    static var safetySchemas: JSON {
        let uuid: JSON = ["type": "string", "format": "uuid"]
        let dateTime: JSON = ["type": "string", "format": "date-time"]
        return [
            "HeldReason": ["type": "object", "required": ["code", "message"], "properties": ["code": string, "message": string]],
            "ReportInput": ["type": "object", "required": ["subjectType", "subjectID", "reason"], "properties": [
                "subjectType": ["type": "string", "enum": ReportService.reportable.map(\.rawValue)], "subjectID": uuid,
                "reason": ["type": "string", "enum": ReportService.Reason.allCases.map(\.rawValue)],
                "message": ["type": "string", "maxLength": ReportService.messageMaxLength],
            ]],
            "Receipt": ["type": "object", "required": ["id", "status", "message"], "properties": ["id": uuid, "status": string, "message": string]],
            "ModerationCase": ["type": "object", "required": ["id", "source", "subjectType", "subjectID", "reasons", "status"], "properties": [
                "id": uuid, "source": string, "subjectType": string, "subjectID": uuid, "reasons": ["type": "array", "items": ref("HeldReason")],
                "note": string, "zone": string, "member": ref("MemberSummary"), "excerpt": string, "status": string, "createdAt": dateTime,
            ]],
            "DecisionInput": ["type": "object", "required": ["action", "reason"], "properties": [
                "action": ["type": "string", "enum": ModerationDecision.Action.allCases.map(\.rawValue)],
                "reason": ["type": "string", "maxLength": ModerationService.reasonMaxLength],
                "remove": ["type": "string", "description": "redact: the exact words to remove"],
                "days": ["type": "integer", "minimum": ModerationService.suspensionDays.lowerBound, "maximum": ModerationService.suspensionDays.upperBound],
            ]],
            "ModerationDecision": ["type": "object", "required": ["id", "action", "subjectType", "subjectID", "reason", "details"], "properties": [
                "id": uuid, "caseID": uuid, "action": string, "subjectType": string, "subjectID": uuid, "member": ref("MemberSummary"),
                "moderator": ref("MemberSummary"), "reason": string, "details": ["type": "object", "additionalProperties": string],
                "appealedAt": dateTime, "createdAt": dateTime,
            ]],
            "AppealInput": ["type": "object", "properties": ["message": ["type": "string", "maxLength": ReportService.messageMaxLength]]],
            "SanctionAppealInput": ["type": "object", "properties": [
                "email": string, "password": string, "phone": string, "code": string,
                "message": ["type": "string", "maxLength": ReportService.messageMaxLength],
            ]],
        ]
    }
}
