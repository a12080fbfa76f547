import Vapor
import Fluent
import EntraideCore

/// What the SMS channel needs to read a text and answer it, outside of any HTTP request
/// (webhooks, the sender's loop, the benchmark all use it).
struct SMSChannel: Sendable {
    let database: any Database
    let catalogue: Catalogue
    let config: AppConfig
    let live: LiveBus
    let outbox: SMSOutbox
    let logger: Logger
    /// Writes received texts in batches on SQLite (`SMSGroupCommit`).
    let groupCommit: SMSGroupCommit?
    /// What `SERVICES` words name in the directory.
    let serviceWords: SMSServiceWords

    /// Answers are kept within three SMS: a long answer costs the association and is hard to read.
    static let replySegments = 3

    init(application: Application, database: (any Database)? = nil, logger: Logger? = nil) {
        self.database = database ?? application.db
        self.catalogue = application.catalogue
        self.config = application.config
        self.live = application.live
        self.outbox = application.smsOutbox(on: self.database)
        self.logger = logger ?? application.logger
        self.groupCommit = application.smsGroupCommit
        self.serviceWords = application.smsServiceWords
    }

    private init(database: any Database, catalogue: Catalogue, config: AppConfig, live: LiveBus, outbox: SMSOutbox, logger: Logger, groupCommit: SMSGroupCommit?, serviceWords: SMSServiceWords) {
        self.groupCommit = groupCommit
        self.serviceWords = serviceWords
        self.database = database
        self.catalogue = catalogue
        self.config = config
        self.live = live
        self.outbox = outbox
        self.logger = logger
    }

    /// The same channel on another database handle (a transaction).
    func on(_ database: any Database) -> SMSChannel {
        SMSChannel(database: database, catalogue: catalogue, config: config, live: live, outbox: outbox.on(database), logger: logger, groupCommit: groupCommit, serviceWords: serviceWords)
    }

    func text(_ key: String, _ language: Language, _ arguments: [String: String] = [:]) -> String {
        catalogue.text(key, language, arguments)
    }

    /// The language to answer a number in: its own setting, else its member's, else the
    /// language of the keyword it just used, else the platform's.
    func language(of contact: SMSContact?, user: User?, keyword: Language? = nil) -> Language {
        for code in [contact?.language, user?.language] {
            if let code, let language = Language(rawValue: code) { return language }
        }
        return keyword ?? config.defaultLanguage
    }

    /// Queues an answer, shortened to `segments` (`replySegments` unless said otherwise).
    func answer(_ phone: String, _ body: String, userID: UUID?, purpose: SMSPurpose = .reply, stopped: Bool? = nil,
                segments: Int = SMSChannel.replySegments) async throws {
        try await outbox.enqueue(to: phone, body: SMSSegments.fit(body, maxSegments: segments), purpose: purpose, userID: userID, stopped: stopped)
    }

    /// An error from a service (its code is a catalogue key), in the reader's language.
    func explain(_ error: any Error, _ language: Language) -> String? {
        switch error {
        case let violation as RuleViolation: return text(violation.code, language, violation.arguments)
        case let appError as AppError: return text(appError.code, language, appError.arguments)
        default: return nil
        }
    }
}
