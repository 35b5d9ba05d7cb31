import Foundation
import IoTData
import Testing
@testable import IoTPrep

@Suite("Imputer, variance filter, one-hot encoder")
struct TransformTests {
    static func robotumbel() throws -> FeatureMatrix { try PrepFixtures.robotumbelDataset().features }

    @Test func imputerFitsOnTrainAndTreatsInfinityAsMissing() throws {
        var train = try Self.robotumbel()
        let rate = try #require(train.columnNames.firstIndex(of: "Time_To_Live"))
        train[0, rate] = .nan
        train[1, rate] = .infinity
        train[2, rate] = -.infinity
        let finite = (3..<train.rowCount).map { Double(train[$0, rate]) }.sorted()
        let n = finite.count
        let median = n % 2 == 1 ? finite[n / 2] : (finite[n / 2 - 1] + finite[n / 2]) / 2
        let fitted = try Imputer().fit(train)
        #expect(Double(fitted.fillValues[rate]) == Double(Float(median)))
        #expect(fitted.missingInTraining[rate] == 3)
        let out = try fitted.transform(train)
        #expect(out[0, rate] == Float(median) && out[1, rate] == Float(median) && out[2, rate] == Float(median))
        #expect(out.values.allSatisfy { $0.isFinite })
        // Mean strategy; infinity kept when asked.
        let mean = try Imputer(strategy: .mean).fit(train)
        #expect(abs(Double(mean.fillValues[rate]) - finite.reduce(0, +) / Double(n)) < 1e-3)
        let keepInf = try Imputer(infinityIsMissing: false).fit(train).transform(train)
        #expect(keepInf[1, rate] == .infinity)
        #expect(keepInf[0, rate].isFinite)
        // A test row is filled with the *training* statistic.
        var test = train.rows([5])
        test[0, rate] = .nan
        #expect(try fitted.transform(test)[0, rate] == Float(median))
    }

    @Test func nanOnlyColumnIsAWarningNotACrash() throws {
        var train = try Self.robotumbel()
        let rate = try #require(train.columnNames.firstIndex(of: "Rate"))
        for r in 0..<train.rowCount { train[r, rate] = .nan }
        let fitted = try Imputer().fit(train)
        #expect(fitted.fillValues[rate] == 0)
        #expect(fitted.warnings.count == 1)
        #expect(fitted.warnings.first?.contains("'Rate' has no finite value") == true)
        let filled = try fitted.transform(train)
        let variance = try VarianceFilter().fit(filled)
        #expect(variance.dropped.contains { $0.name == "Rate" && $0.kind == .constant })
        #expect(throws: PrepError.invalidOption(name: "imputer constant", value: "nan", reason: "the fill value must be finite")) {
            try Imputer(strategy: .constant(.nan)).fit(train)
        }
    }

    @Test func varianceFilterReportsWhatAndWhy() throws {
        let robotumbel = try Self.robotumbel()
        let fitted = try VarianceFilter().fit(robotumbel)
        #expect(fitted.dropped.map(\.name) == ["IGMP"], "IGMP is 0 in every robotumbel row")
        #expect(fitted.dropped.first?.kind == .constant)
        #expect(fitted.dropped.first?.detail.contains("all \(robotumbel.rowCount) finite training values are 0.0") == true)
        // Near-zero: SMTP is almost always 0 in the v2 samples.
        let both = try PrepFixtures.samplesDataset().features
        let nearZero = try VarianceFilter(maxDominantFraction: 0.999).fit(both)
        let smtp = try #require(nearZero.dropped.first { $0.name == "SMTP" })
        #expect(smtp.kind == .dominantValue)
        #expect((smtp.value ?? 0) > 0.999)
        let thresholded = try VarianceFilter(threshold: 1e-4).fit(both)
        #expect(thresholded.dropped.allSatisfy { $0.kind == .lowVariance || $0.kind == .constant })
        #expect(thresholded.dropped.allSatisfy { ($0.value ?? 0) <= 1e-4 })
        #expect(thresholded.dropped.contains { $0.name == "SMTP" })
    }

    @Test func allConstantColumnsAreATypedError() throws {
        let matrix = FeatureMatrix(rowCount: 4, columnNames: ["a", "b"], values: [1, 2, 1, 2, 1, 2, 1, 2])
        do {
            _ = try VarianceFilter().fit(matrix)
            Issue.record("fitting on constant columns succeeded")
        } catch let error as PrepError {
            guard case .noFeaturesLeft(let stage, let reason) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(stage == "variance filter")
            #expect(reason.contains("all 2 columns are constant"))
        }
    }

    @Test func oneHotFormsRoundedCategoriesAndRoutesUnseenToOther() throws {
        let train = try Self.robotumbel()
        let fitted = try OneHotEncoder().fit(train)
        let encoding = try #require(fitted.encodings.first)
        #expect(encoding.column == "Protocol Type")
        #expect(encoding.categories == [6, 17, 1, 47, 0], "by training frequency")
        #expect(encoding.otherCount == 0)
        let names = fitted.outputColumns
        #expect(names.count == train.columnCount - 1 + 6)
        #expect(names[1...6] == ["Protocol Type=6", "Protocol Type=17", "Protocol Type=1", "Protocol Type=47", "Protocol Type=0", "Protocol Type=other"])
        // Window means round to the nearest protocol; unseen, NaN and inf go to other.
        var test = train.rows([0, 1, 2, 3, 4])
        let protocolColumn = try #require(test.columnNames.firstIndex(of: "Protocol Type"))
        for (row, value) in [Float(6.4), 16.5, 99, .nan, .infinity].enumerated() { test[row, protocolColumn] = value }
        let out = try fitted.transform(test)
        let expectedSlot = [0, 1, 5, 5, 5] // 6, 17 (16.5 rounds away from zero), other × 3
        for row in 0..<5 {
            let indicators = (1...6).map { out[row, $0] }
            #expect(indicators.reduce(0, +) == 1, "exactly one indicator per row")
            #expect(indicators[expectedSlot[row]] == 1, "row \(row)")
        }
        // Other columns pass through unchanged.
        #expect(out[2, 0] == test[2, 0])
        #expect(out[2, names.count - 1] == test[2, test.columnCount - 1])
        // Top-K: the rarer categories join 'other'.
        let top2 = try OneHotEncoder(maxCategories: 2).fit(train)
        #expect(top2.encodings.first?.categories == [6, 17])
        #expect(top2.warnings.count == 1)
        // A missing column is skipped with a warning, or an error on request.
        let without = PrepFixtures.select(train, train.columnNames.filter { $0 != "Protocol Type" })
        let skipped = try OneHotEncoder().fit(without)
        #expect(skipped.encodings.isEmpty && skipped.warnings.count == 1)
        #expect(throws: PrepError.missingColumn(stage: "one-hot encoder", column: "Protocol Type")) {
            try OneHotEncoder(requireColumns: true).fit(without)
        }
    }

    @Test func leakageGuardDropsIAT() throws {
        let train = try Self.robotumbel()
        let fitted = try ColumnDropper.leakageGuard.fit(train)
        #expect(!fitted.outputColumns.contains("IAT"))
        #expect(fitted.outputColumns.count == 38)
        #expect(fitted.dropped.map(\.kind) == [.leakage])
    }
}
