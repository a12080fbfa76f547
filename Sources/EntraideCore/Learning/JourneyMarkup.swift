import Foundation

/// The plain-text form of a journey document that staff write in the back-office (documented
/// for them in docs/learning-markup.md). Staff are not developers: a few line markers, like an
/// e-mail with headings, and no quotes, braces or commas to balance.
///
/// ```
/// # Journey title
/// Summary…
///
/// ## chapter-key: Chapter title
///
/// ### article-key: Article title
/// Text right under the article line…
///
/// [text] Optional heading
/// [video] Title            (then the https link on its own line, then the transcript)
/// [quote] Awa (context)    (then the words; `[quote]` alone for nobody named)
/// [quiz] quiz-key          (then the question, `( )` answers, one `(x)`, then the explanation)
/// [challenge] Title        (then the text)
/// ```
///
/// A line that should start with `#`, `[` or `\` is written with a `\` before it. `write` and
/// `parse` are exact inverses for documents whose one-line fields hold one line, so what the
/// committee compares is exactly what members will read.
public enum JourneyMarkup {
    /// A parsed document and the line where each part of it starts, so a rule broken later
    /// (`JourneyRules` names places such as "article greet") still points at a line.
    public struct Parsed: Sendable, Equatable {
        public let document: JourneyDocument
        public let lines: [String: Int]

        /// The line of a place as `JourneyRules` names it ("article greet, quiz look", "quiz look 3 1").
        public func line(of place: String) -> Int? {
            if let line = lines[place] { return line }
            let words = place.split(separator: " ")
            if words.first == "quiz", words.count > 1 { return lines["quiz \(words[1])"] }
            return nil
        }
    }

    enum BlockKind: String, CaseIterable {
        case text, video, quote, quiz, challenge
    }

    // MARK: Parse

    /// Parses the text and checks it against `JourneyRules`; every error carries the `line` it is about.
    public static func check(_ text: String) throws -> Parsed {
        let parsed = try parse(text)
        do {
            try JourneyRules.validate(parsed.document)
        } catch let violation as RuleViolation {
            throw located(violation, in: parsed)
        }
        return parsed
    }

    /// The same violation with the line of the place it names (for a translation that differs,
    /// the place the translation has instead), or the title's line when unknown.
    public static func located(_ violation: RuleViolation, in parsed: Parsed) -> RuleViolation {
        let line = violation.arguments["found"].flatMap(parsed.line(of:)) ?? violation.arguments["place"].flatMap(parsed.line(of:))
            ?? parsed.lines["title"] ?? 1
        return RuleViolation(violation.code, field: violation.field, arguments: violation.arguments.merging(["line": "\(line)"]) { $1 })
    }

    public static func parse(_ text: String) throws -> Parsed {
        var parser = Parser()
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .components(separatedBy: "\n")
        for (offset, raw) in lines.enumerated() {
            try parser.read(raw, at: offset + 1)
        }
        return try parser.finish(lastLine: max(lines.count, 1))
    }

    static func error(_ code: String, _ line: Int, _ arguments: [String: String] = [:]) -> RuleViolation {
        RuleViolation("learning.markup.\(code)", field: "markup", arguments: arguments.merging(["line": "\(line)"]) { $1 })
    }

    enum Line {
        case title(String), chapter(String), article(String)
        case block(BlockKind, String)
        /// `escaped`: written with a `\` before it, so never read as a marker or an answer.
        case content(String, escaped: Bool)
    }

    static func classify(_ raw: String, at line: Int) throws -> Line {
        if raw.hasPrefix("\\") { return .content(String(raw.dropFirst()), escaped: true) }
        if raw.hasPrefix("#") {
            let level = raw.prefix { $0 == "#" }.count
            let rest = raw.dropFirst(level)
            guard level <= 3, rest.isEmpty || rest.first == " " else { throw error("heading_unknown", line) }
            let value = rest.trimmingCharacters(in: .whitespaces)
            switch level {
            case 1: return .title(value)
            case 2: return .chapter(value)
            default: return .article(value)
            }
        }
        if raw.hasPrefix("[") {
            guard let close = raw.firstIndex(of: "]") else { throw error("block_unknown", line, ["block": raw]) }
            let word = raw[raw.index(after: raw.startIndex)..<close].trimmingCharacters(in: .whitespaces).lowercased()
            guard let kind = BlockKind(rawValue: word) else { throw error("block_unknown", line, ["block": "[\(word)]"]) }
            return .block(kind, raw[raw.index(after: close)...].trimmingCharacters(in: .whitespaces))
        }
        return .content(raw, escaped: false)
    }

    static func isBlank(_ line: String) -> Bool { line.trimmingCharacters(in: .whitespaces).isEmpty }

    /// Lines joined back into one text, without the blank lines around it.
    static func joined(_ lines: ArraySlice<String>) -> String {
        var lines = lines
        while let first = lines.first, isBlank(first) { lines.removeFirst() }
        while let last = lines.last, isBlank(last) { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    /// `( ) an answer` or `(x) the right one`.
    static func answer(_ line: String) -> (text: String, right: Bool)? {
        let chars = Array(line)
        guard chars.count >= 3, chars[0] == "(", chars[2] == ")", [" ", "x", "X"].contains(chars[1]),
              chars.count == 3 || chars[3] == " " else { return nil }
        return (String(chars.dropFirst(3)).trimmingCharacters(in: .whitespaces), chars[1] != " ")
    }

    /// "key: title" of a chapter or article line.
    static func keyAndTitle(_ value: String, at line: Int) throws -> (key: String, title: String) {
        guard let colon = value.firstIndex(of: ":") else { throw error("key_missing", line) }
        let key = value[..<colon].trimmingCharacters(in: .whitespaces)
        guard JourneyRules.isKey(key) else { throw error("key_invalid", line, ["key": key]) }
        return (key, value[value.index(after: colon)...].trimmingCharacters(in: .whitespaces))
    }

    struct Parser {
        struct OpenBlock {
            let kind: BlockKind
            let rest: String
            let line: Int
            var content: [(line: Int, text: String, escaped: Bool)] = []
        }

        struct OpenArticle {
            let key: String, title: String
            var blocks: [LearningBlock] = []
        }

        struct OpenChapter {
            let key: String, title: String
            var articles: [JourneyDocument.Article] = []
        }

        var title: String?
        var summary: [String] = []
        var chapters: [OpenChapter] = []
        var article: OpenArticle?
        var block: OpenBlock?
        var challenge: JourneyDocument.Challenge?
        var lines: [String: Int] = [:]

        mutating func read(_ raw: String, at line: Int) throws {
            switch try classify(raw, at: line) {
            case .title(let value):
                guard title == nil else { throw error("title_repeated", line) }
                title = value
                lines["title"] = line
                lines["summary"] = line
                lines["chapters"] = line
            case .chapter(let value):
                try closeArticle()
                guard title != nil else { throw error("title_missing", line) }
                let (key, name) = try keyAndTitle(value, at: line)
                chapters.append(OpenChapter(key: key, title: name))
                lines["chapter \(key)"] = line
            case .article(let value):
                try closeArticle()
                guard !chapters.isEmpty else { throw error("article_outside_chapter", line) }
                let (key, name) = try keyAndTitle(value, at: line)
                article = OpenArticle(key: key, title: name)
                lines["article \(key)"] = line
            case .block(let kind, let rest):
                try closeBlock()
                if kind == .challenge {
                    guard title != nil else { throw error("title_missing", line) }
                    guard lines["challenge"] == nil else { throw error("challenge_repeated", line) }
                    try closeArticle()
                    lines["challenge"] = line
                } else if article == nil {
                    throw error("outside_article", line)
                }
                block = OpenBlock(kind: kind, rest: rest, line: line)
            case .content(let text, let escaped):
                if block != nil {
                    block!.content.append((line, text, escaped))
                } else if isBlank(text) {
                    if title != nil, chapters.isEmpty { summary.append(text) }
                } else if article != nil {
                    block = OpenBlock(kind: .text, rest: "", line: line, content: [(line, text, escaped)])
                } else if title == nil {
                    throw error("title_missing", line)
                } else if chapters.isEmpty, lines["challenge"] == nil {
                    if summary.allSatisfy(isBlank) { lines["summary"] = line }
                    summary.append(text)
                } else {
                    throw error("outside_article", line)
                }
            }
        }

        mutating func closeArticle() throws {
            try closeBlock()
            guard let open = article else { return }
            chapters[chapters.count - 1].articles.append(JourneyDocument.Article(key: open.key, title: open.title, blocks: open.blocks))
            article = nil
        }

        mutating func closeBlock() throws {
            guard let open = block else { return }
            block = nil
            let text = JourneyMarkup.joined(open.content.map { $0.text }[...])
            switch open.kind {
            case .text:
                guard !text.isEmpty else { throw error("block_empty", open.line) }
                article!.blocks.append(.text(TextBlock(heading: open.rest.isEmpty ? nil : open.rest, text: text)))
            case .video:
                let clip = try video(open)
                article!.blocks.append(.video(clip))
            case .quote:
                guard !text.isEmpty else { throw error("block_empty", open.line) }
                var author: String? = open.rest, context: String?
                if open.rest.hasSuffix(")"), let start = open.rest.firstIndex(of: "(") {
                    author = open.rest[..<start].trimmingCharacters(in: .whitespaces)
                    context = String(open.rest[open.rest.index(after: start)..<open.rest.index(before: open.rest.endIndex)])
                }
                article!.blocks.append(.quote(QuoteBlock(text: text, author: author?.isEmpty == false ? author : nil, context: context)))
            case .quiz:
                let question = try quiz(open)
                article!.blocks.append(.quiz(question))
            case .challenge:
                guard !open.rest.isEmpty else { throw error("challenge_title_missing", open.line) }
                guard !text.isEmpty else { throw error("block_empty", open.line) }
                challenge = JourneyDocument.Challenge(title: open.rest, text: text)
            }
        }

        func video(_ open: OpenBlock) throws -> VideoBlock {
            guard !open.rest.isEmpty else { throw error("video_title_missing", open.line) }
            guard let link = open.content.firstIndex(where: { !isBlank($0.text) }) else { throw error("video_link_missing", open.line) }
            let url = open.content[link].text.trimmingCharacters(in: .whitespaces)
            guard url.hasPrefix("https://") || url.hasPrefix("http://"), !url.contains(" ") else {
                throw error("video_link_missing", open.content[link].line)
            }
            let transcript = JourneyMarkup.joined(open.content[(link + 1)...].map { $0.text }[...])
            guard !transcript.isEmpty else { throw error("video_transcript_missing", open.line) }
            return VideoBlock(title: open.rest, url: url, transcript: transcript)
        }

        mutating func quiz(_ open: OpenBlock) throws -> QuizQuestion {
            guard !open.rest.isEmpty else { throw error("quiz_key_missing", open.line) }
            guard JourneyRules.isKey(open.rest) else { throw error("key_invalid", open.line, ["key": open.rest]) }
            var question: [String] = [], answers: [String] = [], explanation: [String] = [], right: [Int] = []
            for (line, text, escaped) in open.content {
                if !escaped, let found = answer(text) {
                    guard explanation.allSatisfy(isBlank) else { throw error("quiz_answer_after_explanation", line) }
                    explanation = []
                    if found.right { right.append(answers.count) }
                    answers.append(found.text)
                } else if answers.isEmpty {
                    question.append(text)
                } else {
                    explanation.append(text)
                }
            }
            let asked = JourneyMarkup.joined(question[...])
            guard !asked.isEmpty else { throw error("quiz_question_missing", open.line) }
            guard answers.count >= 2 else { throw error("quiz_answers_missing", open.line) }
            guard right.count == 1 else { throw error(right.isEmpty ? "quiz_no_right_answer" : "quiz_two_right_answers", open.line) }
            let why = JourneyMarkup.joined(explanation[...])
            guard !why.isEmpty else { throw error("quiz_explanation_missing", open.line) }
            let place = "article \(article!.key), quiz \(open.rest)"
            lines[place] = open.line
            lines["quiz \(open.rest)"] = open.line
            return QuizQuestion(key: open.rest, question: asked, answers: answers, correct: right[0], explanation: why)
        }

        mutating func finish(lastLine: Int) throws -> Parsed {
            try closeArticle()
            guard let title else { throw error("title_missing", lastLine) }
            guard let challenge else { throw error("challenge_missing", lastLine) }
            let document = JourneyDocument(
                title: title, summary: JourneyMarkup.joined(summary[...]),
                chapters: chapters.map { JourneyDocument.Chapter(key: $0.key, title: $0.title, articles: $0.articles) },
                challenge: challenge)
            return Parsed(document: document, lines: lines)
        }
    }

    // MARK: Write

    /// The document as staff will edit it; `parse(write(document))` gives the document back.
    public static func write(_ document: JourneyDocument) -> String {
        var out: [String] = ["# " + oneLine(document.title)]
        out += escaped(document.summary)
        for chapter in document.chapters {
            out += ["", "## \(chapter.key): " + oneLine(chapter.title)]
            for article in chapter.articles {
                out += ["", "### \(article.key): " + oneLine(article.title)]
                for (index, block) in article.blocks.enumerated() {
                    out += [""] + lines(of: block, first: index == 0)
                }
            }
        }
        out += ["", "[challenge] " + oneLine(document.challenge.title)] + escaped(document.challenge.text)
        return out.joined(separator: "\n") + "\n"
    }

    static func lines(of block: LearningBlock, first: Bool) -> [String] {
        switch block {
        case .text(let text):
            // The first text of an article needs no marker, as staff would write it.
            let marker = text.heading.map { ["[text] " + oneLine($0)] } ?? (first ? [] : ["[text]"])
            return marker + escaped(text.text)
        case .video(let video):
            return ["[video] " + oneLine(video.title), oneLine(video.url)] + escaped(video.transcript)
        case .quote(let quote):
            let who = [quote.author.map(oneLine), quote.context.map { "(\(oneLine($0)))" }].compactMap { $0 }.joined(separator: " ")
            return [who.isEmpty ? "[quote]" : "[quote] \(who)"] + escaped(quote.text)
        case .quiz(let quiz):
            let answers = quiz.answers.enumerated().map { ($0.offset == quiz.correct ? "(x) " : "( ) ") + oneLine($0.element) }
            return ["[quiz] \(quiz.key)"] + escaped(quiz.question, inQuiz: true) + answers + escaped(quiz.explanation, inQuiz: true)
        }
    }

    static func oneLine(_ text: String) -> String {
        text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
    }

    /// A line that would read as a marker (or, in a quiz, as an answer) gets a `\` before it.
    static func escaped(_ text: String, inQuiz: Bool = false) -> [String] {
        text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n").map { line in
            let marker = line.hasPrefix("#") || line.hasPrefix("[") || line.hasPrefix("\\") || (inQuiz && answer(line) != nil)
            return marker ? "\\" + line : line
        }
    }
}
