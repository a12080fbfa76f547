import Vapor
import Fluent

/// One page of a list, and the opaque cursor of the next one (absent on the last page).
struct Page<Item: Content>: Content {
    let items: [Item]
    let nextCursor: String?
}

/// Where a newest-first list stopped: the last item's date and id. Ordering by both makes
/// the order total, so a page boundary never skips or repeats an item that shares a date.
struct PageCursor: Equatable {
    let date: Date
    let id: UUID

    /// The date travels as the exact number of seconds the store gave back (Swift prints a
    /// Double so that it reads back bit for bit): a rounded date would compare unequal to the
    /// stored one, and the boundary item would come again on the next page.
    var encoded: String {
        Data("\(date.timeIntervalSince1970)|\(id.uuidString)".utf8).base64URLEncodedString()
    }

    init(date: Date, id: UUID) {
        self.date = date
        self.id = id
    }

    init(_ text: String) throws {
        guard let data = Data(base64URLEncoded: text), let raw = String(data: data, encoding: .utf8) else { throw Self.invalid }
        let parts = raw.split(separator: "|")
        guard parts.count == 2, let seconds = Double(parts[0]), seconds.isFinite, let id = UUID(uuidString: String(parts[1])) else { throw Self.invalid }
        self.date = Date(timeIntervalSince1970: seconds)
        self.id = id
    }

    static let invalid = AppError(.badRequest, "paging.invalid_cursor", field: "cursor")

    /// SQLite keeps a date to the full precision of a Double but hands it back rounded to the
    /// microsecond, so "the same date" is a band of a microsecond either side.
    static let tolerance: TimeInterval = 0.000_001
    var before: Date { date.addingTimeInterval(-Self.tolerance) }
    var after: Date { date.addingTimeInterval(Self.tolerance) }
}

extension Data {
    /// URL-safe base64 in one pass over the bytes (Foundation's `replacingOccurrences`
    /// bridges through NSString three times per cursor, on every page of every list).
    init?(base64URLEncoded text: String) {
        var bytes = Array(text.utf8).map { byte -> UInt8 in
            switch byte {
            case UInt8(ascii: "-"): UInt8(ascii: "+")
            case UInt8(ascii: "_"): UInt8(ascii: "/")
            default: byte
            }
        }
        while bytes.count % 4 != 0 { bytes.append(UInt8(ascii: "=")) }
        self.init(base64Encoded: Data(bytes))
    }

    func base64URLEncodedString() -> String {
        let bytes = base64EncodedData().compactMap { byte -> UInt8? in
            switch byte {
            case UInt8(ascii: "+"): UInt8(ascii: "-")
            case UInt8(ascii: "/"): UInt8(ascii: "_")
            case UInt8(ascii: "="): nil
            default: byte
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// The query parameters every list shares: a cursor, or `updatedSince` for a client that
/// syncs what changed since it last looked (then items come oldest change first, closed and
/// cancelled ones included, so the client learns about those too).
struct ListQuery {
    static let syncPageSize = 200
    let cursor: PageCursor?
    let updatedSince: Date?
    let limit: Int

    /// The first page of a list a server page shows in part (the home page's few groups).
    init(limit: Int) {
        cursor = nil
        updatedSince = nil
        self.limit = limit
    }

    init(_ req: Request, defaultLimit: Int = 20) throws {
        cursor = try req.query[String.self, at: "cursor"].map(PageCursor.init)
        if let raw = req.query[String.self, at: "updatedSince"] {
            guard let date = ListQuery.parseDate(raw) else {
                throw AppError(.badRequest, "sync.invalid_updated_since", field: "updatedSince")
            }
            updatedSince = date
        } else {
            updatedSince = nil
        }
        if let raw = req.query[String.self, at: "limit"] {
            guard let value = Int(raw), (1...100).contains(value) else {
                throw AppError(.badRequest, "paging.invalid_limit", field: "limit", arguments: ["max": "100"])
            }
            limit = value
        } else {
            limit = updatedSince == nil ? defaultLimit : ListQuery.syncPageSize
        }
    }

    static func parseDate(_ raw: String) -> Date? {
        (try? Date(raw, strategy: .iso8601)) ?? (try? Date(raw, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
    }
}

extension QueryBuilder {
    /// Newest first from the cursor on, or — when syncing — every change since a date.
    func page<D: QueryableProperty, I: QueryableProperty>(_ list: ListQuery, date: KeyPath<Model, D>, updated: KeyPath<Model, I>, id: KeyPath<Model, IDProperty<Model, UUID>>) -> Self
    where D.Value == Date?, I.Value == Date?, D.Model == Model, I.Model == Model {
        if let since = list.updatedSince {
            return self.filter(updated, .greaterThanOrEqual, since).sort(updated, .ascending).sort(id, .ascending).limit(list.limit + 1)
        }
        if let cursor = list.cursor {
            self.group(.or) { or in
                or.filter(date, .lessThan, cursor.before)
                or.group(.and) { and in
                    and.filter(date, .greaterThanOrEqual, cursor.before)
                    and.filter(date, .lessThanOrEqual, cursor.after)
                    and.filter(id, .lessThan, cursor.id)
                }
            }
        }
        return self.sort(date, .descending).sort(id, .descending).limit(list.limit + 1)
    }
}

extension ListQuery {
    /// Cuts the extra row a page query fetched and builds the next cursor from the last kept one.
    func finish<M>(_ rows: [M], date: (M) -> Date?, id: (M) -> UUID?) -> (rows: [M], next: String?) {
        guard rows.count > limit else { return (rows, nil) }
        let kept = Array(rows.prefix(limit))
        guard updatedSince == nil, let last = kept.last, let lastDate = date(last), let lastID = id(last) else { return (kept, nil) }
        return (kept, PageCursor(date: lastDate, id: lastID).encoded)
    }
}
