import Foundation
import Testing
@testable import IoTService

/// The hand-written `IngestResponse` JSON against `JSONEncoder` (the service's configuration).
@Suite struct IngestResponseJSONTests {
    static func response(sensor: String?) -> IngestResponse {
        IngestResponse(
            model_id: "rf-family-3f2a", records: 3, attacks: 2, incidents: ["svc-1-ab12-g1-1", "svc-1-ab12-g1-2"],
            predictions: [
                Prediction(record: 0, class: "BenignTraffic", family: "Benign", probability: 0.93, is_attack: false,
                           incident_id: nil, src_ip: nil, dest_ip: nil, sensor: sensor),
                Prediction(record: 1, class: "DDoS-SYN_Flood", family: "DDoS", probability: 1, is_attack: true,
                           incident_id: "svc-1-ab12-g1-1", src_ip: "192.168.1.7", dest_ip: "10.0.0.1", sensor: sensor),
                Prediction(record: 2, class: "Recon-PortScan", family: "Recon", probability: 0.56789124, is_attack: true,
                           incident_id: "svc-1-ab12-g1-2", src_ip: "fe80::1", dest_ip: nil, sensor: nil),
            ])
    }

    @Test func sameBytesAsJSONEncoder() throws {
        let answer = Self.response(sensor: "gateway-7")
        let expected = try JSONResponse.data(answer)
        #expect(answer.jsonBytes() == Array(expected), "\(String(decoding: answer.jsonBytes(), as: UTF8.self))\n\(String(decoding: expected, as: UTF8.self))")
    }

    @Test(arguments: ["quote\"back\\slash", "tab\tnew\nline\rcr", "bell\u{07}nul\u{00}esc\u{1B}", "ünïcødé ✓ 🛡", "</script>"])
    func hostileSensorNamesRoundTrip(name: String) throws {
        let answer = Self.response(sensor: name)
        let decoded = try JSONDecoder().decode(IngestResponse.self, from: Data(answer.jsonBytes()))
        #expect(decoded == answer)
    }
}
