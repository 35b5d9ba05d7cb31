import IoTData
import Testing
@testable import IoTPrep

@Suite("The one-row pipeline plan")
struct PipelineRowPlanTests {
    /// The plan gives, bit for bit, what `Pipeline.apply` gives, for both scalers, on real
    /// rows and on rows with NaN, ±∞ and unseen protocol numbers put in.
    @Test(arguments: [ScalerKind.standard, .minMax, .none])
    func rowPlanEqualsPipelineApply(scaler: ScalerKind) throws {
        var options = PreparationOptions()
        options.balance = BalanceRecipe.none
        options.scaler = scaler
        options.threads = 2
        let dataset = try PrepFixtures.samplesDataset()
        let pipeline = try Preparer(options: options).prepare(dataset).pipeline
        let plan = PipelineRowPlan(pipeline)
        #expect(plan.inputWidth == pipeline.inputColumns.count)
        #expect(plan.outputWidth == pipeline.outputColumns.count)

        var input = dataset.features.rows(Array(0..<min(3000, dataset.features.rowCount)))
        var generator = SplitMix64(seed: 7)
        let specials: [Float] = [.nan, .infinity, -.infinity, 255, -3, 1e30]
        for row in stride(from: 0, to: input.rowCount, by: 3) {
            let column = Int(generator.next() % UInt64(input.columnCount))
            input.values[row * input.columnCount + column] = specials[Int(generator.next() % UInt64(specials.count))]
        }
        let expected = try pipeline.apply(input)
        var scratch = [Float](repeating: .nan, count: plan.scratchCount)
        var output = [Float](repeating: .nan, count: plan.outputWidth)
        var mismatches = 0
        for row in 0..<input.rowCount {
            input.values.withUnsafeBufferPointer { values in
                let one = UnsafeBufferPointer(rebasing: values[(row * input.columnCount)..<((row + 1) * input.columnCount)])
                output.withUnsafeMutableBufferPointer { out in
                    scratch.withUnsafeMutableBufferPointer { plan.apply(one, into: out, scratch: $0) }
                }
            }
            for c in 0..<plan.outputWidth where output[c].bitPattern != expected.values[row * plan.outputWidth + c].bitPattern {
                mismatches += 1
                if mismatches <= 5 { Issue.record("row \(row) \(expected.columnNames[c]): plan \(output[c]), apply \(expected.values[row * plan.outputWidth + c])") }
            }
        }
        #expect(mismatches == 0)
    }

    /// The blocked form (`apply(_:rows:blockRows:)`, which the preparer uses to keep
    /// intermediates small) gives the one-shot form's bits, for block sizes that divide the
    /// rows and that don't, on rows given out of order and repeated.
    @Test func blockedApplyEqualsOneShot() throws {
        var options = PreparationOptions()
        options.balance = BalanceRecipe.none
        let dataset = try PrepFixtures.samplesDataset()
        let pipeline = try Preparer(options: options).prepare(dataset).pipeline
        var generator = SplitMix64(seed: 11)
        let rows = (0..<5_000).map { _ in Int(generator.next() % UInt64(dataset.features.rowCount)) }
        let expected = try pipeline.apply(dataset.features.rows(rows))
        for block in [1, 7, 1_000, 4_999, 5_000, 65_536] {
            let blocked = try pipeline.apply(dataset.features, rows: rows, blockRows: block)
            #expect(blocked.rowCount == rows.count && blocked.columnNames == expected.columnNames)
            #expect(blocked.values.map(\.bitPattern) == expected.values.map(\.bitPattern), "block \(block)")
        }
    }
}
