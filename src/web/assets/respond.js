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

  function say(text) {
    if (status) status.textContent = text;
  }
  function msg(name, values) {
    var text = form.getAttribute("data-msg-" + name) || "";
    Object.keys(values || {}).forEach(function (k) {
      text = text.split("{" + k + "}").join(values[k]);
    });
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
        if (el.type === "radio") {
          if (el.checked) value = el.value;
        } else value = el.value;
      });
      data[name] = value;
    });
    return data;
  }
  function updateProgress(progress) {
    var bar = document.querySelector("[data-progress] progress");
    var label = document.querySelector("[data-progress] .progress-label");
    if (bar) {
      bar.max = progress.total;
      bar.value = progress.answered;
      bar.textContent = progress.percent + "%";
    }
    if (label) label.textContent = msg("progress", { answered: progress.answered, total: progress.total });
  }
  function flush() {
    timer = null;
    var items = Object.keys(pending);
    if (!items.length || inFlight) return;
    var body = { page: form.getAttribute("data-page") };
    items.forEach(function (id) {
      Object.assign(body, fieldsOf(id));
    });
    pending = {};
    inFlight = true;
    say(msg("saving"));
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "x-csrf-token": csrf ? csrf.value : "" },
      body: JSON.stringify(body),
    })
      .then(function (res) {
        return res.json().then(function (json) {
          return { ok: res.ok, json: json };
        });
      })
      .then(function (r) {
        inFlight = false;
        if (r.json && r.json.progress) updateProgress(r.json.progress);
        if (r.ok) {
          var time = new Date(r.json.savedAt).toLocaleTimeString(document.documentElement.lang, { hour: "2-digit", minute: "2-digit" });
          say(msg("saved", { time: time }));
        } else {
          say((r.json && (r.json.detail || r.json.error)) || msg("failed"));
        }
        if (Object.keys(pending).length) schedule();
      })
      .catch(function () {
        inFlight = false;
        // Offline or the server did not answer: keep the items and try again when the connection returns.
        items.forEach(function (id) {
          pending[id] = true;
        });
        say(msg("failed"));
      });
  }
  function schedule(delay) {
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, delay == null ? 600 : delay);
  }
  // A target below the current level is a legitimate answer, but noted as soon as both are set, so a slip shows.
  function noteTargetBelow(id) {
    var fs = form.querySelector('[data-item="' + id.replace(/"/g, '\\"') + '"]');
    var note = fs && fs.querySelector("[data-target-below]");
    if (!note) return;
    var current = fs.querySelector('[name^="current."]:checked');
    var target = fs.querySelector('[name^="target."]:checked');
    note.hidden = !(current && target && /^\d$/.test(current.value) && Number(target.value) < Number(current.value));
  }
  form.addEventListener("change", function (e) {
    var id = itemOf(e.target);
    if (!id) return;
    noteTargetBelow(id);
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
  window.addEventListener("online", function () {
    schedule(0);
  });

  // Relevance: a follow-up shows or hides as soon as the answer it depends on changes. Each conditional item carries
  // its condition as compact JSON (see clientCondition in src/responses/questionnaire.ts); an item hidden here reads
  // as not applicable to the conditions after it, as on the server. Its answer stays and returns when it applies again.
  var conditional = Array.prototype.slice.call(form.querySelectorAll("[data-relevance]"));
  var shownField = form.querySelector("[data-shown]");
  function checked(name) {
    var el = form.querySelector('[name="' + name.replace(/"/g, '\\"') + '"]:checked');
    return el ? el.value : "";
  }
  function stateOf(id) {
    var fs = form.querySelector('[data-item="' + id.replace(/"/g, '\\"') + '"]');
    if (!fs || fs.hidden) return { kind: "na" };
    var current = checked("current." + id);
    if (current === "na") return { kind: "na" };
    if (current === "dk") return { kind: "dontknow" };
    if (current === "") return { kind: "none" };
    var number = function (v) {
      return v === "" ? null : Number(v);
    };
    return { kind: "answered", current: Number(current), target: number(checked("target." + id)), importance: number(checked("importance." + id)) };
  }
  function valueOf(node) {
    if (typeof node === "number" || node === null) return node;
    var state = stateOf(node[1]);
    var value = state.kind === "answered" ? state[node[0]] : null;
    return typeof value === "number" ? value : null;
  }
  function holds(node) {
    if (node === true || node === false) return node;
    var op = node[0];
    if (op === "and") return node.slice(1).every(holds);
    if (op === "or") return node.slice(1).some(holds);
    if (op === "not") return !holds(node[1]);
    if (op === "answered") {
      var s = stateOf(node[1]);
      return s.kind === "answered" && typeof s.current === "number";
    }
    if (op === "na") return stateOf(node[1]).kind === "na";
    if (op === "dontknow") return stateOf(node[1]).kind === "dontknow";
    var left = valueOf(node[1]);
    var right = valueOf(node[2]);
    if (left === null || right === null) return false;
    switch (op) {
      case "=":
        return left === right;
      case "!=":
        return left !== right;
      case "<":
        return left < right;
      case "<=":
        return left <= right;
      case ">":
        return left > right;
      case ">=":
        return left >= right;
    }
    return false;
  }
  function applyRelevance() {
    var shown = [];
    // In document order: a condition reads only items before it, already decided.
    conditional.forEach(function (fs) {
      var condition;
      try {
        condition = JSON.parse(fs.getAttribute("data-relevance"));
      } catch (e) {
        return;
      }
      fs.hidden = !holds(condition);
      if (!fs.hidden) shown.push(fs.getAttribute("data-item"));
    });
    if (shownField) shownField.value = shown.join(" ");
  }
  if (conditional.length) form.addEventListener("change", applyRelevance);
  form.addEventListener("submit", function () {
    if (timer) clearTimeout(timer);
  });
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
})();

// Evidence: with JavaScript, Attach and Remove send only that item's evidence, in the background, so the respondent
// goes on answering meanwhile; without it they submit the page's form (answers and evidence saved together).
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData || !form.closest) return;
  var base = (form.getAttribute("data-autosave") || "").replace(/\/autosave$/, "/evidence");
  var csrf = form.querySelector("input[name=_csrf]");
  function say(panel, text, isError) {
    var status = panel.querySelector("[data-evidence-status]");
    if (!status) return;
    status.textContent = text;
    status.className = isError ? "field-error" : "hint";
  }
  form.addEventListener("click", function (e) {
    var button = e.target.closest && e.target.closest("[data-evidence-attach],[data-evidence-remove]");
    var panel = button && button.closest("[data-evidence]");
    if (!panel) return;
    e.preventDefault();
    var item = panel.getAttribute("data-evidence");
    var headers = { "x-csrf-token": csrf ? csrf.value : "", accept: "application/json" };
    var request;
    if (button.hasAttribute("data-evidence-attach")) {
      var data = new FormData();
      var file = panel.querySelector("input[type=file]");
      var link = panel.querySelector('input[name^="evidenceLink."]');
      var note = panel.querySelector('input[name^="evidenceNote."]');
      data.append("item", item);
      data.append("evidenceLink." + item, link ? link.value : "");
      data.append("evidenceNote." + item, note ? note.value : "");
      Array.prototype.forEach.call((file && file.files) || [], function (f) {
        data.append("evidenceFile." + item, f, f.name);
      });
      request = fetch(base, { method: "POST", credentials: "same-origin", headers: headers, body: data });
      say(panel, form.getAttribute("data-msg-attaching") || "", false);
    } else {
      headers["Content-Type"] = "application/json";
      request = fetch(base + "/" + encodeURIComponent(button.value.replace(/^remove:/, "")) + "/remove", {
        method: "POST",
        credentials: "same-origin",
        headers: headers,
        body: "{}",
      });
    }
    button.disabled = true;
    request
      .then(function (res) {
        return res.json().then(function (json) {
          return { ok: res.ok, json: json };
        });
      })
      .then(function (r) {
        button.disabled = false;
        if (!r.ok) return say(panel, (r.json && r.json.error) || form.getAttribute("data-msg-failed"), true);
        var list = panel.querySelector("[data-evidence-list]");
        if (list) list.innerHTML = r.json.list;
        Array.prototype.forEach.call(panel.querySelectorAll("input"), function (input) {
          input.value = "";
        });
        say(panel, form.getAttribute("data-msg-attached") || "", false);
      })
      .catch(function () {
        button.disabled = false;
        say(panel, form.getAttribute("data-msg-failed") || "", true);
      });
  });
})();
