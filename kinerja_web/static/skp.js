// The SKP editor. Every form works without this script (full page and redirect);
// with it, the forms inside [data-editor] are sent in the background and the
// server's fragment replaces the editor (or the edited RHK / indicator row), so
// the page does not reload and the add-forms stay open for the next entry.
//
// Catalogue picks fill every field the entry knows (name, unit, aspect, target
// type, default target, direction, evidence, roll-up), never overwriting what
// the person typed. The roll-up follows the target type and unit (as
// planning/forms.py suggested_roll_up does) until the person picks one.
// The baseline fields of a growth target show only while the target type is
// a growth (without the script they are always there, and ignored otherwise).
(function () {
  var RATE_UNITS = ["%", "persen", "indeks", "index", "nilai", "skor", "poin", "rasio"];
  var TIME_UNITS = ["hari", "jam", "menit", "minggu", "bulan"];
  function suggestedRollUp(kind, unit, lower) {
    unit = (unit || "").toLowerCase().split(/\s+/).filter(Boolean).join(" ");
    if (kind === "qualitative") return "last";
    if (kind === "range" || kind === "max_attainable" || RATE_UNITS.indexOf(unit) >= 0 || unit.indexOf("%") >= 0) {
      return "average";
    }
    if (/^(per |rata)/.test(unit) || (" " + unit + " ").indexOf(" per ") >= 0 || unit.indexOf("/") >= 0) {
      return "average";
    }
    if (lower && TIME_UNITS.indexOf(unit) >= 0) return "average";
    return "sum";
  }
  function catalogue() {
    var node = document.getElementById("catalogue-data");
    var data = node ? JSON.parse(node.textContent) : {};
    var entries = {};
    (data.entries || []).forEach(function (e) { entries[e.code] = e; });
    return {entries: entries, parents: data.parents || {}};
  }
  function find(box, suffix) {
    return box.querySelector("[name$='-" + suffix + "'], [name='" + suffix + "']");
  }
  function suggest(box) {
    var rollUp = box.querySelector("select[data-roll-up]");
    if (!rollUp || rollUp.dataset.touched) return;
    var kind = find(box, "target_kind"), unit = find(box, "unit"), lower = find(box, "lower_is_better");
    rollUp.value = suggestedRollUp(kind && kind.value, unit && unit.value, lower && lower.checked);
  }
  function growth(box) {
    var fields = box.querySelector("[data-growth]"), kind = find(box, "target_kind");
    var isGrowth = Boolean(kind && kind.value === "growth");
    if (fields) fields.hidden = !isGrowth;
    // a growth target is a percentage, not a number of the unit: say so on the target's label
    var target = find(box, "target_value");
    var label = target && fields && box.querySelector('label[for="' + target.id + '"]');
    if (label) {
      if (!label.dataset.plain) label.dataset.plain = label.textContent;
      label.textContent = isGrowth ? fields.dataset.growthLabel : label.dataset.plain;
    }
  }
  function fill(box, entry) {
    var set = function (suffix, value, force) {
      var el = find(box, suffix);
      if (!el || value === null || value === undefined) return;
      if (el.type === "checkbox") { el.checked = Boolean(value); return; }
      // replace a value the previous pick filled in, never one the person typed
      if (force || !el.value || el.value === el.dataset.filled) {
        el.value = value;
        el.dataset.filled = value;
      }
    };
    set("name", entry.name);
    set("unit", entry.unit);
    set("aspect", entry.aspect, true);
    set("target_kind", entry.target_kind, true);
    set("target_value", entry.default_target);
    set("target_upper", entry.default_upper);
    set("lower_is_better", entry.lower);
    set("evidence_required", entry.evidence_required);
    set("aggregation", entry.aggregation, true);  // the catalogue declares it
    var rollUp = box.querySelector("select[data-roll-up]");
    if (rollUp) rollUp.dataset.touched = "1";
    growth(box);
  }
  function init(root, initial) {
    root.querySelectorAll(".indicator-fields").forEach(function (box) {
      var rollUp = box.querySelector("select[data-roll-up]");
      if (rollUp && rollUp.value) rollUp.dataset.touched = "1";  // a saved or chosen roll-up stays
      suggest(box);
      growth(box);
      var picker = box.querySelector("select[data-catalogue]");
      if (picker && picker.value) {  // a proposal the server filled: a new pick may replace it
        ["name", "unit", "target_value"].forEach(function (s) {
          var el = find(box, s);
          if (el) el.dataset.filled = el.value;
        });
      }
    });
    root.querySelectorAll("form[data-confirm]").forEach(function (form) {
      if (form.dataset.bound) return;
      form.dataset.bound = "1";
      if (initial) return;  // app.js asks for the forms of the first page
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.dataset.confirm)) event.preventDefault();
      });
    });
  }
  document.addEventListener("change", function (event) {
    var el = event.target, box = el.closest && el.closest(".indicator-fields");
    if (el.matches("select[data-roll-up]")) el.dataset.touched = "1";
    if (box && el.matches("select[data-catalogue]")) {
      var entry = catalogue().entries[el.value];
      if (entry) fill(box, entry);
    }
    // a main RHK linked to another supervisor RHK proposes that RHK's catalogue indicator
    if (el.matches("select[name$='parent_id']") && el.form && el.form.classList.contains("rhk-form")) {
      var first = el.form.querySelector(".indicator-fields select[data-catalogue]");
      var code = catalogue().parents[el.value];
      if (first && code && (!first.value || first.dataset.filled === first.value)) {
        first.value = code;
        first.dataset.filled = code;
        fill(first.closest(".indicator-fields"), catalogue().entries[code]);
      }
    }
    if (box) {
      suggest(box);
      growth(box);
    }
  });
  document.addEventListener("input", function (event) {
    var box = event.target.closest && event.target.closest(".indicator-fields");
    if (box && event.target.matches("[name$='unit'], [name='unit']")) suggest(box);
  });

  // In-place editing.
  function swap(target, html) {
    var tpl = document.createElement("template");
    tpl.innerHTML = html;
    var nodes = Array.prototype.slice.call(tpl.content.children);
    target.replaceWith(tpl.content);
    nodes.forEach(function (node) {
      init(node);
      var bad = node.querySelector("[aria-invalid=true]");
      var focus = bad || node.querySelector("[data-focus] :is(input:not([type=hidden]), textarea)") ||
        (node.matches("[data-focus]") ? node : null);
      if (bad) {
        for (var el = bad.parentElement; el; el = el.parentElement) if (el.tagName === "DETAILS") el.open = true;
      }
      if (focus && focus.focus) {
        focus.focus({preventScroll: true});
        focus.scrollIntoView({block: "center"});
      }
    });
  }
  function send(url, options, origin) {
    var editor = document.getElementById("skp-editor");
    options.headers = {"X-Editor": "1"};
    options.credentials = "same-origin";
    if (editor) editor.setAttribute("aria-busy", "true");
    return fetch(url, options).then(function (response) {
      var fragment = /text\/html/.test(response.headers.get("Content-Type") || "");
      if (response.redirected || !fragment || (!response.ok && response.status !== 422)) {
        window.location.href = response.redirected ? response.url : window.location.href;  // show the page
        return;
      }
      return response.text().then(function (html) {
        var whole = response.headers.get("X-Editor-Part") === "editor";
        swap(whole ? document.getElementById("skp-editor") : origin.closest("[data-swap]"), html);
      });
    }).catch(function () {
      if (origin.tagName === "FORM") origin.submit(); else window.location.href = url;
    }).finally(function () {
      var now = document.getElementById("skp-editor");
      if (now) now.removeAttribute("aria-busy");
    });
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !form.closest("[data-editor]") || form.closest("[data-full]")) return;
    if (!window.fetch) return;
    event.preventDefault();
    send(form.action, {method: "POST", body: new FormData(form)}, form);
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-inplace]");
    if (!link || !link.closest("[data-editor]") || !window.fetch || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    send(link.href, {method: "GET"}, link);
  });
  init(document, true);
})();
