import Foundation

/// Where a French postal code roughly is, for people who ask for help by SMS from a phone
/// that gives no location: its département, and the département's prefecture as the point
/// to search around.
///
/// A postal code's first two digits are its département (three overseas), which is coarse
/// on purpose: the person only said where they live, and the zone is widened, never
/// narrowed, from there. Corsica shares "20": 20000–20199 is Corse-du-Sud (2A), 20200–20620
/// Haute-Corse (2B).
public enum PostalZone {
    /// "75011" → "75", "20000" → "2A", "20200" → "2B", "97110" → "971"; nil when not a French postal code (5 digits).
    public static func department(of postalCode: String) -> String? {
        let digits = SMSKeywords.asciiDigits(postalCode.trimmingCharacters(in: .whitespacesAndNewlines))
        guard digits.count == 5, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(digits) else { return nil }
        let code: String
        switch value {
        case 20000...20199: code = "2A"
        case 20200...20620: code = "2B"
        case 97000...97999: code = String(digits.prefix(3))
        default: code = String(digits.prefix(2))
        }
        return prefectures[code] == nil ? nil : code
    }

    /// An approximate point for the postal code's département (its prefecture, 2 decimals):
    /// the coarsest useful zone, used when someone without a located phone asks for help by SMS.
    public static func centre(of postalCode: String) -> GeoPoint? {
        department(of: postalCode).flatMap { prefectures[$0] }
    }

    /// A département's prefecture ("75", "2A", "971"), as `centre(of:)` gives it.
    public static func centre(ofDepartment code: String) -> GeoPoint? {
        prefectures[code]
    }

    /// Every département's prefecture, rounded to two decimals (about a kilometre).
    static let prefectures: [String: GeoPoint] = [
        "01": GeoPoint(lat: 46.21, lon: 5.23),    // Bourg-en-Bresse
        "02": GeoPoint(lat: 49.56, lon: 3.62),    // Laon
        "03": GeoPoint(lat: 46.57, lon: 3.33),    // Moulins
        "04": GeoPoint(lat: 44.09, lon: 6.24),    // Digne-les-Bains
        "05": GeoPoint(lat: 44.56, lon: 6.08),    // Gap
        "06": GeoPoint(lat: 43.70, lon: 7.27),    // Nice
        "07": GeoPoint(lat: 44.74, lon: 4.60),    // Privas
        "08": GeoPoint(lat: 49.77, lon: 4.72),    // Charleville-Mézières
        "09": GeoPoint(lat: 42.97, lon: 1.61),    // Foix
        "10": GeoPoint(lat: 48.30, lon: 4.07),    // Troyes
        "11": GeoPoint(lat: 43.21, lon: 2.35),    // Carcassonne
        "12": GeoPoint(lat: 44.35, lon: 2.57),    // Rodez
        "13": GeoPoint(lat: 43.30, lon: 5.37),    // Marseille
        "14": GeoPoint(lat: 49.18, lon: -0.37),   // Caen
        "15": GeoPoint(lat: 44.93, lon: 2.44),    // Aurillac
        "16": GeoPoint(lat: 45.65, lon: 0.16),    // Angoulême
        "17": GeoPoint(lat: 46.16, lon: -1.15),   // La Rochelle
        "18": GeoPoint(lat: 47.08, lon: 2.40),    // Bourges
        "19": GeoPoint(lat: 45.27, lon: 1.77),    // Tulle
        "2A": GeoPoint(lat: 41.92, lon: 8.74),    // Ajaccio
        "2B": GeoPoint(lat: 42.70, lon: 9.45),    // Bastia
        "21": GeoPoint(lat: 47.32, lon: 5.04),    // Dijon
        "22": GeoPoint(lat: 48.51, lon: -2.76),   // Saint-Brieuc
        "23": GeoPoint(lat: 46.17, lon: 1.87),    // Guéret
        "24": GeoPoint(lat: 45.18, lon: 0.72),    // Périgueux
        "25": GeoPoint(lat: 47.24, lon: 6.02),    // Besançon
        "26": GeoPoint(lat: 44.93, lon: 4.89),    // Valence
        "27": GeoPoint(lat: 49.03, lon: 1.15),    // Évreux
        "28": GeoPoint(lat: 48.44, lon: 1.49),    // Chartres
        "29": GeoPoint(lat: 48.00, lon: -4.10),   // Quimper
        "30": GeoPoint(lat: 43.84, lon: 4.36),    // Nîmes
        "31": GeoPoint(lat: 43.60, lon: 1.44),    // Toulouse
        "32": GeoPoint(lat: 43.65, lon: 0.59),    // Auch
        "33": GeoPoint(lat: 44.84, lon: -0.58),   // Bordeaux
        "34": GeoPoint(lat: 43.61, lon: 3.88),    // Montpellier
        "35": GeoPoint(lat: 48.11, lon: -1.68),   // Rennes
        "36": GeoPoint(lat: 46.81, lon: 1.69),    // Châteauroux
        "37": GeoPoint(lat: 47.39, lon: 0.69),    // Tours
        "38": GeoPoint(lat: 45.19, lon: 5.73),    // Grenoble
        "39": GeoPoint(lat: 46.67, lon: 5.55),    // Lons-le-Saunier
        "40": GeoPoint(lat: 43.89, lon: -0.50),   // Mont-de-Marsan
        "41": GeoPoint(lat: 47.59, lon: 1.33),    // Blois
        "42": GeoPoint(lat: 45.43, lon: 4.39),    // Saint-Étienne
        "43": GeoPoint(lat: 45.04, lon: 3.89),    // Le Puy-en-Velay
        "44": GeoPoint(lat: 47.22, lon: -1.55),   // Nantes
        "45": GeoPoint(lat: 47.90, lon: 1.91),    // Orléans
        "46": GeoPoint(lat: 44.45, lon: 1.44),    // Cahors
        "47": GeoPoint(lat: 44.20, lon: 0.62),    // Agen
        "48": GeoPoint(lat: 44.52, lon: 3.50),    // Mende
        "49": GeoPoint(lat: 47.47, lon: -0.55),   // Angers
        "50": GeoPoint(lat: 49.12, lon: -1.09),   // Saint-Lô
        "51": GeoPoint(lat: 48.96, lon: 4.36),    // Châlons-en-Champagne
        "52": GeoPoint(lat: 48.11, lon: 5.14),    // Chaumont
        "53": GeoPoint(lat: 48.07, lon: -0.77),   // Laval
        "54": GeoPoint(lat: 48.69, lon: 6.18),    // Nancy
        "55": GeoPoint(lat: 48.77, lon: 5.16),    // Bar-le-Duc
        "56": GeoPoint(lat: 47.66, lon: -2.76),   // Vannes
        "57": GeoPoint(lat: 49.12, lon: 6.18),    // Metz
        "58": GeoPoint(lat: 46.99, lon: 3.16),    // Nevers
        "59": GeoPoint(lat: 50.63, lon: 3.06),    // Lille
        "60": GeoPoint(lat: 49.43, lon: 2.08),    // Beauvais
        "61": GeoPoint(lat: 48.43, lon: 0.09),    // Alençon
        "62": GeoPoint(lat: 50.29, lon: 2.78),    // Arras
        "63": GeoPoint(lat: 45.78, lon: 3.08),    // Clermont-Ferrand
        "64": GeoPoint(lat: 43.30, lon: -0.37),   // Pau
        "65": GeoPoint(lat: 43.23, lon: 0.08),    // Tarbes
        "66": GeoPoint(lat: 42.70, lon: 2.90),    // Perpignan
        "67": GeoPoint(lat: 48.58, lon: 7.75),    // Strasbourg
        "68": GeoPoint(lat: 48.08, lon: 7.36),    // Colmar
        "69": GeoPoint(lat: 45.76, lon: 4.84),    // Lyon
        "70": GeoPoint(lat: 47.62, lon: 6.16),    // Vesoul
        "71": GeoPoint(lat: 46.31, lon: 4.83),    // Mâcon
        "72": GeoPoint(lat: 48.01, lon: 0.20),    // Le Mans
        "73": GeoPoint(lat: 45.57, lon: 5.92),    // Chambéry
        "74": GeoPoint(lat: 45.90, lon: 6.13),    // Annecy
        "75": GeoPoint(lat: 48.86, lon: 2.35),    // Paris
        "76": GeoPoint(lat: 49.44, lon: 1.09),    // Rouen
        "77": GeoPoint(lat: 48.54, lon: 2.66),    // Melun
        "78": GeoPoint(lat: 48.80, lon: 2.13),    // Versailles
        "79": GeoPoint(lat: 46.32, lon: -0.46),   // Niort
        "80": GeoPoint(lat: 49.89, lon: 2.30),    // Amiens
        "81": GeoPoint(lat: 43.93, lon: 2.15),    // Albi
        "82": GeoPoint(lat: 44.02, lon: 1.35),    // Montauban
        "83": GeoPoint(lat: 43.13, lon: 5.93),    // Toulon
        "84": GeoPoint(lat: 43.95, lon: 4.81),    // Avignon
        "85": GeoPoint(lat: 46.67, lon: -1.43),   // La Roche-sur-Yon
        "86": GeoPoint(lat: 46.58, lon: 0.34),    // Poitiers
        "87": GeoPoint(lat: 45.83, lon: 1.26),    // Limoges
        "88": GeoPoint(lat: 48.17, lon: 6.45),    // Épinal
        "89": GeoPoint(lat: 47.80, lon: 3.57),    // Auxerre
        "90": GeoPoint(lat: 47.64, lon: 6.86),    // Belfort
        "91": GeoPoint(lat: 48.63, lon: 2.44),    // Évry-Courcouronnes
        "92": GeoPoint(lat: 48.89, lon: 2.21),    // Nanterre
        "93": GeoPoint(lat: 48.91, lon: 2.44),    // Bobigny
        "94": GeoPoint(lat: 48.79, lon: 2.46),    // Créteil
        "95": GeoPoint(lat: 49.04, lon: 2.08),    // Cergy
        "971": GeoPoint(lat: 16.00, lon: -61.73), // Basse-Terre, Guadeloupe
        "972": GeoPoint(lat: 14.60, lon: -61.07), // Fort-de-France, Martinique
        "973": GeoPoint(lat: 4.94, lon: -52.33),  // Cayenne, Guyane
        "974": GeoPoint(lat: -20.88, lon: 55.45), // Saint-Denis, La Réunion
        "976": GeoPoint(lat: -12.78, lon: 45.23), // Mamoudzou, Mayotte
    ]
}
