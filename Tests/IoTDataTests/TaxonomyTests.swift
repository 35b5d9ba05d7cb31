import Testing
@testable import IoTData

@Suite("Label taxonomy")
struct TaxonomyTests {
    /// The taxonomy table of docs/ciciot2023.md, written out independently of the code.
    static let table: [String: [String]] = [
        "Benign": ["BenignTraffic"],
        "DDoS": ["DDoS-RSTFINFlood", "DDoS-PSHACK_Flood", "DDoS-SYN_Flood", "DDoS-UDP_Flood", "DDoS-TCP_Flood",
                 "DDoS-ICMP_Flood", "DDoS-SynonymousIP_Flood", "DDoS-ACK_Fragmentation", "DDoS-UDP_Fragmentation",
                 "DDoS-ICMP_Fragmentation", "DDoS-SlowLoris", "DDoS-HTTP_Flood"],
        "DoS": ["DoS-UDP_Flood", "DoS-SYN_Flood", "DoS-TCP_Flood", "DoS-HTTP_Flood"],
        "Mirai": ["Mirai-greeth_flood", "Mirai-greip_flood", "Mirai-udpplain"],
        "Recon": ["Recon-PingSweep", "Recon-OSScan", "Recon-PortScan", "Recon-HostDiscovery", "VulnerabilityScan"],
        "Spoofing": ["DNS_Spoofing", "MITM-ArpSpoofing"],
        "Web": ["BrowserHijacking", "Backdoor_Malware", "XSS", "Uploading_Attack", "SqlInjection", "CommandInjection"],
        "BruteForce": ["DictionaryBruteForce"],
    ]

    @Test func thirtyFourLabelsInEightFamilies() {
        #expect(AttackLabel.allCases.count == 34)
        #expect(AttackFamily.allCases.count == 8)
        #expect(Self.table.values.map(\.count).reduce(0, +) == 34)
    }

    @Test(arguments: Array(table.keys))
    func everyLabelMapsToItsFamily(family: String) throws {
        for name in Self.table[family] ?? [] {
            let code = try #require(LabelTaxonomy.standard.code(for: name), "\(name) is not recognised")
            #expect(code.attackFamily?.name == family, "\(name)")
            #expect(code.label?.name == name)
            #expect(code.label?.family.name == family)
        }
    }

    @Test func spellingsMetInTheWild() throws {
        let taxonomy = LabelTaxonomy.standard
        #expect(taxonomy.code(for: "DDOS-PSHACK_FLOOD") == LabelCode(.ddosPSHACKFlood))
        #expect(taxonomy.code(for: "ddos-pshack_flood") == LabelCode(.ddosPSHACKFlood))
        for benign in ["BenignTraffic", "Benign_Final", "BENIGN", "Benign"] {
            #expect(taxonomy.code(for: benign) == LabelCode(.benignTraffic), "\(benign)")
        }
        #expect(taxonomy.code(for: "Malware") == LabelCode(.backdoorMalware))
        #expect(taxonomy.code(for: "Uploading") == LabelCode(.uploadingAttack))
        #expect(taxonomy.code(for: "BruteForce") == LabelCode(.dictionaryBruteForce))
        let web = try #require(taxonomy.code(for: "WebAttack"))
        #expect(web.attackFamily == .web)
        #expect(web.label == nil, "a family-only label keeps the fine label unknown")
        for family in ["DDoS", "DoS", "Mirai", "Recon", "Spoofing"] {
            let code = try #require(taxonomy.code(for: family))
            #expect(code.attackFamily?.name == family)
            #expect(code.fine == AttackLabel.unknownCode)
        }
    }

    @Test func unknownLabelsAreNotGuessed() {
        for value in ["", "Attack", "DDoS-Foo", "Benign2", "SQLInjectionX", "\u{0}\u{FF}"] {
            #expect(LabelTaxonomy.standard.code(for: value) == nil, "\(value)")
        }
    }

    @Test func binaryClassFollowsFamily() {
        for label in AttackLabel.allCases {
            #expect(label.family.isAttack == (label != .benignTraffic))
        }
    }
}
