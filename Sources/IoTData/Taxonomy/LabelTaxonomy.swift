/// Maps the label spellings met in real CICIoT2023 copies to canonical `LabelCode`s.
///
/// Matching ignores ASCII case and the separators `-`, `_`, space and `.`, so
/// `DDOS-PSHACK_FLOOD`, `DDoS-PSHACK_Flood` and `ddos_pshack_flood` are one label. Beyond the
/// 34 canonical names it knows the benign spellings (`BenignTraffic`, `Benign_Final`, `BENIGN`,
/// `Benign`), the single-label family names (`Malware`, `Uploading`, `BruteForce`), and the
/// family-only names (`WebAttack`, `Web`, `DDoS`, `DoS`, `Mirai`, `Recon`, `Spoofing`), which keep
/// the fine label unknown.
///
/// Lookup from raw bytes allocates nothing: it hashes the normalised bytes (FNV-1a) and
/// verifies the candidate byte by byte. O(length of the field).
public struct LabelTaxonomy: Sendable {
    /// The shared table of all known spellings.
    public static let standard = LabelTaxonomy()

    private struct Entry: Sendable {
        var normalized: [UInt8]
        var code: LabelCode
    }

    private var entries: [Entry] = []
    private var byHash: [UInt64: Int] = [:]

    /// Every spelling this taxonomy accepts, with its code (for documentation and tests).
    public var spellings: [(spelling: String, code: LabelCode)] { spellingList }
    private var spellingList: [(spelling: String, code: LabelCode)] = []

    private init() {
        for label in AttackLabel.allCases { add(label.name, LabelCode(label)) }
        for spelling in ["Benign_Final", "BENIGN", "Benign"] { add(spelling, LabelCode(.benignTraffic)) }
        add("Malware", LabelCode(.backdoorMalware))
        add("Uploading", LabelCode(.uploadingAttack))
        add("BruteForce", LabelCode(.dictionaryBruteForce))
        add("WebAttack", LabelCode(familyOnly: .web))
        add("Web", LabelCode(familyOnly: .web))
        for family in [AttackFamily.ddos, .dos, .mirai, .recon, .spoofing] {
            add(family.name, LabelCode(familyOnly: family))
        }
    }

    private mutating func add(_ spelling: String, _ code: LabelCode) {
        let normalized = Self.normalize(Array(spelling.utf8))
        let hash = Self.hash(normalized)
        spellingList.append((spelling, code))
        if let existing = byHash[hash] {
            // Spellings equal after normalisation (`BENIGN`, `Benign`) share one entry.
            precondition(entries[existing].normalized == normalized && entries[existing].code == code,
                         "two label spellings collide after normalisation: \(spelling)")
            return
        }
        byHash[hash] = entries.count
        entries.append(Entry(normalized: normalized, code: code))
    }

    @inline(__always)
    static func isSeparator(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: " ") || byte == UInt8(ascii: ".")
    }

    @inline(__always)
    static func lower(_ byte: UInt8) -> UInt8 {
        (byte >= 65 && byte <= 90) ? byte | 0x20 : byte
    }

    static func normalize(_ bytes: [UInt8]) -> [UInt8] {
        bytes.compactMap { isSeparator($0) ? nil : lower($0) }
    }

    static func hash(_ normalized: [UInt8]) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in normalized { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return h
    }

    /// The code for a label field's bytes (quotes already removed), or `nil` if unknown.
    public func code(for bytes: UnsafeRawBufferPointer) -> LabelCode? {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        var length = 0
        for byte in bytes where !Self.isSeparator(byte) {
            h = (h ^ UInt64(Self.lower(byte))) &* 0x0000_0100_0000_01b3
            length += 1
        }
        guard let index = byHash[h] else { return nil }
        let entry = entries[index]
        guard entry.normalized.count == length else { return nil }
        var position = 0
        for byte in bytes where !Self.isSeparator(byte) {
            if entry.normalized[position] != Self.lower(byte) { return nil }
            position += 1
        }
        return entry.code
    }

    /// The code for a label spelling, or `nil` if unknown.
    public func code(for spelling: String) -> LabelCode? {
        var copy = spelling
        return copy.withUTF8 { code(for: UnsafeRawBufferPointer($0)) }
    }
}
