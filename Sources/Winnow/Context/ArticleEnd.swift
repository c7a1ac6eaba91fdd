/// Where the article stops. A tag list, a comments heading or a "Related" heading closes an
/// article on most sites, and what follows it (reader comments, the author's box, teaser
/// blurbs) is prose the main region would otherwise take. Rules mark such lines with
/// `ends_article: true`; the first one that stands below most of the article's words
/// (`articleEndShare` of those the page would keep) ends it. One below less of the article is
/// taken for an inline box (an early tag line, a share bar under the standfirst) and ignored.
struct ArticleEnd {
    let settings: ContextSettings

    /// Index of the marker line that ends the article, or nil when none does.
    func marker(decisions: [DecisionCode], claims: [Claim?], features: [Features]) -> Int? {
        guard settings.articleEndShare > 0 else { return nil }
        // In place: two passes over every segment, without a check of the index at each read.
        return decisions.withUnsafeBufferPointer { decisions in
            features.withUnsafeBufferPointer { features in
                var total = 0
                for index in decisions.indices where decisions[index].label == .body { total += features[index].words }
                guard total > 0 else { return nil }
                let needed = Double(total) * settings.articleEndShare
                var above = 0
                for index in decisions.indices {
                    if decisions[index].label == .body {
                        above += features[index].words
                    } else if claims[index]?.endsArticle == true, Double(above) >= needed {
                        return index
                    }
                }
                return nil
            }
        }
    }
}
