import Vapor
import EntraideCore

/// The translation part of the API contract: another member's text in my language.
extension OpenAPIDocument {
    static var translationPaths: JSON {
        [
            "/api/v1/translations/{subjectType}/{subjectID}": ["get": operation(
                "translate", "A text another member wrote, that I can see, machine-translated into my language or `to` (cached)",
                parameters: [
                    ["name": "subjectType", "in": "path", "required": true,
                     "schema": ["type": "string", "enum": TranslatableSubject.allCases.map(\.rawValue)]],
                    pathID("subjectID"),
                    query("to", ["type": "string", "enum": Language.allCases.map(\.rawValue)]),
                ],
                responses: [
                    "200": response("The translated fields", ref("Translation")),
                    "404": response("Not found, or `translation.unavailable` when this server has no translator", ref("Error")),
                    "502": errorResponse,
                ])],
        ]
    }

    static var translationSchemas: JSON {
        [
            "Translation": ["type": "object", "required": ["subjectType", "subjectID", "target", "driver", "fields"], "properties": [
                "subjectType": ["type": "string", "enum": TranslatableSubject.allCases.map(\.rawValue)],
                "subjectID": ["type": "string", "format": "uuid"],
                "target": ["type": "string", "enum": Language.allCases.map(\.rawValue)],
                "driver": ["type": "string", "enum": ["none", "libretranslate"]],
                "fields": ["type": "array", "items": ["type": "object", "required": ["field", "text"], "properties": [
                    "field": string, "text": string, "sourceLanguage": nullable("string"),
                ]]],
            ]],
        ]
    }
}
