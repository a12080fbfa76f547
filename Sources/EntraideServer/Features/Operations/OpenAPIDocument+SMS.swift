import Vapor

/// The SMS part of the API contract: how news reach me by SMS. (Providers' webhooks under
/// `/sms/` follow each provider's own contract, described in the README.)
extension OpenAPIDocument {
    static var smsPaths: JSON {
        let settings: JSON = [
            "type": "object",
            "properties": [
                "phone": nullable("string", ["description": "My number (E.164), if I have one"]),
                "mode": ["type": "string", "enum": ["instant", "digest", "off"],
                         "description": "instant: news as they come, grouped; digest: one SMS a day once I have not opened the app for digestAfterDays"],
                "digestAfterDays": ["type": "integer", "minimum": 1, "maximum": 30],
                "stopped": ["type": "boolean", "description": "My number texted STOP: nothing is sent until it texts START"],
            ],
        ]
        let input: JSON = [
            "type": "object", "required": ["mode"],
            "properties": ["mode": ["type": "string", "enum": ["instant", "digest", "off"]], "digestAfterDays": ["type": "integer", "minimum": 1, "maximum": 30]],
        ]
        return [
            "/api/v1/me/sms": [
                "get": operation("mySMSSettings", "How news reach me by SMS", responses: ["200": response("My SMS settings", settings)]),
                "put": operation("setMySMSSettings", "Choose how news reach me by SMS (sms.no_phone without a number, sms.digest_days_invalid)",
                                 body: input, responses: ["200": response("My SMS settings", settings)]),
            ],
        ]
    }
}
