import Vapor
import NIOConcurrencyHelpers
import EntraideCore

/// The sockets open on this instance, by member. Sending happens on each socket's own event
/// loop; the registry itself is behind a lock.
final class LiveHub: Sendable {
    struct Connection: Sendable {
        let socket: WebSocket
        let language: Language
    }

    private let sockets = NIOLockedValueBox<[UUID: [ObjectIdentifier: Connection]]>([:])
    private let catalogue: Catalogue

    init(catalogue: Catalogue) {
        self.catalogue = catalogue
    }

    func register(_ socket: WebSocket, userID: UUID, language: Language) {
        let key = ObjectIdentifier(socket)
        sockets.withLockedValue { $0[userID, default: [:]][key] = Connection(socket: socket, language: language) }
        socket.onClose.whenComplete { [weak self] _ in
            self?.sockets.withLockedValue { all in
                all[userID]?[key] = nil
                if all[userID]?.isEmpty == true { all[userID] = nil }
            }
        }
    }

    var connectionCount: Int { sockets.withLockedValue { $0.values.reduce(0) { $0 + $1.count } } }

    /// Sends the event to every socket of its recipients held here; notifications are written
    /// in each socket's language.
    func deliver(_ envelope: LiveEnvelope) {
        let targets = sockets.withLockedValue { all in envelope.to.flatMap { all[$0].map { Array($0.values) } ?? [] } }
        guard !targets.isEmpty else { return }
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        var cache: [Language: String] = [:]
        for target in targets {
            let text: String
            if let cached = cache[target.language] {
                text = cached
            } else {
                var event = envelope.event
                if let notification = event.notification {
                    event.notification = notification.rendered(in: target.language, with: catalogue)
                }
                guard let data = try? encoder.encode(event), let encoded = String(data: data, encoding: .utf8) else { continue }
                cache[target.language] = encoded
                text = encoded
            }
            target.socket.send(text)
        }
    }
}
