/// What balancing did, class by class.
public struct BalanceReport: Sendable, Codable, Equatable {
    public struct ClassBalance: Sendable, Codable, Equatable {
        public var name: String
        /// Real training rows before balancing.
        public var before: Int
        /// The recipe's target (`nil`: left as it is).
        public var target: Int?
        /// Rows after balancing (real kept + synthetic).
        public var after: Int
        public var realKept: Int
        public var synthetic: Int
        /// `true` when the cap stopped SMOTE below the target.
        public var capped: Bool
        /// The cap (`maxOversampleFactor × before`) when SMOTE was needed.
        public var cap: Int?
        /// k actually used by SMOTE for this class.
        public var neighboursUsed: Int?
    }

    public struct CappedClass: Sendable, Codable, Equatable {
        public var name: String
        public var target: Int
        public var cappedAt: Int
    }

    public var recipe: BalanceRecipe
    public var neighbours: Int
    public var maxOversampleFactor: Int
    public var seed: UInt64
    public var classes: [ClassBalance]
    public var warnings: [String]

    public var rowsBefore: Int { classes.reduce(0) { $0 + $1.before } }
    public var rowsAfter: Int { classes.reduce(0) { $0 + $1.after } }
    public var syntheticRows: Int { classes.reduce(0) { $0 + $1.synthetic } }

    /// Classes the cap stopped short of their target, and where.
    public var capped: [CappedClass] {
        classes.compactMap { c in
            guard c.capped, let target = c.target else { return nil }
            return CappedClass(name: c.name, target: target, cappedAt: c.after)
        }
    }
}
