import CBLAS
import Foundation

/// The dense-math entry points of the linear models and the network: single-precision
/// matrix products through OpenBLAS (`cblas_sgemm`), and OpenBLAS's thread count.
///
/// All matrices are row-major `Float` buffers. OpenBLAS splits a product across its threads
/// by output blocks, never along the summed dimension, so a product's result depends only
/// on its operands and the thread count: fits are bit-for-bit reproducible for a fixed seed
/// and `threads`.
public enum BLAS {
    /// OpenBLAS's current thread count (process-wide).
    public static var threadCount: Int { Int(openblas_get_num_threads()) }

    /// Sets OpenBLAS's thread count for the whole process (clamped to at least 1).
    ///
    /// Process-wide state: fits that run concurrently should ask for the same count.
    /// Changing it while another thread is inside a BLAS call is not supported by OpenBLAS.
    public static func setThreadCount(_ count: Int) {
        let wanted = Int32(clamping: max(1, count))
        if openblas_get_num_threads() != wanted { openblas_set_num_threads(wanted) }
    }

    /// The default for the models' `threads` option: the active cores, at most 8 (the
    /// products here — batches of a few hundred rows × a few hundred columns — stop
    /// scaling beyond that).
    public static var defaultThreadCount: Int { max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8)) }

    /// Runs `body` with OpenBLAS set to `count` threads, then restores the previous count.
    static func withThreadCount<T>(_ count: Int, _ body: () throws -> T) rethrows -> T {
        let previous = threadCount
        setThreadCount(count)
        defer { setThreadCount(previous) }
        return try body()
    }

    /// `C = alpha · op(A) · op(B) + beta · C`, row-major, where `op(A)` is `m × k`, `op(B)` is
    /// `k × n` and `C` is `m × n`; `lda`, `ldb`, `ldc` are the row strides of the stored
    /// (untransposed) matrices. O(m·n·k); multithreaded by OpenBLAS for large products.
    /// Empty products leave `C` as `beta · C`.
    @inline(__always)
    static func gemm(
        transposeA: Bool = false, transposeB: Bool = false, m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        guard m > 0, n > 0 else { return }
        guard k > 0 else {
            for row in 0..<m {
                for column in 0..<n { c[row * ldc + column] = beta == 0 ? 0 : beta * c[row * ldc + column] }
            }
            return
        }
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
    }
}
