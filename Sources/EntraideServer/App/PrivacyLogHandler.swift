import Logging

/// Wraps the process's log handler so no log line carries what members wrote or who they are.
///
/// Fluent logs every query at debug level with its values ("Running query", with `input`
/// and `filters` holding names, phone numbers, message texts, SMS codes). Only the query's
/// shape is kept: which table, which action. The platform's own log lines mask numbers
/// where they write them.
public struct PrivacyLogHandler: LogHandler {
    static let queryKeysKept: Set<String> = ["schema", "action", "database-id", "request-id"]

    var wrapped: any LogHandler

    public init(wrapping handler: any LogHandler) {
        self.wrapped = handler
    }

    public var logLevel: Logger.Level {
        get { wrapped.logLevel }
        set { wrapped.logLevel = newValue }
    }

    public var metadata: Logger.Metadata {
        get { wrapped.metadata }
        set { wrapped.metadata = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { wrapped[metadataKey: key] }
        set { wrapped[metadataKey: key] = newValue }
    }

    public func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String, function: String, line: UInt) {
        var metadata = metadata
        if message.description == "Running query" {
            metadata = metadata?.filter { Self.queryKeysKept.contains($0.key) }
        }
        wrapped.log(level: level, message: message, metadata: metadata, source: source, file: file, function: function, line: line)
    }
}
