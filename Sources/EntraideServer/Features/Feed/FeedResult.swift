import Vapor

/// A page of the feed as found: its items, scored, and the cursor of the next page.
struct FeedResult {
    let items: [FeedWindow.Item]
    let nextCursor: String?

    /// The page as every list of the API is shaped (`Page`), for the web pages.
    func page() throws -> Page<FeedItemDTO> { Page(items: try items.map { try $0.card() }, nextCursor: nextCursor) }

    /// The same page as JSON, put together from each card's kept JSON with this search's
    /// distance added: encoding twenty cards per search cost a fifth of the feed's time.
    /// `FeedTests` checks it against the encoder's own output.
    func json() throws -> ByteBuffer {
        var buffer = ByteBuffer()
                buffer.writeString("{\"items\":[")
        for (index, item) in items.enumerated() {
            if index > 0 { buffer.writeString(",") }
            let card = try item.entry.json()
            guard let distance = item.shownDistanceKm, card.first == UInt8(ascii: "{") else { buffer.writeBytes(card); continue }
            // The distance is a tenth of a kilometre: written as the encoder writes it (1, 0.4).
            let number = distance == distance.rounded() && abs(distance) < 1e15 ? String(Int(distance)) : String(distance)
            buffer.writeString("{\"distanceKm\":\(number)")
            if card.count > 2 { buffer.writeString(",") }
            buffer.writeBytes(card.dropFirst())
        }
        buffer.writeString("]")
        if let nextCursor {
            buffer.writeString(",\"nextCursor\":")
            buffer.writeBytes(try JSONEncoder().encode(nextCursor))
        }
        buffer.writeString("}")
        return buffer
    }
}
