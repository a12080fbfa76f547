/// How one member is named to another: first name and the initial of the family name.
/// The family name itself never leaves the member's own account pages (PRODUCT.md).
public enum DisplayName {
    public static func of(firstName: String, lastName: String?) -> String {
        let first = firstName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let initial = lastName?.trimmingCharacters(in: .whitespacesAndNewlines).first(where: { $0.isLetter }) else {
            return first
        }
        return "\(first) \(String(initial).uppercased())."
    }
}
