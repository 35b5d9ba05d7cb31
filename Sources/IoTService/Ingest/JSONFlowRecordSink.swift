/// Builds `FlowRecord`s from the fields `FlowJSONReader` hands it, with the rules of
/// `FeatureResolver` (v2 by name; a v1 record's `Duration` for `Time_To_Live`, `IGMP` 0).
///
/// A record's values go into one reused scratch row as they are read (a JSON number is stored
/// at once; anything else is kept and judged when the record ends), so a record costs its
/// feature array and nothing per field. Errors keep the order of a two-pass decoder: per
/// record, missing features before invalid ones, each the first in v2 order, then `ts`,
/// `src_ip`, `dest_ip`, `sensor`; across the body, the first failing record wins, and
/// malformed JSON anywhere, too many records or no records come before any record's error (the
/// record error is kept in `firstError` and the rest of the body is only checked, not built).
struct JSONFlowRecordSink: FlowJSONSink {
    typealias Value = FlowJSONReader.Value
    typealias KeyRole = FlowRecordDecoder.KeyRole

    let maxRecords: Int
    /// Records built, in order (up to the first failing record or `maxRecords`).
    private(set) var records: [FlowRecord] = []
    /// Items in the record list (or 1 for a single record object).
    private(set) var count = 0
    /// The first record's error, by record index.
    private(set) var firstError: ServiceError?

    /// What each interned key (`FlowJSONReader.keys`) means.
    private var roles: [KeyRole] = []
    /// The record being read: slots 0..<39 the v2 features, slot 39 v1's `Duration`.
    private var values = [Double](repeating: 0, count: 40)
    /// Per slot: 0 absent, 1 a number in `values`, 2 another value in `others`.
    private var status = [UInt8](repeating: 0, count: 40)
    private var others = [Value?](repeating: nil, count: 40)
    private var hasOthers = false
    private var isV1 = false
    private var source: Value?, dest: Value?, dst: Value?, sensor: Value?, ts: Value?, timestamp: Value?

    init(maxRecords: Int) {
        self.maxRecords = maxRecords
    }

    mutating func beginList() {
        records.removeAll(keepingCapacity: true)
        count = 0
        firstError = nil
    }

    mutating func item(_ index: Int, reader: inout FlowJSONReader) throws {
        count = index + 1
        guard firstError == nil, index < maxRecords else {
            _ = try reader.value()
            return
        }
        guard reader.isAtObject() else {
            _ = try reader.value()
            firstError = ServiceError.invalidShape("record \(index) is not an object", record: index)
            return
        }
        if index == 0 { records.reserveCapacity(min(maxRecords, 1_024)) }
        beginRecord()
        try reader.object { reader, key in try self.field(key, reader: &reader) }
        finishRecord(index)
    }

    mutating func topField(_ key: Int, reader: inout FlowJSONReader) throws {
        try field(key, reader: &reader)  // the scratch row starts clear: no beginRecord needed
    }

    /// The top object was a single record (its fields came through `topField`).
    mutating func finishTopRecord() {
        count = 1
        if maxRecords >= 1 { finishRecord(0) }
    }

    // MARK: one record

    private mutating func beginRecord() {
        for slot in 0..<40 { status[slot] = 0 }
        if hasOthers {
            for slot in 0..<40 { others[slot] = nil }
            hasOthers = false
        }
        isV1 = false
        source = nil; dest = nil; dst = nil; sensor = nil; ts = nil; timestamp = nil
    }

    private mutating func field(_ key: Int, reader: inout FlowJSONReader) throws {
        while roles.count <= key { roles.append(KeyRole(key: reader.keys[roles.count])) }
        switch roles[key] {
        case .feature(let slot): try read(slot, reader: &reader)
        case .v1Duration: isV1 = true; try read(39, reader: &reader)
        case .v1Only: isV1 = true; _ = try reader.value()
        case .sourceIP: source = try reader.value()
        case .destIP: dest = try reader.value()
        case .dstIP: dst = try reader.value()
        case .sensor: sensor = try reader.value()
        case .ts: ts = try reader.value()
        case .timestamp: timestamp = try reader.value()
        case .ignored: _ = try reader.value()
        }
    }

    /// A feature value into `slot` (a repeated key: the last value counts).
    @inline(__always)
    private mutating func read(_ slot: Int, reader: inout FlowJSONReader) throws {
        let value = try reader.value()
        if case .number(let number) = value {  // finite: the reader refuses numbers beyond Double's range
            values[slot] = number
            status[slot] = 1
        } else {
            others[slot] = value
            status[slot] = 2
            hasOthers = true
        }
    }

    /// Judges the record read since `beginRecord`: appended, or kept as `firstError`.
    private mutating func finishRecord(_ index: Int) {
        do {
            records.append(try record(index))
        } catch let error as ServiceError {
            firstError = error
        } catch {
            firstError = ServiceError.invalidShape("record \(index): \(error)", record: index)
        }
    }

    private mutating func record(_ index: Int) throws -> FlowRecord {
        let ttl = FeatureResolver.timeToLiveIndex, igmp = FeatureResolver.igmpIndex
        for slot in 0..<39 where status[slot] == 0 {
            if isV1, slot == ttl, status[39] != 0 {
                (values[slot], status[slot], others[slot]) = (values[39], status[39], others[39])
            } else if isV1, slot == igmp {
                values[slot] = 0
            } else {
                throw ServiceError.missingFeature(field: FeatureResolver.publishedName(slot), record: index)
            }
        }
        if hasOthers {
            for slot in 0..<39 where status[slot] == 2 {
                values[slot] = try FlowRecordDecoder.number(others[slot], field: FeatureResolver.publishedName(slot), record: index)
            }
        }
        let time: Double?
        if let value = ts ?? timestamp, value != .null {
            time = try FlowRecordDecoder.number(value, field: "ts", record: index)
        } else {
            time = nil
        }
        let features = values.withUnsafeBufferPointer { Array($0.prefix(39)) }
        return FlowRecord(
            features: features, sourceIP: try FlowRecordDecoder.text(source, field: "src_ip", record: index),
            destinationIP: try FlowRecordDecoder.text(dest ?? dst, field: "dest_ip", record: index),
            sensor: try FlowRecordDecoder.text(sensor, field: "sensor", record: index), timestamp: time)
    }
}
