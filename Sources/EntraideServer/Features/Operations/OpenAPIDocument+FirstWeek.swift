import Vapor
import EntraideCore

/// The guided first week's part of the API contract.
extension OpenAPIDocument {
    static var firstWeekPaths: JSON {
        [
            "/api/v1/me/first-week": ["get": operation(
                "showFirstWeek", "My first-week checklist (by my goal: each step done or not, when, and the next one) and what is happening near my area; with nothing nearby, online events and the nearest zone with activity",
                responses: ["200": response("The checklist and what is nearby", ref("FirstWeek")), "401": errorResponse])],
            "/api/v1/me/first-week/dismiss": ["post": operation(
                "dismissFirstWeek", "Put the checklist away (the next useful step is still given)",
                responses: ["204": response("Put away"), "401": errorResponse])],
        ]
    }

    static var firstWeekSchemas: JSON {
        let date: JSON = ["type": "string", "format": "date-time"]
        let step: JSON = ["type": "string", "enum": FirstWeekStep.allCases.map(\.rawValue)]
        let link: JSON = ["type": "string", "description": "The web page where the step is done"]
        return [
            "FirstWeekEvent": ["type": "object", "required": ["id", "title", "startsAt", "startsAtLocal", "timeZone", "online", "byLocalTeam"], "properties": [
                "id": ["type": "string", "format": "uuid"], "title": string, "startsAt": date,
                "startsAtLocal": ["type": "string", "description": "The start on the event's own clock, with its offset"],
                "timeZone": string, "online": ["type": "boolean"],
                "placeName": ["type": "string", "description": "A public place, as the organiser named it"], "city": string, "postalCode": string,
                "byLocalTeam": ["type": "boolean", "description": "Organised by an association or the zone's animator"],
            ]],
            "FirstWeek": ["type": "object",
                          "required": ["goal", "startedAt", "inFirstWeek", "shown", "dismissed", "complete", "steps", "nextUseful", "nearby"],
                          "properties": [
                "goal": ["type": "string", "enum": Goal.allCases.map(\.rawValue)],
                "startedAt": ["type": "string", "format": "date-time", "description": "Sign-up"],
                "inFirstWeek": ["type": "boolean"],
                "shown": ["type": "boolean", "description": "Show the checklist: during the first week, and after it until done, unless put away"],
                "dismissed": ["type": "boolean"], "complete": ["type": "boolean"],
                "steps": ["type": "array", "items": ["type": "object", "required": ["step", "done", "next", "link"], "properties": [
                    "step": step, "done": ["type": "boolean"],
                    "completedAt": ["type": "string", "format": "date-time", "description": "When it was first done; absent until then"],
                    "next": ["type": "boolean"], "link": link,
                ]]],
                "next": ["type": "string", "enum": FirstWeekStep.allCases.map(\.rawValue), "description": "Absent once every step is done"],
                "nextUseful": ["type": "object", "required": ["step", "link"], "properties": ["step": step, "link": link]],
                "nearby": ["type": "object", "required": ["situation", "events", "groups", "onlineEvents"], "properties": [
                    "situation": ["type": "string", "enum": ["nearby", "nothing_nearby", "no_zone"]],
                    "radiusKm": ["type": "integer", "description": "How far around the member's area (their postal code's département centre) was searched"],
                    "events": ["type": "array", "items": ref("FirstWeekEvent")],
                    "groups": ["type": "array", "items": ["type": "object", "required": ["id", "name", "memberCount"], "properties": [
                        "id": ["type": "string", "format": "uuid"], "name": string, "city": string, "postalCode": string,
                        "memberCount": ["type": "integer"],
                    ]]],
                    "onlineEvents": ["type": "array", "items": ref("FirstWeekEvent")],
                    "nearestZone": ["type": "object", "required": ["department", "distanceKm", "events", "groups", "link"],
                                    "description": "With nothing nearby: the nearest other département with upcoming events or groups",
                                    "properties": [
                        "department": string, "city": string, "distanceKm": ["type": "integer"],
                        "events": ["type": "integer"], "groups": ["type": "integer"], "link": link,
                    ]],
                ]],
            ]],
        ]
    }
}
