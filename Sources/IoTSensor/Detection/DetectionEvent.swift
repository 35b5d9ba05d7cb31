import Foundation

/// A window the model scored as an attack with enough confidence.
public struct WindowAlert: Sendable {
    public var timestamp: Double
    public var className: String
    /// The attack family (for a label model, the label's family; for a binary model, `Attack`).
    public var family: String
    public var probability: Float
    public var source: UInt32?
    public var destination: UInt32?
    public var protocolNumber: Int
    public var features: [Double]
}

/// Repeated alerts of the same attack between the same hosts, folded into one record.
public struct Incident: Sendable, Codable, Equatable {
    /// `<run>-<sequence>`; the run part (start time in ms and a random tag for the sensor,
    /// `svc-…` for the service) keeps ids unique across runs sharing a store.
    public var id: String
    public var className: String
    public var family: String
    public var sourceIP: String?
    public var destinationIP: String?
    public var protocolNumber: Int
    public var firstSeen: Double
    public var lastSeen: Double
    public var windows: Int
    public var peakProbability: Float
    public var modelIdentifier: String
    /// The features of the window with the peak probability.
    public var peakFeatures: [Double]

    public init(id: String, className: String, family: String, sourceIP: String?, destinationIP: String?, protocolNumber: Int,
                firstSeen: Double, lastSeen: Double, windows: Int, peakProbability: Float, modelIdentifier: String, peakFeatures: [Double]) {
        self.id = id
        self.className = className
        self.family = family
        self.sourceIP = sourceIP
        self.destinationIP = destinationIP
        self.protocolNumber = protocolNumber
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.windows = windows
        self.peakProbability = peakProbability
        self.modelIdentifier = modelIdentifier
        self.peakFeatures = peakFeatures
    }

    enum CodingKeys: String, CodingKey {
        case id, family, windows
        case className = "label", sourceIP = "src_ip", destinationIP = "dest_ip", protocolNumber = "proto"
        case firstSeen = "first_seen", lastSeen = "last_seen", peakProbability = "peak_probability"
        case modelIdentifier = "model_id", peakFeatures = "features"
    }
}
