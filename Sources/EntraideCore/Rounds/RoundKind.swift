/// What an outreach round ("maraude") brings: food, medical care, social contact, or
/// "mains nues" — a round with nothing to hand out, only time to talk.
public enum RoundKind: String, CaseIterable, Sendable, Codable {
    case food, medical, social
    case bareHands = "bare_hands"
}

/// How the team moves: the distance a round covers, and what it can carry, depend on it.
public enum RoundTransport: String, CaseIterable, Sendable, Codable {
    case onFoot = "on_foot"
    case vehicle
}

/// A round is planned, then ongoing (its path is recorded), then done.
public enum RoundStatus: String, CaseIterable, Sendable, Codable {
    case planned, ongoing, done

    /// The only moves: planned → ongoing → done. A round never goes back, so its path and
    /// its encounters always belong to one outing of the team.
    public func canMove(to next: RoundStatus) -> Bool {
        switch (self, next) {
        case (.planned, .ongoing), (.ongoing, .done): true
        default: false
        }
    }

    /// Encounters are written during the round, or after it when a phone without signal
    /// sends its queue late; never before it starts.
    public var takesEncounters: Bool { self != .planned }
}
