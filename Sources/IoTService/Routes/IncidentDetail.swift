import IoTSensor

/// `GET /v1/alerts/{id}`: the incident's fields, plus `actions` — what the response policy
/// did about it (webhook queued/retrying/delivered/failed, block added/extended/skipped/
/// expired/applied), oldest first; empty without a policy.
struct IncidentDetail: Encodable, Sendable {
    var incident: Incident
    var actions: [ResponseAction]

    enum CodingKeys: String, CodingKey { case actions }

    func encode(to encoder: any Encoder) throws {
        try incident.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(actions, forKey: .actions)
    }
}
