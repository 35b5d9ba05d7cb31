/// The two published CICIoT2023 CSV layouts, told apart by their header.
///
/// - `v1`: the original release (169 `part-*.csv` files, 46 features, lowercase `label`).
/// - `v2`: the regenerated release (`Merged*.csv` and per-attack files, 39 features, `Label`).
public enum FeatureLayout: String, Sendable, Codable, CaseIterable {
    case v1
    case v2

    /// Feature column names in published order (the label column is not included).
    public var featureNames: [String] {
        switch self {
        case .v1: return Self.v1Names
        case .v2: return Self.v2Names
        }
    }

    public var featureCount: Int { featureNames.count }

    /// The header names under which the label column is met in the wild, most specific first.
    public static let labelColumnNames = ["label_multiclass", "Label", "label"]

    static let v1Names = [
        "flow_duration", "Header_Length", "Protocol Type", "Duration", "Rate", "Srate", "Drate",
        "fin_flag_number", "syn_flag_number", "rst_flag_number", "psh_flag_number", "ack_flag_number",
        "ece_flag_number", "cwr_flag_number", "ack_count", "syn_count", "fin_count", "urg_count", "rst_count",
        "HTTP", "HTTPS", "DNS", "Telnet", "SMTP", "SSH", "IRC", "TCP", "UDP", "DHCP", "ARP", "ICMP", "IPv", "LLC",
        "Tot sum", "Min", "Max", "AVG", "Std", "Tot size", "IAT", "Number", "Magnitue", "Radius", "Covariance",
        "Variance", "Weight",
    ]

    static let v2Names = [
        "Header_Length", "Protocol Type", "Time_To_Live", "Rate", "fin_flag_number", "syn_flag_number",
        "rst_flag_number", "psh_flag_number", "ack_flag_number", "ece_flag_number", "cwr_flag_number",
        "ack_count", "syn_count", "fin_count", "rst_count", "HTTP", "HTTPS", "DNS", "Telnet", "SMTP", "SSH", "IRC",
        "TCP", "UDP", "DHCP", "ARP", "ICMP", "IGMP", "IPv", "LLC", "Tot sum", "Min", "Max", "AVG", "Std",
        "Tot size", "IAT", "Number", "Variance",
    ]
}
