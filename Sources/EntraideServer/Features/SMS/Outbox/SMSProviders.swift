import Vapor

/// The configured SMS providers: the one used first, and the one the outbox turns to when
/// the first fails for a reason worth retrying.
struct SMSProviders: Sendable {
    let primary: any SMSGateway
    let fallback: (any SMSGateway)?

    /// Builds a driver from the settings; a named driver missing its settings stops the start
    /// with a clear message rather than losing texts later.
    static func make(_ driver: String, config: AppConfig, client: any Client) throws -> any SMSGateway {
        switch driver {
        case "log":
            return LogSMSGateway()
        case "twilio":
            guard let sid = config.twilioAccountSID, let token = config.twilioAuthToken, let from = config.twilioFrom else {
                throw ConfigurationError("SMS driver twilio needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM")
            }
            return TwilioSMSGateway(accountSID: sid, authToken: token, from: from, baseURL: config.twilioBaseURL,
                                    statusCallbackURL: config.publicURL.map { $0 + "/sms/twilio/status" }, client: client)
        case "android":
            guard let url = config.androidGatewayURL, let username = config.androidGatewayUsername,
                  let password = config.androidGatewayPassword else {
                throw ConfigurationError("SMS driver android needs ANDROID_SMS_URL, ANDROID_SMS_USERNAME and ANDROID_SMS_PASSWORD")
            }
            return AndroidSMSGateway(baseURL: url, username: username, password: password, client: client)
        default:
            throw ConfigurationError("Unknown SMS driver \(driver): use log, twilio or android")
        }
    }

    static func make(_ config: AppConfig, client: any Client) throws -> SMSProviders {
        let primary = try make(config.smsDriver, config: config, client: client)
        let fallback = try config.smsFallbackDriver.map { try make($0, config: config, client: client) }
        return SMSProviders(primary: primary, fallback: fallback)
    }
}

struct ConfigurationError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension Application {
    private struct SMSProvidersKey: StorageKey { typealias Value = SMSProviders }

    var smsProviders: SMSProviders {
        get { storage[SMSProvidersKey.self] ?? SMSProviders(primary: LogSMSGateway(), fallback: nil) }
        set { storage[SMSProvidersKey.self] = newValue }
    }
}
