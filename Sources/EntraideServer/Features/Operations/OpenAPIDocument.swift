import Vapor
import EntraideCore

/// The API contract, served at `/api/openapi.json`. Tests check that every API route is in
/// it and every path in it is a route; the e2e suite fuzzes a live server against it.
enum OpenAPIDocument {
    typealias JSON = [String: Any]

    static func serve(_ req: Request) async throws -> Response {
        let data = try JSONSerialization.data(withJSONObject: document(), options: [.sortedKeys])
        var headers = HTTPHeaders()
        headers.contentType = .json
        headers.replaceOrAdd(name: .cacheControl, value: "no-cache")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }

    static func document() -> JSON {
        [
            "openapi": "3.1.0",
            "info": ["title": "Entraide API", "version": "1.0.0",
                     "description": "Support networks around people who live on the street or in isolation. Errors are {\"error\": {code, message, field}} with a stable code and a message in the caller's language."],
            "servers": [["url": "/"]],
            "paths": paths.merging(communityPaths) { a, _ in a }.merging(safetyPaths) { a, _ in a }.merging(translationPaths) { a, _ in a }.merging(photoPaths) { a, _ in a }.merging(smsPaths) { a, _ in a }.merging(roundsPaths) { a, _ in a }.merging(placesPaths) { a, _ in a }.merging(learningPaths) { a, _ in a }.merging(firstWeekPaths) { a, _ in a }.merging(committeePaths) { a, _ in a },
            "components": [
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]],
                "schemas": schemas.merging(communitySchemas) { a, _ in a }.merging(safetySchemas) { a, _ in a }.merging(translationSchemas) { a, _ in a }.merging(roundsSchemas) { a, _ in a }.merging(placesSchemas) { a, _ in a }.merging(learningSchemas) { a, _ in a }.merging(firstWeekSchemas) { a, _ in a }.merging(committeeSchemas) { a, _ in a },
            ],
        ]
    }

    // MARK: Building blocks

    static func ref(_ name: String) -> JSON { ["$ref": "#/components/schemas/\(name)"] }
    static func nullable(_ type: String, _ extra: JSON = [:]) -> JSON { extra.merging(["type": [type, "null"]]) { $1 } }
    static var string: JSON { ["type": "string"] }
    static var stringList: JSON { ["type": "array", "items": string] }

    static func jsonBody(_ schema: JSON) -> JSON {
        ["required": true, "content": ["application/json": ["schema": schema]]]
    }

    static func response(_ description: String, _ schema: JSON? = nil) -> JSON {
        guard let schema else { return ["description": description] }
        return ["description": description, "content": ["application/json": ["schema": schema]]]
    }

    static var errorResponse: JSON { response("An error with a stable code and a translated message", ref("Error")) }

    static func operation(_ id: String, _ summary: String, secured: Bool = true, parameters: [JSON] = [], body: JSON? = nil, responses: [String: JSON]) -> JSON {
        var op: JSON = ["operationId": id, "summary": summary, "responses": responses.merging(["default": errorResponse]) { $1 }]
        if secured { op["security"] = [["bearer": [String]()]] }
        if !parameters.isEmpty { op["parameters"] = parameters }
        if let body { op["requestBody"] = jsonBody(body) }
        return op
    }

    static func pathID(_ name: String) -> JSON {
        ["name": name, "in": "path", "required": true, "schema": ["type": "string", "format": "uuid"]]
    }

    // MARK: Paths

    static var paths: JSON {
        [
            "/health": ["get": operation("health", "Liveness and database check", secured: false, responses: [
                "200": response("Healthy", ["type": "object", "required": ["status"], "properties": ["status": string]]),
                "503": response("Database unreachable", ["type": "object", "properties": ["status": string]]),
            ])],
            "/api/v1/auth/signup": ["post": operation("signup", "Create an account with e-mail and password, or with a phone number (a code is sent by SMS)", secured: false, body: ref("SignupRequest"), responses: [
                "201": response("Signed up and signed in", ref("AuthResult")),
                "202": response("A code was sent by SMS to confirm the number", ref("CodeSent")),
            ])],
            "/api/v1/auth/login": ["post": operation("login", "Log in with e-mail and password", secured: false, body: ref("LoginRequest"), responses: [
                "200": response("Signed in", ref("AuthResult")),
            ])],
            "/api/v1/auth/sms-code": ["post": operation("smsCode", "Send a fresh login code by SMS (the answer is the same whether the number has an account or not)", secured: false, body: ref("PhoneRequest"), responses: [
                "202": response("Code sent if the number has an account", ref("CodeSent")),
            ])],
            "/api/v1/auth/sms-login": ["post": operation("smsLogin", "Log in with the code received by SMS", secured: false, body: ref("PhoneCodeRequest"), responses: [
                "200": response("Signed in", ref("AuthResult")),
            ])],
            "/api/v1/auth/logout": ["post": operation("logout", "Revoke the token used for this request", responses: ["204": response("Logged out")])],
            "/api/v1/me": [
                "get": operation("getMe", "My account", responses: ["200": response("My account", ref("Me"))]),
                "patch": operation("updateMe", "Change my profile", body: ref("ProfileUpdate"), responses: ["200": response("Updated", ref("Me"))]),
                "delete": operation("deleteMe", "Delete my account (anonymised; shared conversations keep what others wrote)", responses: ["204": response("Deleted")]),
            ],
            "/api/v1/me/export": ["get": operation("exportMe", "Everything the platform holds on me", responses: ["200": response("My data", ref("Export"))])],
            "/api/v1/me/sessions": ["get": operation("listSessions", "My signed-in devices", responses: [
                "200": response("Sessions", ["type": "array", "items": ref("Session")]),
            ])],
            "/api/v1/me/sessions/{sessionID}": ["delete": operation("revokeSession", "Sign out one device", parameters: [pathID("sessionID")], responses: ["204": response("Revoked")])],
            "/api/v1/me/phone": ["post": operation("requestPhoneChange", "Send a code to a new phone number", body: ref("PhoneRequest"), responses: [
                "202": response("Code sent to the new number", ref("CodeSent")),
            ])],
            "/api/v1/me/phone/confirm": ["post": operation("confirmPhoneChange", "Switch to the new number with the code it received", body: ref("PhoneCodeRequest"), responses: [
                "200": response("Number changed", ref("Me")),
            ])],
            "/api/v1/users/{userID}": ["get": operation("getUser", "A member's public profile", parameters: [pathID("userID")], responses: [
                "200": response("Public profile", ref("PublicProfile")),
            ])],
            "/api/v1/staff/users/{userID}/phone": ["post": operation("staffChangePhone", "Staff (admin, animator) re-attach a member who lost their phone; logged with who and why", parameters: [pathID("userID")], body: ref("StaffPhoneChange"), responses: [
                "204": response("Number changed"),
            ])],
        ]
    }

    // MARK: Schemas

    static var schemas: JSON {
        let goal: JSON = ["type": "string", "enum": Goal.allCases.map(\.rawValue)]
        let language: JSON = ["type": "string", "enum": Language.allCases.map(\.rawValue)]
        let dateTime: JSON = ["type": "string", "format": "date-time"]
        return [
            "Error": ["type": "object", "required": ["error"], "properties": [
                "error": ["type": "object", "required": ["code", "message"], "properties": [
                    "code": string, "message": string, "field": nullable("string"),
                ]],
            ]],
            "SignupRequest": ["type": "object", "required": ["firstName", "lastName", "goal"], "properties": [
                "firstName": ["type": "string", "maxLength": ProfileRules.nameMaxLength],
                "lastName": ["type": "string", "maxLength": ProfileRules.nameMaxLength],
                "goal": goal, "language": language,
                "email": ["type": "string", "format": "email"],
                "password": ["type": "string", "minLength": ProfileRules.passwordMinLength],
                "phone": ["type": "string", "examples": ["06 12 34 56 78", "+33612345678"]],
            ]],
            "LoginRequest": ["type": "object", "required": ["email", "password"], "properties": ["email": string, "password": string]],
            "PhoneRequest": ["type": "object", "required": ["phone"], "properties": ["phone": string]],
            "PhoneCodeRequest": ["type": "object", "required": ["phone", "code"], "properties": [
                "phone": string, "code": ["type": "string", "pattern": "^[0-9]{6}$"],
            ]],
            "StaffPhoneChange": ["type": "object", "required": ["phone", "reason"], "properties": ["phone": string, "reason": ["type": "string", "maxLength": 500]]],
            "ProfileUpdate": ["type": "object", "properties": [
                "firstName": string, "lastName": string,
                "about": ["type": "string", "maxLength": ProfileRules.aboutMaxLength],
                "languages": stringList,
                "interests": ["type": "array", "items": ["type": "string", "enum": Interest.allCases.map(\.rawValue)]],
                "availability": ["type": "array", "items": ["type": "string", "enum": Availability.allCases.map(\.rawValue)]],
                "postalCode": string, "city": string,
                "travelDistanceKm": ["type": "integer", "minimum": ProfileRules.travelDistanceRange.lowerBound, "maximum": ProfileRules.travelDistanceRange.upperBound],
                "language": language,
                "gender": ["type": "string", "enum": Gender.allCases.map(\.rawValue) + [""]],
                "lowData": ["type": "boolean", "description": "Pages show me no photos"],
            ]],
            "Me": ["type": "object",
                   "required": ["id", "firstName", "lastName", "displayName", "goal", "language", "languages", "interests", "availability", "travelDistanceKm", "roles"],
                   "properties": [
                "id": ["type": "string", "format": "uuid"], "firstName": string, "lastName": string, "displayName": string,
                "email": nullable("string"), "phone": nullable("string"), "goal": goal, "language": language,
                "about": nullable("string"), "languages": stringList, "interests": stringList, "availability": stringList,
                "postalCode": nullable("string"), "city": nullable("string"), "travelDistanceKm": ["type": "integer"],
                "gender": nullable("string"), "roles": stringList, "createdAt": nullable("string", ["format": "date-time"]),
                "photoURL": nullable("string"), "lowData": ["type": "boolean"],
            ]],
            "PublicProfile": ["type": "object", "required": ["id", "displayName", "firstName", "languages", "interests"],
                              "additionalProperties": false,
                              "properties": [
                "id": ["type": "string", "format": "uuid"], "displayName": string, "firstName": string,
                "about": nullable("string"), "languages": stringList, "interests": stringList,
                "city": nullable("string"), "postalCode": nullable("string"), "place": nullable("string"),
                "memberSince": nullable("string", ["format": "date-time"]),
                "photoURL": nullable("string"),
            ]],
            "AuthResult": ["type": "object", "required": ["token", "user"], "properties": ["token": string, "user": ref("Me")]],
            "CodeSent": ["type": "object", "required": ["codeSent", "phone"], "properties": ["codeSent": ["type": "boolean"], "phone": string]],
            "Session": ["type": "object", "required": ["id", "kind", "lastUsedAt", "current"], "properties": [
                "id": ["type": "string", "format": "uuid"], "kind": ["type": "string", "enum": ["api", "web"]],
                "createdAt": nullable("string", ["format": "date-time"]), "lastUsedAt": dateTime,
                "userAgent": nullable("string"), "current": ["type": "boolean"],
            ]],
            "Export": ["type": "object", "required": ["generatedAt", "account", "sessions", "phoneChanges", "smsMessages", "learning"], "properties": [
                "generatedAt": dateTime, "account": ref("Me"), "phoneVerifiedAt": nullable("string", ["format": "date-time"]),
                "sessions": ["type": "array", "items": ref("Session")],
                "phoneChanges": ["type": "array", "items": ["type": "object"]],
                "smsMessages": ["type": "array", "items": ["type": "object"]],
                "learning": ["type": "object", "required": ["articlesSeen", "quizAnswers", "challengesDone"], "properties": [
                    "articlesSeen": ["type": "array", "items": ["type": "object"]],
                    "quizAnswers": ["type": "array", "items": ["type": "object"]],
                    "challengesDone": ["type": "array", "items": ["type": "object"]],
                ]],
            ]],
        ]
    }
}
