import Foundation
import IoTData
import Testing
@testable import IoTPrep

/// The scalers against scikit-learn, on real rows (fixture made by
/// Tests/Fixtures/make_sklearn_fixtures.py).
@Suite("Scalers match scikit-learn")
struct ScalerTests {
    struct Fixture: Decodable {
        struct MinMax: Decodable {
            var dataMin: [Double], dataMax: [Double], scale: [Double], min: [Double], transformed: [[Double]]
        }
        struct Standard: Decodable {
            var mean: [Double], `var`: [Double], scale: [Double], transformed: [[Double]]
        }
        var columns: [String]
        var trainRows: [[Double]]
        var testRows: [[Double]]
        var minMax: MinMax
        var standard: Standard
    }

    static func load() throws -> (Fixture, train: FeatureMatrix, test: FeatureMatrix) {
        let fixture = try PrepFixtures.decode(Fixture.self, fixture: "scalers.json")
        return (fixture, PrepFixtures.matrix(fixture.trainRows, columns: fixture.columns),
                PrepFixtures.matrix(fixture.testRows, columns: fixture.columns))
    }

    /// The fixture's inputs are what IoTData's reader makes of the first 500 real rows.
    @Test func fixtureInputsAreTheRealRows() throws {
        let (fixture, train, test) = try Self.load()
        let text = try String(contentsOfFile: PrepFixtures.robotumbel, encoding: .utf8)
        let head = text.split(separator: "\n", omittingEmptySubsequences: false).prefix(501).joined(separator: "\n") + "\n"
        let path = try PrepFixtures.scratchDirectory().appendingPathComponent("head.csv").path
        try head.write(toFile: path, atomically: true, encoding: .utf8)
        let dataset = try Dataset.load(csv: [path], dedup: false)
        #expect(dataset.rowCount == 500)
        #expect(fixture.columns == dataset.features.columnNames)
        #expect(Array(dataset.features.values[0..<(400 * 39)]) == train.values)
        #expect(Array(dataset.features.values[(400 * 39)...]) == test.values)
    }

    @Test func minMaxMatchesScikitLearn() throws {
        let (fixture, train, test) = try Self.load()
        let fitted = try MinMaxScaler().fit(train)
        for c in 0..<fixture.columns.count {
            #expect(PrepFixtures.close(fitted.dataMin[c], fixture.minMax.dataMin[c], 1e-12), "data_min_ \(fixture.columns[c])")
            #expect(PrepFixtures.close(fitted.dataMax[c], fixture.minMax.dataMax[c], 1e-12), "data_max_ \(fixture.columns[c])")
            #expect(PrepFixtures.close(fitted.scale[c], fixture.minMax.scale[c], 1e-12), "scale_ \(fixture.columns[c])")
            #expect(PrepFixtures.close(fitted.min[c], fixture.minMax.min[c], 1e-12), "min_ \(fixture.columns[c])")
        }
        let out = try fitted.transform(test)
        var worst = 0.0
        for r in 0..<test.rowCount {
            for c in 0..<test.columnCount {
                let expected = fixture.minMax.transformed[r][c]
                worst = max(worst, abs(Double(out[r, c]) - expected) / max(1, abs(expected)))
            }
        }
        #expect(worst <= 1e-6, "largest deviation \(worst)")
    }

    @Test func standardMatchesScikitLearn() throws {
        let (fixture, train, test) = try Self.load()
        let fitted = try StandardScaler().fit(train)
        for c in 0..<fixture.columns.count {
            #expect(PrepFixtures.close(fitted.mean[c], fixture.standard.mean[c], 1e-12), "mean_ \(fixture.columns[c])")
            #expect(PrepFixtures.close(fitted.variance[c], fixture.standard.var[c], 1e-10), "var_ \(fixture.columns[c])")
            #expect(PrepFixtures.close(fitted.scale[c], fixture.standard.scale[c], 1e-10), "scale_ \(fixture.columns[c])")
        }
        // Constant training columns get scale 1, as in scikit-learn.
        let constant = fixture.columns.indices.filter { fixture.standard.var[$0] == 0 }
        #expect(!constant.isEmpty)
        for c in constant { #expect(fitted.scale[c] == 1) }
        let out = try fitted.transform(test)
        var worst = 0.0
        for r in 0..<test.rowCount {
            for c in 0..<test.columnCount {
                let expected = fixture.standard.transformed[r][c]
                // Relative beyond 1: the output is Float, whose spacing near 28 is 2e-6.
                worst = max(worst, abs(Double(out[r, c]) - expected) / max(1, abs(expected)))
            }
        }
        #expect(worst <= 1e-6, "largest deviation \(worst)")
    }

    /// `inverse(transform(x)) ≈ x`. The scaled values are Float (about 7 significant
    /// digits), so the round-trip error is relative to the column's magnitude — its mean
    /// and scale (`Variance` has mean 1.3e5: a 0 comes back as ±0.004) — not to x alone.
    @Test func inverseTransformsRoundTrip() throws {
        let (_, train, test) = try Self.load()
        let minMax = try MinMaxScaler().fit(train)
        let standard = try StandardScaler().fit(train)
        let d = train.columnCount
        for matrix in [train, test] {
            let viaMinMax = try minMax.inverseTransform(try minMax.transform(matrix))
            let viaStandard = try standard.inverseTransform(try standard.transform(matrix))
            for i in 0..<matrix.values.count {
                let c = i % d
                let x = Double(matrix.values[i])
                let minMaxSize = max(abs(x), abs(minMax.dataMin[c]), abs(minMax.dataMax[c]))
                let standardSize = max(abs(x), abs(standard.mean[c]), standard.scale[c])
                #expect(abs(Double(viaMinMax.values[i]) - x) <= 1e-5 * max(1, minMaxSize), "min-max \(train.columnNames[c])")
                #expect(abs(Double(viaStandard.values[i]) - x) <= 1e-5 * max(1, standardSize), "standard \(train.columnNames[c])")
            }
        }
    }

    @Test func zeroRangeAndZeroVarianceGetScaleOne() throws {
        let matrix = FeatureMatrix(rowCount: 3, columnNames: ["a", "b"], values: [5, 1, 5, 2, 5, 3])
        let minMax = try MinMaxScaler().fit(matrix)
        #expect(minMax.scale[0] == 1)
        #expect(minMax.min[0] == -5)
        let standard = try StandardScaler().fit(matrix)
        #expect(standard.scale[0] == 1)
        #expect(standard.variance[1] == 2.0 / 3.0, "population variance (ddof = 0)")
        let out = try standard.transform(matrix)
        #expect(out.column(0) == [0, 0, 0])
    }

    @Test func excludedColumnsAreLeftUnchanged() throws {
        let (_, train, _) = try Self.load()
        let fitted = try StandardScaler(excludedColumns: ["Rate"]).fit(train)
        let out = try fitted.transform(train)
        let rate = try #require(train.columnNames.firstIndex(of: "Rate"))
        #expect(out.column(rate) == train.column(rate))
        #expect(throws: PrepError.missingColumn(stage: "min-max scaler", column: "nope")) {
            try MinMaxScaler(excludedColumns: ["nope"]).fit(train)
        }
    }

    @Test func wrongColumnsAreRejectedWithAMessage() throws {
        let (_, train, _) = try Self.load()
        let fitted = try MinMaxScaler().fit(train)
        let other = PrepFixtures.select(train, Array(train.columnNames.dropLast()))
        do {
            _ = try fitted.transform(other)
            Issue.record("a matrix without 'Variance' was accepted")
        } catch let error as PrepError {
            #expect(error.description.contains("missing: Variance"), "\(error)")
        }
    }
}
