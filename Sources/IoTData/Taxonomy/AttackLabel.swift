/// The 34 canonical CICIoT2023 labels (33 attacks + benign), in the order of the
/// dataset documentation's taxonomy table.
///
/// Raw values are stable on disk; never reorder the cases.
public enum AttackLabel: UInt8, CaseIterable, Sendable, Codable, CustomStringConvertible {
    case benignTraffic = 0
    case ddosRSTFINFlood, ddosPSHACKFlood, ddosSYNFlood, ddosUDPFlood, ddosTCPFlood, ddosICMPFlood
    case ddosSynonymousIPFlood, ddosACKFragmentation, ddosUDPFragmentation, ddosICMPFragmentation
    case ddosSlowLoris, ddosHTTPFlood
    case dosUDPFlood, dosSYNFlood, dosTCPFlood, dosHTTPFlood
    case miraiGreethFlood, miraiGreipFlood, miraiUDPPlain
    case reconPingSweep, reconOSScan, reconPortScan, reconHostDiscovery, vulnerabilityScan
    case dnsSpoofing, mitmArpSpoofing
    case browserHijacking, backdoorMalware, xss, uploadingAttack, sqlInjection, commandInjection
    case dictionaryBruteForce

    /// The canonical spelling used by the CIC's v1 release (`DDoS-PSHACK_Flood`).
    public var name: String { Self.names[Int(rawValue)] }

    public var description: String { name }

    /// The family this label belongs to.
    public var family: AttackFamily {
        switch self {
        case .benignTraffic: return .benign
        case .ddosRSTFINFlood, .ddosPSHACKFlood, .ddosSYNFlood, .ddosUDPFlood, .ddosTCPFlood,
             .ddosICMPFlood, .ddosSynonymousIPFlood, .ddosACKFragmentation, .ddosUDPFragmentation,
             .ddosICMPFragmentation, .ddosSlowLoris, .ddosHTTPFlood:
            return .ddos
        case .dosUDPFlood, .dosSYNFlood, .dosTCPFlood, .dosHTTPFlood: return .dos
        case .miraiGreethFlood, .miraiGreipFlood, .miraiUDPPlain: return .mirai
        case .reconPingSweep, .reconOSScan, .reconPortScan, .reconHostDiscovery, .vulnerabilityScan:
            return .recon
        case .dnsSpoofing, .mitmArpSpoofing: return .spoofing
        case .browserHijacking, .backdoorMalware, .xss, .uploadingAttack, .sqlInjection, .commandInjection:
            return .web
        case .dictionaryBruteForce: return .bruteForce
        }
    }

    /// The code stored for a row whose fine label is unknown (a family-only label).
    public static let unknownCode: UInt8 = 255

    private static let names: [String] = [
        "BenignTraffic",
        "DDoS-RSTFINFlood", "DDoS-PSHACK_Flood", "DDoS-SYN_Flood", "DDoS-UDP_Flood", "DDoS-TCP_Flood",
        "DDoS-ICMP_Flood", "DDoS-SynonymousIP_Flood", "DDoS-ACK_Fragmentation", "DDoS-UDP_Fragmentation",
        "DDoS-ICMP_Fragmentation", "DDoS-SlowLoris", "DDoS-HTTP_Flood",
        "DoS-UDP_Flood", "DoS-SYN_Flood", "DoS-TCP_Flood", "DoS-HTTP_Flood",
        "Mirai-greeth_flood", "Mirai-greip_flood", "Mirai-udpplain",
        "Recon-PingSweep", "Recon-OSScan", "Recon-PortScan", "Recon-HostDiscovery", "VulnerabilityScan",
        "DNS_Spoofing", "MITM-ArpSpoofing",
        "BrowserHijacking", "Backdoor_Malware", "XSS", "Uploading_Attack", "SqlInjection", "CommandInjection",
        "DictionaryBruteForce",
    ]
}
