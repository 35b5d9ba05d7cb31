#include "tree_walk.h"

enum { IOT_WALKERS = 8 };

void iot_tree_walk(const iot_tree_node *nodes, long count, const int32_t *starts, long start_stride,
                   const uint8_t *codes, long code_stride, int32_t *leaves) {
    int32_t at[IOT_WALKERS];
    const uint8_t *walker_codes[IOT_WALKERS];
    long walk[IOT_WALKERS];
    long next = 0, active = 0;
    for (int k = 0; k < IOT_WALKERS; k++) {
        if (next < count) {
            at[k] = starts[next * start_stride];
            walker_codes[k] = codes + next * code_stride;
            walk[k] = next++;
            active++;
        } else {
            at[k] = 0;
            walker_codes[k] = codes;
            walk[k] = -1;
        }
    }
    while (active > 0) {
#pragma clang loop unroll(full)
        for (int k = 0; k < IOT_WALKERS; k++) {
            const int32_t here = at[k];
            const iot_tree_node node = nodes[here];
            if (__builtin_expect(node.right == here, 0)) {
                // On its leaf: record it and start the next walk (or idle on the leaf).
                if (walk[k] >= 0) {
                    leaves[walk[k]] = here;
                    if (next < count) {
                        at[k] = starts[next * start_stride];
                        walker_codes[k] = codes + next * code_stride;
                        walk[k] = next++;
                    } else {
                        walk[k] = -1;
                        active--;
                    }
                }
                continue;
            }
            const int go_right = walker_codes[k][node.feature] > node.bin;
            at[k] = __builtin_unpredictable(go_right) ? node.right : here + 1;
        }
    }
}
