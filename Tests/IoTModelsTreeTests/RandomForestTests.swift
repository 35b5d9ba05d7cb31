import Foundation
import IoTData
import IoTModels
import Testing

@Suite("Random forest on the real samples")
struct RandomForestTests {
    /// Default options but 40 trees (debug builds are slow): macro-F1 far above the majority
    /// baseline; probabilities, single-row = batch, importances.
    @Test func beatsTheMajorityBaseline() throws {
        let split = TreeFixtures.family
        var options = RandomForestOptions()
        options.trees = 40
        let model = try RandomForestClassifier.fit(split.train, options: options)
        let f1 = TreeFixtures.f1(model, on: split.test)
        let baseline = TreeFixtures.majorityBaseline(split)
        print("random forest: macro-F1 \(f1), majority baseline \(baseline), \(model.forest.nodes.count) nodes")
        #expect(baseline < 0.1)
        #expect(f1 >= 0.6)
        #expect(TreeFixtures.probabilityProblems(model, on: split.test.features) == nil)
        let importances = try #require(model.featureImportances)
        #expect(importances.count == split.train.features.columnCount)
        #expect(abs(importances.reduce(0, +) - 1) < 1e-4)
        #expect(importances.allSatisfy { $0 >= 0 })
    }

    /// Same seed → the same bytes, on 1 thread, on 2 threads, and across the two.
    @Test func reproducibleAcrossThreadCounts() throws {
        let split = TreeFixtures.family
        var options = RandomForestOptions()
        options.trees = 12
        options.threads = 1
        let one = try RandomForestClassifier.fit(split.train, options: options)
        let oneAgain = try RandomForestClassifier.fit(split.train, options: options)
        options.threads = 2
        let two = try RandomForestClassifier.fit(split.train, options: options)
        let twoAgain = try RandomForestClassifier.fit(split.train, options: options)
        #expect(one.forest == oneAgain.forest)
        #expect(two.forest == twoAgain.forest)
        #expect(one.forest == two.forest)
        #expect(one.importances == two.importances)
        options.seed = 43
        let other = try RandomForestClassifier.fit(split.train, options: options)
        #expect(other.forest != one.forest, "another seed grows another forest")
    }

    /// Balanced class weights, limited depth, leaf size and all features still fit and score sanely.
    @Test func optionsAreHonoured() throws {
        let split = TreeFixtures.family
        var options = RandomForestOptions()
        options.trees = 10
        options.maxDepth = 3
        options.classWeight = .balanced
        options.maxFeatures = .all
        options.bootstrap = false
        options.minSamplesLeaf = 5
        let model = try RandomForestClassifier.fit(split.train, options: options)
        // Depth 3: at most 7 internal nodes per tree.
        #expect(model.forest.nodes.count <= 7 * 10)
        // No bootstrap and all features: every tree is the same tree.
        #expect(Set(model.forest.roots.indices.map { tree -> Int in
            let next = tree + 1 < model.forest.roots.count ? Int(model.forest.roots[tree + 1]) : model.forest.nodes.count
            return next - Int(model.forest.roots[tree])
        }).count == 1)
        #expect(TreeFixtures.probabilityProblems(model, on: split.test.features) == nil)
        #expect(TreeFixtures.f1(model, on: split.test) > 0.3)
    }
}
