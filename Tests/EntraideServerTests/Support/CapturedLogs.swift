import Foundation
import Logging
import NIOConcurrencyHelpers
@testable import EntraideServer

/// Every log line the test process writes at debug level and above, so a test can check that
/// none reveals a family name or a phone number. The logging system is process-wide and can
/// be bootstrapped once; the first test that asks does it.
enum CapturedLogs {
    private static let lines = NIOLockedValueBox<[String]>([])
    private static let bootstrapped = NIOLockedValueBox(false)

    static func start() {
        bootstrapped.withLockedValue { done in
            guard !done else { return }
            // The same privacy wrapper as the `entraide` executable, around a handler that keeps lines.
            LoggingSystem.bootstrap { label in PrivacyLogHandler(wrapping: CapturingHandler(label: label)) }
            done = true
        }
    }

    static func all() -> [String] { lines.withLockedValue { $0 } }

    struct CapturingHandler: LogHandler {
        let label: String
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .debug

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(level: Logger.Level, message: Logger.Message, metadata extra: Logger.Metadata?, source: String, file: String, function: String, line: UInt) {
            let all = metadata.merging(extra ?? [:]) { $1 }
            let text = "\(level) \(label) \(message) \(all.map { "\($0.key)=\($0.value)" }.joined(separator: " "))"
            CapturedLogs.lines.withLockedValue { $0.append(text) }
        }
    }
}
