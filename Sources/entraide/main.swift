import Foundation
import Vapor
import Logging
import EntraideServer

/// `entraide serve | migrate | seed --demo | sms outbox | users … | routes`
var env = try Environment.detect()
try LoggingSystem.bootstrap(from: &env) { level in
    let console = Terminal()
    return { label in PrivacyLogHandler(wrapping: ConsoleLogger(label: label, console: console, level: level)) }
}
let app = try await Application.make(env)
do {
    try await configure(app)
    try await app.execute()
    try await app.asyncShutdown()
} catch {
    // An operator reads this: one clear line, not a backtrace.
    FileHandle.standardError.write(Data("entraide: \(error)\n".utf8))
    try? await app.asyncShutdown()
    exit(1)
}
