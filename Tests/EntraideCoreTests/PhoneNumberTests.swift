import Testing
@testable import EntraideCore

@Suite struct PhoneNumberTests {
    @Test(arguments: [
        ("06 12 34 56 78", "+33612345678"),
        ("06.12.34.56.78", "+33612345678"),
        ("0612345678", "+33612345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("+33 (0)6 12 34 56 78", "+33612345678"),
        ("0033 6 12 34 56 78", "+33612345678"),
        ("07-12-34-56-78", "+33712345678"),
        ("01 42 68 53 00", "+33142685300"),
        ("+44 7700 900123", "+447700900123"),
        ("+32 470 12 34 56", "+32470123456"),
        ("+380 50 123 4567", "+380501234567"),
        ("+93 70 123 4567", "+93701234567"),
        ("+1 (415) 555-2671", "+14155552671"),
        ("+262 692 12 34 56", "+262692123456"),
    ])
    func normalisesToE164(input: String, expected: String) {
        #expect(PhoneNumber(input)?.e164 == expected)
    }

    @Test(arguments: ["", "06 12 34", "0612345678901", "6 12 34 56 78", "+33 0 12 34 56 78", "+999 123456", "+33612345abc",
                      "call me", "+", "++33612345678", "06 12 34 56 78 9", "+1 415 555 267"])
    func refusesWhatIsNotANumber(input: String) {
        #expect(PhoneNumber(input) == nil)
    }

    @Test func readsNationalNumbersInTheConfiguredCountry() {
        #expect(PhoneNumber("0470 12 34 56", defaultCountry: "BE")?.e164 == "+32470123456")
        #expect(PhoneNumber("07700 900123", defaultCountry: "GB")?.e164 == "+447700900123")
        #expect(PhoneNumber("612 345 678", defaultCountry: "ES")?.e164 == "+34612345678")
    }
}
