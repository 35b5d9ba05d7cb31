import IoTData

/// Maps a class name (a CICIoT2023 label or family) to its family name via the taxonomy.
enum LabelTaxonomyBridge {
    static func code(for name: String) -> String? {
        guard name != "Attack", let code = LabelTaxonomy.standard.code(for: name) else { return nil }
        return code.attackFamily?.name
    }
}
