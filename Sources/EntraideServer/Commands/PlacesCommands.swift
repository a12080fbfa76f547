import Vapor
import Fluent
import EntraideCore

/// `entraide places import FILE` and `entraide places bench-seed`.
struct PlacesCommands: AsyncCommandGroup {
    let help = "Services directory: import places from open data"
    var commands: [String: any AnyAsyncCommand] { ["import": PlacesImportCommand(), "bench-seed": PlacesBenchSeedCommand()] }
}

/// Reads a Soliguide open-data JSON file or a CSV file (docs/places-import.md), reports each
/// row it could not read with its line, and imports the rest: created, updated, unchanged,
/// retired (the source's places the file no longer lists).
struct PlacesImportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "The file to read (.json: Soliguide layout, .csv: the documented CSV layout)")
        var file: String
        @Option(name: "format", help: "soliguide or csv (default: from the file's extension)")
        var format: String?
        @Option(name: "source", help: "The source's name: re-importing it updates and retires its places only (default: the format)")
        var source: String?
        @Flag(name: "keep-missing", help: "Do not retire the source's places that the file no longer lists")
        var keepMissing: Bool
        @Flag(name: "dry-run", help: "Read and check the file, write nothing")
        var dryRun: Bool
    }

    let help = "Import places from a Soliguide JSON or CSV file"

    func run(using context: CommandContext, signature: Signature) async throws {
        let url = URL(fileURLWithPath: signature.file)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            context.console.error("Cannot read \(signature.file)")
            throw AppError(.badRequest, "command.file_unreadable")
        }
        let format: PlaceImportFile.Format
        if let name = signature.format {
            guard let chosen = PlaceImportFile.Format(rawValue: name) else {
                context.console.error("Unknown format \(name): soliguide or csv")
                throw AppError(.badRequest, "command.unknown")
            }
            format = chosen
        } else {
            format = url.pathExtension.lowercased() == "csv" ? .csv : .soliguide
        }
        let file = PlaceImportFile.read(data, format: format)
        for issue in file.issues { context.console.warning("\(url.lastPathComponent) \(issue)") }
        let source = signature.source ?? format.rawValue
        guard !signature.dryRun else {
            context.console.print("\(file.rows.count) places read, \(file.issues.count) rows skipped (dry run: nothing written)")
            return
        }
        let summary = try await PlaceImporter.run(file, source: source, retireMissing: !signature.keepMissing, on: context.application.db)
        context.console.print("source \(source): \(summary.created) created, \(summary.updated) updated, \(summary.unchanged) unchanged, \(summary.retired) retired, \(summary.skipped) rows skipped")
    }
}

/// The places `scripts/bench` searches: `--count` (50,000) places around French cities,
/// weighted like the bench's other data, with every category and realistic hours.
struct PlacesBenchSeedCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "count", help: "Places to add (default 50000)")
        var count: Int?
    }

    let help = "Add the places scripts/bench searches (source bench, replaced on each run)"

    func run(using context: CommandContext, signature: Signature) async throws {
        let count = max(signature.count ?? 50_000, 1)
        let started = Date()
        let file = PlaceImportFile(rows: BenchPlaces.make(count: count).enumerated().map { ImportedRow(line: $0.offset + 1, draft: $0.element) })
        let summary = try await PlaceImporter.run(file, source: "bench", on: context.application.db)
        context.console.print(String(format: "bench places: %d created, %d updated, %d unchanged in %.1f s", summary.created, summary.updated, summary.unchanged, Date().timeIntervalSince(started)))
    }
}
