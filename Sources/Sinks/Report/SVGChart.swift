/// Inline SVG charts for the HTML report: no scripts, no external resources.
enum SVGChart {
    /// Horizontal bars, one per (label, value), scaled to the largest value.
    static func bars(_ items: [(label: String, count: Int)], color: (String) -> String = { _ in "#3b6ea5" }, id: String) -> String {
        guard !items.isEmpty else { return empty(id) }
        let rowHeight = 22, labelWidth = 340, barWidth = 360
        let height = items.count * rowHeight + 8
        let maximum = max(1, items.map(\.count).max()!)
        var svg = "<svg id=\"\(id)\" class=\"chart\" role=\"img\" viewBox=\"0 0 \(labelWidth + barWidth + 70) \(height)\" width=\"\(labelWidth + barWidth + 70)\" height=\"\(height)\">"
        for (index, item) in items.enumerated() {
            let y = index * rowHeight + 4
            let width = max(1, item.count * barWidth / maximum)
            svg += "<text x=\"\(labelWidth - 6)\" y=\"\(y + 15)\" text-anchor=\"end\">\(shorten(item.label, 48).htmlEscaped)</text>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 2)\" width=\"\(width)\" height=\"\(rowHeight - 6)\" fill=\"\(color(item.label))\"><title>\(item.label.htmlEscaped): \(item.count)</title></rect>"
            svg += "<text x=\"\(labelWidth + width + 6)\" y=\"\(y + 15)\">\(item.count)</text>"
        }
        return svg + "</svg>"
    }

    /// Vertical columns over an ordered axis (days, score bins), labels under every few columns.
    static func columns(_ items: [(label: String, count: Int)], id: String, color: String = "#3b6ea5") -> String {
        guard !items.isEmpty else { return empty(id) }
        let plotHeight = 160, width = 700
        let columnWidth = Double(width - 40) / Double(items.count)
        let maximum = max(1, items.map(\.count).max()!)
        let labelEvery = max(1, Int((90 / columnWidth).rounded(.up)))
        var svg = "<svg id=\"\(id)\" class=\"chart\" role=\"img\" viewBox=\"0 0 \(width) \(plotHeight + 40)\" width=\"\(width)\" height=\"\(plotHeight + 40)\">"
        svg += "<text x=\"0\" y=\"12\">\(maximum)</text><line x1=\"30\" y1=\"\(plotHeight)\" x2=\"\(width)\" y2=\"\(plotHeight)\" stroke=\"#999\"/>"
        for (index, item) in items.enumerated() {
            let barHeight = item.count * (plotHeight - 10) / maximum
            let x = 34 + Double(index) * columnWidth
            let x1 = String(format1(x)), w = String(format1(max(1, columnWidth - 1)))
            svg += "<rect x=\"\(x1)\" y=\"\(plotHeight - barHeight)\" width=\"\(w)\" height=\"\(barHeight)\" fill=\"\(color)\"><title>\(item.label.htmlEscaped): \(item.count)</title></rect>"
            if index % labelEvery == 0 {
                svg += "<text x=\"\(x1)\" y=\"\(plotHeight + 16)\" font-size=\"10\">\(item.label.htmlEscaped)</text>"
            }
        }
        return svg + "</svg>"
    }

    /// A coordinate with one decimal.
    private static func format1(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    private static func empty(_ id: String) -> String {
        "<svg id=\"\(id)\" class=\"chart\" role=\"img\" width=\"300\" height=\"30\"><text x=\"0\" y=\"20\">no data</text></svg>"
    }

    private static func shorten(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }
}
