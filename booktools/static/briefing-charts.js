// Draws every chart on the page from its JSON spec with the locally shipped Vega bundle, at the width
// of the column it sits in, and draws it again when that width changes.
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
  // vega-embed pads its box on the right for the actions button (38 px in its stylesheet).
  var ACTIONS_GUTTER = 38;
  // Below this drawing width, side-by-side panels are stacked and facets get one column.
  var NARROW = 560;
  // Average glyph width as a share of the font size (bold titles are wider), for wrapping text
  // before Vega measures it.
  var GLYPH = 0.56;
  var GLYPH_BOLD = 0.64;
  // Category labels may take this share of the drawing's width, wrapped onto as many lines as they need.
  var LABEL_SHARE = 0.42;
  var LABEL_FONT = 12;
  var LINE_HEIGHT = 15;
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
    spec.title.text = wrap(spec.title.text, width, (config.fontSize || 16) * GLYPH_BOLD / GLYPH);
    if (spec.title.subtitle) spec.title.subtitle = wrap(spec.title.subtitle, width, config.subtitleFontSize || 12);
  }

  // Every value of `field` in the spec's inline datasets (Altair puts a chart's data there).
  function fieldValues(spec, field) {
    var values = [];
    Object.keys(spec.datasets || {}).forEach(function (name) {
      (spec.datasets[name] || []).forEach(function (row) {
        if (row && typeof row[field] === "string" && values.indexOf(row[field]) < 0) values.push(row[field]);
      });
    });
    return values;
  }

  function linesOf(text, maxPx, fontSize) {
    var lines = wrap(text, maxPx, fontSize);
    return Array.isArray(lines) ? lines : [text];
  }

  // A Vega expression giving each label as its lines, padded with blank lines to `height` lines and
  // centred within them, so that with labelOffset every label's block is centred on its row.
  function linesExpr(values, maxPx, fontSize, height) {
    var table = {};
    values.forEach(function (v) {
      var lines = linesOf(v, maxPx, fontSize);
      var before = Math.floor((height - lines.length) / 2);
      var padded = [];
      for (var i = 0; i < before; i++) padded.push("");
      padded = padded.concat(lines);
      while (padded.length < height) padded.push("");
      table[v] = padded;
    });
    return "(" + JSON.stringify(table) + ")[datum.label] || datum.label";
  }

  var LEGEND_CHANNELS = ["color", "fill", "stroke", "shape", "size", "strokeDash", "opacity"];

  // Long category labels on a y axis are wrapped onto several lines instead of being cut with "…",
  // and rows are made tall enough for them; legend labels and titles are wrapped to the room left.
  // Returns the room the y labels take (px), or 0 when none were wrapped.
  function wrapLabels(spec, root, width) {
    if (!spec || typeof spec !== "object") return 0;
    var taken = 0;
    var encoding = spec.encoding || {};
    var y = encoding.y;
    if (y && (y.type === "nominal" || y.type === "ordinal") && y.field && y.axis !== null &&
        !(y.axis && y.axis.labelExpr)) {
      var maxPx = Math.floor(width * LABEL_SHARE);
      var values = fieldValues(root, y.field);
      var height = values.reduce(function (n, v) { return Math.max(n, linesOf(v, maxPx, LABEL_FONT).length); }, 1);
      var long = values.some(function (v) { return v.length * LABEL_FONT * GLYPH > maxPx; });
      if (height > 1 || long) {
        taken = maxPx;
        y.axis = Object.assign({}, y.axis, {
          labelExpr: linesExpr(values, maxPx, LABEL_FONT, height),
          labelLimit: maxPx + 40, labelLineHeight: LINE_HEIGHT, labelFontSize: LABEL_FONT,
          labelOffset: -Math.round((height - 1) * LINE_HEIGHT / 2)
        });
        var needed = height * LINE_HEIGHT + 6;
        // With sub-rows (yOffset) the step is each sub-row's: the label needs its height over all of them.
        var offset = encoding.yOffset && encoding.yOffset.field;
        if (offset) needed = Math.ceil(needed / Math.max(1, fieldValues(root, offset).length));
        [spec, root].forEach(function (s) {
          if (s.height && typeof s.height === "object" && s.height.step && s.height.step < needed) s.height.step = needed;
        });
        if (!spec.height && !root.height) spec.height = { step: needed };
      }
    }
    var room = Math.max(100, width - (taken || Math.floor(width * 0.25)) - 50);
    // An axis title longer than the plot is wide would run past the chart's edges: wrap it.
    var x = encoding.x;
    if (x && x.axis !== null) {
      var xTitle = (x.axis && x.axis.title !== undefined) ? x.axis.title : x.title;
      if (typeof xTitle === "string" && xTitle.length * LABEL_FONT * GLYPH > room) {
        if (x.axis && x.axis.title !== undefined) x.axis.title = wrap(xTitle, room, LABEL_FONT);
        else x.title = wrap(xTitle, room, LABEL_FONT);
      }
    }
    LEGEND_CHANNELS.forEach(function (channel) {
      var def = encoding[channel];
      if (!def || def.legend === null) return;
      if (typeof def.title === "string") def.title = wrap(def.title, room, LABEL_FONT);
      if ((def.type === "nominal" || def.type === "ordinal") && def.field) {
        var values = fieldValues(root, def.field);
        if (values.some(function (v) { return v.length * LABEL_FONT * GLYPH > room - 30; })) {
          var table = values.reduce(function (t, v) { t[v] = linesOf(v, room - 30, LABEL_FONT); return t; }, {});
          def.legend = Object.assign({}, def.legend, {
            labelExpr: "(" + JSON.stringify(table) + ")[datum.label] || datum.label", labelLimit: room
          });
        }
      }
    });
    ["layer", "hconcat", "vconcat", "concat"].forEach(function (key) {
      (spec[key] || []).forEach(function (child) { taken = Math.max(taken, wrapLabels(child, root, width)); });
    });
    if (spec.spec) taken = Math.max(taken, wrapLabels(spec.spec, root, width));
    return taken;
  }

  function isComposite(spec) {
    return spec.hconcat || spec.vconcat || spec.concat || spec.facet || spec.repeat;
  }

  // Give every view in the spec a plot width that shares `width` between its columns.
  function setWidths(spec, width, narrow) {
    if (spec.hconcat) {
      // Stacked on a phone, unless one panel is a narrow key (under 60 px) that labels the rows of the
      // next: apart, the rows would lose their names.
      var keyed = spec.hconcat.some(function (child) { return typeof child.width === "number" && child.width < 60; });
      if (narrow && !keyed) {
        spec.vconcat = spec.hconcat;
        delete spec.hconcat;
        return setWidths(spec, width, narrow);
      }
      // Panels keep their proportions: a narrow key beside a wide timeline stays narrow.
      var given = spec.hconcat.map(function (child) { return typeof child.width === "number" ? child.width : 0; });
      var total = given.reduce(function (a, b) { return a + b; }, 0);
      spec.hconcat.forEach(function (child, i) {
        var share = total ? Math.floor(width * given[i] / total) : Math.floor(width / spec.hconcat.length);
        if (!total || given[i]) setWidths(child, Math.max(40, share), narrow);
      });
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
      // A panel drawn deliberately narrow (a key, under 60 px) keeps its width.
      if (!(typeof spec.width === "number" && spec.width < 60)) spec.width = Math.max(40, width);
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
    // Legends below the chart are stacked, not set side by side past its right edge.
    spec.config.legend = Object.assign({}, spec.config.legend, {
      labelLimit: Math.max(120, width - 60), titleLimit: Math.max(120, width - 60),
      layout: { bottom: { anchor: "start", direction: "vertical", margin: 10 } }
    });
    // Labels wrap to the whole width: panels narrowed after drawing keep their labels as they are.
    wrapLabels(spec, spec, width);
    // Room at the right for an axis's last label, which Vega centres on its tick at the plot's edge.
    if (spec.padding === undefined) spec.padding = { left: 5, top: 5, right: 18, bottom: 5 };
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
    var target = container.querySelector("." + FORMAT.canvas);
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
      container.setAttribute(FORMAT.drawn, "true");
      container.setAttribute(FORMAT.drawn + "-width", String(state.width));
    }).catch(function (err) {
      container.setAttribute(FORMAT.drawn, "error");
      target.textContent = "This chart could not be drawn: " + err;
      console.error("chart " + container.id + ":", err);
    });
  }

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
    container.briefingChart = { spec: spec, view: null, width: 0 };
    render(container, spec);
  }

  // Redraw a chart when its column changes width (window resized, phone turned, sidebar toggled),
  // once the change has settled: a redraw per animation frame would be wasted work.
  var pending = null;
  function redrawResized() {
    clearTimeout(pending);
    pending = setTimeout(function () {
      document.querySelectorAll("." + FORMAT.chart).forEach(function (container) {
        var state = container.briefingChart;
        if (!state || Math.abs(container.clientWidth - state.width) < 4) return;
        container.setAttribute(FORMAT.drawn, "redrawing");
        render(container, state.spec);
      });
    }, 200);
  }

  function drawAll() {
    document.querySelectorAll("." + FORMAT.chart).forEach(draw);
    window.addEventListener("resize", redrawResized);
  }

  if (window.briefingChartLoader) {
    // chart-loader.js loaded this file as the first chart neared the viewport; it hands over each
    // chart as it comes near.
    window.briefingChartLoader.drawWith(draw);
    window.addEventListener("resize", redrawResized);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
