import Testing
@testable import EntraideCore

@Suite struct PostalZoneTests {
    @Test(arguments: [
        ("75011", "75"), ("01000", "01"), ("13001", "13"), ("69003", "69"), ("95000", "95"),
        ("20000", "2A"), ("20090", "2A"), ("20199", "2A"), ("20200", "2B"), ("20600", "2B"), ("20620", "2B"),
        ("97110", "971"), ("97200", "972"), ("97300", "973"), ("97400", "974"), ("97600", "976"),
        (" 75011 ", "75"), ("٧٥٠١١", "75"),
    ])
    func findsTheDepartment(postalCode: String, department: String) {
        #expect(PostalZone.department(of: postalCode) == department)
    }

    @Test(arguments: ["ABCDE", "7501", "750111", "00000", "00999", "96000", "97500", "97800", "98000", "99999", "20700", "", "75 011", "-7501"])
    func refusesWhatIsNotAFrenchPostalCode(postalCode: String) {
        #expect(PostalZone.department(of: postalCode) == nil)
        #expect(PostalZone.centre(of: postalCode) == nil)
    }

    @Test(arguments: [
        ("75011", 48.86, 2.35), ("69003", 45.76, 4.84), ("13001", 43.30, 5.37), ("59000", 50.63, 3.06),
        ("33000", 44.84, -0.58), ("31000", 43.60, 1.44), ("67000", 48.58, 7.75), ("44000", 47.22, -1.55),
        ("35000", 48.11, -1.68), ("20000", 41.92, 8.74), ("20200", 42.70, 9.45), ("97400", -20.88, 55.45),
    ])
    func placesKnownPrefectures(postalCode: String, lat: Double, lon: Double) throws {
        let centre = try #require(PostalZone.centre(of: postalCode))
        #expect(centre == GeoPoint(lat: lat, lon: lon))
    }

    @Test func coversEveryDepartment() throws {
        let metropolitan = (1...95).filter { $0 != 20 }.map { $0 < 10 ? "0\($0)" : "\($0)" } + ["2A", "2B"]
        #expect(PostalZone.prefectures.count == 101)
        for department in metropolitan {
            let postalCode = department == "2A" ? "20000" : department == "2B" ? "20200" : department + "000"
            #expect(PostalZone.department(of: postalCode) == department)
            let centre = try #require(PostalZone.centre(of: postalCode), "\(department)")
            #expect((41.0...51.2).contains(centre.lat), "\(department)")
            #expect((-5.2...9.6).contains(centre.lon), "\(department)")
            // Two decimals, as promised: no more precise than a neighbourhood.
            #expect((centre.lat * 100).rounded() / 100 == centre.lat)
            #expect((centre.lon * 100).rounded() / 100 == centre.lon)
        }
        let overseas: [(String, ClosedRange<Double>, ClosedRange<Double>)] = [
            ("97100", 15.8...16.6, -61.9...(-61.0)),  // Guadeloupe
            ("97200", 14.3...14.9, -61.3...(-60.8)),  // Martinique
            ("97300", 2.1...5.8, -54.6...(-51.6)),    // Guyane
            ("97400", -21.4...(-20.8), 55.2...55.9),  // La Réunion
            ("97600", -13.1...(-12.6), 45.0...45.3),  // Mayotte
        ]
        for (postalCode, lat, lon) in overseas {
            let centre = try #require(PostalZone.centre(of: postalCode), "\(postalCode)")
            #expect(lat.contains(centre.lat) && lon.contains(centre.lon), "\(postalCode)")
        }
    }

    @Test func putsNeighbouringDepartmentsCloseTogether() throws {
        // Paris and its inner suburbs' prefectures are within 15 km of each other.
        let paris = try #require(PostalZone.centre(of: "75001"))
        for postalCode in ["92000", "93000", "94000"] {
            let centre = try #require(PostalZone.centre(of: postalCode))
            #expect(paris.distance(to: centre) < 15_000, "\(postalCode)")
        }
    }
}
