import Foundation
import Testing
@testable import EntraideCore

@Suite struct OpeningHoursTests {
    let paris = TimeZone(identifier: "Europe/Paris")!

    /// An instant given as a wall-clock time in a zone.
    func instant(_ text: String, _ zone: TimeZone) -> Date {
        let parts = text.split(separator: " ")
        let day = LocalDay(String(parts[0]))!
        return LocalMoment(day: day, minute: TimeSlot.minutes(String(parts[1]))!).date(in: zone)
    }

    func hours(_ text: String) throws -> OpeningHours { try OpeningHoursText.parse(text) }

    @Test func daytimeSlotsAreOpenInsideAndClosedOutside() throws {
        let h = try hours("mo-fr 09:00-12:00,14:00-17:30")
        // 2026-03-02 is a Monday.
        #expect(h.isOpen(at: instant("2026-03-02 09:00", paris), in: paris))
        #expect(h.isOpen(at: instant("2026-03-02 11:59", paris), in: paris))
        #expect(!h.isOpen(at: instant("2026-03-02 12:00", paris), in: paris))
        #expect(!h.isOpen(at: instant("2026-03-07 10:00", paris), in: paris), "Saturday")
        let status = h.status(at: instant("2026-03-02 12:30", paris), in: paris)
        #expect(status == .closed(opensAt: LocalMoment(day: LocalDay("2026-03-02")!, minute: 14 * 60), closure: nil))
    }

    @Test func aSlotPastMidnightIsOpenAfterMidnightOnTheNextDay() throws {
        let h = try hours("sa 22:00-02:00")
        // Saturday 2026-03-07 23:30 and Sunday 01:30 are open; Sunday 02:00 and Saturday 21:59 are not.
        #expect(h.isOpen(at: instant("2026-03-07 23:30", paris), in: paris))
        #expect(h.isOpen(at: instant("2026-03-08 01:30", paris), in: paris))
        #expect(!h.isOpen(at: instant("2026-03-08 02:00", paris), in: paris))
        #expect(!h.isOpen(at: instant("2026-03-07 21:59", paris), in: paris))
        // Friday night is not Saturday night.
        #expect(!h.isOpen(at: instant("2026-03-07 01:00", paris), in: paris))
        #expect(h.status(at: instant("2026-03-07 23:30", paris), in: paris)
                == .open(until: LocalMoment(day: LocalDay("2026-03-08")!, minute: 120)))
    }

    @Test func anOvernightShelterOpenEveryNightIsOneStretchEachNight() throws {
        let h = try hours("mo-su 19:00-08:00")
        #expect(h.isOpen(at: instant("2026-03-03 03:00", paris), in: paris))
        #expect(!h.isOpen(at: instant("2026-03-03 12:00", paris), in: paris))
        #expect(h.status(at: instant("2026-03-03 20:00", paris), in: paris) == .open(until: LocalMoment(day: LocalDay("2026-03-04")!, minute: 480)))
    }

    @Test func twentyFourSevenNeverCloses() throws {
        let h = try hours("24/7")
        #expect(h.status(at: instant("2026-03-03 03:00", paris), in: paris) == .open(until: nil))
    }

    /// Clocks go forward on 2026-03-29 at 02:00 and back on 2026-10-25 at 03:00 in Paris.
    @Test func openNowFollowsTheWallClockAcrossDaylightSavingChanges() throws {
        let h = try hours("sa 22:00-02:30; su 09:00-10:00")
        // Spring: the night of Saturday 28 to Sunday 29 March. 01:59 is open; one minute later
        // the clock reads 03:00, after the slot.
        let beforeJump = instant("2026-03-29 01:59", paris)
        #expect(h.isOpen(at: beforeJump, in: paris))
        #expect(!h.isOpen(at: beforeJump.addingTimeInterval(60), in: paris))
        // Sunday 09:30 is open: 9:30 on the new clock, though only 10 hours after 22:30 the day before.
        #expect(h.isOpen(at: instant("2026-03-29 09:30", paris), in: paris))
        // Autumn: 02:15 happens twice on Sunday 25 October; both are inside 22:00–02:30.
        let firstTwoFifteen = instant("2026-10-25 02:15", paris)
        #expect(h.isOpen(at: firstTwoFifteen, in: paris))
        #expect(h.isOpen(at: firstTwoFifteen.addingTimeInterval(3600), in: paris), "the repeated hour is still before 02:30")
        #expect(!h.isOpen(at: firstTwoFifteen.addingTimeInterval(3600 + 20 * 60), in: paris))
        // Sunday 09:30 is open on the winter clock (UTC 08:30), not at UTC 07:30.
        #expect(h.isOpen(at: Date(timeIntervalSince1970: 1_792_917_000), in: paris)) // 2026-10-25T08:30:00Z
        #expect(!h.isOpen(at: Date(timeIntervalSince1970: 1_792_913_400), in: paris)) // 2026-10-25T07:30:00Z
    }

    @Test func theSameInstantIsReadOnEachPlacesOwnClock() throws {
        let h = try hours("mo-fr 08:00-12:00")
        // Tuesday 2026-03-03 at 12:00 UTC: 13:00 in Paris (closed), 09:00 in Cayenne (open),
        // 16:00 in Réunion (closed), 23:00 in Nouméa (closed).
        let noonUTC = Date(timeIntervalSince1970: 1_772_539_200)
        #expect(!h.isOpen(at: noonUTC, in: paris))
        #expect(h.isOpen(at: noonUTC, in: TimeZone(identifier: "America/Cayenne")!))
        #expect(!h.isOpen(at: noonUTC, in: TimeZone(identifier: "Indian/Reunion")!))
        #expect(!h.isOpen(at: noonUTC, in: TimeZone(identifier: "Pacific/Noumea")!))
        // Wednesday 01:30 in Nouméa is Tuesday 14:30 UTC; at 22:00 UTC Tuesday it is already Wednesday 09:00 there: open.
        #expect(h.isOpen(at: noonUTC.addingTimeInterval(10 * 3600), in: TimeZone(identifier: "Pacific/Noumea")!))
    }

    @Test func temporaryClosuresAndExceptionsWin() throws {
        var h = try hours("mo-su 19:00-08:00")
        h.closures = [TemporaryClosure(from: LocalDay("2026-03-10")!, until: LocalDay("2026-03-12")!, note: "travaux")]
        h.exceptions = [HoursException(day: LocalDay("2026-03-15")!, slots: [])]
        #expect(h.isOpen(at: instant("2026-03-09 20:00", paris), in: paris))
        // The night of the 9th stops at midnight: the 10th is closed.
        #expect(!h.isOpen(at: instant("2026-03-10 01:00", paris), in: paris))
        #expect(!h.isOpen(at: instant("2026-03-12 23:00", paris), in: paris))
        #expect(h.isOpen(at: instant("2026-03-13 20:00", paris), in: paris))
        #expect(!h.isOpen(at: instant("2026-03-15 20:00", paris), in: paris), "an exception closes the 15th")
        #expect(h.isOpen(at: instant("2026-03-15 03:00", paris), in: paris), "the night begun on the 14th goes on")
        if case .closed(_, let closure) = h.status(at: instant("2026-03-11 12:00", paris), in: paris) {
            #expect(closure?.note == "travaux")
        } else {
            Issue.record("expected closed")
        }
    }

    @Test func publicHolidaysCloseWhenTheHoursSaySo() throws {
        let h = try hours("mo-fr 09:00-17:00; ph off")
        // Easter Monday 2026 is 6 April; 14 July 2026 is a Tuesday.
        #expect(FrenchPublicHolidays.easterSunday(2026) == LocalDay("2026-04-05"))
        #expect(!h.isOpen(at: instant("2026-04-06 10:00", paris), in: paris, isHoliday: FrenchPublicHolidays.contains))
        #expect(!h.isOpen(at: instant("2026-07-14 10:00", paris), in: paris, isHoliday: FrenchPublicHolidays.contains))
        #expect(h.isOpen(at: instant("2026-07-15 10:00", paris), in: paris, isHoliday: FrenchPublicHolidays.contains))
    }

    /// The quick check "open now" searches use agrees with the full status, every quarter of
    /// an hour for three weeks, on every shape of hours (nights, closures, exceptions, holidays).
    @Test func theQuickOpenCheckAgreesWithTheFullStatus() throws {
        var night = try hours("mo-su 19:00-08:00")
        night.closures = [TemporaryClosure(from: LocalDay("2026-03-10")!, until: LocalDay("2026-03-12")!, note: nil)]
        night.exceptions = [HoursException(day: LocalDay("2026-03-15")!, slots: []),
                            HoursException(day: LocalDay("2026-03-17")!, slots: [TimeSlot(start: 23 * 60, end: 60)!])]
        let shapes = [try hours("mo-fr 09:00-12:00,14:00-17:30"), try hours("sa 22:00-02:00"), try hours("24/7"),
                      try hours("mo-fr 09:00-17:00; ph off"), try hours("tu,th 12:00-14:00; we 21:00-23:59"), night, .unknown]
        let start = LocalMoment(day: LocalDay("2026-03-01")!, minute: 0)
        for shape in shapes {
            for quarter in 0..<(21 * 96) {
                let moment = LocalMoment(day: start.day, minute: quarter * 15)
                #expect(shape.isOpen(at: moment, isHoliday: FrenchPublicHolidays.contains)
                        == shape.status(at: moment, isHoliday: FrenchPublicHolidays.contains).isOpen, "\(shape) at \(moment)")
            }
        }
    }

    @Test func unknownHoursAreNeitherOpenNorClosed() {
        #expect(OpeningHours.unknown.status(at: Date(), in: paris) == .unknown)
    }

    @Test func theTextSyntaxReadsAndWritesBack() throws {
        let h = try hours("mo-fr 09:00-12:00,14:00-17:30; sa 10h-12h; su 22:00-00:00; ph off")
        #expect(h.slots(on: .wed) == [TimeSlot(start: 540, end: 720)!, TimeSlot(start: 840, end: 1050)!])
        #expect(h.slots(on: .sun) == [TimeSlot(start: 1320, end: 1440)!])
        #expect(h.closedOnPublicHolidays)
        #expect(OpeningHoursText.format(h) == "mo-fr 09:00-12:00,14:00-17:30; sa 10:00-12:00; su 22:00-24:00; ph off")
        #expect(try OpeningHoursText.parse(OpeningHoursText.format(h)) == h)
        #expect(try hours("fr-mo 10:00-11:00").slots(on: .sun).count == 1)
        for bad in ["lundi midi", "mo 25:00-26:00", "mo 10:00", "xx 10:00-11:00", "mo 10:00-10:00"] {
            #expect(throws: RuleViolation.self, "\(bad)") { try OpeningHoursText.parse(bad) }
        }
    }

    @Test func hoursSurviveTheirJSONForm() throws {
        var h = try hours("mo 22:00-02:00; ph off")
        h.closures = [TemporaryClosure(from: LocalDay("2026-08-01")!, until: nil, note: nil)]
        #expect(OpeningHours.fromJSON(h.json) == h)
        #expect(h.json.contains("\"mon\":[\"22:00-02:00\"]"))
    }

    @Test func localDaysCountWeekdaysAndMonths() {
        #expect(LocalDay("2026-03-02")?.weekday == .mon)
        #expect(LocalDay("2000-01-01")?.weekday == .sat)
        #expect(LocalDay("2026-02-29") == nil)
        #expect(LocalDay("2028-02-28")!.adding(days: 1).description == "2028-02-29")
        #expect(LocalMoment(day: LocalDay("2026-03-02")!, minute: -30).day.description == "2026-03-01")
    }
}
