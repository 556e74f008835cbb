// Draws every chart on the page from its JSON spec with the locally shipped Vega bundle.
// No inline script and no other host: the spec is data, this file is the only code.
"use strict";
(function () {
  // The chart container's format, defined in analysis/chart_html.py (JS_FORMAT); a test keeps them equal.
  var FORMAT = {"canvas": "briefing-chart-canvas", "chart": "briefing-chart", "drawn": "data-drawn", "spec": "briefing-chart-spec"};
  var EMBED_OPTIONS = {
    renderer: "svg",
    // "Open in editor" and "view source" would send readers (and the spec) to another host.
    actions: { export: true, source: false, compiled: false, editor: false },
    // Evaluate Vega expressions with vega-interpreter instead of compiling them with Function(),
    // so the page's Content-Security-Policy needs no 'unsafe-eval'.
    ast: true,
    expr: window.vegaExpressionInterpreter
  };

  function draw(container) {
    var target = container.querySelector("." + FORMAT.canvas);
    var specBlock = container.querySelector("script." + FORMAT.spec);
    var spec;
    try {
      spec = JSON.parse(specBlock.textContent);
    } catch (err) {
      container.setAttribute(FORMAT.drawn, "error");
      target.textContent = "This chart could not be read: " + err;
      console.error("chart " + container.id + ":", err);
      return;
    }
    window.vegaEmbed(target, spec, EMBED_OPTIONS).then(function () {
      // vega-embed's actions menu is an icon only; give it a name screen readers can announce.
      target.querySelectorAll("details > summary").forEach(function (summary) {
        summary.setAttribute("aria-label", "Chart actions: save as SVG or PNG");
      });
      container.setAttribute(FORMAT.drawn, "true");
    }).catch(function (err) {
      container.setAttribute(FORMAT.drawn, "error");
      target.textContent = "This chart could not be drawn: " + err;
      console.error("chart " + container.id + ":", err);
    });
  }

  function drawAll() {
    document.querySelectorAll("." + FORMAT.chart).forEach(draw);
  }

  if (window.briefingChartLoader) {
    // chart-loader.js loaded this file as the first chart neared the viewport; it hands over each
    // chart as it comes near.
    window.briefingChartLoader.drawWith(draw);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
