import Foundation
import IoTData
import Testing
@testable import IoTModels

extension DenseModelTests {
    /// Our L-BFGS logistic regression against scikit-learn's on the same rows, scaling and C
    /// (fixture and its generator: Tests/Fixtures/make_sklearn_lr_fixture.py).
    ///
    /// Objective matched: scikit-learn minimises `0.5·‖W‖² + C·Σᵢ CEᵢ` (intercepts unpenalised);
    /// we minimise the same divided by `C·n` — `(1/n)·Σᵢ CEᵢ + ‖W‖²/(2·C·n)` — which has the
    /// same minimiser, so the probabilities must agree.
    @Suite("scikit-learn comparison") struct SklearnComparison {
        struct Fixture: Decodable {
            var rows: Int
            var labels: [Int]
            var test_indices: [Int]
            var classes: [Int]
            var feature_min: [Double]
            var feature_max: [Double]
            var C: Double
            var probabilities: [[Double]]
        }

        @Test func lbfgsMatchesSklearnProbabilities() throws {
            let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: URL(fileURLWithPath: LinearTestSupport.sklearnFixture)))
            let dataset = try Dataset.load(csv: [LinearTestSupport.robotumbel])
            let count = min(2000, dataset.rowCount)
            #expect(count == fixture.rows, "deduplicated row count differs from pandas'")
            let familyLabels = (0..<count).map { LearningTask.family.classIndex(of: dataset.labels[$0]) ?? -1 }
            #expect(familyLabels == fixture.labels, "rows are not the fixture's rows")

            // Labels → positions in sklearn's `classes_` (only classes present in training).
            let position = Dictionary(uniqueKeysWithValues: fixture.classes.enumerated().map { ($1, Int32($0)) })
            let testSet = Set(fixture.test_indices)
            let trainRows = (0..<count).filter { !testSet.contains($0) }
            let features = dataset.features.rows(Array(0..<count))
            let scaler = LinearTestSupport.MinMaxScaler(fittedOn: features.rows(trainRows))
            for c in 0..<features.columnCount {
                #expect(Double(scaler.minimum[c]) == fixture.feature_min[c] && Double(scaler.maximum[c]) == fixture.feature_max[c], "column \(c)")
            }
            let train = TrainingData(
                features: scaler.transform(features.rows(trainRows)), labels: try trainRows.map { try #require(position[familyLabels[$0]]) },
                classCount: fixture.classes.count)
            let heldOut = scaler.transform(features.rows(fixture.test_indices))

            var options = LogisticRegressionClassifier.Options(solver: .lbfgs, inverseRegularization: fixture.C, maxIterations: 2000, tolerance: 1e-6)
            options.threads = 1
            let model = try LogisticRegressionClassifier.fit(train, options: options)
            let ours = model.predictProbabilities(heldOut)
            var worst = 0.0
            for (r, row) in fixture.probabilities.enumerated() {
                for (c, expected) in row.enumerated() { worst = max(worst, abs(Double(ours[r * fixture.classes.count + c]) - expected)) }
            }
            print("sklearn comparison: \(model.convergence); largest |p_ours − p_sklearn| = \(worst)")
            #expect(worst < 1e-3, "largest probability difference \(worst)")
        }
    }
}
