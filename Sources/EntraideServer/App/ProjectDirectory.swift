import Foundation
import Vapor

/// Finds the folder that holds `Resources/` and `Public/`: the working directory when the
/// platform runs from the checkout, else the nearest ancestor of the executable
/// (`.build/debug/entraide` run from anywhere). `ENTRAIDE_ROOT` names it outright.
enum ProjectDirectory {
    struct NotFound: Error, CustomStringConvertible {
        let searched: String
        var description: String {
            "Entraide cannot find its Resources/Locales folder (looked in \(searched) and above the executable). Run it from the project folder or set ENTRAIDE_ROOT."
        }
    }

    static func detect() throws -> DirectoryConfiguration {
        let fileManager = FileManager.default
        func hasResources(_ path: String) -> Bool {
            fileManager.fileExists(atPath: path + "/Resources/Locales")
        }
        if let root = Environment.get("ENTRAIDE_ROOT"), !root.isEmpty {
            guard hasResources(root) else { throw NotFound(searched: root) }
            return DirectoryConfiguration(workingDirectory: root)
        }
        let working = DirectoryConfiguration.detect()
        if hasResources(working.workingDirectory) { return working }
        var url = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().deletingLastPathComponent()
        while url.path != "/" {
            if hasResources(url.path) { return DirectoryConfiguration(workingDirectory: url.path) }
            url.deleteLastPathComponent()
        }
        throw NotFound(searched: working.workingDirectory)
    }
}
