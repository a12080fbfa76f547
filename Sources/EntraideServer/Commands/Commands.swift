import Vapor

/// The operator commands of the `entraide` binary, next to Vapor's `serve`, `migrate` and `routes`.
enum Commands {
    static func register(on app: Application) {
        app.asyncCommands.use(SeedCommand(), as: "seed")
        app.asyncCommands.use(SMSCommands(), as: "sms")
        app.asyncCommands.use(UsersCommands(), as: "users")
        app.asyncCommands.use(SafetyCommands(), as: "safety")
        app.asyncCommands.use(PhotoCommands(), as: "photos")
        app.asyncCommands.use(PlacesCommands(), as: "places")
        app.asyncCommands.use(LearningCommands(), as: "learning")
    }
}
