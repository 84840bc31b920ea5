// Autosave for the questionnaire page: a plain form that also saves in the background as the respondent answers.
// Without JavaScript the Save buttons do the same job; nothing here is needed for the page to work.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) return;
  var url = form.getAttribute("data-autosave");
  var status = form.querySelector("[data-save-status]");
  var csrf = form.querySelector("input[name=_csrf]");
  var pending = {};
  var timer = null;
  var inFlight = false;

  function say(text) { if (status) status.textContent = text; }
  function msg(name, values) {
    var text = form.getAttribute("data-msg-" + name) || "";
    Object.keys(values || {}).forEach(function (k) { text = text.split("{" + k + "}").join(values[k]); });
    return text;
  }
  function itemOf(el) {
    var fs = el.closest("[data-item]");
    return fs ? fs.getAttribute("data-item") : null;
  }
  function fieldsOf(itemId) {
    var data = {};
    ["current", "target", "importance", "comment"].forEach(function (f) {
      var name = f + "." + itemId;
      var els = form.querySelectorAll('[name="' + name.replace(/"/g, '\\"') + '"]');
      var value = "";
      Array.prototype.forEach.call(els, function (el) {
        if (el.type === "radio") { if (el.checked) value = el.value; } else value = el.value;
      });
      data[name] = value;
    });
    return data;
  }
  function updateProgress(progress) {
    var bar = document.querySelector("[data-progress] progress");
    var label = document.querySelector("[data-progress] .progress-label");
    if (bar) { bar.max = progress.total; bar.value = progress.answered; bar.textContent = progress.percent + "%"; }
    if (label) label.textContent = msg("progress", { answered: progress.answered, total: progress.total });
  }
  function flush() {
    timer = null;
    var items = Object.keys(pending);
    if (!items.length || inFlight) return;
    var body = { page: form.getAttribute("data-page") };
    items.forEach(function (id) { Object.assign(body, fieldsOf(id)); });
    pending = {};
    inFlight = true;
    say(msg("saving"));
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "x-csrf-token": csrf ? csrf.value : "" },
      body: JSON.stringify(body)
    }).then(function (res) {
      return res.json().then(function (json) { return { ok: res.ok, json: json }; });
    }).then(function (r) {
      inFlight = false;
      if (r.json && r.json.progress) updateProgress(r.json.progress);
      if (r.ok) {
        var time = new Date(r.json.savedAt).toLocaleTimeString(document.documentElement.lang, { hour: "2-digit", minute: "2-digit" });
        say(msg("saved", { time: time }));
      } else {
        say((r.json && (r.json.detail || r.json.error)) || msg("failed"));
      }
      if (Object.keys(pending).length) schedule();
    }).catch(function () {
      inFlight = false;
      // Offline or the server did not answer: keep the items and try again when the connection returns.
      items.forEach(function (id) { pending[id] = true; });
      say(msg("failed"));
    });
  }
  function schedule(delay) {
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, delay == null ? 600 : delay);
  }
  form.addEventListener("change", function (e) {
    var id = itemOf(e.target);
    if (!id) return;
    pending[id] = true;
    schedule();
  });
  form.addEventListener("input", function (e) {
    if (e.target.tagName !== "TEXTAREA") return;
    var id = itemOf(e.target);
    if (!id) return;
    pending[id] = true;
    schedule(1500);
  });
  window.addEventListener("online", function () { schedule(0); });
  form.addEventListener("submit", function () { if (timer) clearTimeout(timer); });
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
})();
