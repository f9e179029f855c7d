// Fill an indicator form from the agency catalogue when an entry is picked.
// Only empty fields are filled, so nothing the user typed is overwritten.
(function () {
  var node = document.getElementById("catalogue-data");
  if (!node) return;
  var entries = {};
  JSON.parse(node.textContent).forEach(function (e) { entries[e.code] = e; });
  document.querySelectorAll("form.indicator-form select[data-catalogue]").forEach(function (select) {
    select.addEventListener("change", function () {
      var entry = entries[select.value];
      if (!entry) return;
      var form = select.form;
      var set = function (suffix, value, force) {
        var el = form.querySelector("[name$='-" + suffix + "'], [name='" + suffix + "']");
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
    });
  });
})();
