/// Categorical colours for series that must be told apart (Tableau 10, readable on white).
public enum Palette {
    public static let categorical: [PlotColor] = [
        0x4E79A7, 0xF28E2B, 0xE15759, 0x76B7B2, 0x59A14F, 0xEDC948, 0xB07AA1, 0xFF9DA7, 0x9C755F, 0xBAB0AC,
    ].map { PlotColor(hex: $0) }

    /// The colour for series number `index`, cycling through ``categorical``. O(1).
    public static func color(at index: Int) -> PlotColor {
        categorical[((index % categorical.count) + categorical.count) % categorical.count]
    }

    /// Dash pattern (pixels, on/off) for series number `index`: solid for the first cycle of colours,
    /// then dashed, so that series sharing a colour still differ.
    public static func dash(at index: Int) -> [Double] {
        switch max(0, index) / categorical.count {
        case 0: return []
        case 1: return [8, 4]
        case 2: return [2, 3]
        default: return [8, 3, 2, 3]
        }
    }
}
