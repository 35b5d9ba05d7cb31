import CTreeWalk

extension CompactForest {
    /// The top levels of the trees as 64-byte blocks of three levels each (the C kernel's
    /// `iot_top_block`), for batch scoring: a row steps down a block's three levels in one
    /// byte permute and one compare, where walking the nodes takes three dependent steps.
    /// Measured on the 18 M-node bench forest (C harness, one thread): the walk from the root
    /// took 18.96 ns per row and tree, the blocks over the top 6 levels then the walk from
    /// where they end 17.80 (9 levels: 17.76, deeper: slower, the blocks' exits spread).
    struct TopLevels: Sendable, Equatable {
        /// Blocks of 64 bytes: features (8), bins (8), exits (8 × Int32, little-endian), unused (16).
        let blocks: [UInt8]
        /// Per tree: its first block (`IOT_TOP_BLOCK` + index), or its root's position when
        /// the root is a leaf.
        let tops: [Int32]

        /// Block levels per tree: 2 blocks of 3 = the top 6 tree levels.
        static let depthInBlocks = 2
        static let blockBytes = MemoryLayout<iot_top_block>.stride
        /// One block for the top 3 levels, then one under each of its 8 exits.
        static let maxBlocksPerTree = 9

        /// Builds the blocks of `nodes` (compact layout) for trees `roots` (positions); `leafSlot`
        /// is the always-255 code slot. At most 1 + 8 = 9 blocks (576 bytes) per tree. A relay
        /// stands for its leaf (`leaf`). O(trees × 64).
        init(nodes: [Node], roots: [Int32], leafSlot: UInt8) {
            var builder = Builder(nodes: nodes, leafSlot: leafSlot)
            tops = roots.map { builder.encode($0, blockLevelsLeft: Self.depthInBlocks) }
            blocks = builder.blocks
        }

        private struct Builder {
            let nodes: [Node]
            let leafSlot: UInt8
            var blocks: [UInt8] = []

            /// The block for the subtree at position `node` (`IOT_TOP_BLOCK` + its index), or
            /// `node` itself where a walk should go on (a leaf, or the bottom of the block levels).
            mutating func encode(_ node: Int32, blockLevelsLeft: Int) -> Int32 {
                guard blockLevelsLeft > 0, node >= 0 else { return node }
                let block = blocks.count / TopLevels.blockBytes
                blocks.append(contentsOf: repeatElement(0, count: TopLevels.blockBytes))
                fill(block: block, position: 0, node: node, blockLevelsLeft: blockLevelsLeft)
                return Int32(IOT_TOP_BLOCK) + Int32(block)
            }

            /// Writes position `position` of `block` (heap order) and everything below it.
            mutating func fill(block: Int, position: Int, node relayed: Int32, blockLevelsLeft: Int) {
                let base = block * TopLevels.blockBytes, node = Self.leaf(behind: relayed, nodes: nodes, leafSlot: leafSlot)
                if position >= 7 {
                    let exit = UInt32(bitPattern: encode(node, blockLevelsLeft: blockLevelsLeft - 1))
                    for byte in 0..<4 { blocks[base + 16 + 4 * (position - 7) + byte] = UInt8(truncatingIfNeeded: exit >> (8 * byte)) }
                    return
                }
                if node < 0 {
                    // A leaf above the bottom: 255 > 255 is false, and both sides lead to it.
                    blocks[base + position] = leafSlot
                    blocks[base + 8 + position] = 255
                    fill(block: block, position: 2 * position + 1, node: node, blockLevelsLeft: blockLevelsLeft)
                    fill(block: block, position: 2 * position + 2, node: node, blockLevelsLeft: blockLevelsLeft)
                } else {
                    let here = nodes[Int(node)]
                    blocks[base + position] = here.feature
                    blocks[base + 8 + position] = here.bin
                    fill(block: block, position: 2 * position + 1, node: here.leftPosition(at: node), blockLevelsLeft: blockLevelsLeft)
                    fill(block: block, position: 2 * position + 2, node: here.right, blockLevelsLeft: blockLevelsLeft)
                }
            }

            /// The leaf behind the relay at `position`, else `position` itself.
            static func leaf(behind position: Int32, nodes: [Node], leafSlot: UInt8) -> Int32 {
                position >= 0 && nodes[Int(position)].feature == leafSlot ? nodes[Int(position)].right : position
            }
        }
    }

    /// Whether batch scoring steps the top levels in blocks on this CPU (`iot_top_levels_available`).
    var topLevelsAvailable: Bool { iot_top_levels_available(codeStride) != 0 }

    /// The position each of `count` binned rows (`codeStride` bytes apart, each readable for 64
    /// bytes) reaches below tree `tree`'s top blocks, into `starts` (the C kernel
    /// `iot_top_starts`). `blocks` is `topLevels.blocks`' base. O(count × 2).
    @inline(__always)
    static func topStarts(blocks: UnsafePointer<UInt8>, top: Int32, count: Int, codes: UnsafePointer<UInt8>, codeStride: Int,
                          starts: UnsafeMutablePointer<Int32>) {
        UnsafeRawPointer(blocks).withMemoryRebound(to: iot_top_block.self, capacity: 1) {
            iot_top_starts($0, top, count, codes, codeStride, starts)
        }
    }
}
