import Foundation

/// Every text Entraide shows, per language: pages, API errors, SMS and notifications read
/// from the same catalogues (`Resources/Locales/<language>.json`, flat `"key": "text"` maps).
///
/// A text may hold `{name}` placeholders. A key missing in one language falls back to the
/// reference language (French), then to the key itself, so a gap never blanks a page; the
/// test suite is what keeps such gaps from shipping.
public struct Catalogue: Sendable {
    public private(set) var texts: [Language: [String: String]]

    public init(texts: [Language: [String: String]]) {
        self.texts = texts
    }

    /// Loads every `<language>.json` of a folder, and the feature files `<language>.<feature>.json`
    /// beside it, merged into one catalogue per language; files of unknown languages are
    /// ignored, and a key defined twice for one language is an error.
    public static func load(from directory: URL) throws -> Catalogue {
        var texts: [Language: [String: String]] = [:]
        let files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        for file in files where file.pathExtension == "json" {
            let code = file.deletingPathExtension().lastPathComponent.split(separator: ".").first.map(String.init) ?? ""
            guard let language = Language(rawValue: code) else { continue }
            let data = try Data(contentsOf: file)
            let entries = try JSONDecoder().decode([String: String].self, from: data)
            try texts[language, default: [:]].merge(entries) { _, _ in
                throw CatalogueError.duplicateKey(file: file.lastPathComponent)
            }
        }
        return Catalogue(texts: texts)
    }

    public enum CatalogueError: Error, CustomStringConvertible {
        case duplicateKey(file: String)
        public var description: String {
            switch self { case .duplicateKey(let file): "\(file) defines a key that another file of its language already has" }
        }
    }

    public var languages: Set<Language> { Set(texts.keys) }

    public func has(_ key: String, in language: Language) -> Bool { texts[language]?[key] != nil }

    public func text(_ key: String, _ language: Language, _ arguments: [String: String] = [:]) -> String {
        let template = texts[language]?[key] ?? texts[Language.reference]?[key] ?? key
        guard !arguments.isEmpty else { return template }
        return Self.interpolate(template, arguments)
    }

    static func interpolate(_ template: String, _ arguments: [String: String]) -> String {
        var result = ""
        var index = template.startIndex
        while index < template.endIndex {
            if template[index] == "{", let close = template[index...].firstIndex(of: "}") {
                let name = String(template[template.index(after: index)..<close])
                if let value = arguments[name] {
                    result += value
                    index = template.index(after: close)
                    continue
                }
            }
            result.append(template[index])
            index = template.index(after: index)
        }
        return result
    }

    /// Keys of the reference catalogue that `language` lacks.
    public func missingKeys(in language: Language) -> [String] {
        let reference = Set(texts[Language.reference]?.keys ?? [:].keys)
        let other = Set(texts[language]?.keys ?? [:].keys)
        return reference.subtracting(other).sorted()
    }

    /// Placeholders must match across languages, or a translated message would lose a value.
    public func placeholderMismatches(in language: Language) -> [String] {
        guard let reference = texts[Language.reference], let other = texts[language] else { return [] }
        return reference.keys.sorted().filter { key in
            guard let translated = other[key] else { return false }
            return Self.placeholders(reference[key]!) != Self.placeholders(translated)
        }
    }

    static func placeholders(_ text: String) -> Set<String> {
        var names = Set<String>()
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.insert(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }
}
