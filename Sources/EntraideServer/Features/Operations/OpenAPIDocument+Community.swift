import Vapor
import EntraideCore

/// The community part of the API contract: actions, events, groups and posts, the feed,
/// blocks, conversations, notifications and the live socket.
extension OpenAPIDocument {
    static func query(_ name: String, _ schema: JSON, required: Bool = false, _ description: String? = nil) -> JSON {
        var parameter: JSON = ["name": name, "in": "query", "required": required, "schema": schema]
        if let description { parameter["description"] = description }
        return parameter
    }

    static var idempotencyKey: JSON {
        ["name": "Idempotency-Key", "in": "header", "required": false, "schema": ["type": "string", "minLength": 1, "maxLength": 200],
         "description": "A retried request with the same key returns the first answer and creates nothing new."]
    }

    static var listParameters: [JSON] {
        [query("cursor", string, "The nextCursor of the previous page"),
         query("limit", ["type": "integer", "minimum": 1, "maximum": 100]),
         query("updatedSince", ["type": "string", "format": "date-time"], "Everything changed since then, oldest change first (sync)")]
    }

    static func page(_ item: String) -> JSON {
        ["type": "object", "required": ["items"], "properties": ["items": ["type": "array", "items": ref(item)], "nextCursor": nullable("string")]]
    }

    static func create(_ id: String, _ summary: String, parameters: [JSON] = [], body: JSON, responses: [String: JSON]) -> JSON {
        operation(id, summary, parameters: parameters + [idempotencyKey], body: body, responses: responses)
    }

    static var communityPaths: JSON {
        let actionID = pathID("actionID"), eventID = pathID("eventID"), groupID = pathID("groupID")
        let postID = pathID("postID"), conversationID = pathID("conversationID")
        return [
            "/api/v1/actions": [
                "post": create("createAction", "Post a help request or offer; its point is stored blurred (150–500 m)", body: ref("ActionInput"),
                               responses: ["201": response("Created", ref("Action"))]),
                "get": operation("listActions", "Help requests and offers, newest first", parameters: [
                    query("kind", ["type": "string", "enum": ActionKind.allCases.map(\.rawValue)]),
                    query("category", ["type": "string", "enum": ActionCategory.allCases.map(\.rawValue)]),
                    query("status", ["type": "string", "enum": ActionStatus.allCases.map(\.rawValue)]),
                    query("mine", ["type": "boolean"]),
                ] + listParameters, responses: ["200": response("A page", page("Action"))]),
            ],
            "/api/v1/actions/{actionID}": [
                "get": operation("getAction", "One action", parameters: [actionID], responses: ["200": response("The action", ref("Action"))]),
                "patch": operation("updateAction", "Change my action", parameters: [actionID], body: ref("ActionInput"), responses: ["200": response("Changed", ref("Action"))]),
            ],
            "/api/v1/actions/{actionID}/close": ["post": operation("closeAction", "Close my action with its outcome (kept for impact measurement)",
                parameters: [actionID], body: ref("ActionClose"), responses: ["200": response("Closed", ref("Action"))])],
            "/api/v1/actions/{actionID}/membership": [
                "post": operation("joinAction", "Offer my help: join the action and open a conversation with its author", parameters: [actionID],
                                  responses: ["201": response("Joined", ref("ActionJoin"))]),
                "delete": operation("leaveAction", "Stop helping", parameters: [actionID], responses: ["204": response("Left")]),
            ],
            "/api/v1/events": [
                "post": create("createEvent", "Create an event (and its occurrences when it repeats)", body: ref("EventInput"),
                               responses: ["201": response("Created (the first occurrence)", ref("Event"))]),
                "get": operation("listEvents", "Upcoming events I may join, soonest first", parameters: [
                    query("mine", ["type": "boolean"]), query("past", ["type": "boolean"]),
                ] + listParameters, responses: ["200": response("A page", page("Event"))]),
            ],
            "/api/v1/events/{eventID}": [
                "get": operation("getEvent", "One event", parameters: [eventID], responses: ["200": response("The event", ref("Event"))]),
                "patch": operation("updateEvent", "Change my event (this occurrence)", parameters: [eventID], body: ref("EventInput"), responses: ["200": response("Changed", ref("Event"))]),
            ],
            "/api/v1/events/{eventID}/cancel": ["post": operation("cancelEvent", "Cancel my event (and its later occurrences with series: true); participants are told",
                parameters: [eventID], body: ["type": "object", "properties": ["series": ["type": "boolean"]]], responses: ["200": response("Cancelled", ref("Event"))])],
            "/api/v1/events/{eventID}/participation": [
                "post": operation("participate", "Take part (within capacity)", parameters: [eventID], responses: ["201": response("Taking part", ref("Participation"))]),
                "delete": operation("withdraw", "No longer take part", parameters: [eventID], responses: ["200": response("Withdrawn", ref("Participation"))]),
            ],
            "/api/v1/groups": [
                "post": create("createGroup", "Create a neighbourhood group", body: ref("GroupInput"), responses: ["201": response("Created", ref("Group"))]),
                "get": operation("listGroups", "Groups nearest first around a point, or newest first", parameters: [
                    query("lat", ["type": "number"]), query("lon", ["type": "number"]),
                    query("radiusKm", ["type": "number", "exclusiveMinimum": 0, "maximum": CommunityRules.feedMaximumRadiusKm]),
                    query("mine", ["type": "boolean"]),
                ] + listParameters, responses: ["200": response("A page", page("Group"))]),
            ],
            "/api/v1/groups/{groupID}": [
                "get": operation("getGroup", "One group (a private group's welcome and charter for members only)", parameters: [groupID], responses: ["200": response("The group", ref("Group"))]),
                "patch": operation("updateGroup", "Change a group I organise", parameters: [groupID], body: ref("GroupInput"), responses: ["200": response("Changed", ref("Group"))]),
            ],
            "/api/v1/groups/{groupID}/membership": [
                "post": operation("joinGroup", "Join (a private group: ask to join)", parameters: [groupID], responses: [
                    "201": response("Member", ref("GroupMembership")), "202": response("Waiting for an organiser", ref("GroupMembership")),
                ]),
                "delete": operation("leaveGroup", "Leave, or withdraw my request", parameters: [groupID], responses: ["204": response("Left")]),
            ],
            "/api/v1/groups/{groupID}/members": ["get": operation("listGroupMembers", "Members (and, for organisers, pending requests)", parameters: [groupID],
                responses: ["200": response("Members", ["type": "array", "items": ref("GroupMember")])])],
            "/api/v1/groups/{groupID}/members/{userID}/accept": ["post": operation("acceptMember", "Accept a request to join", parameters: [groupID, pathID("userID")],
                responses: ["204": response("Accepted")])],
            "/api/v1/groups/{groupID}/members/{userID}/decline": ["post": operation("declineMember", "Decline a request to join", parameters: [groupID, pathID("userID")],
                responses: ["204": response("Declined")])],
            "/api/v1/groups/{groupID}/posts": [
                "get": operation("listPosts", "Posts, newest first, with comments, reactions and polls", parameters: [groupID] + listParameters,
                                 responses: ["200": response("A page", page("Post"))]),
                "post": create("createPost", "Post in a group I belong to (optionally with a poll)", parameters: [groupID], body: ref("PostInput"),
                               responses: ["201": response("Posted", ref("Post"))]),
            ],
            "/api/v1/posts/{postID}": ["get": operation("getPost", "One post", parameters: [postID], responses: ["200": response("The post", ref("Post"))])],
            "/api/v1/posts/{postID}/comments": ["post": create("createComment", "Comment on a post (one level)", parameters: [postID], body: ref("CommentInput"),
                responses: ["201": response("Commented", ref("Comment"))])],
            "/api/v1/posts/{postID}/reactions": ["post": create("react", "React to a post", parameters: [postID], body: ref("ReactionInput"),
                responses: ["200": response("The post", ref("Post"))])],
            "/api/v1/posts/{postID}/reactions/{kind}": ["delete": operation("unreact", "Take a reaction back",
                parameters: [postID, ["name": "kind", "in": "path", "required": true, "schema": ["type": "string", "enum": ReactionKind.allCases.map(\.rawValue)]]],
                responses: ["200": response("The post", ref("Post"))])],
            "/api/v1/posts/{postID}/votes": ["post": create("vote", "Vote in a post's poll (again to change)", parameters: [postID], body: ref("VoteInput"),
                responses: ["200": response("The post", ref("Post"))])],
            "/api/v1/feed": ["get": operation("feed", "Open actions and upcoming events near a point, nearest and newest first, 20 a page", parameters: [
                query("lat", ["type": "number", "minimum": -90, "maximum": 90], required: true),
                query("lon", ["type": "number", "minimum": -180, "maximum": 180], required: true),
                query("radiusKm", ["type": "number", "exclusiveMinimum": 0, "maximum": CommunityRules.feedMaximumRadiusKm], "Default 10"),
                query("cursor", string),
            ], responses: ["200": response("A page", page("FeedItem"))])],
            "/api/v1/blocks": [
                "post": create("block", "Block a member", body: ["type": "object", "required": ["userID"], "properties": ["userID": ["type": "string", "format": "uuid"]]],
                               responses: ["201": response("Blocked")]),
                "get": operation("listBlocks", "Members I blocked", responses: ["200": response("Blocked members", ["type": "array", "items": ref("Block")])]),
            ],
            "/api/v1/blocks/{userID}": ["delete": operation("unblock", "Unblock a member", parameters: [pathID("userID")], responses: ["204": response("Unblocked")])],
            "/api/v1/conversations": [
                "post": create("createConversation", "Open a conversation (one per set of members: an existing one is returned)", body: ref("ConversationInput"),
                               responses: ["201": response("Opened", ref("Conversation")), "200": response("Already open", ref("Conversation"))]),
                "get": operation("listConversations", "My conversations with unread counts, most recent first", parameters: listParameters,
                                 responses: ["200": response("A page", page("Conversation"))]),
            ],
            "/api/v1/conversations/{conversationID}": ["get": operation("getConversation", "One of my conversations", parameters: [conversationID],
                responses: ["200": response("The conversation", ref("Conversation"))])],
            "/api/v1/conversations/{conversationID}/messages": [
                "get": operation("listMessages", "Messages, newest first", parameters: [conversationID] + listParameters,
                                 responses: ["200": response("A page", page("Message"))]),
                "post": create("postMessage", "Write in a conversation", parameters: [conversationID], body: ref("MessageInput"),
                               responses: ["201": response("Sent", ref("Message"))]),
            ],
            "/api/v1/conversations/{conversationID}/read": ["post": operation("markConversationRead", "Mark everything read", parameters: [conversationID],
                responses: ["204": response("Read")])],
            "/api/v1/notifications": ["get": operation("listNotifications", "My notifications, newest first, in my language",
                parameters: [query("unread", ["type": "boolean"])] + listParameters, responses: ["200": response("A page", page("Notification"))])],
            "/api/v1/notifications/read": ["post": operation("markAllNotificationsRead", "Mark all read", responses: ["204": response("Read")])],
            "/api/v1/notifications/{notificationID}/read": ["post": operation("markNotificationRead", "Mark one read", parameters: [pathID("notificationID")],
                responses: ["204": response("Read")])],
            "/api/v1/notifications/preferences": [
                "get": operation("getNotificationPreferences", "Which kinds I receive", responses: ["200": response("Preferences", ref("NotificationPreferences"))]),
                "put": operation("setNotificationPreferences", "Switch kinds on or off", body: ref("NotificationPreferences"),
                                 responses: ["200": response("Preferences", ref("NotificationPreferences"))]),
            ],
            "/api/v1/live": ["get": operation("live", "WebSocket: new messages and notifications as JSON text frames", responses: [
                "101": response("Switching to the WebSocket protocol"),
            ])],
        ]
    }

    static var communitySchemas: JSON {
        let uuid: JSON = ["type": "string", "format": "uuid"]
        let dateTime: JSON = ["type": "string", "format": "date-time"]
        let point: JSON = ["type": "object", "required": ["lat", "lon"], "properties": ["lat": ["type": "number"], "lon": ["type": "number"]]]
        let pointInput: JSON = ["type": "object", "properties": ["lat": ["type": "number", "minimum": -90, "maximum": 90], "lon": ["type": "number", "minimum": -180, "maximum": 180]]]
        let member: JSON = ref("MemberSummary")
        let optionalDate = nullable("string", ["format": "date-time"])
        return [
            "MemberSummary": ["type": "object", "required": ["id", "displayName"], "additionalProperties": false,
                              "properties": ["id": uuid, "displayName": string]],
            "ActionInput": ["type": "object", "properties": [
                "kind": ["type": "string", "enum": ActionKind.allCases.map(\.rawValue)],
                "category": ["type": "string", "enum": ActionCategory.allCases.map(\.rawValue)],
                "title": ["type": "string", "minLength": CommunityRules.titleLength.lowerBound, "maxLength": CommunityRules.titleLength.upperBound],
                "description": ["type": "string", "maxLength": CommunityRules.descriptionMaxLength],
                "location": pointInput, "city": string, "postalCode": string,
            ]],
            "ActionClose": ["type": "object", "required": ["helped"], "properties": [
                "helped": ["type": "boolean"], "message": ["type": "string", "maxLength": CommunityRules.descriptionMaxLength],
            ]],
            "Action": ["type": "object", "required": ["id", "kind", "category", "title", "location", "status", "author", "helperCount", "mine", "helping"], "properties": [
                "id": uuid, "kind": string, "category": string, "title": string, "description": string,
                "location": point, "place": string, "status": string, "author": member, "helperCount": ["type": "integer"],
                "mine": ["type": "boolean"], "helping": ["type": "boolean"],
                "outcome": ["type": "object", "properties": ["helped": ["type": "boolean"], "message": string, "closedBy": string]],
                "moderation": string, "heldReasons": ["type": "array", "items": ref("HeldReason")],
                "closedAt": dateTime, "createdAt": dateTime, "updatedAt": dateTime,
            ]],
            "ActionJoin": ["type": "object", "required": ["action", "conversationID"], "properties": ["action": ref("Action"), "conversationID": uuid]],
            "EventInput": ["type": "object", "properties": [
                "title": ["type": "string", "minLength": CommunityRules.titleLength.lowerBound, "maxLength": CommunityRules.titleLength.upperBound],
                "description": string, "startsAt": dateTime, "endsAt": dateTime,
                "timeZone": ["type": "string", "examples": ["Europe/Paris"]],
                "online": ["type": "boolean"], "onlineUrl": ["type": "string", "format": "uri"],
                "placeName": string, "address": string, "location": pointInput, "city": string, "postalCode": string,
                "capacity": ["type": "integer", "minimum": CommunityRules.capacityRange.lowerBound, "maximum": CommunityRules.capacityRange.upperBound],
                "womenOnly": ["type": "boolean"],
                "reservedGoal": ["type": "string", "enum": Goal.allCases.map(\.rawValue) + [""]],
                "sportActivity": ["type": "string", "enum": SportActivity.allCases.map(\.rawValue) + [""]],
                "partnerClub": string,
                "recurrence": ["type": "object", "properties": [
                    "frequency": ["type": "string", "enum": RecurrenceFrequency.allCases.map(\.rawValue)],
                    "count": ["type": "integer", "minimum": 1, "maximum": Recurrence.maximumOccurrences], "until": dateTime,
                ]],
            ]],
            "Event": ["type": "object",
                      "required": ["id", "title", "startsAt", "endsAt", "timeZone", "startsAtLocal", "endsAtLocal", "online", "participantCount", "full",
                                   "womenOnly", "status", "organiser", "organising", "participating", "participantFirstNames"],
                      "properties": [
                "id": uuid, "seriesID": uuid, "title": string, "description": string, "startsAt": dateTime, "endsAt": dateTime,
                "timeZone": string, "startsAtLocal": string, "endsAtLocal": string, "online": ["type": "boolean"], "onlineUrl": string,
                "placeName": string, "address": string, "location": point, "place": string, "capacity": ["type": "integer"],
                "participantCount": ["type": "integer"], "full": ["type": "boolean"], "womenOnly": ["type": "boolean"],
                "reservedGoal": string, "sportActivity": string, "partnerClub": string, "recurrence": string, "status": string,
                "organiser": member, "organising": ["type": "boolean"], "participating": ["type": "boolean"],
                "participants": ["type": "array", "items": member], "participantFirstNames": stringList,
                "moderation": string, "createdAt": dateTime, "updatedAt": dateTime,
            ]],
            "Participation": ["type": "object", "required": ["participating", "participantCount", "full"], "properties": [
                "participating": ["type": "boolean"], "participantCount": ["type": "integer"], "full": ["type": "boolean"],
            ]],
            "GroupInput": ["type": "object", "properties": [
                "name": ["type": "string", "minLength": CommunityRules.groupNameLength.lowerBound, "maxLength": CommunityRules.groupNameLength.upperBound],
                "description": string, "welcomeMessage": string, "charter": string, "location": pointInput, "city": string, "postalCode": string,
                "visibility": ["type": "string", "enum": GroupVisibility.allCases.map(\.rawValue)], "womenOnly": ["type": "boolean"],
            ]],
            "Group": ["type": "object", "required": ["id", "name", "location", "visibility", "womenOnly", "memberCount", "organising"], "properties": [
                "id": uuid, "name": string, "description": string, "place": string, "location": point, "visibility": string,
                "womenOnly": ["type": "boolean"], "memberCount": ["type": "integer"], "membership": string, "organising": ["type": "boolean"],
                "welcomeMessage": string, "charter": string, "distanceKm": ["type": "number"], "createdAt": dateTime, "updatedAt": dateTime,
            ]],
            "GroupMembership": ["type": "object", "required": ["status"], "properties": ["status": ["type": "string", "enum": ["accepted", "pending"]]]],
            "GroupMember": ["type": "object", "required": ["member", "role", "status"], "properties": [
                "member": member, "role": string, "status": string, "since": dateTime,
            ]],
            "PostInput": ["type": "object", "required": ["body"], "properties": [
                "body": ["type": "string", "maxLength": CommunityRules.postMaxLength],
                "poll": ["type": "array", "items": ["type": "string", "maxLength": CommunityRules.pollOptionMaxLength],
                         "minItems": CommunityRules.pollOptionCount.lowerBound, "maxItems": CommunityRules.pollOptionCount.upperBound],
            ]],
            "CommentInput": ["type": "object", "required": ["body"], "properties": ["body": ["type": "string", "maxLength": CommunityRules.commentMaxLength]]],
            "ReactionInput": ["type": "object", "required": ["kind"], "properties": ["kind": ["type": "string", "enum": ReactionKind.allCases.map(\.rawValue)]]],
            "VoteInput": ["type": "object", "required": ["option"], "properties": ["option": ["type": "integer", "minimum": 0]]],
            "Comment": ["type": "object", "required": ["id", "postID", "author", "body"], "properties": [
                "id": uuid, "postID": uuid, "author": member, "body": string, "createdAt": dateTime,
            ]],
            "Post": ["type": "object", "required": ["id", "groupID", "author", "body", "reactions", "myReactions", "commentCount", "comments"], "properties": [
                "id": uuid, "groupID": uuid, "author": member, "body": string,
                "poll": ["type": "object", "required": ["options"], "properties": [
                    "options": ["type": "array", "items": ["type": "object", "required": ["index", "text", "votes"], "properties": [
                        "index": ["type": "integer"], "text": string, "votes": ["type": "integer"],
                    ]]],
                    "myVote": ["type": "integer"],
                ]],
                "reactions": ["type": "object", "additionalProperties": ["type": "integer"]], "myReactions": stringList,
                "commentCount": ["type": "integer"], "comments": ["type": "array", "items": ref("Comment")],
                "createdAt": dateTime, "updatedAt": dateTime,
            ]],
            "FeedItem": ["type": "object", "required": ["type", "id", "title", "author"], "properties": [
                "type": ["type": "string", "enum": ["action", "event"]], "id": uuid, "title": string, "place": string,
                "distanceKm": ["type": "number"], "author": member, "createdAt": dateTime,
                "action": ["type": "object", "required": ["kind", "category"], "properties": ["kind": string, "category": string]],
                "event": ["type": "object", "required": ["startsAt", "endsAt", "startsAtLocal", "timeZone", "online", "participantCount", "full"], "properties": [
                    "startsAt": dateTime, "endsAt": dateTime, "startsAtLocal": string, "timeZone": string, "online": ["type": "boolean"],
                    "placeName": string, "participantCount": ["type": "integer"], "capacity": ["type": "integer"], "full": ["type": "boolean"],
                    "sportActivity": string,
                ]],
            ]],
            "Block": ["type": "object", "required": ["member"], "properties": ["member": member, "createdAt": dateTime]],
            "ConversationInput": ["type": "object", "required": ["participantIDs"], "properties": [
                "participantIDs": ["type": "array", "items": uuid, "minItems": 1, "maxItems": CommunityRules.maxConversationParticipants - 1],
                "title": ["type": "string", "maxLength": CommunityRules.titleLength.upperBound],
            ]],
            "MessageInput": ["type": "object", "required": ["body"], "properties": ["body": ["type": "string", "maxLength": CommunityRules.messageMaxLength]]],
            "Message": ["type": "object", "required": ["id", "conversationID", "author", "body", "mine"], "properties": [
                "id": uuid, "conversationID": uuid, "author": member, "body": string, "mine": ["type": "boolean"], "createdAt": dateTime,
            ]],
            "Conversation": ["type": "object", "required": ["id", "kind", "participants", "unreadCount"], "properties": [
                "id": uuid, "kind": ["type": "string", "enum": ["direct", "group"]], "title": string,
                "participants": ["type": "array", "items": member], "unreadCount": ["type": "integer"],
                "lastMessage": ref("Message"), "lastMessageAt": optionalDate, "createdAt": dateTime, "updatedAt": dateTime,
            ]],
            "Notification": ["type": "object", "required": ["id", "kind", "text", "subjectType", "subjectID", "arguments"], "properties": [
                "id": uuid, "kind": ["type": "string", "enum": MemberNotification.Kind.allCases.map(\.rawValue)], "text": string,
                "subjectType": string, "subjectID": uuid, "arguments": ["type": "object", "additionalProperties": string],
                "readAt": dateTime, "createdAt": dateTime,
            ]],
            "NotificationPreferences": ["type": "object", "required": ["kinds"], "properties": [
                "kinds": ["type": "object", "additionalProperties": ["type": "boolean"]],
            ]],
        ]
    }
}
