import Foundation
import Testing
@testable import EntraideCore

@Suite struct PlaceImportFileTests {
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../Resources/Places").standardized

    static func sample(_ name: String) throws -> Data {
        try Data(contentsOf: samples.appendingPathComponent(name))
    }

    @Test func theSoliguideSampleIsReadAndItsBadRowsReportedWithTheirLines() throws {
        let file = SoliguideReader.read(try Self.sample("sample-soliguide.json"))
        #expect(file.rows.map(\.draft.sourceID) == ["101", "102", "103", "107", "108"])
        #expect(file.issues.map(\.line) == [65, 72, 79])
        #expect(file.issues.map(\.code) == ["validation.required", "import.no_category", "validation.location_invalid"])
        let meals = try #require(file.rows.first)
        #expect(meals.line == 2)
        #expect(meals.draft.categories == ["food.meals"])
        #expect(meals.draft.description == "Repas chaud servi à table.\nArriver avant 13h30.")
        #expect(meals.draft.access == [.unconditional])
        #expect(meals.draft.audience == [.everyone, .peopleWithAnimals])
        #expect(meals.draft.wheelchairAccessible == true)
        #expect(meals.draft.hours.closedOnPublicHolidays)
        #expect(meals.draft.hours.slots(on: .mon) == [TimeSlot(start: 720, end: 840)!])
        #expect(meals.draft.location == GeoPoint(lat: 48.8690, lon: 2.3660))
        let shelter = file.rows[1].draft
        #expect(shelter.audience == [.women])
        #expect(shelter.access == [.referral])
        #expect(shelter.categories == ["shelter.emergency", "hygiene.showers"])
        #expect(shelter.hours.slots(on: .fri) == [TimeSlot(start: 1320, end: 120)!])
        let round = file.rows[2].draft
        #expect(round.kind == .mobile)
        #expect(round.stops.count == 2)
        #expect(round.stops[1].hours.slots(on: .tue) == [TimeSlot(start: 1260, end: 1335)!])
        let storage = file.rows[3].draft
        #expect(storage.access == [.registration, .paid])
        #expect(storage.priceNote == "1 € par mois")
        #expect(storage.hours.closures == [TemporaryClosure(from: LocalDay("2030-08-01")!, until: LocalDay("2030-08-31")!, note: "Fermeture d'été")])
        #expect(file.rows[4].draft.timeZone == "America/Cayenne")
    }

    @Test func theCSVSampleIsReadWithItsRoundAndBadRows() throws {
        let file = PlaceCSVReader.read(try Self.sample("sample-places.csv"))
        #expect(file.rows.map(\.draft.sourceID) == ["c1", "c2", "c3", "c4"])
        #expect(file.issues.map(\.line) == [8, 9, 10])
        #expect(file.issues.map(\.code) == ["places.hours_invalid", "validation.location_invalid", "import.parent_unknown"])
        let round = file.rows[2].draft
        #expect(round.kind == .mobile && round.stops.map(\.name) == ["Gare de l'Est", "République"])
        #expect(round.location == round.stops.first?.location)
        #expect(round.audience == [.everyone, .peopleWithAnimals])
        let legal = file.rows[3].draft
        #expect(legal.hours.closures.first?.until == LocalDay("2031-01-05"))
        #expect(legal.audience == [.exiles] && legal.access == [.appointment])
        #expect(file.rows[0].draft.hours.closedOnPublicHolidays)
        #expect(file.rows[1].draft.wheelchairAccessible == false)
    }

    @Test func aCSVWithoutItsRequiredColumnsIsRefusedAtItsHeader() {
        let file = PlaceCSVReader.read(Data("id;nom\n1;x\n".utf8))
        #expect(file.rows.isEmpty)
        #expect(file.issues.map(\.code) == ["import.column_missing", "import.column_missing"])
    }

    @Test func quotedCSVFieldsMaySpanLinesAndTheLineCountStaysRight() {
        let csv = "id,name,categories,lat,lon,hours\na,\"Nom sur\ndeux lignes\",food.meals,48.8,2.3,mo 09:00-10:00\nb,\"Guillemets \"\"ici\"\"\",nope,48.8,2.3,\n"
        let file = PlaceCSVReader.read(Data(csv.utf8))
        #expect(file.rows.first?.draft.name == "Nom sur\ndeux lignes")
        #expect(file.issues.map(\.line) == [4])
        #expect(file.issues.first?.code == "places.category_unknown")
    }

    @Test func aDuplicateIdIsReportedOnItsSecondLine() {
        let csv = "id,name,categories,lat,lon\na,Un,food.meals,48.8,2.3\na,Deux,food.meals,48.8,2.3\n"
        let file = PlaceCSVReader.read(Data(csv.utf8))
        #expect(file.rows.count == 1)
        #expect(file.issues == [ImportIssue(line: 3, code: "import.duplicate_id", detail: "id a was already read above")])
    }

    @Test func aBrokenJSONFileIsReportedNotCrashed() {
        #expect(SoliguideReader.read(Data("".utf8)).issues.first?.code == "import.invalid_json")
        #expect(SoliguideReader.read(Data("[{\"lieu_id\": 1,".utf8)).issues.first?.code == "import.invalid_json")
        let wrapped = SoliguideReader.read(Data("{\"nbResults\": 1, \"places\": [\n{\"lieu_id\": 9, \"name\": \"Eau\", \"position\": {\"location\": {\"coordinates\": [2.3, 48.8]}}, \"services_all\": [{\"category\": \"fountain\"}]}\n]}".utf8))
        #expect(wrapped.rows.map(\.line) == [2])
    }

    @Test func searchTextIgnoresCaseAndAccents() {
        #expect(SearchText.fold("Hôpital  SAINT-Éloi, 2e") == "hopital saint eloi 2e")
        #expect(SearchText.words("  douches  à Lyon!! ") == ["douches", "a", "lyon"])
    }

    @Test func categoriesFormNineFamiliesOfThirty() {
        #expect(PlaceCategory.families.count >= 8)
        #expect(PlaceCategory.all.count >= 25)
        #expect(Set(PlaceCategory.all).count == PlaceCategory.all.count)
        #expect(PlaceCategory.filter("food") == ["food.meals", "food.parcels", "food.social_grocery", "food.drinking_water"])
        #expect(PlaceCategory.filter("food.meals") == ["food.meals"])
        #expect(PlaceCategory.filter("nope") == nil)
        for category in PlaceCategory.all { #expect(PlaceCategory.isFamily(PlaceCategory.family(of: category))) }
    }
}
