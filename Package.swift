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
        .library(name: "IoTService", targets: ["IoTService"]),
        .library(name: "IoTStorePostgres", targets: ["IoTStorePostgres"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
    ],
    targets: [
        // System libraries, installed by `make deps` through apt.
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        // OpenBLAS through its CBLAS header: the dense math of the linear models and the network.
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CPcap", providers: [.apt(["libpcap-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // libpq, PostgreSQL's own client library: the shared alert store (README, "Written by hand, and why").
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),

        // Single-row fused multiply-add kernels (C: Swift cannot enable FMA per function).
        .target(name: "CDenseKernels"),
        // Branch-free lockstep tree walks (C: Swift cannot mark a choice unpredictable).
        .target(name: "CTreeWalk"),
        // The CSV scanner's vector path (C: Swift has no movemask nor per-function AVX2).
        .target(name: "CFieldScan"),

        // Data layer: schema, taxonomy, CSV scanner, column store.
        .target(name: "IoTData", dependencies: ["CZstd", "CFieldScan"], swiftSettings: optimise),

        // Models: the Classifier contract, trees, linear models, the dense network, model files.
        .target(name: "IoTModels", dependencies: ["IoTData", "IoTPrep", "CBLAS", "CDenseKernels", "CTreeWalk"], swiftSettings: optimise),

        // Evaluation: metrics, ROC/AUC, confusion matrices, reports.
        .target(name: "IoTEval", dependencies: ["IoTData", "IoTPrep", "IoTModels", "IoTPlot"], swiftSettings: optimise),

        // Sensor: packet capture, decoding, CICIoT2023 window features, detection, alerts.
        .target(
            name: "IoTSensor",
            dependencies: ["IoTData", "IoTPrep", "IoTModels", "CPcap", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: optimise),
        // The alert store in PostgreSQL (libpq), for several servers sharing one store.
        .target(name: "IoTStorePostgres", dependencies: ["IoTSensor", "CLibPQ"]),
        // Detection service: Hummingbird app with ingest and alert APIs, tokens, WebSocket push,
        // Prometheus metrics, the dashboard page and mitigation.
        .target(
            name: "IoTService",
            dependencies: [
                "IoTData", "IoTModels", "IoTSensor", "IoTStorePostgres",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        // Pictures for reports: raster canvas, bitmap font, PNG (zlib) and SVG, charts.
        .target(name: "IoTPlot", dependencies: ["CZlib"], swiftSettings: optimise),
        // Honest learning pipeline: splits, fit/transform transformers, balancing, Pipeline.
        .target(name: "IoTPrep", dependencies: ["IoTData"], swiftSettings: optimise),

        // The command-line tool: wires subcommands to library entry points.
        .executableTarget(
            name: "iotshield",
            dependencies: [
                "IoTData", "IoTPrep", "IoTModels", "IoTEval", "IoTSensor", "IoTService", "IoTStorePostgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: optimise),

        .testTarget(name: "IoTDataTests", dependencies: ["IoTData"]),
        .testTarget(name: "IoTEvalTests", dependencies: ["IoTEval", "IoTModels", "IoTPrep", "IoTData"]),
        // The sensor, the alert store (SQLite, and PostgreSQL when scripts/with-postgres.sh runs a server) and mitigation.
        .testTarget(name: "IoTSensorTests", dependencies: ["IoTSensor", "IoTData", "IoTStorePostgres"]),
        // Tree models on the real samples: quality, reproducibility, coding (speed: `make bench`).
        .testTarget(name: "IoTModelsTreeTests", dependencies: ["IoTModels", "IoTData", "CTreeWalk"]),
        // Linear models and the dense network on the real samples; scikit-learn fixture in Tests/Fixtures.
        .testTarget(name: "IoTModelsLinearTests", dependencies: ["IoTModels", "IoTData"]),
        // Runs the built `iotshield` binary: exit codes, messages, JSON output.
        .testTarget(name: "IoTShieldCLITests", dependencies: ["iotshield"]),
        // Starts the real server on a loopback port and talks HTTP/WebSocket to it.
        .testTarget(
            name: "IoTServiceTests",
            dependencies: [
                "IoTService", "IoTSensor", "IoTData", "IoTStorePostgres", "iotshield",
                // HTTP and WebSocket clients are the tests' own (LoopbackClient.swift), not
                // HummingbirdTesting/HummingbirdWSClient: those pull async-http-client,
                // swift-nio-ssl and swift-nio-http2 into every CI build.
                .product(name: "Hummingbird", package: "hummingbird"),
            ]),
        .testTarget(name: "IoTPlotTests", dependencies: ["IoTPlot", "CZlib"]),
        .testTarget(name: "IoTPrepTests", dependencies: ["IoTPrep", "IoTData"]),
    ]
)
