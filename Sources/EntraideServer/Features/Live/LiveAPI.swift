import Vapor

/// `/api/v1/live` (bearer token) and `/live` (web cookie): a WebSocket that receives new
/// messages and notifications as JSON text frames. Anything the client sends is ignored,
/// except "ping", answered by "pong".
struct LiveSocket {
    static func open(_ req: Request) async throws -> Response {
        let user = try req.requireMember()
        let userID = try user.requireID()
        // A plain GET (no WebSocket handshake) gets a clear error instead of a broken upgrade.
        guard req.headers[.upgrade].contains(where: { $0.lowercased().contains("websocket") }) else {
            throw AppError(HTTPResponseStatus(statusCode: 426), "live.upgrade_required")
        }
        let language = req.language
        let hub = req.live.hub
        return req.webSocket(maxFrameSize: .init(integerLiteral: 1 << 14)) { _, socket in
            socket.pingInterval = .seconds(30)
            hub.register(socket, userID: userID, language: language)
            socket.onText { socket, text in
                if text == "ping" { socket.send("pong") }
            }
        }
    }
}

struct LiveAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("live", use: LiveSocket.open)
    }
}
