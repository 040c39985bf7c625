"""What a browser test or a measurement asks of a page's charts, in the page itself."""

# Every text element of every chart's SVG: the pairs that overlap, and any that pass the
# SVG's edge, by their boxes as drawn.
CHART_TEXT_CLASHES = """() => {
    const clashes = [];
    const charts = "figure .chart-frame > svg, figure .chart-scroll > svg";
    for (const svg of document.querySelectorAll(charts)) {
        const box = svg.getBoundingClientRect();
        const texts = [...svg.querySelectorAll("text")].map(
            text => [text.textContent, text.getBoundingClientRect()]);
        for (const [text, rect] of texts) {
            if (rect.left < box.left - 0.5 || rect.right > box.right + 0.5
                || rect.top < box.top - 0.5 || rect.bottom > box.bottom + 0.5) {
                clashes.push("outside: " + text);
            }
        }
        for (let i = 0; i < texts.length; i++) {
            for (let j = i + 1; j < texts.length; j++) {
                const [a, ra] = texts[i], [b, rb] = texts[j];
                const across = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
                const down = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
                if (across > 0.5 && down > 0.5) clashes.push("overlap: " + a + " / " + b);
            }
        }
    }
    return clashes;
}"""
