// Draws the report's charts with Chart.js from the configurations the server put in data-chart attributes.
// Every chart also has a table and a caption, so the page reads fully without this script.
(function () {
  "use strict";
  if (!window.Chart) return;
  var root = document.documentElement;
  var isRtl = root.dir === "rtl";
  // Charts speak the page's language and font (Arabic glyphs need the page's Arabic font, not Chart.js's default).
  window.Chart.defaults.font.family = window.getComputedStyle(document.body).fontFamily;

  /** Right-to-left pages read charts from the right: legends and tooltips run rtl, the category axis starts on
   *  the right, horizontal bars grow leftwards, and the value axis sits on the right. */
  function mirror(config) {
    var options = config.options;
    options.plugins = options.plugins || {};
    options.plugins.legend = Object.assign({}, options.plugins.legend, { rtl: true, textDirection: "rtl" });
    options.plugins.tooltip = Object.assign({}, options.plugins.tooltip, { rtl: true, textDirection: "rtl" });
    if (config.type === "bar" || config.type === "line") {
      var scales = (options.scales = options.scales || {});
      scales.x = Object.assign({}, scales.x, { reverse: true });
      scales.y = Object.assign({}, scales.y, { position: "right" });
    }
  }

  /** Long radar labels are cut at the canvas edge: break them into lines of about 18 characters. */
  function wrapLabel(label) {
    if (typeof label !== "string" || label.length <= 18) return label;
    var lines = [];
    label.split(" ").forEach(function (word) {
      var last = lines[lines.length - 1];
      if (last !== undefined && (last + " " + word).length <= 18) lines[lines.length - 1] = last + " " + word;
      else lines.push(word);
    });
    return lines;
  }

  /** Bar charts fill their width and need a box of fixed height (a figure that grows with its canvas makes
   *  Chart.js grow the canvas again); horizontal bars get a row per category. */
  function boxFor(canvas, config) {
    var rows = (config.data && config.data.labels ? config.data.labels.length : 0) || 1;
    var horizontal = config.options.indexAxis === "y";
    var box = document.createElement("div");
    box.className = "chart-box";
    box.style.position = "relative";
    box.style.blockSize = (horizontal ? Math.max(220, rows * 34 + 90) : 340) + "px";
    canvas.parentNode.insertBefore(box, canvas);
    box.appendChild(canvas);
  }

  var canvases = document.querySelectorAll("canvas[data-chart]");
  Array.prototype.forEach.call(canvases, function (canvas) {
    try {
      var config = JSON.parse(canvas.getAttribute("data-chart"));
      config.options = config.options || {};
      // Western digits in Arabic, as in the tables, the PDF and src/i18n/format.ts.
      config.options.locale = root.lang === "ar" ? "ar-u-nu-latn" : root.lang;
      if (isRtl) mirror(config);
      if (config.type === "radar" && config.data && config.data.labels) config.data.labels = config.data.labels.map(wrapLabel);
      // A radar's labels sit beside the web, not above and below it: wider than tall fills its column without empty bands.
      if (config.type === "radar" && config.options.aspectRatio === undefined) config.options.aspectRatio = 1.35;
      if (config.options.maintainAspectRatio === false) boxFor(canvas, config);
      new window.Chart(canvas, config);
    } catch (error) {
      canvas.replaceWith(document.createTextNode(""));
    }
  });

  // A printed report shows every chart's data table: folded ones open for printing and fold back afterwards.
  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = Array.prototype.filter.call(document.querySelectorAll(".report-body details:not([open])"), function (details) {
      details.open = true;
      return true;
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (details) {
      details.open = false;
    });
    opened = [];
  });
})();
