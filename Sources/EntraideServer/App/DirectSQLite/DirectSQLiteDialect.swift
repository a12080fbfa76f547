import SQLKit
import SQLiteKit

/// SQLite's dialect, except for how identifiers are quoted. SQLKit escapes a quote inside
/// every table and column name it writes when the dialect's quote is plain text, with a
/// generic string replacement that took a fifteenth of the SMS writer's time. This
/// connection's statements come from code (models, fixed SQL), whose names never hold a
/// quote, so the quote is written as an expression SQLKit does not look into.
/// Everything else is `SQLiteDialect`'s, requirement by requirement.
struct DirectSQLiteDialect: SQLDialect {
    private let base: any SQLDialect = SQLiteDialect()

    private struct DoubleQuote: SQLExpression {
        func serialize(to serializer: inout SQLSerializer) { serializer.write("\"") }
    }

    var name: String { base.name }
    var identifierQuote: any SQLExpression { DoubleQuote() }
    var literalStringQuote: any SQLExpression { base.literalStringQuote }
    var supportsAutoIncrement: Bool { base.supportsAutoIncrement }
    var autoIncrementClause: any SQLExpression { base.autoIncrementClause }
    var autoIncrementFunction: (any SQLExpression)? { base.autoIncrementFunction }
    func bindPlaceholder(at position: Int) -> any SQLExpression { base.bindPlaceholder(at: position) }
    func literalBoolean(_ value: Bool) -> any SQLExpression { base.literalBoolean(value) }
    var literalDefault: any SQLExpression { base.literalDefault }
    var supportsIfExists: Bool { base.supportsIfExists }
    var enumSyntax: SQLEnumSyntax { base.enumSyntax }
    var supportsDropBehavior: Bool { base.supportsDropBehavior }
    var supportsReturning: Bool { base.supportsReturning }
    var triggerSyntax: SQLTriggerSyntax { base.triggerSyntax }
    var alterTableSyntax: SQLAlterTableSyntax { base.alterTableSyntax }
    func customDataType(for dataType: SQLDataType) -> (any SQLExpression)? { base.customDataType(for: dataType) }
    func normalizeSQLConstraint(identifier: any SQLExpression) -> any SQLExpression { base.normalizeSQLConstraint(identifier: identifier) }
    var upsertSyntax: SQLUpsertSyntax { base.upsertSyntax }
    var unionFeatures: SQLUnionFeatures { base.unionFeatures }
    var sharedSelectLockExpression: (any SQLExpression)? { base.sharedSelectLockExpression }
    var exclusiveSelectLockExpression: (any SQLExpression)? { base.exclusiveSelectLockExpression }
    func nestedSubpathExpression(in column: any SQLExpression, for path: [String]) -> (any SQLExpression)? {
        base.nestedSubpathExpression(in: column, for: path)
    }
}
