import Foundation

/// What each field of a CICIoT2023 CSV line holds, worked out from the header line.
///
/// Columns are matched by name (ASCII case and surrounding spaces/quotes ignored), so a file
/// whose columns come in another order still reads correctly. Columns that are neither
/// features of the detected layout nor the label (e.g. `label_binary`) are ignored and
/// listed in `ignoredColumns`.
public struct CSVHeader: Sendable, Equatable {
    /// The role of one CSV field.
    public enum Role: Sendable, Equatable {
        /// Feature column at this index of `layout.featureNames`.
        case feature(Int)
        case label
        case ignored
    }

    public let layout: FeatureLayout
    /// One role per field of a line, in file order.
    public let roles: [Role]
    /// The label column's header name, or `nil` for an unlabeled file.
    public let labelColumn: String?
    public let ignoredColumns: [String]

    public var fieldCount: Int { roles.count }

    /// Reads a header line.
    ///
    /// - Throws: `CSVError.unrecognizedHeader` naming the missing columns of the closest layout.
    public init(fields rawFields: [String], file: String) throws {
        let fields = rawFields.map(Self.clean)
        let lowered = fields.map { $0.lowercased() }

        // The layout whose feature names are all present; v1 is tried first because it is a superset-like layout.
        var chosen: FeatureLayout?
        var closestMissing: [String] = []
        for layout in [FeatureLayout.v1, .v2] {
            let missing = layout.featureNames.filter { !lowered.contains($0.lowercased()) }
            if missing.isEmpty { chosen = layout; break }
            if closestMissing.isEmpty || missing.count < closestMissing.count { closestMissing = missing }
        }
        guard let layout = chosen else {
            throw CSVError.unrecognizedHeader(file: file, missingColumns: closestMissing)
        }

        var labelIndex: Int?
        var labelName: String?
        for candidate in FeatureLayout.labelColumnNames {
            if let index = fields.firstIndex(of: candidate) {
                labelIndex = index; labelName = candidate; break
            }
        }
        if labelIndex == nil, let index = lowered.firstIndex(of: "label") {
            labelIndex = index; labelName = fields[index]
        }

        let featureIndex = Dictionary(
            layout.featureNames.enumerated().map { ($0.element.lowercased(), $0.offset) },
            uniquingKeysWith: { first, _ in first })
        var roles: [Role] = []
        var ignored: [String] = []
        var seen = Set<Int>()
        for (position, name) in lowered.enumerated() {
            if position == labelIndex {
                roles.append(.label)
            } else if let feature = featureIndex[name], !seen.contains(feature) {
                seen.insert(feature)
                roles.append(.feature(feature))
            } else {
                roles.append(.ignored)
                ignored.append(fields[position])
            }
        }
        self.layout = layout
        self.roles = roles
        self.labelColumn = labelName
        self.ignoredColumns = ignored
    }

    /// Strips surrounding white space, quotes and a UTF-8 byte-order mark from a header name.
    static func clean(_ field: String) -> String {
        var name = field
        if name.hasPrefix("\u{FEFF}") { name.removeFirst() }
        name = name.trimmingCharacters(in: .whitespaces)
        if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") {
            name = String(name.dropFirst().dropLast()).replacingOccurrences(of: "\"\"", with: "\"")
        }
        return name.trimmingCharacters(in: .whitespaces)
    }
}
