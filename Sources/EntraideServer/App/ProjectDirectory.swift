import Foundation
import Vapor

/// Finds the folder that holds `Resources/` and `Public/`: the working directory when the
/// platform runs from the checkout, else the nearest ancestor of the executable
/// (`.build/debug/entraide` run from anywhere).
enum ProjectDirectory {
    static func detect() -> DirectoryConfiguration {
        let fileManager = FileManager.default
        func hasResources(_ path: String) -> Bool {
            fileManager.fileExists(atPath: path + "/Resources/Locales")
        }
        let working = DirectoryConfiguration.detect()
        if hasResources(working.workingDirectory) { return working }
        var url = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().deletingLastPathComponent()
        while url.path != "/" {
            if hasResources(url.path) { return DirectoryConfiguration(workingDirectory: url.path) }
            url.deleteLastPathComponent()
        }
        return working
    }
}
