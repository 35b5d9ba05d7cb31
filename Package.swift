// swift-tools-version:6.0
// IoTShield — real-time intrusion detection for IoT networks, trained on CICIoT2023.
import PackageDescription

let optimise: [SwiftSetting] = [.unsafeFlags(["-Ounchecked", "-wmo"], .when(configuration: .release))]

let package = Package(
    name: "IoTShield",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "iotshield", targets: ["iotshield"]),
        .library(name: "IoTData", targets: ["IoTData"]),
        .library(name: "IoTModels", targets: ["IoTModels"]),
        .library(name: "IoTPlot", targets: ["IoTPlot"]),
        .library(name: "IoTPrep", targets: ["IoTPrep"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    ],
    targets: [
        // System libraries, installed by `make deps` through apt.
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        // OpenBLAS through its CBLAS header: the dense math of the linear models and the network.
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CPcap", providers: [.apt(["libpcap-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        // Data layer: schema, taxonomy, CSV scanner, column store.
        .target(name: "IoTData", dependencies: ["CZstd"], swiftSettings: optimise),

        // Models: the Classifier contract, trees, linear models, the dense network, model files.
        .target(name: "IoTModels", dependencies: ["IoTData", "IoTPrep", "CBLAS"], swiftSettings: optimise),

        // Evaluation: metrics, ROC/AUC, confusion matrices, reports.
        .target(name: "IoTEval", dependencies: ["IoTData", "IoTPrep", "IoTModels", "IoTPlot"], swiftSettings: optimise),

        // Sensor: packet capture, decoding, CICIoT2023 window features, detection, alerts.
        .target(
            name: "IoTSensor",
            dependencies: ["IoTData", "IoTPrep", "IoTModels", "CPcap", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: optimise),
        // Pictures for reports: raster canvas, bitmap font, PNG (zlib) and SVG, charts.
        .target(name: "IoTPlot", dependencies: ["CZlib"], swiftSettings: optimise),
        // Honest learning pipeline: splits, fit/transform transformers, balancing, Pipeline.
        .target(name: "IoTPrep", dependencies: ["IoTData"], swiftSettings: optimise),

        // The command-line tool: wires subcommands to library entry points.
        .executableTarget(
            name: "iotshield",
            dependencies: [
                "IoTData", "IoTPrep", "IoTModels", "IoTEval", "IoTSensor",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: optimise),

        .testTarget(name: "IoTDataTests", dependencies: ["IoTData"]),
        .testTarget(name: "IoTEvalTests", dependencies: ["IoTEval", "IoTModels", "IoTPrep", "IoTData"]),
        .testTarget(name: "IoTSensorTests", dependencies: ["IoTSensor", "IoTData"]),
        // Tree models on the real samples: quality, reproducibility, coding; IOTSHIELD_TREE_BENCH=1 adds the benchmark.
        .testTarget(name: "IoTModelsTreeTests", dependencies: ["IoTModels", "IoTData"]),
        // Linear models and the dense network on the real samples; scikit-learn fixture in Tests/Fixtures.
        .testTarget(name: "IoTModelsLinearTests", dependencies: ["IoTModels", "IoTData"]),
        // Runs the built `iotshield` binary: exit codes, messages, JSON output.
        .testTarget(name: "IoTShieldCLITests", dependencies: ["iotshield"]),
        .testTarget(name: "IoTPlotTests", dependencies: ["IoTPlot", "CZlib"]),
        .testTarget(name: "IoTPrepTests", dependencies: ["IoTPrep", "IoTData"]),
    ]
)
