// Fill an indicator form from the agency catalogue when an entry is picked.
// Only empty fields are filled, so nothing the user typed is overwritten.
// The roll-up follows the target type and unit (as planning/forms.py
// suggested_roll_up does) until the user picks one.
(function () {
  var node = document.getElementById("catalogue-data");
  if (!node) return;
  var entries = {};
  JSON.parse(node.textContent).forEach(function (e) { entries[e.code] = e; });
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
  document.querySelectorAll("form.indicator-form").forEach(function (form) {
    var find = function (suffix) {
      return form.querySelector("[name$='-" + suffix + "'], [name='" + suffix + "']");
    };
    var rollUp = form.querySelector("select[data-roll-up]");
    var suggest = function () {
      if (!rollUp || rollUp.dataset.touched) return;
      var kind = find("target_kind"), unit = find("unit"), lower = find("lower_is_better");
      rollUp.value = suggestedRollUp(kind && kind.value, unit && unit.value, lower && lower.checked);
    };
    if (rollUp) {
      if (rollUp.value) rollUp.dataset.touched = "1";  // a saved or chosen roll-up stays
      rollUp.addEventListener("change", function () { rollUp.dataset.touched = "1"; });
      ["target_kind", "unit", "lower_is_better"].forEach(function (suffix) {
        var el = find(suffix);
        if (el) el.addEventListener(el.tagName === "SELECT" || el.type === "checkbox" ? "change" : "input", suggest);
      });
      suggest();
    }
    var select = form.querySelector("select[data-catalogue]");
    if (!select) return;
    select.addEventListener("change", function () {
      var entry = entries[select.value];
      if (!entry) return;
      var set = function (suffix, value, force) {
        var el = find(suffix);
        if (!el || value === null || value === undefined) return;
        if (el.type === "checkbox") { el.checked = Boolean(value); return; }
        // replace a value the previous pick filled in, never one the user typed
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
      set("lower_is_better", entry.lower);
      set("aggregation", entry.aggregation, true);  // the catalogue declares it
      if (rollUp) rollUp.dataset.touched = "1";
    });
  });
})();
