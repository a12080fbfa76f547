import Testing
@testable import EntraideCore

@Suite struct DisplayNameTests {
    @Test func showsFirstNameAndInitialOnly() {
        #expect(DisplayName.of(firstName: "Marie", lastName: "Dupont") == "Marie D.")
        #expect(DisplayName.of(firstName: " Jean-Pierre ", lastName: "  le Garnier") == "Jean-Pierre L.")
        #expect(DisplayName.of(firstName: "Élodie", lastName: "Éluard") == "Élodie É.")
    }

    @Test func neverContainsTheFamilyName() {
        let name = DisplayName.of(firstName: "Ahmad", lastName: "Rahimi")
        #expect(!name.contains("Rahimi"))
        #expect(DisplayName.of(firstName: "Olena", lastName: nil) == "Olena")
        #expect(DisplayName.of(firstName: "Olena", lastName: "") == "Olena")
    }
}

/// A generator whose sequence is fixed, to make random draws repeatable in tests.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct LocationBlurTests {
    let paris = GeoPoint(lat: 48.8566, lon: 2.3522)

    @Test func blurredPointIsBetween150And500MetresAway() {
        var generator = SeededGenerator(state: 42)
        for _ in 0..<2000 {
            let blurred = LocationBlur.blur(paris, using: &generator)
            let distance = paris.distance(to: blurred)
            // Rounding to five decimals moves a point by at most ~1 m.
            #expect(distance >= 148 && distance <= 502, "distance \(distance)")
        }
    }

    @Test func blurredLocationIsNeverTheStoredOne() {
        var generator = SeededGenerator(state: 7)
        for _ in 0..<500 {
            #expect(LocationBlur.blur(paris, using: &generator) != paris)
        }
    }

    @Test func averagingManyFreshBlursIsWhyOnlyOneIsEverMade() {
        // Averaging fresh blurs of one point converges on the truth: this is why the blur
        // is done once at write time and the true point is never stored.
        var generator = SeededGenerator(state: 1)
        let samples = (0..<4000).map { _ in LocationBlur.blur(paris, using: &generator) }
        let mean = GeoPoint(lat: samples.map(\.lat).reduce(0, +) / 4000, lon: samples.map(\.lon).reduce(0, +) / 4000)
        #expect(paris.distance(to: mean) < 30)
    }

    @Test func blurCoversEveryDirection() {
        var generator = SeededGenerator(state: 3)
        var north = 0, south = 0, east = 0, west = 0
        for _ in 0..<400 {
            let point = LocationBlur.blur(paris, using: &generator)
            if point.lat > paris.lat { north += 1 } else { south += 1 }
            if point.lon > paris.lon { east += 1 } else { west += 1 }
        }
        #expect(min(north, south, east, west) > 120)
    }

    @Test func publicPlaceIsCityAndPostalCode() {
        #expect(PublicPlace.label(city: "Paris", postalCode: "75011") == "Paris (75011)")
        #expect(PublicPlace.label(city: "Lyon", postalCode: nil) == "Lyon")
        #expect(PublicPlace.label(city: " ", postalCode: nil) == nil)
    }

    @Test func distanceMatchesKnownValue() {
        let lyon = GeoPoint(lat: 45.7640, lon: 4.8357)
        #expect(abs(paris.distance(to: lyon) - 391_500) < 2_000)
    }
}

@Suite struct PhoneMaskTests {
    @Test func keepsOnlyCountryCodeAndLastFourDigits() {
        #expect(PhoneMask.mask("+33612345678") == "+336••••5678")
        #expect(!PhoneMask.mask("+447700900123").contains("7700900"))
    }
}
