/// The eight traffic families of CICIoT2023 (benign plus seven attack families).
///
/// Raw values are stable on disk (column stores and model files store them as `UInt8`);
/// never reorder the cases.
public enum AttackFamily: UInt8, CaseIterable, Sendable, Codable, CustomStringConvertible {
    case benign = 0
    case ddos = 1
    case dos = 2
    case mirai = 3
    case recon = 4
    case spoofing = 5
    case web = 6
    case bruteForce = 7

    /// The family's name as written in reports and JSON (`Benign`, `DDoS`, …, `BruteForce`).
    public var name: String {
        switch self {
        case .benign: return "Benign"
        case .ddos: return "DDoS"
        case .dos: return "DoS"
        case .mirai: return "Mirai"
        case .recon: return "Recon"
        case .spoofing: return "Spoofing"
        case .web: return "Web"
        case .bruteForce: return "BruteForce"
        }
    }

    public var description: String { name }

    /// `true` for every family but `benign` — the binary task's positive class.
    public var isAttack: Bool { self != .benign }

    /// Looks a family up by its report name (`"DDoS"`), case-insensitively.
    public init?(name: String) {
        let lowered = name.lowercased()
        guard let match = AttackFamily.allCases.first(where: { $0.name.lowercased() == lowered }) else {
            return nil
        }
        self = match
    }

    /// The code stored for a row that carries no label at all (e.g. sensor output).
    public static let unlabeledCode: UInt8 = 255
}
