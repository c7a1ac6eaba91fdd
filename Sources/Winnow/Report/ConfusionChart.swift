/// The confusion matrix as an SVG heat map: rows are gold labels, columns predicted labels;
/// each cell shows its count and is shaded by its share of the row, green on the diagonal
/// (right) and red off it (wrong).
struct ConfusionChart {
    let evaluation: Evaluation

    func svg() -> String {
        let labels = Label.allCases
        let cell = 74, left = 104, top = 58
        let width = left + cell * labels.count + 12, height = top + cell * labels.count + 34
        var svg = "<svg class=\"confusion\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-label=\"Confusion matrix\" xmlns=\"http://www.w3.org/2000/svg\">"
        svg += "<text x=\"\(left + cell * labels.count / 2)\" y=\"14\" class=\"axis\" text-anchor=\"middle\">predicted</text>"
        svg += "<text x=\"14\" y=\"\(top + cell * labels.count / 2)\" class=\"axis\" text-anchor=\"middle\" transform=\"rotate(-90 14 \(top + cell * labels.count / 2))\">gold</text>"
        for (column, label) in labels.enumerated() {
            svg += "<text x=\(quote(left + column * cell + cell / 2)) y=\"\(top - 10)\" text-anchor=\"middle\" class=\"tick l-\(label.rawValue)-text\">\(label.rawValue)</text>"
        }
        for (row, gold) in labels.enumerated() {
            let total = labels.reduce(0) { $0 + evaluation.count(gold: gold, predicted: $1) }
            let y = top + row * cell
            svg += "<text x=\"\(left - 8)\" y=\"\(y + cell / 2 + 4)\" text-anchor=\"end\" class=\"tick l-\(gold.rawValue)-text\">\(gold.rawValue)</text>"
            for (column, predicted) in labels.enumerated() {
                let count = evaluation.count(gold: gold, predicted: predicted)
                let share = total == 0 ? 0 : Double(count) / Double(total)
                let x = left + column * cell
                let right = row == column
                let colour = right ? "46,160,67" : "207,34,46"
                let alpha = count == 0 ? 0.0 : 0.12 + 0.78 * share
                let strong = alpha > 0.55
                svg += "<g><title>gold \(gold.rawValue), predicted \(predicted.rawValue): \(count) segments (\(HTMLText.percent(share)) of gold \(gold.rawValue))</title>"
                svg += "<rect x=\"\(x + 1)\" y=\"\(y + 1)\" width=\"\(cell - 2)\" height=\"\(cell - 2)\" rx=\"4\" fill=\"rgba(\(colour),\(String(format: "%.2f", alpha)))\" stroke=\"#d0d7de\"/>"
                svg += "<text x=\"\(x + cell / 2)\" y=\"\(y + cell / 2)\" text-anchor=\"middle\" class=\"count\(strong ? " strong" : "")\">\(count)</text>"
                svg += "<text x=\"\(x + cell / 2)\" y=\"\(y + cell / 2 + 16)\" text-anchor=\"middle\" class=\"share\(strong ? " strong" : "")\">\(total == 0 ? "" : HTMLText.percent(share))</text></g>"
            }
        }
        svg += "<text x=\"\(left)\" y=\"\(height - 10)\" class=\"note\">shade: share of the gold row · green: right · red: wrong</text>"
        return svg + "</svg>"
    }

    private func quote(_ value: Int) -> String { "\"\(value)\"" }
}
