/// An inline SVG chart under construction: a plot area with an x and a y scale, gridlines, axes with
/// labelled ticks, a legend and marks with `<title>` tooltips. Every text it embeds is escaped here, so the
/// finished markup can go into the page unescaped. No `xmlns` or any other URL: the HTML parser puts
/// `<svg>` in the SVG namespace by itself.
struct SVGChart {
    /// One legend item: a short line in the series' color and dash, then the label.
    struct LegendEntry {
        var label: String
        var color: String
        var dash: String?
    }

    /// A point in data coordinates.
    struct Point {
        var x: Double
        var y: Double
    }

    /// Space around the plot area for tick labels, axis titles and the legend.
    struct Margins {
        var top: Double = 34
        var right: Double = 18
        var bottom: Double = 42
        var left: Double = 58
    }

    let width: Double
    let height: Double
    let margins: Margins
    /// The scales, their ranges set to the plot area.
    let x: ChartScale
    let y: ChartScale
    private let title: String
    private var marks = ""

    /// A chart of `width` × `height` pixels whose plot area maps `x` and `y` (their ranges are replaced).
    init(title: String, width: Double, height: Double, x: ChartScale, y: ChartScale, margins: Margins = Margins()) {
        self.title = title
        self.width = width
        self.height = height
        self.margins = margins
        var x = x, y = y
        x.rangeStart = margins.left
        x.rangeEnd = width - margins.right
        y.rangeStart = height - margins.bottom
        y.rangeEnd = margins.top
        self.x = x
        self.y = y
    }

    var plotLeft: Double { margins.left }
    var plotRight: Double { width - margins.right }
    var plotTop: Double { margins.top }
    var plotBottom: Double { height - margins.bottom }

    /// Horizontal gridlines and labels at `yTicks`, vertical ones at `xTicks`, the axis lines and titles.
    mutating func drawAxes(xTicks: [ChartScale.Tick], yTicks: [ChartScale.Tick], xTitle: String, yTitle: String) {
        for tick in yTicks {
            let position = Self.number(y.position(tick.value))
            marks += "<line x1=\"\(Self.number(plotLeft))\" x2=\"\(Self.number(plotRight))\" y1=\"\(position)\" y2=\"\(position)\" stroke=\"#e6e9ee\"/>"
            marks += "<text x=\"\(Self.number(plotLeft - 6))\" y=\"\(position)\" dy=\"0.32em\" text-anchor=\"end\" fill=\"#495057\">\(HTMLText.escape(tick.label))</text>"
        }
        for tick in xTicks {
            let position = Self.number(x.position(tick.value))
            marks += "<line x1=\"\(position)\" x2=\"\(position)\" y1=\"\(Self.number(plotTop))\" y2=\"\(Self.number(plotBottom))\" stroke=\"#eef0f3\"/>"
            marks += "<text x=\"\(position)\" y=\"\(Self.number(plotBottom + 15))\" text-anchor=\"middle\" fill=\"#495057\">\(HTMLText.escape(tick.label))</text>"
        }
        marks += "<path d=\"M\(Self.number(plotLeft)) \(Self.number(plotTop))V\(Self.number(plotBottom))H\(Self.number(plotRight))\" fill=\"none\" stroke=\"#868e96\"/>"
        if !xTitle.isEmpty {
            marks += "<text x=\"\(Self.number((plotLeft + plotRight) / 2))\" y=\"\(Self.number(height - 6))\" text-anchor=\"middle\" fill=\"#343a40\">\(HTMLText.escape(xTitle))</text>"
        }
        if !yTitle.isEmpty {
            let centre = Self.number((plotTop + plotBottom) / 2)
            marks += "<text transform=\"translate(13 \(centre)) rotate(-90)\" text-anchor=\"middle\" fill=\"#343a40\">\(HTMLText.escape(yTitle))</text>"
        }
    }

    /// A line through `points` (data coordinates), with a tooltip naming it.
    mutating func drawLine(_ points: [Point], color: String, width lineWidth: Double = 2, dash: String? = nil, tooltip: String) {
        guard !points.isEmpty else { return }
        let coordinates = points.map { Self.number(x.position($0.x)) + "," + Self.number(y.position($0.y)) }
        let dashAttribute = dash.map { " stroke-dasharray=\"\(HTMLText.escape($0))\"" } ?? ""
        marks += "<polyline points=\"\(coordinates.joined(separator: " "))\" fill=\"none\" stroke=\"\(HTMLText.escape(color))\" stroke-width=\"\(Self.number(lineWidth))\" stroke-linejoin=\"round\" stroke-linecap=\"round\"\(dashAttribute)><title>\(HTMLText.escape(tooltip))</title></polyline>"
    }

    /// A dot at `point` whose tooltip gives its exact value.
    mutating func drawMarker(_ point: Point, color: String, radius: Double = 3, tooltip: String) {
        marks += "<circle cx=\"\(Self.number(x.position(point.x)))\" cy=\"\(Self.number(y.position(point.y)))\" r=\"\(Self.number(radius))\" fill=\"\(HTMLText.escape(color))\" stroke=\"#fff\" stroke-width=\"1\"><title>\(HTMLText.escape(tooltip))</title></circle>"
    }

    /// A rectangle in pixel coordinates, with a tooltip.
    mutating func drawRect(left: Double, top: Double, width rectWidth: Double, height rectHeight: Double, color: String, tooltip: String) {
        marks += "<rect x=\"\(Self.number(left))\" y=\"\(Self.number(top))\" width=\"\(Self.number(max(0, rectWidth)))\" height=\"\(Self.number(max(0, rectHeight)))\" fill=\"\(HTMLText.escape(color))\" rx=\"1.5\"><title>\(HTMLText.escape(tooltip))</title></rect>"
    }

    /// Text at a pixel position.
    mutating func drawText(_ text: String, left: Double, baseline: Double, anchor: String = "start", color: String = "#343a40",
                           bold: Bool = false, tooltip: String? = nil) {
        let weight = bold ? " font-weight=\"600\"" : ""
        let title = tooltip.map { "<title>\(HTMLText.escape($0))</title>" } ?? ""
        marks += "<text x=\"\(Self.number(left))\" y=\"\(Self.number(baseline))\" text-anchor=\"\(HTMLText.escape(anchor))\" fill=\"\(HTMLText.escape(color))\"\(weight)>\(title)\(HTMLText.escape(text))</text>"
    }

    /// The legend, in one row above the plot area.
    mutating func drawLegend(_ entries: [LegendEntry]) {
        var left = plotLeft
        let baseline = 16.0
        for entry in entries {
            let dashAttribute = entry.dash.map { " stroke-dasharray=\"\(HTMLText.escape($0))\"" } ?? ""
            marks += "<line x1=\"\(Self.number(left))\" x2=\"\(Self.number(left + 20))\" y1=\"\(Self.number(baseline - 4))\" y2=\"\(Self.number(baseline - 4))\" stroke=\"\(HTMLText.escape(entry.color))\" stroke-width=\"3\"\(dashAttribute)/>"
            marks += "<text x=\"\(Self.number(left + 26))\" y=\"\(Self.number(baseline))\" fill=\"#343a40\">\(HTMLText.escape(entry.label))</text>"
            left += 26 + Double(entry.label.count) * 6.6 + 18
        }
    }

    /// The finished `<svg>` element: scales with the page width, keeps its aspect ratio.
    func render() -> String {
        "<svg class=\"chart\" viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\" width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" role=\"img\" aria-label=\"\(HTMLText.escape(title))\" font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif\" font-size=\"11\"><title>\(HTMLText.escape(title))</title>\(marks)</svg>"
    }

    /// A coordinate with at most one decimal, without a trailing ".0": keeps the markup small.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let rounded = (value * 10).rounded() / 10
        if rounded == rounded.rounded(), abs(rounded) < 1e12 { return String(Int(rounded)) }
        return String(rounded)
    }
}
