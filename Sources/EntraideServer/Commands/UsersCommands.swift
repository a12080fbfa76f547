import Vapor
import Fluent
import EntraideCore

struct UsersCommands: AsyncCommandGroup {
    let help = "Member administration: staff roles, phone re-attachment"
    var commands: [String: any AnyAsyncCommand] {
        ["grant-role": GrantRoleCommand(revoke: false), "revoke-role": GrantRoleCommand(revoke: true), "change-phone": ChangePhoneCommand()]
    }
}

/// `entraide users grant-role <member> <role> --by <name>`: roles moderator, animator, admin, committee.
struct GrantRoleCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "member", help: "The member's id, e-mail or phone number")
        var member: String
        @Argument(name: "role", help: "moderator, animator, admin or committee")
        var role: String
        @Option(name: "by", help: "Who grants it (kept with the role)")
        var by: String?
    }

    let revoke: Bool
    var help: String { revoke ? "Take a staff role back from a member" : "Grant a staff role to a member" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let role = StaffRole(rawValue: signature.role) else {
            throw CommandError("unknown role \"\(signature.role)\"; expected one of \(StaffRole.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let user = try await RoleService.findMember(signature.member, defaultCountry: app.config.defaultCountry, on: app.db), user.isActive else {
            throw CommandError("no member matches \"\(signature.member)\"")
        }
        if revoke {
            try await RoleService.revoke(role, from: user, on: app.db)
            context.console.print("\(user.displayName) (\(try user.requireID())) is no longer \(role.rawValue)")
        } else {
            try await RoleService.grant(role, to: user, by: signature.by ?? "command line", on: app.db)
            context.console.print("\(user.displayName) (\(try user.requireID())) is now \(role.rawValue)")
        }
    }
}

/// `entraide users change-phone <member> <new phone> --reason … --by …`: re-attaches a
/// member who lost their phone; the change is logged with who did it and why.
struct ChangePhoneCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "member", help: "The member's id, e-mail or current phone number")
        var member: String
        @Argument(name: "phone", help: "The new phone number")
        var phone: String
        @Option(name: "reason", help: "Why (required, kept in the log)")
        var reason: String?
        @Option(name: "by", help: "Who does it (required, kept in the log)")
        var by: String?
    }

    let help = "Move a member to a new phone number (staff re-attachment)"

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let by = signature.by?.nilIfBlank else { throw CommandError("--by is required: who makes this change") }
        guard let user = try await RoleService.findMember(signature.member, defaultCountry: app.config.defaultCountry, on: app.db), user.isActive else {
            throw CommandError("no member matches \"\(signature.member)\"")
        }
        do {
            try await PhoneChangeService.changeByStaff(user: user, phone: signature.phone, reason: signature.reason ?? "", staff: nil,
                                                       staffLabel: by, defaultCountry: app.config.defaultCountry, on: app.db)
        } catch let violation as RuleViolation {
            throw CommandError(app.catalogue.text(violation.code, .en, violation.arguments) + " (\(violation.field ?? violation.code))")
        } catch let error as AppError {
            throw CommandError(app.catalogue.text(error.code, .en, error.arguments))
        }
        context.console.print("\(user.displayName) now uses \(PhoneMask.mask(user.phone ?? ""))")
    }
}

struct CommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
