import Vapor
import Fluent
import EntraideCore

/// The demo association: Claire's outreach rounds in Nantes, with Marie as a volunteer, two
/// rounds done (people met, needs, one of them met on the second round), one planned, and a
/// short report form. Made through the same services as the API, so notes are sealed.
enum DemoRounds {
    static let name = "Maraudes nantaises"

    static func seed(on database: any Database, cipher: EncounterNotesCipher) async throws -> Bool {
        guard try await Organisation.query(on: database).filter(\.$name == name).first() == nil,
              let claire = try await User.query(on: database).filter(\.$email == "association@demo.entraide.example").first(),
              let marie = try await User.query(on: database).filter(\.$email == "marie@demo.entraide.example").first()
        else { return false }
        let (organisation, _) = try await OrganisationService.create(OrganisationInput(name: name), by: claire, isPlatformAdmin: false, on: database)
        let admin = try await OrganisationContext.load(organisation.requireID(), for: claire, on: database)
        _ = try await OrganisationService.add(MemberInput(userID: marie.requireID(), role: OrganisationRole.volunteer.rawValue),
                                              to: admin, defaultCountry: "FR", on: database)
        var sectors: [SectorDTO] = []
        for sector in ["Gare de Nantes", "Île de Nantes", "Commerce – Bouffay"] {
            sectors.append(try await OrganisationService.addSector(SectorInput(name: sector), to: admin, on: database))
        }
        _ = try await ReportFormService.save(ReportFormInput(questions: [
            ReportQuestionInput(id: "weather", label: "Météo", kind: ReportQuestionKind.choice.rawValue, required: true, choices: ["Sec", "Pluie", "Froid"]),
            ReportQuestionInput(id: "meals", label: "Repas distribués", kind: ReportQuestionKind.number.rawValue, required: true),
            ReportQuestionInput(id: "notes", label: "À retenir", kind: ReportQuestionKind.text.rawValue),
        ]), for: admin, on: database)

        let day: TimeInterval = 24 * 3600
        let team = [try marie.requireID()]
        // A week ago, a food round at the station.
        let first = try await RoundService.create(RoundInput(kind: RoundKind.food.rawValue, startsAt: Date().addingTimeInterval(-7 * day),
                                                             transport: RoundTransport.onFoot.rawValue, sectorID: sectors[0].id,
                                                             plannedRoute: "Parvis nord, cour sud, jardin des Plantes", team: team), in: admin, on: database)
        try await RoundService.start(first, in: admin, on: database)
        let met = Date().addingTimeInterval(-7 * day + 1800)
        let jojo = try await EncounterService.record(EncounterInput(person: EncounterPersonInput(alias: "Jojo"), metAt: met, needs: [
            EncounterNeedInput(need: EncounterNeed.shoes.rawValue, size: 43), EncounterNeedInput(need: EncounterNeed.sleepingBag.rawValue),
        ], notes: "Connaît bien le quartier. Souhaite être orienté vers un accueil de jour."), on: first, in: admin, cipher: cipher, on: database)
        _ = try await EncounterService.record(EncounterInput(person: EncounterPersonInput(alias: "Nour"), metAt: met.addingTimeInterval(1200), needs: [
            EncounterNeedInput(need: EncounterNeed.hygieneKit.rawValue), EncounterNeedInput(need: EncounterNeed.someoneToTalkTo.rawValue),
        ], notes: "Parle arabe et un peu de français."), on: first, in: admin, cipher: cipher, on: database)
        try await RoundService.finish(first, in: admin, on: database)
        try await ReportFormService.answer(RoundReportInput(answers: ["weather": "Froid", "meals": "18"]), for: first, in: admin, on: database)

        // Three days ago, a "mains nues" round: Jojo again, the shoes brought, and he agrees to be followed.
        let second = try await RoundService.create(RoundInput(kind: RoundKind.bareHands.rawValue, startsAt: Date().addingTimeInterval(-3 * day),
                                                              transport: RoundTransport.onFoot.rawValue, sectorID: sectors[0].id, team: team), in: admin, on: database)
        try await RoundService.start(second, in: admin, on: database)
        let shoes = try await EncounterNeedRecord.query(on: database).filter(\.$encounter.$id == jojo.encounter.requireID())
            .filter(\.$need == EncounterNeed.shoes.rawValue).first()
        _ = try await EncounterService.record(EncounterInput(person: EncounterPersonInput(id: jojo.encounter.$person.id), metAt: Date().addingTimeInterval(-3 * day + 900),
                                                             notes: "Les chaussures vont bien.", metNeedIDs: shoes.flatMap(\.id).map { [$0] }, engaged: true),
                                              on: second, in: admin, cipher: cipher, on: database)
        _ = try await EncounterService.record(EncounterInput(person: EncounterPersonInput(alias: "Malik"), metAt: Date().addingTimeInterval(-3 * day + 2400), needs: [
            EncounterNeedInput(need: EncounterNeed.blankets.rawValue), EncounterNeedInput(need: EncounterNeed.shelterRequest.rawValue),
        ]), on: second, in: admin, cipher: cipher, on: database)
        try await RoundService.finish(second, in: admin, on: database)

        // Tomorrow evening, by van, on the island.
        _ = try await RoundService.create(RoundInput(kind: RoundKind.medical.rawValue, startsAt: Date().addingTimeInterval(day),
                                                     transport: RoundTransport.vehicle.rawValue, sectorID: sectors[1].id,
                                                     plannedRoute: "Hangar à bananes, parc des Chantiers", team: team), in: admin, on: database)
        return true
    }
}
