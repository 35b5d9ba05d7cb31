/// Why a picture could not be made or saved.
public enum PlotError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The chart's data does not fit its labels (e.g. a 3 × 4 matrix with 3 column labels).
    case shapeMismatch(String)
    /// PNG needs at least one pixel, and at most 2³¹ − 1 per side.
    case invalidImageSize(width: Int, height: Int)
    /// zlib returned this status while compressing.
    case compressionFailed(status: Int32)

    public var description: String {
        switch self {
        case .shapeMismatch(let detail): return "chart data does not match its labels: \(detail)"
        case .invalidImageSize(let width, let height): return "cannot encode a \(width) × \(height) pixel image as PNG"
        case .compressionFailed(let status): return "zlib compression failed with status \(status)"
        }
    }
}
