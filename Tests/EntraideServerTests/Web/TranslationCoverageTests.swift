import Foundation
import Testing
import Vapor
import Fluent
import VaporTesting
import EntraideCore
@testable import EntraideServer

/// Ten languages, nothing left over: every text a page, an error, an SMS or a notification
/// can show is a catalogue key; every key the code or the templates name exists; and a page
/// rendered in each language carries no stray text of another.
@Suite struct TranslationCoverageTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../..").standardized

    static func files(under folder: String, ext: String) -> [URL] {
        let base = root.appendingPathComponent(folder)
        let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil)
        return (walker?.allObjects as? [URL] ?? []).filter { $0.pathExtension == ext }.sorted { $0.path < $1.path }
    }

    static func catalogue() throws -> Catalogue {
        try Catalogue.load(from: root.appendingPathComponent("Resources/Locales"))
    }

    @Test func everyLanguageHasACatalogue() throws {
        let shipped = try Self.catalogue()
        #expect(shipped.languages == Set(Language.allCases), "missing: \(Set(Language.allCases).subtracting(shipped.languages))")
    }

    /// A template holds markup, Leaf expressions and `#t("key")` calls only: a word typed
    /// into a template would show in French (or English) to every reader.
    @Test func templatesHoldNoLiteralText() throws {
        var strays: [String] = []
        for file in Self.files(under: "Resources/Views", ext: "leaf") {
            var text = try String(contentsOf: file, encoding: .utf8)
            // Attributes read aloud or shown must come from the catalogue too.
            for match in text.matches(of: /(?:aria-label|title|alt|placeholder|content)="([^"#]*[A-Za-zÀ-ÿ][^"]*)"/) {
                let value = String(match.1)
                if !Self.allowedAttribute(value) { strays.append("\(file.lastPathComponent): attribute \"\(value)\"") }
            }
            text.replace(/<script[\s\S]*?<\/script>/, with: " ")
            text.replace(/<style[\s\S]*?<\/style>/, with: " ")
            text.replace(/<[^>]*>/, with: " ")
            text.replace(/#t\((?:[^()]|\([^()]*\))*\)/, with: " ")
            text.replace(/#\((?:[^()]|\([^()]*\))*\)/, with: " ")
            text.replace(/#[a-zA-Z]+\((?:[^()]|\([^()]*\))*\):?/, with: " ")
            text.replace(/#(?:else|endif|endfor|endexport|endextend|endunless):?/, with: " ")
            text.replace(/&[a-z]+;|&#\d+;/, with: " ")
            for word in text.split(whereSeparator: { $0.isWhitespace }) where word.contains(where: \.isLetter) && word != "Entraide" {
                strays.append("\(file.lastPathComponent): \"\(word)\"")
            }
        }
        #expect(strays.isEmpty, "text outside the catalogues:\n\(strays.joined(separator: "\n"))")
    }

    static func allowedAttribute(_ value: String) -> Bool {
        // Viewport and similar technical values, not words for people.
        value.hasPrefix("width=") || value == "Entraide"
    }

    /// Every literal key the code or the templates name is in the French catalogue (and so,
    /// by the completeness test, in every language): a missing key would show as "comment.not_found".
    @Test func everyKeyNamedInCodeOrTemplatesExists() throws {
        let french = try Self.catalogue().texts[.fr] ?? [:]
        var missing: Set<String> = []
        for file in Self.files(under: "Resources/Views", ext: "leaf") {
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in text.matches(of: /#t\("([a-z0-9_.]+)"/) where !french.keys.contains(String(match.1)) && !match.1.hasSuffix(".") && !match.1.hasSuffix("_") {
                missing.insert("\(file.lastPathComponent): \(match.1)")
            }
        }
        let patterns: [Regex<(Substring, Substring)>] = [
            /AppError\(\.[a-zA-Z]+, "([a-z0-9_.]+)"/,
            /AppError\.notFound\("([a-z0-9_.]+)"\)/,
            /\.t\("([a-z0-9_.]+)"/,
            /titleKey: "([a-z0-9_.]+)"/,
        ]
        for file in Self.files(under: "Sources/EntraideServer", ext: "swift") {
            let text = try String(contentsOf: file, encoding: .utf8)
            for pattern in patterns {
                for match in text.matches(of: pattern) where !french.keys.contains(String(match.1)) && !match.1.hasSuffix(".") && !match.1.hasSuffix("_") {
                    missing.insert("\(file.lastPathComponent): \(match.1)")
                }
            }
        }
        #expect(missing.isEmpty, "keys missing from the catalogue:\n\(missing.sorted().joined(separator: "\n"))")
    }

    /// Visible text nodes of a page (scripts and styles aside), entities decoded.
    static func textNodes(_ html: String) -> [String] {
        var text = html
        text.replace(/<script[\s\S]*?<\/script>/, with: "<x>")
        text.replace(/<style[\s\S]*?<\/style>/, with: "<x>")
        return text.split(separator: /<[^>]*>/).map { node in
            var value = String(node)
            for (entity, character) in [("&#39;", "'"), ("&quot;", "\""), ("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&")] {
                value = value.replacingOccurrences(of: entity, with: character)
            }
            return value.trimmingCharacters(in: .whitespacesAndNewlines)
        }.filter { !$0.isEmpty }
    }

    /// The main pages, signed in with real content around, in each of the ten languages: the
    /// page says its language and direction, and shows no raw key and no text of a language
    /// other than its own (a French text where the language has its own would be a fallback).
    @Test func pagesSpeakTheReadersLanguageOnly() async throws {
        try await withEntraide { app in
            let shipped = app.catalogue
            let marie = try await app.member("Marie")
            let action = try #require(try await app.createAction(by: marie)["id"].string)
            let event = try #require(try await app.createEvent(by: marie)["id"].string)
            let group = try #require(try await app.createGroup(by: marie)["id"].string)
            let karim = try await WebClient.member(app, "Karim", "Benaissa")
            // An animator, so the SMS sign-up page is among them.
            let karimUser = try #require(try await User.query(on: app.db).filter(\.$lastName == "Benaissa").first())
            try await RoleService.grant(.animator, to: karimUser, by: "test", on: app.db)
            let pages = ["/", "/feed", "/actions", "/actions/new", "/actions/\(action)", "/events", "/events/new", "/events/\(event)",
                         "/groups", "/groups/new", "/groups/\(group)", "/conversations", "/notifications", "/notifications/preferences",
                         "/account", "/me", "/people", "/rounds"]
            let anonymous = ["/login", "/signup", "/login/sms"]
            let visitor = WebClient(app)
            for language in Language.allCases {
                let own = shipped.texts[language] ?? [:]
                // Texts of other languages that this language words differently.
                var foreign: [String: String] = [:]
                let ownTexts = Set(own.values)
                for other in [Language.fr, .en] where other != language {
                    for (key, text) in shipped.texts[other] ?? [:] where !ownTexts.contains(text) && text.count >= 4 && !text.contains("{") {
                        foreign[text] = "\(other):\(key)"
                    }
                }
                for (client, path) in pages.map({ (karim, $0) }) + anonymous.map({ (visitor, $0) }) {
                    let separator = path.contains("?") ? "&" : "?"
                    let res = try await client.get(path + separator + "lang=" + language.rawValue)
                    #expect(res.status == .ok, "\(path) in \(language): \(res.status)")
                    let html = res.body.string
                    #expect(html.contains("<html lang=\"\(language.rawValue)\" dir=\"\(language.isRightToLeft ? "rtl" : "ltr")\""),
                            "\(path) does not say it is \(language)")
                    for node in Self.textNodes(html) {
                        #expect(node.firstMatch(of: /^[a-z_]+(\.[a-z0-9_]+)+$/) == nil, "\(path) in \(language) shows a raw key: \(node)")
                        if let source = foreign[node] {
                            Issue.record("\(path) in \(language) shows \(source): \(node)")
                        }
                    }
                }
            }
        }
    }
}
