import Foundation
import Testing
@testable import EntraideCore

@Suite struct LineDiffTests {
    typealias Line = LineDiff.Line

    @Test func identicalTextsHaveOnlyUnchangedLines() {
        #expect(LineDiff.diff("a\nb\n", "a\nb") == [Line(.same, "a"), Line(.same, "b")])
        #expect(LineDiff.folded(LineDiff.sideBySide("a\nb", "a\nb"), context: 2).isEmpty)
    }

    @Test func emptyTextsOnEitherSide() {
        #expect(LineDiff.diff("", "") == [])
        #expect(LineDiff.diff("", "x\ny") == [Line(.added, "x"), Line(.added, "y")])
        #expect(LineDiff.diff("x", "") == [Line(.removed, "x")])
    }

    @Test func keepsTheLongestCommonLines() {
        let diff = LineDiff.diff("a\nb\nc\nd\ne", "a\nc\nd\nx\ne")
        #expect(diff == [Line(.same, "a"), Line(.removed, "b"), Line(.same, "c"), Line(.same, "d"), Line(.added, "x"), Line(.same, "e")])
        // The same lines are kept, and both texts can be read back from the script.
        #expect(diff.filter { $0.operation != .added }.map(\.text) == ["a", "b", "c", "d", "e"])
        #expect(diff.filter { $0.operation != .removed }.map(\.text) == ["a", "c", "d", "x", "e"])
    }

    @Test func aChangedLineIsRemovedThenAdded() {
        #expect(LineDiff.diff("one\ntwo\nthree", "one\n2\nthree") == [Line(.same, "one"), Line(.removed, "two"), Line(.added, "2"), Line(.same, "three")])
        #expect(LineDiff.diff("a\r\nb", "a\nb") == [Line(.same, "a"), Line(.same, "b")])
    }

    @Test func sideBySideFacesRemovedLinesWithAddedOnes() {
        let rows = LineDiff.sideBySide("keep\nold 1\nold 2\nend", "keep\nnew 1\nend")
        #expect(rows == [
            .init(left: Line(.same, "keep"), right: Line(.same, "keep")),
            .init(left: Line(.removed, "old 1"), right: Line(.added, "new 1")),
            .init(left: Line(.removed, "old 2"), right: nil),
            .init(left: Line(.same, "end"), right: Line(.same, "end")),
        ])
    }

    @Test func foldsLongUnchangedStretches() {
        let before = (1...20).map { "line \($0)" }.joined(separator: "\n")
        let after = before.replacingOccurrences(of: "line 10\n", with: "line ten\n")
        let folded = LineDiff.folded(LineDiff.sideBySide(before, after), context: 2)
        #expect(folded.first == .skipped(7))
        #expect(folded.last == .skipped(8))
        #expect(folded.count == 2 + 5)
        #expect(folded.contains(.row(.init(left: Line(.removed, "line 10"), right: Line(.added, "line ten")))))
    }

    @Test func hugeTextsStayBounded() {
        let before = (0..<3_000).map { "a\($0)" }.joined(separator: "\n")
        let after = (0..<3_000).map { "b\($0)" }.joined(separator: "\n")
        let diff = LineDiff.diff("same\n" + before + "\nend", "same\n" + after + "\nend")
        #expect(diff.count == 6_002)
        #expect(diff.first == Line(.same, "same") && diff.last == Line(.same, "end"))
    }
}

@Suite struct SensitiveWordEditTests {
    let lists = [SensitiveWordList(language: "fr", entries: [
        .init(term: "connard", category: .insult, match: .stem),
        .init(term: "pute", category: .insult, match: .exact),
    ])]

    @Test func addsAndRemovesTerms() {
        let edit = SensitiveWordEdit(language: "fr", add: [.init(term: "vaurien", category: .insult, match: .exact)], remove: ["Pute"])
        let changed = edit.applied(to: lists)
        #expect(changed[0].entries.map(\.term) == ["connard", "vaurien"])
        #expect(SensitiveWordEdit.sortedTerms(of: changed, language: "fr") == "connard (insult, stem)\nvaurien (insult, exact)")
    }

    @Test func anAddedTermReplacesTheSameTerm() {
        let edit = SensitiveWordEdit(language: "fr", add: [.init(term: "Connard", category: .hate, match: .exact)])
        #expect(edit.applied(to: lists)[0].entries.map(\.term) == ["pute", "Connard"])
    }

    @Test func aNewLanguageGetsItsList() {
        let changed = SensitiveWordEdit(language: "pl", add: [.init(term: "kurwa", category: .insult, match: .stem)]).applied(to: lists)
        #expect(changed.map(\.language) == ["fr", "pl"])
        #expect(SensitiveContentDetector(wordLists: changed).scan("ty kurwo", language: "pl").isEmpty)
        #expect(!SensitiveContentDetector(wordLists: changed).scan("ta kurwa", language: "pl").isEmpty)
    }
}
