import Vapor
import EntraideCore

/// The learning journeys' part of the API contract.
extension OpenAPIDocument {
    static func keyParameter(_ name: String, _ description: String) -> JSON {
        ["name": name, "in": "path", "required": true, "description": description,
         "schema": ["type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,59}$"]]
    }

    static var learningPaths: JSON {
        let journey = keyParameter("journey", "The journey's link name, e.g. first-steps")
        let article = keyParameter("article", "The article's key")
        let quiz = keyParameter("quiz", "The quiz question's key")
        let base = "/api/v1/learning/journeys"
        return [
            base: ["get": operation(
                "listJourneys", "Published journeys in the reader's language (staff also see drafts and those in review), with the member's progress",
                secured: false, responses: ["200": response("Journeys, in list order", ["type": "array", "items": ref("JourneySummary")])])],
            "\(base)/{journey}": ["get": operation(
                "showJourney", "A journey's chapters and articles in reading order, and its final challenge", secured: false, parameters: [journey],
                responses: ["200": response("The journey", ref("Journey")), "404": errorResponse])],
            "\(base)/{journey}/challenge": ["post": operation(
                "journeyChallengeDone", "Say the journey's challenge is done (saying it twice keeps the first date)", parameters: [journey],
                responses: ["200": response("Progress", ref("JourneyProgress")), "404": errorResponse])],
            "\(base)/{journey}/articles/{article}": ["get": operation(
                "showJourneyArticle", "An article's blocks; a quiz's right answer and explanation come once the member has answered it",
                secured: false, parameters: [journey, article],
                responses: ["200": response("The article", ref("JourneyArticle")), "404": errorResponse])],
            "\(base)/{journey}/articles/{article}/seen": ["post": operation(
                "markJourneyArticleSeen", "Mark an article read", parameters: [journey, article],
                responses: ["200": response("Progress", ref("JourneyProgress")), "404": errorResponse])],
            "\(base)/{journey}/articles/{article}/quizzes/{quiz}/answers": ["post": operation(
                "answerJourneyQuiz", "Answer a quiz question (every answer is kept; the first one counts in the score)",
                parameters: [journey, article, quiz], body: ref("QuizAnswerInput"),
                responses: ["200": response("Right or not, and why", ref("QuizResult")), "400": errorResponse, "404": errorResponse])],
        ]
    }

    static var learningSchemas: JSON {
        let score: JSON = ["type": "object", "required": ["answered", "correct", "total"], "properties": [
            "answered": ["type": "integer"], "correct": ["type": "integer"], "total": ["type": "integer"],
        ]]
        return [
            "JourneyProgress": ["type": "object", "required": ["articlesSeen", "articlesTotal", "score", "challengeDone"], "properties": [
                "articlesSeen": ["type": "integer"], "articlesTotal": ["type": "integer"],
                "resumeArticle": ["type": "string", "description": "The first article not yet read; absent once all are read"],
                "score": score, "challengeDone": ["type": "boolean"],
            ]],
            "JourneySummary": ["type": "object", "required": ["slug", "family", "status", "title", "summary", "estimatedMinutes", "language", "fallback"], "properties": [
                "slug": string, "family": ["type": "string", "enum": JourneyFamily.allCases.map(\.rawValue)],
                "status": ["type": "string", "enum": JourneyStatus.allCases.map(\.rawValue)],
                "title": string, "summary": string, "estimatedMinutes": ["type": "integer"],
                "language": ["type": "string", "enum": Language.allCases.map(\.rawValue)],
                "fallback": ["type": "boolean", "description": "The content is not in the reader's language"],
                "progress": ref("JourneyProgress"),
            ]],
            "Journey": ["type": "object", "required": ["journey", "chapters", "challenge"], "properties": [
                "journey": ref("JourneySummary"),
                "chapters": ["type": "array", "items": ["type": "object", "required": ["key", "title", "articles"], "properties": [
                    "key": string, "title": string,
                    "articles": ["type": "array", "items": ["type": "object", "required": ["key", "title", "seen"], "properties": [
                        "key": string, "title": string, "seen": ["type": "boolean"],
                    ]]],
                ]]],
                "challenge": ["type": "object", "required": ["title", "text", "done"], "properties": [
                    "title": string, "text": string, "done": ["type": "boolean"],
                ]],
            ]],
            "JourneyArticle": ["type": "object", "required": ["journey", "key", "title", "chapter", "position", "total", "language", "fallback", "seen", "blocks"], "properties": [
                "journey": string, "key": string, "title": string,
                "chapter": ["type": "object", "required": ["key", "title"], "properties": ["key": string, "title": string]],
                "position": ["type": "integer"], "total": ["type": "integer"], "previous": string, "next": string,
                "language": ["type": "string", "enum": Language.allCases.map(\.rawValue)], "fallback": ["type": "boolean"], "seen": ["type": "boolean"],
                "blocks": ["type": "array", "items": ["type": "object", "required": ["type"], "properties": [
                    "type": ["type": "string", "enum": ["text", "video", "quote", "quiz"]],
                    "heading": string, "text": string, "title": string,
                    "url": ["type": "string", "description": "A video's link: never embedded nor autoplayed; its transcript is always given"],
                    "transcript": string, "author": ["type": "string", "description": "A first name; absent when anonymous"], "context": string,
                    "key": string, "question": string, "answers": stringList, "yourAnswer": ["type": "integer"], "correct": ["type": "boolean"],
                    "correctAnswer": ["type": "integer"], "explanation": string,
                ]]],
            ]],
            "QuizAnswerInput": ["type": "object", "required": ["answer"], "properties": [
                "answer": ["type": "integer", "minimum": 0, "description": "Index of the chosen answer"],
            ]],
            "QuizResult": ["type": "object", "required": ["correct", "correctAnswer", "explanation", "score"], "properties": [
                "correct": ["type": "boolean"], "correctAnswer": ["type": "integer"], "explanation": string, "score": score,
            ]],
        ]
    }
}
