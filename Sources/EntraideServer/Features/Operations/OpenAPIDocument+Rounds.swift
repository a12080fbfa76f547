import Vapor
import EntraideCore

/// The outreach rounds part of the API contract: associations, their members and sectors,
/// rounds, encounters, people followed, needs, report forms, statistics and the access log.
/// Everything under `/api/v1/organisations/{organisationID}` answers `organisation.not_found`
/// to anyone who is not a member of that association.
extension OpenAPIDocument {
    static var roundsPaths: JSON {
        let org = pathID("organisationID")
        let round = pathID("roundID")
        let base = "/api/v1/organisations/{organisationID}"
        return [
            "/api/v1/organisations": [
                "get": operation("listOrganisations", "The associations I belong to, with my role", responses: [
                    "200": response("My associations", ["type": "array", "items": ref("Organisation")]),
                ]),
                "post": create("createOrganisation", "Open an association (organisation accounts and platform admins); I become its admin",
                               body: ref("OrganisationInput"), responses: ["201": response("Created", ref("Organisation"))]),
            ],
            base: [
                "get": operation("getOrganisation", "An association I belong to", parameters: [org], responses: ["200": response("The association", ref("Organisation"))]),
                "patch": operation("renameOrganisation", "Rename the association (admins)", parameters: [org], body: ref("OrganisationInput"),
                                   responses: ["200": response("Renamed", ref("Organisation"))]),
            ],
            "\(base)/members": [
                "get": operation("listOrganisationMembers", "The association's members, as \"Firstname L.\"", parameters: [org], responses: [
                    "200": response("Members", ["type": "array", "items": ref("OrganisationMember")]),
                ]),
                "post": create("addOrganisationMember", "Add a member by id, e-mail or phone (staff add volunteers, admins any role)", parameters: [org],
                               body: ref("MemberInput"), responses: ["201": response("Added", ref("OrganisationMember"))]),
            ],
            "\(base)/members/{userID}": [
                "patch": operation("changeOrganisationRole", "Change a member's role (admins; the last admin stays)", parameters: [org, pathID("userID")],
                                   body: ref("MemberRoleInput"), responses: ["200": response("Changed", ref("OrganisationMember"))]),
                "delete": operation("removeOrganisationMember", "Remove a member (admins), or leave (oneself)", parameters: [org, pathID("userID")],
                                    responses: ["204": response("Removed")]),
            ],
            "\(base)/sectors": [
                "get": operation("listSectors", "The association's sectors: named areas, the finest place rounds and encounters give", parameters: [org],
                                 responses: ["200": response("Sectors", ["type": "array", "items": ref("Sector")])]),
                "post": create("addSector", "Add a sector (staff, admins)", parameters: [org], body: ref("SectorInput"),
                               responses: ["201": response("Added", ref("Sector"))]),
            ],
            "\(base)/report-form": [
                "get": operation("getReportForm", "The association's round report form", parameters: [org], responses: ["200": response("The form", ref("ReportForm"))]),
                "put": operation("saveReportForm", "Replace the report form (admins)", parameters: [org], body: ref("ReportFormInput"),
                                 responses: ["200": response("Saved", ref("ReportForm"))]),
            ],
            "\(base)/statistics": ["get": operation(
                "roundStatistics", "Counts over a period (staff, admins); format=csv downloads them for funders, counts only",
                parameters: [org, query("from", string, "A date (2026-10-01) or date-time; 30 days before `to` by default"),
                             query("to", string, "A date (included) or date-time; now by default"),
                             query("format", ["type": "string", "enum": ["json", "csv"]])],
                responses: ["200": ["description": "The counts", "content": [
                    "application/json": ["schema": ref("RoundStatistics")],
                    "text/csv": ["schema": string],
                ]]])],
            "\(base)/access-log": ["get": operation(
                "encounterAccessLog", "Who read encounter data, newest first (admins)", parameters: [org] + listParameters,
                responses: ["200": response("A page", page("AccessLogEntry"))])],
            "\(base)/rounds": [
                "get": operation("listRounds", "The association's rounds, newest first", parameters: [org,
                    query("status", ["type": "string", "enum": RoundStatus.allCases.map(\.rawValue)])] + listParameters,
                    responses: ["200": response("A page", page("Round"))]),
                "post": create("createRound", "Plan a round (staff, admins)", parameters: [org], body: ref("RoundInput"),
                               responses: ["201": response("Planned", ref("Round"))]),
            ],
            "\(base)/rounds/{roundID}": [
                "get": operation("getRound", "A round", parameters: [org, round], responses: ["200": response("The round", ref("Round"))]),
                "patch": operation("updateRound", "Change a planned round (staff, admins)", parameters: [org, round], body: ref("RoundInput"),
                                   responses: ["200": response("Changed", ref("Round"))]),
            ],
            "\(base)/rounds/{roundID}/start": ["post": operation("startRound", "Start the round (its team, staff)", parameters: [org, round, idempotencyKey],
                                                                 responses: ["200": response("Ongoing", ref("Round"))])],
            "\(base)/rounds/{roundID}/finish": ["post": operation("finishRound", "End the round: its path's length is kept and its points deleted",
                                                                  parameters: [org, round, idempotencyKey], responses: ["200": response("Done", ref("Round"))])],
            "\(base)/rounds/{roundID}/path": [
                "get": operation("getRoundPath", "The team's path while the round is ongoing (its team, staff)", parameters: [org, round],
                                 responses: ["200": response("The path", ref("RoundPath"))]),
                "post": create("recordRoundPath", "Add points to the path of an ongoing round", parameters: [org, round], body: ref("PathPointsInput"),
                               responses: ["201": response("The path", ref("RoundPath"))]),
            ],
            "\(base)/rounds/{roundID}/encounters": [
                "get": operation("listRoundEncounters", "The round's encounters, notes in clear (logged)", parameters: [org, round],
                                 responses: ["200": response("Encounters", ["type": "array", "items": ref("Encounter")])]),
                "post": create("recordEncounter", "Record an encounter; an `id` chosen by the client makes a replay record nothing new (200); the answer leaves the notes out",
                               parameters: [org, round], body: ref("EncounterInput"), responses: [
                                   "201": response("Recorded", ref("Encounter")),
                                   "200": response("Already recorded under this id", ref("Encounter")),
                               ]),
            ],
            "\(base)/rounds/{roundID}/report": [
                "get": operation("getRoundReport", "The round's answers to the report form", parameters: [org, round],
                                 responses: ["200": response("The report", ref("RoundReport"))]),
                "put": operation("answerRoundReport", "Answer the report form for this round (its team, staff)", parameters: [org, round],
                                 body: ref("RoundReportInput"), responses: ["200": response("The report", ref("RoundReport"))]),
            ],
            "\(base)/encounters/{encounterID}": ["get": operation("getEncounter", "An encounter, notes in clear (logged)",
                                                                  parameters: [org, pathID("encounterID")], responses: ["200": response("The encounter", ref("Encounter"))])],
            "\(base)/people": ["get": operation("listFollowedPeople", "People met on rounds, with their open needs (logged)", parameters: [org,
                query("status", ["type": "string", "enum": FollowUpStatus.allCases.map(\.rawValue)])] + listParameters,
                responses: ["200": response("A page", page("FollowedPerson"))])],
            "\(base)/people/{personID}": ["get": operation("getFollowedPerson", "A person's follow-up: needs and encounters (logged)",
                                                           parameters: [org, pathID("personID")], responses: ["200": response("The follow-up", ref("FollowedPersonDetail"))])],
            "\(base)/people/{personID}/engagement": ["post": operation("engageFollowedPerson", "Mark that the person agreed to be followed",
                                                                       parameters: [org, pathID("personID"), idempotencyKey], responses: ["200": response("The person", ref("FollowedPerson"))])],
            "\(base)/needs/{needID}/met": ["post": operation("markNeedMet", "Mark a need met, on a round (its team) or by staff",
                                                             parameters: [org, pathID("needID"), idempotencyKey],
                                                             body: ref("NeedMetInput"), responses: ["200": response("The need", ref("Need"))])],
        ]
    }

    static var roundsSchemas: JSON {
        let uuid: JSON = ["type": "string", "format": "uuid"]
        let dateTime: JSON = ["type": "string", "format": "date-time"]
        let role: JSON = ["type": "string", "enum": OrganisationRole.allCases.map(\.rawValue)]
        let need: JSON = ["type": "string", "enum": EncounterNeed.allCases.map(\.rawValue)]
        let memberSummary: JSON = ["type": "object", "required": ["id", "displayName"], "properties": ["id": uuid, "displayName": string]]
        let question: JSON = ["type": "object", "required": ["id", "label", "kind", "required", "choices"], "properties": [
            "id": string, "label": string, "kind": ["type": "string", "enum": ReportQuestionKind.allCases.map(\.rawValue)],
            "required": ["type": "boolean"], "choices": stringList,
        ]]
        return [
            "OrganisationInput": ["type": "object", "required": ["name"], "properties": [
                "name": ["type": "string", "minLength": RoundRules.organisationNameLength.lowerBound, "maxLength": RoundRules.organisationNameLength.upperBound],
            ]],
            "Organisation": ["type": "object", "required": ["id", "name", "role"], "properties": [
                "id": uuid, "name": string, "role": role, "createdAt": dateTime,
            ]],
            "MemberInput": ["type": "object", "properties": ["userID": uuid, "email": string, "phone": string, "role": role]],
            "MemberRoleInput": ["type": "object", "required": ["role"], "properties": ["role": role]],
            "OrganisationMember": ["type": "object", "required": ["userID", "displayName", "role"], "properties": [
                "userID": uuid, "displayName": string, "role": role, "addedAt": dateTime,
            ]],
            "SectorInput": ["type": "object", "required": ["name"], "properties": [
                "name": ["type": "string", "minLength": RoundRules.sectorNameLength.lowerBound, "maxLength": RoundRules.sectorNameLength.upperBound],
            ]],
            "Sector": ["type": "object", "required": ["id", "name"], "properties": ["id": uuid, "name": string]],
            "RoundInput": ["type": "object", "properties": [
                "kind": ["type": "string", "enum": RoundKind.allCases.map(\.rawValue)], "startsAt": dateTime,
                "transport": ["type": "string", "enum": RoundTransport.allCases.map(\.rawValue)], "sectorID": uuid,
                "plannedRoute": ["type": "string", "maxLength": RoundRules.plannedRouteMaxLength],
                "team": ["type": "array", "items": uuid, "maxItems": RoundRules.maxTeamSize],
            ]],
            "Round": ["type": "object", "required": ["id", "organisationID", "kind", "startsAt", "transport", "sector", "status", "team", "encounterCount", "reported"], "properties": [
                "id": uuid, "organisationID": uuid, "kind": ["type": "string", "enum": RoundKind.allCases.map(\.rawValue)], "startsAt": dateTime,
                "transport": ["type": "string", "enum": RoundTransport.allCases.map(\.rawValue)], "sector": ref("Sector"),
                "plannedRoute": string, "status": ["type": "string", "enum": RoundStatus.allCases.map(\.rawValue)],
                "startedAt": dateTime, "endedAt": dateTime, "distanceMetres": ["type": "integer"],
                "team": ["type": "array", "items": memberSummary], "encounterCount": ["type": "integer"], "reported": ["type": "boolean"],
                "createdAt": dateTime, "updatedAt": dateTime,
            ]],
            "PathPointsInput": ["type": "object", "required": ["points"], "properties": [
                "points": ["type": "array", "maxItems": RoundRules.maxPathPointsPerRequest, "items": ["type": "object", "required": ["lat", "lon"], "properties": [
                    "lat": ["type": "number"], "lon": ["type": "number"], "at": dateTime,
                ]]],
            ]],
            "RoundPath": ["type": "object", "required": ["roundID", "status", "points"], "properties": [
                "roundID": uuid, "status": string,
                "points": ["type": "array", "items": ["type": "object", "required": ["lat", "lon", "at"], "properties": [
                    "lat": ["type": "number"], "lon": ["type": "number"], "at": dateTime,
                ]]],
            ]],
            "EncounterInput": ["type": "object", "required": ["person"], "properties": [
                "id": uuid,
                "person": ["type": "object", "properties": ["id": uuid, "alias": ["type": "string", "maxLength": RoundRules.aliasMaxLength,
                                                                                   "description": "One word: a first name or nickname, never a family name"]]],
                "sectorID": uuid, "metAt": dateTime,
                "needs": ["type": "array", "maxItems": RoundRules.maxNeedsPerEncounter, "items": ["type": "object", "required": ["need"], "properties": [
                    "need": need, "size": ["type": "integer", "minimum": RoundRules.shoeSizes.lowerBound, "maximum": RoundRules.shoeSizes.upperBound],
                ]]],
                "notes": ["type": "string", "maxLength": RoundRules.notesMaxLength, "description": "Encrypted at rest; readable by the association's members only"],
                "metNeedIDs": ["type": "array", "items": uuid], "engaged": ["type": "boolean"],
            ]],
            "Need": ["type": "object", "required": ["id", "personID", "encounterID", "need", "label", "status"], "properties": [
                "id": uuid, "personID": uuid, "encounterID": uuid, "need": need, "label": string, "size": ["type": "integer"],
                "status": ["type": "string", "enum": NeedStatus.allCases.map(\.rawValue)], "notedAt": dateTime, "metAt": dateTime, "metRoundID": uuid,
            ]],
            "NeedMetInput": ["type": "object", "properties": ["roundID": uuid]],
            "Encounter": ["type": "object", "required": ["id", "roundID", "person", "sector", "metAt", "notesUnreadable", "needs", "recordedBy"], "properties": [
                "id": uuid, "roundID": uuid,
                "person": ["type": "object", "required": ["id", "alias"], "properties": ["id": uuid, "alias": string]],
                "sector": ref("Sector"), "metAt": dateTime, "notes": string, "notesUnreadable": ["type": "boolean"],
                "needs": ["type": "array", "items": ref("Need")], "recordedBy": memberSummary, "createdAt": dateTime,
            ]],
            "FollowedPerson": ["type": "object", "required": ["id", "alias", "status", "firstContactAt", "lastMetAt", "openNeeds"], "properties": [
                "id": uuid, "alias": string, "status": ["type": "string", "enum": FollowUpStatus.allCases.map(\.rawValue)],
                "firstContactAt": dateTime, "engagedAt": dateTime, "lastMetAt": dateTime, "openNeeds": ["type": "array", "items": ref("Need")],
            ]],
            "FollowedPersonDetail": ["type": "object", "required": ["person", "needs", "encounters"], "properties": [
                "person": ref("FollowedPerson"), "needs": ["type": "array", "items": ref("Need")], "encounters": ["type": "array", "items": ref("Encounter")],
            ]],
            "RoundStatistics": ["type": "object", "required": ["organisationID", "from", "to", "rounds", "roundsDone", "encounters", "distinctPeople", "newPeople",
                                                               "engagedPeople", "followedPeople", "inactivePeople", "needsNoted", "needsMet", "needsPending", "needs"], "properties": [
                "organisationID": uuid, "from": dateTime, "to": dateTime,
                "rounds": ["type": "integer"], "roundsDone": ["type": "integer"], "encounters": ["type": "integer"], "distinctPeople": ["type": "integer"],
                "newPeople": ["type": "integer"], "engagedPeople": ["type": "integer"], "followedPeople": ["type": "integer"], "inactivePeople": ["type": "integer"],
                "needsNoted": ["type": "integer"], "needsMet": ["type": "integer"], "needsPending": ["type": "integer"],
                "needs": ["type": "array", "items": ["type": "object", "required": ["need", "label", "noted", "met", "pending"], "properties": [
                    "need": need, "label": string, "noted": ["type": "integer"], "met": ["type": "integer"], "pending": ["type": "integer"],
                ]]],
            ]],
            "ReportFormInput": ["type": "object", "required": ["questions"], "properties": [
                "questions": ["type": "array", "maxItems": ReportFormRules.maxQuestions, "items": ["type": "object", "required": ["label", "kind"], "properties": [
                    "id": string, "label": string, "kind": ["type": "string", "enum": ReportQuestionKind.allCases.map(\.rawValue)],
                    "required": ["type": "boolean"], "choices": stringList,
                ]]],
            ]],
            "ReportForm": ["type": "object", "required": ["questions"], "properties": ["questions": ["type": "array", "items": question]]],
            "RoundReportInput": ["type": "object", "required": ["answers"], "properties": [
                "answers": ["type": "object", "additionalProperties": string, "description": "Question id → answer (a number, yes/no, or one of the choices)"],
            ]],
            "RoundReport": ["type": "object", "required": ["roundID", "questions", "answers"], "properties": [
                "roundID": uuid, "questions": ["type": "array", "items": question], "answers": ["type": "object", "additionalProperties": string],
                "reportedAt": dateTime, "reportedBy": memberSummary,
            ]],
            "AccessLogEntry": ["type": "object", "required": ["id", "member", "action", "rowCount", "via", "at"], "properties": [
                "id": uuid, "member": memberSummary, "action": ["type": "string", "enum": EncounterAccess.Action.allCases.map(\.rawValue)],
                "subjectID": uuid, "rowCount": ["type": "integer"], "via": string, "at": dateTime,
            ]],
        ]
    }
}
