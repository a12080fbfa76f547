import Foundation
import Testing
@testable import EntraideCore

@Suite struct FeedRankingTests {
    @Test func aDayWeighsAKilometre() {
        let now = Date()
        #expect(FeedRanking.score(distanceKm: 2, createdAt: now, snapshot: now) == 2)
        #expect(abs(FeedRanking.score(distanceKm: 0.5, createdAt: now.addingTimeInterval(-3 * 86_400), snapshot: now) - 3.5) < 1e-9)
        // Items created after the snapshot are not "younger than new".
        #expect(FeedRanking.score(distanceKm: 1, createdAt: now.addingTimeInterval(60), snapshot: now) == 1)
    }

    @Test func windowsWidenByHowFarTheyFellShort() {
        #expect(FeedRanking.widen(2, found: 0) == 2 * cbrt(21 * 1.5))
        #expect(FeedRanking.widen(1, found: 0, wanted: 1000) == 4)
        #expect(FeedRanking.widen(2, found: 20) == 2 * 1.3)
        #expect(FeedRanking.widen(3000, found: 0) == .infinity)
    }

    @Test func theCellsOfABoxHoldEveryPointInside() {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let center = GeoPoint(lat: .random(in: 42...51, using: &random), lon: .random(in: -5...8, using: &random))
            let box = FeedRanking.boundingBox(around: center, km: 6)
            let cells = try? #require(FeedGrid.cells(minLat: box.minLat, maxLat: box.maxLat, minLon: box.minLon, maxLon: box.maxLon))
            let inside = GeoPoint(lat: .random(in: box.minLat...box.maxLat, using: &random), lon: .random(in: box.minLon...box.maxLon, using: &random))
            #expect(cells?.contains(FeedGrid.cell(inside)) == true)
        }
        #expect(FeedGrid.cells(minLat: 48, maxLat: 49, minLon: 2, maxLon: 3) == nil)
        #expect(FeedGrid.cell(GeoPoint(lat: -33.9, lon: -70.6)) != FeedGrid.cell(GeoPoint(lat: 33.9, lon: 70.6)))
    }
}
