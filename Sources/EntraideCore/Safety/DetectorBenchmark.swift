/// Measures how many texts per second a detector scans (for `scripts/bench`).
public enum DetectorBenchmark {
    /// Scans `text` `iterations` times after a short warm-up; returns texts per second.
    public static func run(detector: SensitiveContentDetector, text: String, iterations: Int, language: String? = "fr") -> Double {
        let iterations = max(1, iterations)
        var found = 0
        for _ in 0..<min(10, iterations) { found &+= detector.scan(text, language: language).count }
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for _ in 0..<iterations { found &+= detector.scan(text, language: language).count }
        }
        // Keeps the scans from being optimised away.
        if found == Int.min { print(found) }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return seconds > 0 ? Double(iterations) / seconds : .infinity
    }
}
