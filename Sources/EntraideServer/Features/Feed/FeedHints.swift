import Vapor
import NIOConcurrencyHelpers
import EntraideCore

/// Remembers, per grid cell and radius, how wide a feed window had to be to fill a page, so
/// the next search there starts at about the right width and reads one window instead of
/// widening three or four times. It is only a starting point: a window that turns out too
/// narrow still widens, so a stale hint costs time, never a wrong page.
final class FeedHints: Sendable {
    struct Area: Hashable {
        let cell: Int
        let radiusKm: Double
    }

    /// Areas remembered at most (a few bytes each); past that the memory starts over.
    static let capacity = 8_192
    /// Starts a little wider than last time: two searches of one cell are not at the same point.
    static let margin = 1.15

    private let widths = NIOLockedValueBox<[Area: Double]>([:])

    static func area(_ search: FeedService.Search) -> Area {
        Area(cell: FeedGrid.cell(search.center), radiusKm: search.radiusKm)
    }

    /// The width a search in `area` starts with, beyond the score it starts from.
    func startWidth(for area: Area) -> Double {
        let known = widths.withLockedValue { $0[area] }
        return max(FeedRanking.firstWindow, (known ?? 0) * Self.margin)
    }

    /// Records the width that was needed: the score of the first item past the page.
    func record(_ width: Double, for area: Area) {
        guard width.isFinite, width > 0 else { return }
        widths.withLockedValue { widths in
            if widths.count >= Self.capacity && widths[area] == nil { widths.removeAll(keepingCapacity: true) }
            widths[area] = width
        }
    }
}

extension Application {
    private struct FeedHintsKey: StorageKey {
        typealias Value = FeedHints
    }

    /// Made at configuration time (`configure`), shared by every request of this process.
    var feedHints: FeedHints {
        get {
            guard let hints = storage[FeedHintsKey.self] else { fatalError("configure(_:) sets the feed hints first") }
            return hints
        }
        set { storage[FeedHintsKey.self] = newValue }
    }
}
