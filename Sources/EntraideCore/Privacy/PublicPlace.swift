/// The only way a member's home zone or a located item is written in public text: "City (postal code)".
public enum PublicPlace {
    public static func label(city: String?, postalCode: String?) -> String? {
        let city = city?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        let code = postalCode?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        switch (city, code) {
        case let (city?, code?): return "\(city) (\(code))"
        case let (city?, nil): return city
        case let (nil, code?): return code
        case (nil, nil): return nil
        }
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
