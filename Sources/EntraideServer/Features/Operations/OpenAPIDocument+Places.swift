import Vapor
import EntraideCore

/// The services directory's part of the API contract.
extension OpenAPIDocument {
    static var placesPaths: JSON {
        let placeID = pathID("placeID"), suggestionID = pathID("suggestionID")
        let boolText: JSON = ["type": "string", "enum": ["true", "false", "1", "0"]]
        return [
            "/api/v1/places": ["get": operation(
                "listPlaces", "Places nearest first around a point (a mobile round at its nearest stop), or by name without a point; no account needed",
                secured: false,
                parameters: [
                    query("lat", ["type": "number", "minimum": -90, "maximum": 90], "With lon: search around this point"),
                    query("lon", ["type": "number", "minimum": -180, "maximum": 180]),
                    query("radiusKm", ["type": "number", "exclusiveMinimum": 0, "maximum": PlaceRules.maximumRadiusKm], "Default 10"),
                    query("category", ["type": "string", "enum": PlaceCategory.families.map(\.code) + PlaceCategory.all], "A category, or a family for all its categories"),
                    query("openNow", boolText, "Only places open now, on each place's own clock"),
                    query("q", ["type": "string", "maxLength": PlaceRules.queryMaxLength], "Words of the name or description (prefixes, accents ignored)"),
                    query("limit", ["type": "integer", "minimum": 1, "maximum": 50], "Default 20"),
                    query("cursor", string, "nextCursor of the previous page"),
                ],
                responses: ["200": response("A page of places", page("PlaceSummary")), "400": errorResponse])],
            "/api/v1/places/categories": ["get": operation(
                "placeCategories", "The category tree (families and their categories), named in the caller's language", secured: false,
                responses: ["200": response("Families", ["type": "array", "items": ref("CategoryFamily")])])],
            "/api/v1/places/{placeID}": ["get": operation(
                "showPlace", "A place in full: hours, stops, open now", secured: false, parameters: [placeID],
                responses: ["200": response("The place", ref("Place")), "404": errorResponse])],
            "/api/v1/places/suggestions": [
                "post": create("suggestPlace", "Suggest a new place, a correction or a closure; staff check it before anything changes",
                               body: ref("PlaceSuggestionInput"), responses: ["201": response("Waiting for staff", ref("PlaceSuggestion"))]),
                "get": operation("listPlaceSuggestions", "Staff: the suggestions waiting (oldest first); anyone: `mine=true` for one's own", parameters: [
                    query("mine", boolText),
                    query("status", ["type": "string", "enum": PlaceSuggestion.Status.allCases.map(\.rawValue)]),
                    query("limit", ["type": "integer", "minimum": 1, "maximum": 100]),
                    query("cursor", string),
                ], responses: ["200": response("A page of suggestions", page("PlaceSuggestion"))]),
            ],
            "/api/v1/places/suggestions/{suggestionID}": ["get": operation(
                "showPlaceSuggestion", "A suggestion, for its author and staff", parameters: [suggestionID],
                responses: ["200": response("The suggestion", ref("PlaceSuggestion")), "404": errorResponse])],
            "/api/v1/places/suggestions/{suggestionID}/decision": ["post": operation(
                "decidePlaceSuggestion", "Staff: accept (the change is applied) or reject (with a reason)", parameters: [suggestionID],
                body: ref("PlaceSuggestionDecision"),
                responses: ["200": response("Decided", ref("PlaceSuggestion")), "409": errorResponse])],
        ]
    }

    static var placesSchemas: JSON {
        let geo: JSON = ["type": "object", "required": ["lat", "lon"], "properties": ["lat": ["type": "number"], "lon": ["type": "number"]]]
        let geoInput: JSON = ["type": "object", "properties": ["lat": ["type": "number"], "lon": ["type": "number"]]]
        let slots: JSON = ["type": "array", "items": ["type": "string", "pattern": "^\\d{2}:\\d{2}-\\d{2}:\\d{2}$"]]
        let day: JSON = ["type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}$"]
        let hours: JSON = ["type": "object", "properties": [
            "weekly": ["type": "object", "properties": Dictionary(uniqueKeysWithValues: Weekday.allCases.map { ($0.rawValue, slots) }), "additionalProperties": false],
            "alwaysOpen": ["type": "boolean"], "closedOnPublicHolidays": ["type": "boolean"],
            "exceptions": ["type": "array", "items": ["type": "object", "required": ["day", "slots"], "properties": ["day": day, "slots": slots, "note": string]]],
            "closures": ["type": "array", "items": ["type": "object", "required": ["from"], "properties": ["from": day, "until": day, "note": string]]],
            "note": string,
        ], "description": "Weekly slots (`22:00-02:00` runs past midnight), days that differ, temporary closures, on the place's clock"]
        let status: JSON = ["type": "object", "required": ["temporarilyClosed"], "properties": [
            "openNow": ["type": ["boolean", "null"]], "closesAt": string, "opensAt": string, "closedUntil": string, "temporarilyClosed": ["type": "boolean"],
        ]]
        let stopInput: JSON = ["type": "object", "properties": [
            "name": string, "address": string, "city": string, "postalCode": string, "location": geoInput, "hours": hours, "hoursText": string,
        ]]
        return [
            "PlaceSummary": ["type": "object", "required": ["id", "kind", "name", "categories", "audience", "access", "location", "status"], "properties": [
                "id": ["type": "string", "format": "uuid"], "kind": ["type": "string", "enum": PlaceKind.allCases.map(\.rawValue)], "name": string,
                "categories": stringList, "audience": stringList, "access": stringList,
                "stop": ["type": "object", "required": ["id"], "properties": ["id": ["type": "string", "format": "uuid"], "name": string]],
                "location": geo, "address": string, "city": string, "postalCode": string, "phone": string,
                "wheelchairAccessible": ["type": "boolean"], "distanceMeters": ["type": "integer"], "status": status,
            ]],
            "Place": ["type": "object", "required": ["id", "kind", "name", "categories", "audience", "access", "languages", "country", "timeZone", "hours", "hoursText", "status", "stops", "state", "source"], "properties": [
                "id": ["type": "string", "format": "uuid"], "kind": ["type": "string", "enum": PlaceKind.allCases.map(\.rawValue)], "name": string,
                "description": string, "categories": stringList, "audience": stringList, "access": stringList, "priceNote": string, "languages": stringList,
                "phone": string, "email": string, "website": string, "address": string, "city": string, "postalCode": string, "country": string,
                "location": geo, "timeZone": string, "hours": hours, "hoursText": string, "status": status,
                "wheelchairAccessible": ["type": "boolean"], "accessibilityNote": string,
                "stops": ["type": "array", "items": ["type": "object", "required": ["id", "location", "hours", "hoursText", "status"], "properties": [
                    "id": ["type": "string", "format": "uuid"], "name": string, "address": string, "city": string, "postalCode": string,
                    "location": geo, "hours": hours, "hoursText": string, "status": status,
                ]]],
                "state": ["type": "string", "enum": [Place.active, Place.retired]], "source": string, "updatedAt": ["type": "string", "format": "date-time"],
            ]],
            "CategoryFamily": ["type": "object", "required": ["code", "name", "categories"], "properties": [
                "code": string, "name": string,
                "categories": ["type": "array", "items": ["type": "object", "required": ["code", "name"], "properties": ["code": string, "name": string]]],
            ]],
            "PlaceInput": ["type": "object", "properties": [
                "kind": ["type": "string", "enum": PlaceKind.allCases.map(\.rawValue)], "name": string, "description": string,
                "categories": ["type": "array", "items": ["type": "string", "enum": PlaceCategory.all]],
                "audience": ["type": "array", "items": ["type": "string", "enum": PlaceAudience.allCases.map(\.rawValue)]],
                "access": ["type": "array", "items": ["type": "string", "enum": PlaceAccess.allCases.map(\.rawValue)]],
                "priceNote": string, "languages": stringList, "phone": string, "email": string, "website": string, "address": string,
                "city": string, "postalCode": string, "location": geoInput, "timeZone": string, "hours": hours,
                "hoursText": ["type": "string", "description": "`mo-fr 09:00-12:00,14:00-17:30; sa 10:00-12:00; ph off`, or `24/7`"],
                "wheelchairAccessible": ["type": "boolean"], "accessibilityNote": string, "stops": ["type": "array", "items": stopInput],
            ]],
            "PlaceSuggestionInput": ["type": "object", "properties": [
                "placeId": ["type": "string", "format": "uuid"], "kind": ["type": "string", "enum": PlaceSuggestion.Kind.allCases.map(\.rawValue)],
                "place": ref("PlaceInput"), "note": string,
            ]],
            "PlaceSuggestion": ["type": "object", "required": ["id", "kind", "status", "author"], "properties": [
                "id": ["type": "string", "format": "uuid"], "kind": ["type": "string", "enum": PlaceSuggestion.Kind.allCases.map(\.rawValue)],
                "status": ["type": "string", "enum": PlaceSuggestion.Status.allCases.map(\.rawValue)], "placeId": ["type": "string", "format": "uuid"],
                "placeName": string, "proposal": ref("PlaceInput"), "note": string, "author": string, "reviewReason": string,
                "reviewedAt": ["type": "string", "format": "date-time"], "createdAt": ["type": "string", "format": "date-time"],
            ]],
            "PlaceSuggestionDecision": ["type": "object", "required": ["action"], "properties": [
                "action": ["type": "string", "enum": PlaceSuggestionService.Decision.allCases.map(\.rawValue)], "reason": string,
            ]],
        ]
    }
}
