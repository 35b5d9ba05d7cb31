import Foundation
import IoTData
import Testing
@testable import IoTPrep

@Suite("Correlation filter")
struct CorrelationTests {
    struct Fixture: Decodable {
        struct Pair: Decodable { var kept: String, dropped: String, r: Double }
        var threshold: Double
        var rowsIn: Int
        var rowsAfterDedup: Int
        var columns: [String]
        var constantColumns: [String]
        var dropped: [String]
        var pairsAboveThreshold: [Pair]
        var correlation: [[Double?]]
    }

    static func realMatrix() throws -> FeatureMatrix {
        PrepFixtures.select(try PrepFixtures.samplesDataset().features, PrepFixtures.featuresWithoutIAT)
    }

    /// Plain two-pass Pearson in Double, written independently of the accumulator.
    static func naivePearson(_ x: [Double], _ y: [Double]) -> Double? {
        let mx = x.reduce(0, +) / Double(x.count)
        let my = y.reduce(0, +) / Double(y.count)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for k in x.indices {
            sxy += (x[k] - mx) * (y[k] - my)
            sxx += (x[k] - mx) * (x[k] - mx)
            syy += (y[k] - my) * (y[k] - my)
        }
        guard sxx > 0, syy > 0 else { return nil }
        return sxy / (sxx * syy).squareRoot()
    }

    /// Same rows, same decision as the pandas recipe on both real samples.
    @Test func dropsTheSameColumnsAsPandas() throws {
        let fixture = try PrepFixtures.decode(Fixture.self, fixture: "correlation.json")
        let dataset = try PrepFixtures.samplesDataset()
        #expect(dataset.rowCount == fixture.rowsAfterDedup, "deduplicated like the pandas reference")
        #expect(fixture.columns == PrepFixtures.featuresWithoutIAT)
        let matrix = try Self.realMatrix()
        let fitted = try CorrelationFilter(threshold: fixture.threshold).fit(matrix)
        #expect(fitted.dropped.map(\.name) == fixture.dropped)
        #expect(fitted.outputColumns == fixture.columns.filter { !fixture.dropped.contains($0) })
        #expect(fitted.constantColumns == fixture.constantColumns)
        // Every pair pandas found above the threshold, with the same r.
        #expect(fitted.pairs.count == fixture.pairsAboveThreshold.count)
        for (mine, theirs) in zip(fitted.pairs, fixture.pairsAboveThreshold) {
            #expect(mine.kept == theirs.kept && mine.dropped == theirs.dropped)
            #expect(abs(mine.r - theirs.r) < 1e-9, "\(mine.kept)/\(mine.dropped)")
        }
        // And the whole matrix agrees with pandas' corr().
        let accumulator = try CorrelationAccumulator.accumulate(matrix)
        for i in 0..<matrix.columnCount {
            for j in 0..<matrix.columnCount where i != j {
                let expected = fixture.correlation[i][j]
                let actual = accumulator.correlation(i, j)
                #expect((expected == nil) == (actual == nil), "\(fixture.columns[i]) / \(fixture.columns[j])")
                if let expected, let actual { #expect(abs(actual - expected) < 1e-9, "\(fixture.columns[i]) / \(fixture.columns[j])") }
            }
        }
    }

    /// Exact twins collapse to the earlier column whatever the threshold.
    @Test func exactTwinsAlwaysCollapse() throws {
        let matrix = try Self.realMatrix()
        let fitted = try CorrelationFilter(threshold: 1).fit(matrix)
        let twins = fitted.dropped.filter { $0.kind == .twin }
        #expect(fitted.dropped == twins, "at |r| > 1 only twins can go")
        #expect(twins.map(\.name) == ["LLC", "Tot size"])
        #expect(twins.map(\.partner) == ["IPv", "AVG"])
        let usual = try CorrelationFilter().fit(matrix)
        #expect(usual.dropped.first { $0.name == "LLC" }?.kind == .twin)
        #expect(usual.dropped.first { $0.name == "rst_count" }?.kind == .correlated)
        #expect(usual.dropped.first { $0.name == "rst_count" }?.partner == "fin_count")
    }

    /// One streaming pass over a column store equals the in-memory computation.
    @Test func streamingOverTheStoreEqualsInMemory() throws {
        let dataset = try PrepFixtures.samplesDataset()
        let store = try PrepFixtures.scratchDirectory().appendingPathComponent("samples.iotc").path
        var options = Ingestor.Options()
        options.chunkRows = 1000 // 17 chunks, none aligned with the accumulator's blocks
        _ = try Ingestor.run(inputs: PrepFixtures.samples, store: store, options: options, showProgress: false)
        let reader = try ColumnStoreReader(path: store)
        #expect(reader.chunkCount > 10)
        let streamed = try CorrelationAccumulator.accumulate(store: reader, columns: PrepFixtures.featuresWithoutIAT, threads: 2)
        let matrix = PrepFixtures.select(dataset.features, PrepFixtures.featuresWithoutIAT)
        let inMemory = try CorrelationAccumulator.accumulate(matrix, threads: 2)
        #expect(streamed.count == matrix.rowCount)
        #expect(inMemory.count == matrix.rowCount)
        let columns = (0..<matrix.columnCount).map { c in matrix.column(c).map(Double.init) }
        var worstStore = 0.0
        var worstNaive = 0.0
        for i in 0..<matrix.columnCount {
            for j in (i + 1)..<matrix.columnCount {
                let a = streamed.correlation(i, j)
                let b = inMemory.correlation(i, j)
                let c = Self.naivePearson(columns[i], columns[j])
                #expect((a == nil) == (b == nil) && (b == nil) == (c == nil))
                if let a, let b, let c {
                    worstStore = max(worstStore, abs(a - b))
                    worstNaive = max(worstNaive, abs(b - c))
                }
                #expect(streamed.areIdentical(i, j) == inMemory.areIdentical(i, j))
            }
        }
        #expect(worstStore <= 1e-9, "store vs memory: \(worstStore)")
        #expect(worstNaive <= 1e-9, "memory vs naive two-pass: \(worstNaive)")
        // The filter over the store decides as the filter over memory.
        let filter = CorrelationFilter(excludedColumns: ["IAT"])
        let fromStore = try filter.fit(store: reader)
        let fromMemory = try filter.fit(dataset.features)
        #expect(fromStore.dropped.map(\.name) == fromMemory.dropped.map(\.name))
        #expect(fromStore.dropped.map(\.partner) == fromMemory.dropped.map(\.partner))
        for (a, b) in zip(fromStore.dropped, fromMemory.dropped) { #expect(abs((a.value ?? 0) - (b.value ?? 0)) <= 1e-9) }
        #expect(fromStore.dropped.map(\.name) == ["rst_count", "IPv", "LLC", "Std", "Tot size"])
    }

    /// Fixed block boundaries and in-order merging: thread count does not change one bit.
    @Test func resultDoesNotDependOnThreads() throws {
        let matrix = try Self.realMatrix()
        let one = try CorrelationAccumulator.accumulate(matrix, threads: 1)
        let three = try CorrelationAccumulator.accumulate(matrix, threads: 3)
        #expect(one.comoment == three.comoment)
        #expect(one.mean == three.mean)
    }

    /// Merging accumulators of consecutive row ranges equals one accumulator over all rows.
    @Test func partialAccumulatorsMerge() throws {
        let matrix = try Self.realMatrix()
        let whole = try CorrelationAccumulator.accumulate(matrix)
        let half = matrix.rowCount / 2 + 17
        var merged = try CorrelationAccumulator.accumulate(matrix.rows(Array(0..<half)))
        merged.merge(try CorrelationAccumulator.accumulate(matrix.rows(Array(half..<matrix.rowCount))))
        #expect(merged.count == whole.count)
        for i in 0..<matrix.columnCount {
            for j in 0..<matrix.columnCount {
                if let a = merged.correlation(i, j), let b = whole.correlation(i, j) { #expect(abs(a - b) < 1e-12) }
            }
        }
    }

    /// Constant columns have no correlation: listed, never dropped here, never a cause.
    @Test func constantColumnsAreHandledExplicitly() throws {
        let robotumbel = PrepFixtures.select(try PrepFixtures.robotumbelDataset().features, PrepFixtures.featuresWithoutIAT)
        let fitted = try CorrelationFilter().fit(robotumbel)
        #expect(fitted.constantColumns == ["IGMP"])
        #expect(!fitted.dropped.contains { $0.name == "IGMP" || $0.partner == "IGMP" })
        // A NaN-only column: its rows are skipped and reported, not a crash.
        var withNaN = robotumbel
        let rate = try #require(withNaN.columnNames.firstIndex(of: "Rate"))
        for r in 0..<withNaN.rowCount { withNaN[r, rate] = .nan }
        let degenerate = try CorrelationFilter().fit(withNaN)
        #expect(degenerate.dropped.isEmpty)
        #expect(degenerate.warnings.contains { $0.contains("NaN or ±inf") })
    }

    /// Categorical columns and any excluded column are kept and never compared.
    @Test func excludedColumnsAreNotCandidates() throws {
        let matrix = try Self.realMatrix()
        let fitted = try CorrelationFilter(excludedColumns: ["AVG", "Protocol Type"]).fit(matrix)
        #expect(fitted.outputColumns.contains("AVG"))
        // With AVG out of the comparison, its twin 'Tot size' is kept too.
        #expect(fitted.outputColumns.contains("Tot size"))
        #expect(!fitted.pairs.contains { $0.kept == "AVG" || $0.dropped == "AVG" })
    }

    /// The greedy rule differs from pandas only on chains, and keeps a superset.
    @Test func greedyRuleKeepsASuperset() throws {
        let matrix = try Self.realMatrix()
        let pandas = try CorrelationFilter(rule: .pandasUpperTriangle).fit(matrix)
        let greedy = try CorrelationFilter(rule: .greedyKept).fit(matrix)
        #expect(Set(greedy.dropped.map(\.name)).isSubset(of: Set(pandas.dropped.map(\.name))))
        #expect(throws: PrepError.self) { try CorrelationFilter(threshold: 1.5).fit(matrix) }
    }
}
