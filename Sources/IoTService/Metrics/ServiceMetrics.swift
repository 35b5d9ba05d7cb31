import Foundation
import Prometheus

/// The service's Prometheus metrics, in their own registry (served at `/metrics`):
///
/// - `iotshield_records_ingested_total`
/// - `iotshield_predictions_total{class}`
/// - `iotshield_alerts_total{family}` (incidents opened)
/// - `iotshield_ingest_duration_seconds` (histogram, whole request: decode, score, store)
/// - `iotshield_ingest_in_flight` (gauge) and `iotshield_ingest_rejected_total` (429s)
/// - `iotshield_store_write_duration_seconds` (histogram)
/// - `iotshield_ingest_errors_total{status}` (4xx/5xx answers to ingest)
/// - `iotshield_capture_packets_total{source}`, `iotshield_capture_windows_total{source}` and
///   `iotshield_capture_kernel_drops{source}` (gauge) for packet sensors inside the service
///
/// Thread-safe (the registry locks).
public final class ServiceMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    let recordsIngested: Counter
    let rejected: Counter
    let inFlight: Gauge
    let ingestDuration: DurationHistogram
    let storeWriteDuration: DurationHistogram

    static let latencyBuckets: [Duration] = [
        .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5),
    ]

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        recordsIngested = registry.makeCounter(descriptor: Self.name("records_ingested", "total", "Flow records ingested and scored"))
        rejected = registry.makeCounter(descriptor: Self.name("ingest_rejected", "total", "Ingest requests refused with 429 (in-flight limit)"))
        inFlight = registry.makeGauge(descriptor: Self.name("ingest_in_flight", "", "Ingest requests being processed"))
        ingestDuration = registry.makeDurationHistogram(
            descriptor: Self.name("ingest_duration", "seconds", "Ingest request latency (decode, score, store)"), buckets: Self.latencyBuckets)
        storeWriteDuration = registry.makeDurationHistogram(
            descriptor: Self.name("store_write_duration", "seconds", "Incident store write latency"), buckets: Self.latencyBuckets)
    }

    /// `iotshield_<metric>_<unit>` (no unit suffix when `unit` is empty).
    static func name(_ metric: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "iotshield", metricName: metric, unitName: unit, helpText: help)
    }

    func ingested(records: Int) { recordsIngested.increment(by: Int64(records)) }

    /// `count` more predictions of `className` (one registry lookup per class and request).
    func prediction(className: String, count: Int = 1) {
        registry.makeCounter(descriptor: Self.name("predictions", "total", "Predictions per class"), labels: [("class", className)])
            .increment(by: Int64(count))
    }

    func alert(family: String) {
        registry.makeCounter(descriptor: Self.name("alerts", "total", "Incidents opened per family"), labels: [("family", family)]).increment()
    }

    func ingestError(status: Int) {
        registry.makeCounter(descriptor: Self.name("ingest_errors", "total", "Ingest requests answered with an error"), labels: [("status", String(status))])
            .increment()
    }

    /// A packet sensor's progress: `packets` and `windows` new since its previous report.
    func capture(source: String, packets: Int, windows: Int, kernelDrops: Int?) {
        let labels = [("source", source)]
        registry.makeCounter(descriptor: Self.name("capture_packets", "total", "Packets read by sensors inside the service"), labels: labels)
            .increment(by: Int64(max(0, packets)))
        registry.makeCounter(descriptor: Self.name("capture_windows", "total", "Feature windows scored by sensors inside the service"),
                             labels: labels).increment(by: Int64(max(0, windows)))
        if let kernelDrops {
            registry.makeGauge(descriptor: Self.name("capture_kernel_drops", "", "Packets the kernel dropped (live capture)"), labels: labels)
                .set(Double(kernelDrops))
        }
    }

    func rejectedRequest() { rejected.increment() }
    func setInFlight(_ value: Int) { inFlight.set(Double(value)) }
    func ingestLatency(_ duration: Duration) { ingestDuration.record(duration) }
    func storeWrite(_ duration: Duration) { storeWriteDuration.record(duration) }

    /// The text exposition format.
    public func render() -> [UInt8] { registry.emitToBuffer() }
}
