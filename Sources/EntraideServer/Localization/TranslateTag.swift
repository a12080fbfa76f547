import Vapor
import Leaf
import LeafKit
import EntraideCore

/// `#t("key")` or `#t("key", "name", value, …)`: a catalogue text in the request's language.
/// Leaf has no translation tag of its own; the output is HTML-escaped like any tag's.
struct TranslateTag: LeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        guard let key = ctx.parameters.first?.string else {
            throw LeafError(.unknownError("#t needs a catalogue key"))
        }
        var arguments: [String: String] = [:]
        var rest = ctx.parameters.dropFirst()
        while rest.count >= 2 {
            let name = rest.removeFirst().string ?? ""
            arguments[name] = rest.removeFirst().string ?? ""
        }
        guard let request = ctx.request else { return .string(key) }
        return .string(request.t(key, arguments))
    }
}
