import Foundation
import IoTData
import IoTModels
import Testing

@Suite("Feature binning")
struct BinningTests {
    /// Thresholds strictly increase and end at +inf; every training value lands in the bin whose
    /// interval (previous threshold, threshold] contains it; code <= b ⇔ value <= threshold[b].
    @Test func everyValueLandsInItsInterval() throws {
        let features = TreeFixtures.family.train.features
        let binner = FeatureBinner(fitting: features)
        let binned = binner.bin(features)
        #expect(binned.codes.count == features.rowCount * features.columnCount)
        for feature in 0..<features.columnCount {
            let thresholds = binner.thresholds[feature]
            #expect(thresholds.count <= 255 && thresholds.last == .infinity)
            #expect(zip(thresholds, thresholds.dropFirst()).allSatisfy { $0 < $1 })
            var misplaced = 0
            for row in 0..<features.rowCount {
                let value = features[row, feature]
                let code = Int(binned[row, feature])
                if code >= thresholds.count || !(value <= thresholds[code]) || (code > 0 && !(value > thresholds[code - 1])) {
                    misplaced += 1
                }
            }
            #expect(misplaced == 0, "feature \(feature)")
        }
    }

    /// Heavy-tailed and tied values, NaN and infinities on synthetic columns; sampling rows.
    @Test func edgeValuesAndSampling() throws {
        var rng = SplitMix64(seed: 3)
        var values: [Float] = []
        for i in 0..<5000 {
            let u = rng.nextUnitFloat()
            values.append(i % 97 == 0 ? .nan : (i % 89 == 0 ? .infinity : (i % 83 == 0 ? -.infinity : exp(20 * u))))
            values.append(Float(i % 3))
        }
        let features = FeatureMatrix(rowCount: 5000, columnNames: ["heavy", "ternary"], values: values)
        let binner = FeatureBinner(fitting: features, maxBins: 64, sampleRows: 1000)
        #expect(binner.binCount(feature: 0) <= 64)
        #expect(binner.thresholds[1] == [0.5, 1.5, .infinity])
        let binned = binner.bin(features)
        var disagreements = 0
        for row in 0..<5000 {
            let value = features[row, 0]
            let code = binned[row, 0]
            if value.isNaN {
                if code != FeatureBinner.missingCode { disagreements += 1 }
                continue
            }
            for b in 0..<binner.binCount(feature: 0) where (Int(code) <= b) != (value <= binner.thresholds[0][b]) {
                disagreements += 1
            }
        }
        #expect(disagreements == 0)
        #expect(throws: ModelCodingError.self) { try FeatureBinner(thresholds: [[2, 1, .infinity]]) }
        #expect(throws: ModelCodingError.self) { try FeatureBinner(thresholds: [[1, 2]]) }
    }
}
