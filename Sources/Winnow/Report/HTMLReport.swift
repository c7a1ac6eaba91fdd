/// One self-contained HTML page about a run over a corpus: the per-label figures, the
/// confusion matrix as a chart, which rules and scorers decided how much (and how often
/// wrongly), and every page with its segments coloured by label, mistakes marked and the
/// deciding rule shown on hover. Inline CSS, JS and SVG only: it opens offline, from a file,
/// anywhere. Without gold labels it shows the labels alone.
public struct HTMLReport {
    public var title: String
    /// What rules made the labels, e.g. "defaults + mysite/ (42 rules)".
    public var rules: String

    struct SegmentEntry {
        var line: Int
        var text: String
        var decision: Decision
        var gold: Label?
        var score: Double
        var words: Int
        var wrong: Bool { gold.map { $0 != decision.label } ?? false }
    }

    struct PageEntry {
        var id: String
        var language: String?
        var segments: [SegmentEntry]
        var labelled: Bool
        var mistakes: Int { segments.filter(\.wrong).count }
    }

    struct DeciderTally {
        var label: Label
        var decided = 0
        var wrong = 0
    }

    private(set) var pages: [PageEntry] = []
    private(set) var evaluation = Evaluation()
    private(set) var predicted: [Label: Int] = [:]
    private(set) var deciders: [String: DeciderTally] = [:]
    private(set) var text = ShingleCounts()

    public init(title: String, rules: String) {
        self.title = title
        self.rules = rules
    }

    public mutating func add(_ page: ClassifiedPage) {
        var entries: [SegmentEntry] = []
        let decisions = page.decisions
        for (index, segment) in page.segments.enumerated() {
            let decision = decisions[index]
            let gold = page.gold?[index]
            entries.append(SegmentEntry(line: segment.line, text: segment.text, decision: decision, gold: gold,
                                        score: page.scores[index], words: page.features[index].words))
            predicted[decision.label, default: 0] += 1
            let key = decision.source.description
            deciders[key, default: DeciderTally(label: decision.label)].decided += 1
            if let gold, gold != decision.label { deciders[key]!.wrong += 1 }
        }
        if let gold = page.gold {
            evaluation.add(gold: gold, predicted: page.decisions.map(\.label))
            let goldText = zip(page.segments, gold).filter { $0.1 == .body }.map(\.0.text).joined(separator: "\n")
            text += ShingleScorer().score(predicted: page.text(), gold: goldText)
        }
        pages.append(PageEntry(id: page.id, language: page.language, segments: entries, labelled: page.gold != nil))
    }

    var labelledPages: Int { pages.filter(\.labelled).count }
    var segmentCount: Int { pages.reduce(0) { $0 + $1.segments.count } }

    public func render() -> String {
        var html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        html += "<title>\(HTMLText.escape(title))</title>\n<style>\(ReportAssets.css)</style>\n</head>\n<body>\n"
        html += header()
        html += "<main>\n"
        html += summary()
        html += pagesSection()
        html += "</main>\n<script>\(ReportAssets.script)</script>\n</body>\n</html>\n"
        return html
    }

    func header() -> String {
        let mistakes = pages.filter { $0.mistakes > 0 }.count
        var meta = ["\(pages.count) page\(pages.count == 1 ? "" : "s")", "\(segmentCount) segments", "rules: \(HTMLText.escape(rules))"]
        if labelledPages > 0 { meta.append("\(labelledPages) labelled, \(mistakes) with mistakes") }
        return "<header><h1>\(HTMLText.escape(title))</h1><p class=\"meta\">\(meta.joined(separator: " · "))</p>\(legend())</header>\n"
    }

    func legend() -> String {
        var html = "<div class=\"legend\" role=\"group\" aria-label=\"labels (click to hide or show)\">"
        for label in Label.allCases {
            html += "<button type=\"button\" class=\"chip l-\(label.rawValue)\" data-label=\"\(label.rawValue)\" title=\"hide or show \(label.rawValue) segments\">\(label.rawValue) <span class=\"n\">\(predicted[label] ?? 0)</span></button>"
        }
        return html + "<span class=\"legend-note\">counts: segments given each label · click to hide</span></div>"
    }

    func summary() -> String {
        var html = "<section class=\"summary\">\n"
        if labelledPages > 0 {
            html += "<div class=\"cards\">"
            html += card("macro F1", HTMLText.number(evaluation.macroF1), "mean F1 of the five labels")
            html += card("accuracy", HTMLText.number(evaluation.accuracy), "segments labelled right")
            html += card("article text F1", HTMLText.number(text.f1), "4-token shingles of the body lines")
            html += card("wrong segments", "\(evaluation.segments - Label.allCases.reduce(0) { $0 + evaluation.count(gold: $1, predicted: $1) })", "of \(evaluation.segments)")
            html += "</div>\n<div class=\"row\">\n<div class=\"panel\"><h2>Per-label figures</h2>\(figuresTable())</div>\n"
            html += "<div class=\"panel\"><h2>Confusion matrix</h2>\(ConfusionChart(evaluation: evaluation).svg())</div>\n</div>\n"
        } else {
            html += "<div class=\"row\"><div class=\"panel\"><h2>Labels</h2>\(distributionTable())<p class=\"note\">No gold labels: give labelled pages (*.labels) to see precision, recall and mistakes.</p></div></div>\n"
        }
        html += "<div class=\"panel\"><h2>Deciders</h2>\(decidersTable())</div>\n"
        return html + "</section>\n"
    }

    func card(_ name: String, _ value: String, _ note: String) -> String {
        "<div class=\"card\"><div class=\"value\">\(value)</div><div class=\"name\">\(name)</div><div class=\"note\">\(HTMLText.escape(note))</div></div>"
    }

    func bar(_ value: Double, _ label: Label) -> String {
        "<span class=\"bar\"><span class=\"fill l-\(label.rawValue)-fill\" style=\"width:\(String(format: "%.1f", 100 * value))%\"></span></span>"
    }

    func figuresTable() -> String {
        var html = "<table class=\"figures\"><thead><tr><th>label</th><th>precision</th><th>recall</th><th>F1</th><th></th><th>gold</th><th>predicted</th></tr></thead><tbody>"
        for label in Label.allCases {
            let s = evaluation.scores(for: label)
            let predictedCount = Label.allCases.reduce(0) { $0 + evaluation.count(gold: $1, predicted: label) }
            html += "<tr><td><span class=\"tag l-\(label.rawValue)\">\(label.rawValue)</span></td><td>\(HTMLText.number(s.precision))</td><td>\(HTMLText.number(s.recall))</td><td><b>\(HTMLText.number(s.f1))</b></td><td class=\"barcell\">\(bar(s.f1, label))</td><td>\(s.support)</td><td>\(predictedCount)</td></tr>"
        }
        html += "</tbody><tfoot><tr><td>macro F1</td><td></td><td></td><td><b>\(HTMLText.number(evaluation.macroF1))</b></td><td class=\"barcell\">\(bar(evaluation.macroF1, .body))</td><td>\(evaluation.segments)</td><td></td></tr></tfoot></table>"
        return html
    }

    func distributionTable() -> String {
        let total = max(1, segmentCount)
        var html = "<table class=\"figures\"><thead><tr><th>label</th><th>segments</th><th>share</th><th></th></tr></thead><tbody>"
        for label in Label.allCases {
            let n = predicted[label] ?? 0
            html += "<tr><td><span class=\"tag l-\(label.rawValue)\">\(label.rawValue)</span></td><td>\(n)</td><td>\(HTMLText.percent(Double(n) / Double(total)))</td><td class=\"barcell\">\(bar(Double(n) / Double(total), label))</td></tr>"
        }
        return html + "</tbody></table>"
    }

    func decidersTable() -> String {
        let rows = deciders.sorted { ($0.value.decided, $1.key) > ($1.value.decided, $0.key) }
        let labelled = labelledPages > 0
        var html = "<table class=\"deciders\"><thead><tr><th>rule or scorer</th><th>label</th><th>segments</th>"
        if labelled { html += "<th>wrong</th><th>precision</th>" }
        html += "</tr></thead><tbody>"
        for (index, row) in rows.enumerated() {
            let hidden = index >= 12 ? " class=\"more\"" : ""
            html += "<tr\(hidden)><td class=\"mono\">\(HTMLText.escape(row.key))</td><td><span class=\"tag l-\(row.value.label.rawValue)\">\(row.value.label.rawValue)</span></td><td>\(row.value.decided)</td>"
            if labelled {
                let precision = row.value.decided == 0 ? 0 : Double(row.value.decided - row.value.wrong) / Double(row.value.decided)
                html += "<td>\(row.value.wrong)</td><td class=\"\(precision < 0.5 ? "poor" : "")\">\(HTMLText.number(precision))</td>"
            }
            html += "</tr>"
        }
        html += "</tbody></table>"
        if rows.count > 12 { html += "<button type=\"button\" class=\"linkish\" id=\"more-deciders\">show all \(rows.count) deciders</button>" }
        return html
    }

    func pagesSection() -> String {
        var html = "<section class=\"pages\">\n<div class=\"toolbar\">"
        html += "<h2>Pages</h2>"
        html += "<input type=\"search\" id=\"filter\" placeholder=\"filter pages by name\" aria-label=\"filter pages by name\">"
        if labelledPages > 0 {
            html += "<label><input type=\"checkbox\" id=\"only-pages\"> only pages with mistakes</label>"
            html += "<label><input type=\"checkbox\" id=\"only-wrong\"> only wrong segments</label>"
            html += "<select id=\"sort\" aria-label=\"sort pages\"><option value=\"name\">sort by name</option><option value=\"mistakes\">sort by mistakes</option></select>"
        }
        html += "<button type=\"button\" id=\"expand\">expand all</button><button type=\"button\" id=\"collapse\">collapse all</button>"
        html += "<span class=\"hint\">hover a segment to see the rule or scorer that decided it</span></div>\n<div id=\"page-list\">\n"
        for (index, page) in pages.enumerated() { html += pageHTML(page, index: index) }
        return html + "</div>\n</section>\n"
    }

    func pageHTML(_ page: PageEntry, index: Int) -> String {
        let mistakes = page.mistakes
        var html = "<details class=\"page\" id=\"page-\(index + 1)\" data-name=\"\(HTMLText.escape(page.id.lowercased()))\" data-mistakes=\"\(mistakes)\" data-order=\"\(index)\">"
        html += "<summary><span class=\"pname\">\(HTMLText.escape(page.id))</span>"
        html += "<span class=\"pmeta\">\(page.language ?? "?") · \(page.segments.count) segments</span>"
        if page.labelled {
            let accuracy = page.segments.isEmpty ? 1 : Double(page.segments.count - mistakes) / Double(page.segments.count)
            html += mistakes == 0 ? "<span class=\"ok\">all right</span>" : "<span class=\"bad\">\(mistakes) wrong · \(HTMLText.percent(accuracy)) right</span>"
        }
        html += "<span class=\"minimap\" aria-hidden=\"true\">"
        for segment in page.segments { html += "<i class=\"l-\(segment.decision.label.rawValue)-fill\(segment.wrong ? " x" : "")\"></i>" }
        html += "</span></summary>\n<ol class=\"segments\">"
        for segment in page.segments {
            let d = segment.decision
            var by = "\(d.label.rawValue) by \(d.source)"
            if let runnerUp = d.runnerUp { by += " · runner-up \(runnerUp.rawValue)" }
            by += String(format: " · score %.2f", segment.score) + " · \(segment.words) word\(segment.words == 1 ? "" : "s")"
            if let gold = segment.gold { by += segment.wrong ? " · gold \(gold.rawValue) ✗" : " · gold \(gold.rawValue) ✓" }
            html += "<li class=\"seg l-\(d.label.rawValue)\(segment.wrong ? " wrong" : "")\" data-by=\"\(HTMLText.escape(by))\">"
            html += "<span class=\"ln\">\(segment.line)</span><span class=\"lab\">\(d.label.rawValue)</span><span class=\"txt\">\(HTMLText.escape(segment.text))</span>"
            if segment.wrong, let gold = segment.gold { html += "<span class=\"gold l-\(gold.rawValue)\">✗ gold \(gold.rawValue)</span>" }
            html += "</li>"
        }
        return html + "</ol></details>\n"
    }
}
