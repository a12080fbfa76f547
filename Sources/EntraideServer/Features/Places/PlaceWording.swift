import Vapor
import EntraideCore

/// How a place's state and distance are said, on the directory's pages and in SMS answers
/// alike: "Open · closes at 20:15", "Closed · opens Tue 09:00", "800 m", "2.4 km".
struct PlaceWording {
    /// A catalogue key and its arguments, in the reader's language.
    let t: (String, [String: String]) -> String

    init(_ translate: @escaping (String, [String: String]) -> String) { t = translate }

    init(_ req: Request) { self.init { req.t($0, $1) } }

    init(_ catalogue: Catalogue, _ language: Language) { self.init { catalogue.text($0, language, $1) } }

    /// The status on the place's own clock; `today` is the place's local day.
    func status(_ status: OpeningHours.Status, today: LocalDay) -> (text: String, open: Bool) {
        switch status {
        case .open(let until):
            guard let until else { return (t("places.status.open_always", [:]), true) }
            let time = until.day == today || (until.day == today.adding(days: 1) && until.minute == 0) ? until.clock : dayAndTime(until)
            return (t("places.status.open_until", ["time": time]), true)
        case .closed(let opens, let closure):
            if let closure {
                if let until = closure.until { return (t("places.status.closed_temporarily_until", ["day": until.description]), false) }
                return (t("places.status.closed_temporarily", [:]), false)
            }
            guard let opens else { return (t("places.status.closed", [:]), false) }
            let time = opens.day == today ? t("places.status.today_at", ["time": opens.clock]) : dayAndTime(opens)
            return (t("places.status.closed_opens", ["time": time]), false)
        case .unknown:
            return (t("places.status.unknown", [:]), false)
        }
    }

    func dayAndTime(_ moment: LocalMoment) -> String {
        "\(t("place_day.\(moment.day.weekday.rawValue)", [:])) \(moment.clock)"
    }

    func distance(_ meters: Double?) -> String? {
        guard let meters else { return nil }
        if meters < 1000 { return t("places.distance_m", ["meters": "\(Int((meters / 10).rounded() * 10))"]) }
        return t("places.distance_km", ["km": String(format: "%.1f", meters / 1000)])
    }
}
