@testable import IoTPlot

enum Fixtures {
    /// The 39 features of the CICIoT2023 v2 layout, in file order.
    static let featureNames = [
        "Header_Length", "Protocol Type", "Time_To_Live", "Rate", "fin_flag_number", "syn_flag_number",
        "rst_flag_number", "psh_flag_number", "ack_flag_number", "ece_flag_number", "cwr_flag_number", "ack_count",
        "syn_count", "fin_count", "rst_count", "HTTP", "HTTPS", "DNS", "Telnet", "SMTP", "SSH", "IRC", "TCP", "UDP",
        "DHCP", "ARP", "ICMP", "IGMP", "IPv", "LLC", "Tot sum", "Min", "Max", "AVG", "Std", "Tot size", "IAT",
        "Number", "Variance",
    ]

    /// The 34 fine classes of CICIoT2023.
    static let fineClasses = [
        "BenignTraffic", "DDoS-ACK_Fragmentation", "DDoS-HTTP_Flood", "DDoS-ICMP_Flood", "DDoS-ICMP_Fragmentation",
        "DDoS-PSHACK_Flood", "DDoS-RSTFINFlood", "DDoS-SYN_Flood", "DDoS-SlowLoris", "DDoS-SynonymousIP_Flood",
        "DDoS-TCP_Flood", "DDoS-UDP_Flood", "DDoS-UDP_Fragmentation", "DoS-HTTP_Flood", "DoS-SYN_Flood",
        "DoS-TCP_Flood", "DoS-UDP_Flood", "Mirai-greeth_flood", "Mirai-greip_flood", "Mirai-udpplain",
        "Recon-HostDiscovery", "Recon-OSScan", "Recon-PingSweep", "Recon-PortScan", "VulnerabilityScan",
        "MITM-ArpSpoofing", "DNS_Spoofing", "DictionaryBruteForce", "BrowserHijacking", "CommandInjection",
        "SqlInjection", "XSS", "Backdoor_Malware", "Uploading_Attack",
    ]

    /// A symmetric n × n matrix with unit diagonal and entries in [-1, 1], from a fixed seed.
    static func correlationMatrix(_ n: Int, seed: UInt64 = 7) -> [[Double]] {
        var state = seed
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        var matrix = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for row in 0..<n {
            matrix[row][row] = 1
            for column in 0..<row {
                let u = next() * 2 - 1
                let value = u * u * u  // mostly weak, a few strong
                matrix[row][column] = value
                matrix[column][row] = value
            }
        }
        return matrix
    }

    /// A mostly-diagonal confusion matrix of `n` classes.
    static func confusionCounts(_ n: Int) -> [[Int]] {
        (0..<n).map { row in
            (0..<n).map { column in
                if row == column { return 900 + 7 * row }
                return (row * 31 + column * 17) % 11 == 0 ? (row + column) % 40 : 0
            }
        }
    }
}
