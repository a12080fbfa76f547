/// Finds the orientation tag (0x0112) in the first directory of an EXIF block, and nothing
/// else: the rest (GPS position, camera serial, date) is never read, and never written back.
enum ExifOrientation {
    /// `segment` is the body of an APP1 segment. Nil when it is not EXIF or has no valid tag.
    static func read(_ bytes: [UInt8], segment: Range<Int>) -> ImageOrientation? {
        let exifHeader: [UInt8] = [0x45, 0x78, 0x69, 0x66, 0, 0] // "Exif\0\0"
        guard segment.count >= 14, bytes[segment.lowerBound..<(segment.lowerBound + 6)].elementsEqual(exifHeader) else {
            return nil
        }
        let tiff = segment.lowerBound + 6
        let end = segment.upperBound
        let littleEndian: Bool
        switch (bytes[tiff], bytes[tiff + 1]) {
        case (0x49, 0x49): littleEndian = true
        case (0x4D, 0x4D): littleEndian = false
        default: return nil
        }
        func uint16(_ offset: Int) -> Int? {
            let at = tiff + offset
            guard offset >= 0, at + 2 <= end else { return nil }
            let a = Int(bytes[at]), b = Int(bytes[at + 1])
            return littleEndian ? a | b << 8 : a << 8 | b
        }
        func uint32(_ offset: Int) -> Int? {
            guard let low = uint16(littleEndian ? offset : offset + 2),
                  let high = uint16(littleEndian ? offset + 2 : offset) else { return nil }
            return high << 16 | low
        }
        guard uint16(2) == 42, let directory = uint32(4), let entries = uint16(directory) else { return nil }
        for entry in 0..<entries {
            let at = directory + 2 + entry * 12
            guard let tag = uint16(at) else { return nil }
            if tag == 0x0112 {
                guard uint16(at + 2) == 3, let value = uint16(at + 8) else { return nil }
                return ImageOrientation(rawValue: value)
            }
        }
        return nil
    }
}
