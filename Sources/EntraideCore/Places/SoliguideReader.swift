import Foundation

/// Reads Soliguide's open-data layout: a JSON array of places (or an object whose `places`
/// is that array), each read on its own so that a broken one is reported with its line and
/// skipped. The subset read is documented in `docs/places-import.md`.
public enum SoliguideReader {
    public static func read(_ data: Data) -> PlaceImportFile {
        var file = PlaceImportFile()
        let elements: [JSONArrayScanner.Element]
        do {
            elements = try JSONArrayScanner.elements(of: data)
        } catch let failure as JSONArrayScanner.Failure {
            file.issues.append(ImportIssue(line: failure.line, code: "import.invalid_json", detail: failure.reason))
            return file
        } catch {
            file.issues.append(ImportIssue(line: 1, code: "import.invalid_json", detail: "\(error)"))
            return file
        }
        var seen = Set<String>()
        for element in elements {
            guard let object = try? JSONSerialization.jsonObject(with: element.data) as? [String: Any] else {
                file.issues.append(ImportIssue(line: element.line, code: "import.invalid_json", detail: "not a JSON object"))
                continue
            }
            do {
                file.accept(try draft(object), line: element.line, seen: &seen)
            } catch let issue as RowProblem {
                file.issues.append(ImportIssue(line: element.line, code: issue.code, detail: issue.detail))
            } catch {
                file.issues.append(ImportIssue(line: element.line, code: "import.invalid", detail: "\(error)"))
            }
        }
        return file
    }

    struct RowProblem: Error {
        let code: String
        let detail: String
    }

    static func draft(_ place: [String: Any]) throws -> PlaceDraft {
        let id = text(place["lieu_id"]) ?? text(place["_id"])
        let name = (place["name"] as? String) ?? ""
        let position = place["position"] as? [String: Any] ?? [:]
        let zone = (position["timeZone"] as? String).flatMap(TimeZone.init(identifier:)) ?? TimeZone(identifier: "Europe/Paris")!
        let categories = categories(place["services_all"] as? [[String: Any]] ?? [])
        guard !categories.isEmpty else {
            throw RowProblem(code: "import.no_category", detail: "no service of a known category — place \(id ?? "?")")
        }
        let modalities = place["modalities"] as? [String: Any] ?? [:]
        let entity = place["entity"] as? [String: Any] ?? [:]
        let phones = entity["phones"] as? [[String: Any]] ?? []
        let placeType = (place["placeType"] as? String)?.uppercased() ?? "PLACE"
        var draft = PlaceDraft(sourceID: id, name: name.trimmingCharacters(in: .whitespacesAndNewlines), categories: categories)
        draft.description = (place["description"] as? String).map(PlainText.fromHTML)
        draft.audience = audience(place["publics"] as? [String: Any] ?? [:], modalities: modalities)
        draft.access = access(modalities)
        draft.priceNote = ((modalities["price"] as? [String: Any])?["precisions"] as? String).map(PlainText.fromHTML)
        draft.languages = (place["languages"] as? [String]) ?? []
        draft.phone = phones.compactMap { $0["phoneNumber"] as? String }.first
        draft.email = (entity["mail"] as? String).flatMap { $0.isEmpty ? nil : $0 }
        draft.website = (entity["website"] as? String).flatMap { $0.isEmpty ? nil : $0 }
        draft.timeZone = zone.identifier
        draft.country = ((position["country"] ?? position["pays"]) as? String)?.uppercased() ?? "FR"
        draft.hours = hours(place["newhours"] as? [String: Any], tempInfos: place["tempInfos"] as? [String: Any], zone: zone)
        if let pmr = (modalities["pmr"] as? [String: Any])?["checked"] as? Bool, pmr { draft.wheelchairAccessible = true }
        let address = self.address(position)
        draft.address = address.address
        draft.city = address.city
        draft.postalCode = address.postalCode
        draft.location = address.location
        if placeType == "ITINERARY" || placeType == "PARCOURS" {
            draft.kind = .mobile
            draft.stops = try (place["parcours"] as? [[String: Any]] ?? []).enumerated().map { index, stop in
                let position = stop["position"] as? [String: Any] ?? [:]
                let where_ = self.address(position)
                guard let location = where_.location else {
                    throw RowProblem(code: "validation.location_invalid", detail: "stops.\(index).location — place \(id ?? "?")")
                }
                let label = (stop["description"] as? String).map(PlainText.fromHTML).flatMap { $0.isEmpty ? nil : $0 }
                return StopDraft(name: label, address: where_.address, city: where_.city, postalCode: where_.postalCode,
                                 location: location, hours: hours(stop["hours"] as? [String: Any], tempInfos: nil, zone: zone))
            }
            // The round's hours are its stops'; its own, if given, stay for the record.
            if draft.location == nil { draft.location = draft.stops.first?.location }
        }
        return draft
    }

    static func text(_ value: Any?) -> String? {
        switch value {
        case let string as String: string.isEmpty ? nil : string
        case let number as NSNumber: number.stringValue
        default: nil
        }
    }

    static func address(_ position: [String: Any]) -> (address: String?, city: String?, postalCode: String?, location: GeoPoint?) {
        var address = (position["address"] ?? position["adresse"]) as? String
        let extra = (position["additionalInformation"] ?? position["complementAdresse"]) as? String
        if let extra, !extra.isEmpty, let base = address { address = "\(base) — \(extra)" }
        let city = (position["city"] ?? position["ville"]) as? String
        let postalCode = (position["postalCode"] ?? position["codePostal"]) as? String
        var location: GeoPoint?
        if let coordinates = (position["location"] as? [String: Any])?["coordinates"] as? [Any], coordinates.count == 2,
           let lon = (coordinates[0] as? NSNumber)?.doubleValue, let lat = (coordinates[1] as? NSNumber)?.doubleValue {
            location = GeoPoint(lat: lat, lon: lon)
        }
        return (address, city, postalCode, location)
    }

    static let dayKeys: [(String, Weekday)] = [
        ("monday", .mon), ("tuesday", .tue), ("wednesday", .wed), ("thursday", .thu), ("friday", .fri), ("saturday", .sat), ("sunday", .sun),
    ]

    /// `newhours`: each day `{open, timeslot: [{start, end}]}` with times as HHMM numbers
    /// (1930) or text ("19:30"); `h24`; `closedHolidays` CLOSED/OPEN/UNKNOWN; and an active
    /// `tempInfos.closure` (dateDebut, dateFin) as a temporary closure.
    static func hours(_ newhours: [String: Any]?, tempInfos: [String: Any]?, zone: TimeZone) -> OpeningHours {
        var hours = OpeningHours()
        if let newhours {
            for (key, day) in dayKeys {
                guard let entry = newhours[key] as? [String: Any], (entry["open"] as? Bool) ?? true else { continue }
                for slot in entry["timeslot"] as? [[String: Any]] ?? [] {
                    guard let start = clock(slot["start"]), let end = clock(slot["end"]),
                          let parsed = TimeSlot(start: start, end: end == 0 && start > 0 ? 1440 : end) else { continue }
                    hours.weekly[day.index].append(parsed)
                }
            }
            hours.alwaysOpen = (newhours["h24"] as? Bool) ?? false
            hours.closedOnPublicHolidays = (newhours["closedHolidays"] as? String)?.uppercased() == "CLOSED"
            if let description = newhours["description"] as? String, !description.isEmpty {
                hours.note = String(PlainText.fromHTML(description).prefix(PlaceRules.noteMaxLength))
            }
        }
        if let closure = tempInfos?["closure"] as? [String: Any], (closure["actif"] as? Bool) == true,
           let start = (closure["dateDebut"] as? String).flatMap(ListDate.parse) {
            let end = (closure["dateFin"] as? String).flatMap(ListDate.parse)
            let note = (closure["description"] as? String).map(PlainText.fromHTML).map { String($0.prefix(PlaceRules.noteMaxLength)) }
            // The bounds are instants (midnight or 23:59:59, in UTC or local time): each is read
            // as the day it is nearest the middle of, on the place's clock.
            hours.closures.append(TemporaryClosure(from: LocalDay(start.addingTimeInterval(6 * 3600), in: zone),
                                                   until: end.map { LocalDay($0.addingTimeInterval(-6 * 3600), in: zone) },
                                                   note: note?.isEmpty == true ? nil : note))
        }
        return hours
    }

    /// 1930 → 19:30; "19:30" or "1930" → 19:30.
    static func clock(_ value: Any?) -> Int? {
        switch value {
        case let number as NSNumber:
            let raw = number.intValue
            guard raw >= 0, raw % 100 < 60, raw <= 2400 else { return nil }
            return raw / 100 * 60 + raw % 100
        case let text as String:
            return TimeSlot.minutes(text)
        default:
            return nil
        }
    }

    static func access(_ modalities: [String: Any]) -> [PlaceAccess] {
        func checked(_ key: String) -> Bool { ((modalities[key] as? [String: Any])?["checked"] as? Bool) ?? false }
        var access: [PlaceAccess] = []
        if (modalities["inconditionnel"] as? Bool) == true { access.append(.unconditional) }
        if checked("appointment") { access.append(.appointment) }
        if checked("orientation") { access.append(.referral) }
        if checked("inscription") { access.append(.registration) }
        if checked("price") { access.append(.paid) }
        return access
    }

    /// `publics.accueil` 0 welcomes everyone; otherwise the gender, family and age lists say
    /// whom. `modalities.animal` welcomes people with animals.
    static func audience(_ publics: [String: Any], modalities: [String: Any]) -> [PlaceAudience] {
        var audience: [PlaceAudience] = []
        let welcome = (publics["accueil"] as? NSNumber)?.intValue ?? 0
        if welcome != 0 {
            let gender = Set((publics["gender"] as? [String]) ?? [])
            if gender == ["women"] { audience.append(.women) }
            if gender == ["men"] { audience.append(.men) }
            let family = Set((publics["familialle"] as? [String]) ?? [])
            if !family.isDisjoint(with: ["family", "pregnant"]) && !family.contains("isolated") { audience.append(.families) }
            if let age = publics["age"] as? [String: Any] {
                let min = (age["min"] as? NSNumber)?.intValue ?? 0, max = (age["max"] as? NSNumber)?.intValue ?? 99
                if max <= 25 { audience.append(.youngPeople) }
                if min >= 60 { audience.append(.seniors) }
            }
            let other = Set((publics["other"] as? [String]) ?? [])
            if !other.isDisjoint(with: ["asylum", "refugee", "ukraine"]) { audience.append(.exiles) }
        }
        if ((modalities["animal"] as? [String: Any])?["checked"] as? Bool) == true { audience.append(.peopleWithAnimals) }
        if audience.isEmpty || audience == [.peopleWithAnimals] { audience.insert(.everyone, at: 0) }
        return audience
    }

    static func categories(_ services: [[String: Any]]) -> [String] {
        var found: [String] = []
        for service in services {
            let code: String?
            if let name = service["category"] as? String { code = byName[name] } else { code = nil }
            let mapped = code ?? (service["categorie"] as? NSNumber).flatMap { byNumber[$0.intValue] }
            if let mapped, !found.contains(mapped) { found.append(mapped) }
        }
        return found
    }

    /// Soliguide's category names (`services_all[].category`) and our category for each.
    static let byName: [String: String] = [
        "food_distribution": "food.meals", "food_packages": "food.parcels", "baby_parcel": "food.parcels",
        "solidarity_fridge": "food.parcels", "food_voucher": "food.parcels", "social_grocery_stores": "food.social_grocery",
        "fountain": "food.drinking_water",
        "emergency_accommodation": "shelter.emergency", "overnight_stop": "shelter.emergency", "day_hosting": "shelter.day_centre",
        "rest_area": "shelter.day_centre", "long_term_accomodation": "shelter.housing_help", "citizen_housing": "shelter.housing_help",
        "access_to_housing": "shelter.housing_help",
        "shower": "hygiene.showers", "toilets": "hygiene.toilets", "laundry": "hygiene.laundry", "hygiene_products": "hygiene.products",
        "general_practitioner": "health.care", "infirmary": "health.care", "health_specialists": "health.care",
        "pregnancy_care": "health.care", "vaccination": "health.care", "std_testing": "health.care", "dental_care": "health.dental",
        "psychological_support": "health.mental", "addiction": "health.addiction",
        "electrical_outlets_available": "digital.charging", "wifi": "digital.wifi", "computers_at_your_disposal": "digital.computers",
        "clothing": "equipment.clothing", "solidarity_store": "equipment.clothing", "luggage_storage": "equipment.luggage_storage",
        "legal_advice": "rights.legal", "domiciliation": "rights.domiciliation", "administrative_assistance": "rights.administrative",
        "public_writer": "rights.administrative", "social_accompaniment": "rights.administrative", "budget_advice": "rights.administrative",
        "information_point": "rights.orientation", "counseling": "rights.orientation",
        "job_coaching": "work.employment", "integration_through_economic_activity": "work.employment",
        "digital_tools_training": "work.training", "training_and_jobs": "work.training", "french_course": "work.language_courses",
        "vet_care": "animals.vet", "animal_assistance": "animals.supplies",
    ]

    /// The numeric codes of the older layout (`services_all[].categorie`), read the same way.
    static let byNumber: [Int: String] = [
        601: "food.meals", 602: "food.parcels", 603: "food.social_grocery", 604: "food.drinking_water", 605: "food.parcels",
        1101: "shelter.emergency", 1102: "shelter.emergency", 1103: "shelter.housing_help", 701: "shelter.day_centre", 702: "shelter.day_centre",
        301: "hygiene.showers", 302: "hygiene.laundry", 304: "hygiene.toilets", 305: "hygiene.products",
        105: "health.care", 109: "health.care", 107: "health.care", 108: "health.care", 102: "health.care", 106: "health.dental",
        103: "health.mental", 101: "health.addiction",
        503: "digital.charging", 502: "digital.wifi", 501: "digital.computers",
        903: "equipment.clothing", 902: "equipment.clothing", 901: "equipment.luggage_storage",
        401: "rights.legal", 402: "rights.domiciliation", 403: "rights.administrative", 406: "rights.administrative", 705: "rights.orientation",
        203: "work.employment", 201: "work.training", 202: "work.language_courses",
        110: "animals.vet", 904: "animals.supplies",
    ]
}

/// ISO 8601 dates as open data writes them, with or without fractional seconds.
enum ListDate {
    static func parse(_ text: String) -> Date? {
        (try? Date(text, strategy: .iso8601)) ?? (try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
            ?? LocalDay(String(text.prefix(10))).map { LocalMoment(day: $0, minute: 720).date(in: TimeZone(identifier: "UTC")!) }
    }
}

/// Finds the elements of a JSON document's array of places without parsing them, and the
/// line each starts on: the array itself, or the `places` array of an object.
enum JSONArrayScanner {
    struct Element {
        let line: Int
        let data: Data
    }

    struct Failure: Error {
        let line: Int
        let reason: String
    }

    static func elements(of data: Data) throws -> [Element] {
        let bytes = [UInt8](data)
        var index = 0
        var line = 1
        func skipSpace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains(bytes[index]) {
                if bytes[index] == 0x0A { line += 1 }
                index += 1
            }
        }
        skipSpace()
        guard index < bytes.count else { throw Failure(line: line, reason: "the file is empty") }
        if bytes[index] == UInt8(ascii: "{") {
            // An object: find `"places": [` at its top level.
            guard let found = topLevelArray(named: "places", in: bytes, from: index, line: &line) else {
                throw Failure(line: 1, reason: "neither an array of places nor an object with a \"places\" array")
            }
            index = found
        }
        guard bytes[index] == UInt8(ascii: "[") else { throw Failure(line: line, reason: "expected an array of places") }
        index += 1
        var elements: [Element] = []
        while true {
            skipSpace()
            guard index < bytes.count else { throw Failure(line: line, reason: "the array of places is not closed") }
            if bytes[index] == UInt8(ascii: "]") { break }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            let start = index, startLine = line
            try skipValue(bytes, &index, &line)
            elements.append(Element(line: startLine, data: Data(bytes[start..<index])))
        }
        return elements
    }

    /// Moves past one value, counting lines; strings are skipped with their escapes.
    static func skipValue(_ bytes: [UInt8], _ index: inout Int, _ line: inout Int) throws {
        let startLine = line
        func skipString() {
            index += 1
            while index < bytes.count && bytes[index] != UInt8(ascii: "\"") {
                if bytes[index] == UInt8(ascii: "\\") { index += 1 }
                if index < bytes.count && bytes[index] == 0x0A { line += 1 }
                index += 1
            }
            index += 1
        }
        switch bytes[index] {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\""): skipString(); continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { index += 1; return }
                case 0x0A: line += 1
                default: break
                }
                index += 1
            }
            throw Failure(line: startLine, reason: "a place is not closed before the end of the file")
        case UInt8(ascii: "\""):
            skipString()
        default:
            while index < bytes.count, ![UInt8(ascii: ","), UInt8(ascii: "]"), 0x0A, 0x20, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
        }
    }

    static func topLevelArray(named key: String, in bytes: [UInt8], from start: Int, line: inout Int) -> Int? {
        var index = start + 1
        var depth = 1
        let needle = Array("\"\(key)\"".utf8)
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A { line += 1 }
            if byte == UInt8(ascii: "\"") {
                if depth == 1, bytes.count >= index + needle.count, Array(bytes[index..<(index + needle.count)]) == needle {
                    index += needle.count
                    while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ":")].contains(bytes[index]) {
                        if bytes[index] == 0x0A { line += 1 }
                        index += 1
                    }
                    return index < bytes.count && bytes[index] == UInt8(ascii: "[") ? index : nil
                }
                index += 1
                while index < bytes.count && bytes[index] != UInt8(ascii: "\"") {
                    if bytes[index] == UInt8(ascii: "\\") { index += 1 }
                    index += 1
                }
            } else if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                depth += 1
            } else if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
                depth -= 1
            }
            index += 1
        }
        return nil
    }
}
