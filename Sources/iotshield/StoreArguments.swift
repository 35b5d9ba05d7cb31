import ArgumentParser
import IoTSensor
import IoTService

/// Where the alert store is: a SQLite file (`--db`, the default) or a PostgreSQL database
/// (`--postgres URL`) that several servers share. Used by `serve` and `token`.
struct StoreArguments: ParsableArguments {
    @Option(help: "SQLite alert database (incidents and tokens).")
    var db: String = "alerts.sqlite"

    @Option(help: ArgumentHelp(
        "PostgreSQL alert store instead of --db, e.g. postgres://iotshield@db.example/alerts?sslmode=verify-full.",
        discussion: "The password may come from PGPASSWORD instead of the URL (keeps it out of 'ps')."))
    var postgres: String?

    /// Sets the store in `configuration`.
    func apply(to configuration: inout ServiceConfiguration) {
        configuration.databasePath = db
        configuration.postgresURL = postgres
    }

    /// The store's tokens.
    /// - Throws: `RuntimeError` naming the store when it cannot be opened.
    func tokenStore() throws -> TokenStore {
        var configuration = ServiceConfiguration()
        apply(to: &configuration)
        do {
            return try TokenStore(database: configuration.openDatabase())
        } catch {
            throw RuntimeError("cannot open the alert store: \(error)")
        }
    }
}
