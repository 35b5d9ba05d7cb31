import Testing

/// Every suite of this target nests here: `.serialized` because fits set OpenBLAS's
/// process-wide thread count, and the reproducibility tests need it not to change mid-fit.
@Suite(.serialized) enum DenseModelTests {}
