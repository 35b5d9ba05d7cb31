import Foundation
import IoTData
import IoTModels
import Testing

@Suite("Tree model files and training errors")
struct CodingAndErrorTests {
    static func smallModels() throws -> [any Classifier] {
        let train = TreeFixtures.family.train
        var forest = RandomForestOptions()
        forest.trees = 8
        var boosting = GradientBoostingOptions()
        boosting.rounds = 5
        var ada = AdaBoostOptions()
        ada.rounds = 10
        return [
            try RandomForestClassifier.fit(train, options: forest),
            try GradientBoostingClassifier.fit(train, options: boosting),
            try AdaBoostClassifier.fit(train, options: ada),
        ]
    }

    static func decode(_ type: any Classifier.Type, _ bytes: [UInt8]) throws -> any Classifier {
        var reader = BinaryReader(bytes: bytes)
        return try type.init(from: &reader)
    }

    /// encode → decode gives the same bytes and the same probabilities, bit for bit.
    @Test func roundTripIsExact() throws {
        let test = TreeFixtures.family.test.features
        for model in try Self.smallModels() {
            let bytes = TreeFixtures.encoded(model)
            let decoded = try Self.decode(type(of: model), bytes)
            #expect(TreeFixtures.encoded(decoded) == bytes)
            let a = model.predictProbabilities(test), b = decoded.predictProbabilities(test)
            #expect(a.map(\.bitPattern) == b.map(\.bitPattern), "\(type(of: model))")
        }
    }

    /// Every truncation throws; random byte damage throws or yields a model that still scores
    /// without trapping (indices are validated on decode).
    @Test func damagedBytesThrowAndNeverCrash() throws {
        let rows = TreeFixtures.family.test.features.rows(Array(0..<50))
        var rng = SplitMix64(seed: 99)
        for model in try Self.smallModels() {
            let bytes = TreeFixtures.encoded(model)
            var cuts = Set((0..<64).map { _ in Int(rng.next() % UInt64(bytes.count)) })
            cuts.formUnion([0, 1, 4, bytes.count - 1])
            for cut in cuts {
                #expect(throws: ModelCodingError.self) { try Self.decode(type(of: model), Array(bytes.prefix(cut))) }
            }
            for _ in 0..<200 {
                var damaged = bytes
                for _ in 0..<3 {
                    let at = Int(rng.next() % UInt64(bytes.count))
                    damaged[at] = UInt8(truncatingIfNeeded: rng.next())
                }
                if let decoded = try? Self.decode(type(of: model), damaged) {
                    _ = decoded.predictProbabilities(rows)
                }
            }
            // An out-of-range feature index in the first node is caught.
            if let forest = (model as? RandomForestClassifier)?.forest, !forest.nodes.isEmpty {
                var damaged = bytes
                let marker = withUnsafeBytes(of: UInt64(forest.nodes.count).littleEndian, Array.init)
                let start = try #require((0..<(damaged.count - 12)).first { at in Array(damaged[at..<(at + 8)]) == marker })
                damaged.replaceSubrange((start + 8)..<(start + 12), with: withUnsafeBytes(of: Int32(999).littleEndian, Array.init))
                #expect(throws: ModelCodingError.self) { try Self.decode(RandomForestClassifier.self, damaged) }
            }
        }
    }

    @Test func badTrainingDataThrowsClearErrors() throws {
        let names = ["a", "b"]
        let empty = TrainingData(features: FeatureMatrix(rowCount: 0, columnNames: names, values: []), labels: [], classCount: 2)
        #expect(throws: TreeTrainingError.emptyData) { try RandomForestClassifier.fit(empty) }
        let features = FeatureMatrix(rowCount: 3, columnNames: names, values: [1, .nan, 2, .nan, 3, .nan])
        let oneClass = TrainingData(features: features, labels: [0, 0, 0], classCount: 1)
        #expect(throws: TreeTrainingError.tooFewClasses(1)) { try GradientBoostingClassifier.fit(oneClass) }
        let nanColumn = TrainingData(features: features, labels: [0, 1, 0], classCount: 2)
        #expect(throws: TreeTrainingError.allMissingColumn("b")) { try AdaBoostClassifier.fit(nanColumn) }
        let outOfRange = TrainingData(features: features, labels: [0, 5, 0], classCount: 2)
        #expect(throws: TreeTrainingError.labelOutOfRange(row: 1, label: 5, classCount: 2)) { try RandomForestClassifier.fit(outOfRange) }
        let single = TrainingData(features: features, labels: [1, 1, 1], classCount: 2)
        #expect(throws: TreeTrainingError.singleClassPresent(1)) { try GradientBoostingClassifier.fit(single) }
        #expect(TreeTrainingError.allMissingColumn("b").description.contains("'b'"))
    }

    /// NaN goes right at every split, in training and scoring alike.
    @Test func missingValuesGoRight() throws {
        var values: [Float] = []
        var labels: [Int32] = []
        for i in 0..<200 {
            let missing = i % 4 == 0
            values.append(missing ? .nan : Float(i % 50))
            labels.append(missing ? 2 : (i % 50 < 25 ? 0 : 1))
        }
        let data = TrainingData(features: FeatureMatrix(rowCount: 200, columnNames: ["x"], values: values), labels: labels, classCount: 3)
        var options = RandomForestOptions()
        options.trees = 5
        options.bootstrap = false
        let model = try RandomForestClassifier.fit(data, options: options)
        #expect(model.predict(data.features) == labels.map(Int.init))
        var probabilities = [Float](repeating: 0, count: 3)
        [Float.nan].withUnsafeBufferPointer { row in probabilities.withUnsafeMutableBufferPointer { model.predictProbabilities(row: row, into: $0) } }
        #expect(probabilities[2] == 1)
    }
}
