// Draws every chart on the page from its JSON spec with the locally shipped Vega bundle, at the width
// of the column it sits in, and draws it again when that width changes.
// No inline script and no other host: the spec is data, this file is the only code.
"use strict";
(function () {
  var EMBED_OPTIONS = {
    renderer: "svg",
    // "Open in editor" and "view source" would send readers (and the spec) to another host.
    actions: { export: true, source: false, compiled: false, editor: false },
    // Evaluate Vega expressions with vega-interpreter instead of compiling them with Function(),
    // so the page's Content-Security-Policy needs no 'unsafe-eval'.
    ast: true,
    expr: window.vegaExpressionInterpreter
  };
  // vega-embed pads its box on the right for the actions button (38 px in its stylesheet).
  var ACTIONS_GUTTER = 38;
  // Below this drawing width, side-by-side panels are stacked and facets get one column.
  var NARROW = 560;
  // Average glyph width as a share of the font size, for wrapping titles before Vega measures them.
  var GLYPH = 0.56;
  var MAX_FITS = 3;

  function clone(value) {
    return JSON.parse(JSON.stringify(value));
  }

  // Greedy word wrap: Vega draws an array of strings as lines, but never wraps a string itself.
  function wrap(text, maxPx, fontSize) {
    if (Array.isArray(text)) {
      return text.reduce(function (lines, t) { return lines.concat(wrap(t, maxPx, fontSize)); }, []);
    }
    if (typeof text !== "string") return text;
    var perLine = Math.max(12, Math.floor(maxPx / (fontSize * GLYPH)));
    var lines = [], line = "";
    text.split(/\s+/).forEach(function (word) {
      if (line && (line + " " + word).length > perLine) {
        lines.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    });
    if (line) lines.push(line);
    return lines.length > 1 ? lines : text;
  }

  function wrapTitle(spec, width) {
    var config = (spec.config && spec.config.title) || {};
    if (typeof spec.title === "string") spec.title = { text: spec.title };
    if (!spec.title) return;
    spec.title.text = wrap(spec.title.text, width, config.fontSize || 16);
    if (spec.title.subtitle) spec.title.subtitle = wrap(spec.title.subtitle, width, config.subtitleFontSize || 12);
  }

  function isComposite(spec) {
    return spec.hconcat || spec.vconcat || spec.concat || spec.facet || spec.repeat;
  }

  // Give every view in the spec a plot width that shares `width` between its columns.
  function setWidths(spec, width, narrow) {
    if (spec.hconcat) {
      if (narrow) {
        spec.vconcat = spec.hconcat;
        delete spec.hconcat;
        return setWidths(spec, width, narrow);
      }
      var share = Math.floor(width / spec.hconcat.length);
      spec.hconcat.forEach(function (child) { setWidths(child, share, narrow); });
    } else if (spec.vconcat) {
      spec.vconcat.forEach(function (child) { setWidths(child, width, narrow); });
    } else if (spec.concat) {
      if (narrow) spec.columns = 1;
      var n = Math.min(spec.columns || spec.concat.length, spec.concat.length);
      spec.concat.forEach(function (child) { setWidths(child, Math.floor(width / n), narrow); });
    } else if (spec.facet || spec.repeat) {
      if (narrow) spec.columns = 1;
      var columns = spec.columns || 1;
      if (spec.facet && (spec.facet.column || spec.facet.row)) columns = spec.facet.column ? 3 : 1;
      setWidths(spec.spec, Math.floor(width / columns), narrow);
    } else {
      spec.width = Math.max(40, width);
      if (spec.usermeta && spec.usermeta.aspect) spec.height = Math.round(spec.width * spec.usermeta.aspect);
    }
  }

  // The spec as drawn `width` px wide. A single or layered view is fitted exactly by Vega (autosize
  // "fit" counts axes and legends); panels are given a share of the width and corrected after drawing.
  function fitted(original, width, plotWidth) {
    var spec = clone(original);
    var narrow = width < NARROW;
    wrapTitle(spec, width);
    spec.config = spec.config || {};
    // Labels may take up to 40% of a narrow chart, legends the whole width: nothing is cut at the edge.
    spec.config.legend = Object.assign({}, spec.config.legend, { labelLimit: Math.max(120, width - 60) });
    if (isComposite(spec)) {
      setWidths(spec, plotWidth, narrow);
    } else {
      spec.width = width;
      if (spec.usermeta && spec.usermeta.aspect) spec.height = Math.round(width * spec.usermeta.aspect);
      spec.autosize = { type: "fit-x", contains: "padding" };
    }
    return spec;
  }

  // The chart's block in the text column: the canvas itself becomes vega-embed's inline-block, which
  // grows with what it holds, so it cannot be measured for the room available.
  function available(container) {
    return Math.max(200, Math.floor(container.clientWidth) - ACTIONS_GUTTER);
  }

  function drawnWidth(target) {
    var svg = target.querySelector("svg");
    return svg ? svg.getBoundingClientRect().width : 0;
  }

  function announceActions(target) {
    // vega-embed's actions menu is an icon only; give it a name screen readers can announce.
    target.querySelectorAll("details > summary").forEach(function (summary) {
      summary.setAttribute("aria-label", "Chart actions: save as SVG or PNG");
    });
  }

  // Draw at the column's width; panels are redrawn narrower by what their labels added, until they fit.
  function render(container, spec) {
    var target = container.querySelector(".briefing-chart-canvas");
    var width = available(container);
    var state = container.briefingChart;
    state.width = container.clientWidth;
    var attempt = 0;

    function once(plotWidth) {
      if (state.view) state.view.finalize();
      return window.vegaEmbed(target, fitted(spec, width, plotWidth), EMBED_OPTIONS).then(function (result) {
        state.view = result;
        var overflow = drawnWidth(target) - width;
        attempt += 1;
        if (isComposite(spec) && overflow > 1 && attempt < MAX_FITS && plotWidth - overflow > 60) {
          return once(Math.floor(plotWidth - overflow - 2));
        }
        return result;
      });
    }

    return once(width).then(function () {
      announceActions(target);
      container.setAttribute("data-drawn", "true");
      container.setAttribute("data-drawn-width", String(state.width));
    }).catch(function (err) {
      container.setAttribute("data-drawn", "error");
      target.textContent = "This chart could not be drawn: " + err;
      console.error("chart " + container.id + ":", err);
    });
  }

  function draw(container) {
    var target = container.querySelector(".briefing-chart-canvas");
    var specBlock = container.querySelector("script.briefing-chart-spec");
    var spec;
    try {
      spec = JSON.parse(specBlock.textContent);
    } catch (err) {
      container.setAttribute("data-drawn", "error");
      target.textContent = "This chart could not be read: " + err;
      console.error("chart " + container.id + ":", err);
      return;
    }
    container.briefingChart = { spec: spec, view: null, width: 0 };
    render(container, spec);
  }

  // Redraw a chart when its column changes width (window resized, phone turned, sidebar toggled),
  // once the change has settled: a redraw per animation frame would be wasted work.
  var pending = null;
  function redrawResized() {
    clearTimeout(pending);
    pending = setTimeout(function () {
      document.querySelectorAll(".briefing-chart").forEach(function (container) {
        var state = container.briefingChart;
        if (!state || Math.abs(container.clientWidth - state.width) < 4) return;
        container.setAttribute("data-drawn", "redrawing");
        render(container, state.spec);
      });
    }, 200);
  }

  function drawAll() {
    document.querySelectorAll(".briefing-chart").forEach(draw);
    window.addEventListener("resize", redrawResized);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
