/// Where rejects go: with `--rejects FILE`, one JSON object a line (`source`, `position`, `id`,
/// `reason`, `detail`) in input order; without it, one line each on standard error.
public final class RejectLog {
    private let file: FileWriter?
    private let echo: (String) -> Void

    public init(path: String?, echo: @escaping (String) -> Void) throws {
        file = try path.map { try FileWriter(path: $0, capacity: 1 << 16) }
        self.echo = echo
    }

    public func record(_ reject: Reject) throws {
        if let file { try file.write(Self.jsonLine(reject)) } else { echo(reject.description) }
    }

    public func close() throws { try file?.close() }

    public static func jsonLine(_ reject: Reject) -> String {
        var json = "{\"source\":" + JSON.quote(reject.source)
        json += ",\"position\":" + (reject.position.map(String.init) ?? "null")
        json += ",\"id\":" + (reject.id.map(JSON.quote) ?? "null")
        json += ",\"reason\":" + JSON.quote(reject.reason.rawValue)
        json += ",\"detail\":" + (reject.detail.map(JSON.quote) ?? "null")
        return json + "}\n"
    }
}
