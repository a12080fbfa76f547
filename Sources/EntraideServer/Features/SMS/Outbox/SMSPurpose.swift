/// Why a text is sent, which decides whether STOP and the daily cap apply to it.
enum SMSPurpose: String, Codable, Sendable {
    /// Codes the person asked for themselves (log-in, a number change): always sent, since
    /// they are rate-limited where they are asked for and a STOP must not lock anyone out.
    case loginCode = "login_code"
    case phoneChangeCode = "phone_change_code"
    case numberMoveCode = "number_move_code"
    /// The answer to a text the person just sent.
    case reply
    /// The one text confirming a STOP; nothing follows it.
    case stopConfirmation = "stop_confirmation"
    /// Texts the person did not just ask for: news of their conversations and events, the
    /// daily digest, the welcome after an association registered them.
    case notice, digest, welcome

    var isCode: Bool { self == .loginCode || self == .phoneChangeCode || self == .numberMoveCode }
    /// A stopped number still gets codes it asked for and its STOP confirmation.
    var honoursStop: Bool { !isCode && self != .stopConfirmation }
    /// Replies have a cap of their own, so two robots answering each other stop quickly
    /// without a person's questions eating the day's news.
    var isCapped: Bool { !isCode && self != .stopConfirmation }
}
