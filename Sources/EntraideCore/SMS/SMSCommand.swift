/// What a text sent to the platform's number asks for.
///
/// People without a smartphone or without data use Entraide by SMS: each text starts with a
/// keyword in one of the platform's languages (see `SMSKeywords`), followed by what it needs.
public enum SMSCommand: Equatable, Sendable {
    /// AIDE / HELP / MENU / "?" / an empty text: the short list of commands.
    case menu
    /// BESOIN <texte> / NEED <text>: the text as written, trimmed; "" when only the keyword came.
    case need(String)
    /// SORTIES / EVENTS (also SORTIE / EVENT with no usable number): the events nearby.
    case events
    /// SORTIE 2 / EVENT 2: join the event at that place in the last list sent (1...99).
    case joinEvent(Int)
    /// SERVICES manger / SERVICES food 75011: the nearest open places for what the rest of the
    /// text names (a family or category of the services directory, in any language, and
    /// maybe a postal code), as written and trimmed; "" when only the keyword came.
    case services(String)
    /// R <code> <texte>: answer the conversation the code stands for; code upper-cased, text
    /// trimmed (may be "").
    case reply(code: String, text: String)
    /// LANGUE ar / LANGUAGE en: the argument lower-cased as written, nil when missing; the
    /// server decides whether it names a language it speaks.
    case language(String?)
    /// STOP and its equivalents: no more texts, whatever follows the keyword.
    case stop
    /// START / UNSTOP and the "yes" of each language: texts again after a STOP.
    case start
    /// BONJOUR Marie 75011: join by SMS. `firstName` is "" when only the greeting came, so the
    /// server can ask for it; `postalCode` is five ASCII digits when one was written.
    case hello(firstName: String, postalCode: String?)
    /// NOUVEAU 06 12 34 56 78: the rest of the text, trimmed, digits in ASCII; the server reads
    /// it as a phone number.
    case newNumber(String)
    /// RESUME OUI / DIGEST OFF: a summary of the news every few days, or none.
    case digest(Bool)
    /// Anything else, including an answer to a question the server asked before.
    case unknown
}

/// A text read: its command, and the language its keyword gives away.
public struct ParsedSMS: Equatable, Sendable {
    public let command: SMSCommand
    /// The language of the keyword when it belongs to one language only (BESOIN → fr, NEED → en,
    /// an Arabic keyword → ar); nil for shared words (STOP, MENU, R, digits…).
    public let language: Language?

    public init(command: SMSCommand, language: Language?) {
        self.command = command
        self.language = language
    }
}
