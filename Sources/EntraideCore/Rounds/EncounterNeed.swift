/// What a person met during a round needs, from a fixed list so that needs can be counted
/// and followed from one round to the next. The free notes of the encounter say the rest.
public enum EncounterNeed: String, CaseIterable, Sendable, Codable {
    case shoes
    case clothes
    case blankets
    case sleepingBag = "sleeping_bag"
    case tent
    case food
    case hygieneKit = "hygiene_kit"
    case medicalReferral = "medical_referral"
    case shelterRequest = "shelter_request"
    case documents
    case phoneCharge = "phone_charge"
    case someoneToTalkTo = "someone_to_talk_to"
    case other

    /// Needs that only make sense with a size (shoes: the EU size).
    public var needsSize: Bool { self == .shoes }

    /// The catalogue key of the need's name.
    public var labelKey: String { "rounds.need.\(rawValue)" }
}

/// A need is open until a later round (or the same one) brings what was asked.
public enum NeedStatus: String, CaseIterable, Sendable, Codable {
    case open, met
}
