import ArgumentParser
import Winnow

/// A comma-separated list of labels, as `--keep body,tags` takes it.
struct LabelList: ExpressibleByArgument {
    var labels: Set<Label>

    init?(argument: String) {
        var labels = Set<Label>()
        for name in argument.split(separator: ",") {
            guard let label = Label(name: name.trimmingCharacters(in: .whitespaces)) else { return nil }
            labels.insert(label)
        }
        guard !labels.isEmpty else { return nil }
        self.labels = labels
    }

    static var defaultValueDescription: String { "body" }
    static var allValueStrings: [String] { Label.allCases.map(\.rawValue) }
}

extension Label: ExpressibleByArgument {}
extension OutputFormat: ExpressibleByArgument {}
extension InputFormat: ExpressibleByArgument {}

import Foundation
