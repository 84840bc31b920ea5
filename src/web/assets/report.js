// Draws the report's charts with Chart.js from the configurations the server put in data-chart attributes.
// Every chart also has a table and a caption, so the page reads fully without this script.
(function () {
  "use strict";
  if (!window.Chart) return;
  var canvases = document.querySelectorAll("canvas[data-chart]");
  Array.prototype.forEach.call(canvases, function (canvas) {
    try {
      var config = JSON.parse(canvas.getAttribute("data-chart"));
      config.options = config.options || {};
      config.options.locale = document.documentElement.lang;
      new window.Chart(canvas, config);
    } catch (error) {
      canvas.replaceWith(document.createTextNode(""));
    }
  });
})();
