/// What `FlowJSONReader.read` hands the records of a body to, as it reads them.
protocol FlowJSONSink {
    /// A list of records begins (a second `records` key in the top object starts over).
    mutating func beginList()
    /// Item `index` of the list, with the reader on it: the sink must read it
    /// (`reader.object` for an object, `reader.value()` for anything else).
    mutating func item(_ index: Int, reader: inout FlowJSONReader) throws
    /// A field (other than `records`) of an object at the top, `key` an index into
    /// `reader.keys`, with the reader on its value: the sink must read the value.
    mutating func topField(_ key: Int, reader: inout FlowJSONReader) throws
}
