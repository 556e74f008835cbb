// Loads the Vega bundle (about 900 KB) only when a chart is about to scroll into view, and hands each
// chart to briefing-charts.js as it comes near. A reader who never scrolls to a chart never pays for
// it, and the first paint of a chart page costs no more than that of a page without charts. Each
// chart's canvas already has its drawn height (a <style> rule written at build time), so nothing moves.
// No inline script and no other host: the three scripts are this site's, next to this file.
"use strict";
(function () {
  var charts = document.querySelectorAll(".briefing-chart");
  if (!charts.length) return;
  // In order: the interpreter and the drawing code need Vega.
  var SCRIPTS = ["vega-bundle.js", "vega-interpreter.js", "briefing-charts.js"];
  // How far ahead of the viewport a chart starts loading: a screenful on a phone, so that the chart
  // is usually drawn before it is seen.
  var AHEAD = "0px 0px 100% 0px";
  var base = document.currentScript.src.replace(/chart-loader\.js(\?.*)?$/, "");
  var draw = null;
  var waiting = [];
  var requested = false;

  // briefing-charts.js calls this once it has run, with its function that draws one chart.
  window.briefingChartLoader = {
    drawWith: function (drawOne) {
      draw = drawOne;
      waiting.splice(0).forEach(draw);
    }
  };

  function fail(src) {
    waiting.splice(0).forEach(function (container) {
      container.setAttribute("data-drawn", "error");
      container.querySelector(".briefing-chart-canvas").textContent =
        "This chart could not be drawn: " + src + " did not load.";
    });
  }

  function request() {
    if (requested) return;
    requested = true;
    SCRIPTS.forEach(function (name) {
      var script = document.createElement("script");
      script.src = base + name;
      script.async = false; // fetched at once, run in this order
      script.onerror = function () { fail(script.src); };
      document.head.appendChild(script);
    });
  }

  function near(container) {
    if (container.hasAttribute("data-queued")) return;
    container.setAttribute("data-queued", "");
    if (draw) {
      draw(container);
    } else {
      waiting.push(container);
      request();
    }
  }

  if (!("IntersectionObserver" in window)) {
    charts.forEach(near);
    return;
  }
  var observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) {
        observer.unobserve(entry.target);
        near(entry.target);
      }
    });
  }, { rootMargin: AHEAD });
  charts.forEach(function (container) { observer.observe(container); });
  // A printed page shows every chart.
  window.addEventListener("beforeprint", function () { charts.forEach(near); });
})();
