/// How numbers are printed on charts (annotations, bar values, tick labels).
///
/// Formatting is locale-independent (always `.` as the decimal mark) and never prints `-0`.
public enum ValueFormat: Sendable, Hashable {
    /// Fixed number of digits after the decimal mark, e.g. `0.93` for `.decimal(places: 2)`.
    case decimal(places: Int)
    /// Rounded to a whole number, e.g. `1204`.
    case integer
    /// Multiplied by 100 with a `%` sign, e.g. `93.1%` for `.percent(places: 1)`.
    case percent(places: Int)

    /// `value` as text; `nan`, `inf` and `-inf` for non-finite values. O(number of digits).
    public func string(_ value: Double) -> String {
        switch self {
        case .decimal(let places): return Self.fixed(value, places: places)
        case .integer: return Self.fixed(value, places: 0)
        case .percent(let places): return value.isFinite ? Self.fixed(value * 100, places: places) + "%" : Self.fixed(value, places: 0)
        }
    }

    /// `value` rounded half away from zero to `places` digits (clamped to 0…9).
    static func fixed(_ value: Double, places: Int) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        let digits = min(9, max(0, places))
        var power = 1.0
        for _ in 0..<digits { power *= 10 }
        let scaled = (abs(value) * power).rounded()
        guard scaled < 9.0e15 else { return "\(value)" }  // beyond exact integers: let Swift print it
        let units = UInt64(scaled)
        let divisor = UInt64(power)
        var text = value < 0 && units != 0 ? "-" : ""
        text += String(units / divisor)
        if digits > 0 {
            let fraction = String(units % divisor)
            text += "." + String(repeating: "0", count: digits - fraction.count) + fraction
        }
        return text
    }
}
