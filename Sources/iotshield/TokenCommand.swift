import ArgumentParser
import Foundation
import IoTService

/// `iotshield token create|list|revoke`: API tokens in the alert database.
struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Create, list and revoke API tokens for the detection service.",
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a token; the token is the last word of the last line printed (shown once, stored hashed).")

        @Option(help: "ingest, read or admin.")
        var role: Role

        @OptionGroup var store: StoreArguments

        @Option(help: "A note to recognise the token by in 'token list'.")
        var label: String?

        func run() throws {
            let tokens = try store.tokenStore()
            let credential = try tokens.create(role: role, label: label)
            print("created \(role.rawValue) token \(credential.id) in \(tokens.database.location)")
            print("token: \(credential.text)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (ids and roles; secrets are never shown).")

        @OptionGroup var store: StoreArguments

        func run() throws {
            for entry in try store.tokenStore().list() {
                let created = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: entry.createdAt))
                let state = entry.revokedAt.map { "revoked " + ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: $0)) } ?? "active"
                print("\(entry.id)  \(entry.role.rawValue.padding(toLength: 6, withPad: " ", startingAt: 0))  \(created)  \(state)\(entry.label.map { "  \($0)" } ?? "")")
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by id; refused from the next request on.")

        @Argument(help: "Token id (the 8 hex digits after 'iots_').")
        var id: String

        @OptionGroup var store: StoreArguments

        func run() throws {
            let tokens = try store.tokenStore()
            guard try tokens.revoke(id: id) else { throw RuntimeError("no active token '\(id)' in \(tokens.database.location)") }
            print("revoked \(id)")
        }
    }
}

extension Role: ExpressibleByArgument {}
