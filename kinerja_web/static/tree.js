// The performance tree: narrow the nodes drawn on the page while typing in its search field (the
// form's ?q= does the same on the server, without JavaScript), and print every branch unfolded.
(function () {
  var details = function () { return document.querySelectorAll(".tree details"); };
  window.addEventListener("beforeprint", function () {
    details().forEach(function (d) { d.dataset.wasOpen = d.open ? "1" : ""; d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    details().forEach(function (d) { d.open = d.dataset.wasOpen === "1"; });
  });
  var input = document.querySelector("[data-tree-filter]");
  if (!input) return;
  var nodes = Array.prototype.slice.call(document.querySelectorAll("[data-tree-node], [data-tree-goal]"));
  var count = document.querySelector("[data-tree-count]");
  var template = count ? count.dataset.template : "";
  function openAbove(el) {
    for (var up = el.parentElement; up; up = up.parentElement) {
      if (up.tagName === "DETAILS") up.open = true;
    }
  }
  function apply() {
    var words = input.value.trim().toLowerCase();
    nodes.forEach(function (el) {
      el.hidden = false;
      el.dataset.match = words && el.dataset.text.indexOf(words) >= 0 ? "1" : "";
    });
    if (!words) { if (count) count.hidden = true; return; }
    var hits = 0;
    nodes.forEach(function (el) {
      var match = el.dataset.match === "1";
      if (match && el.hasAttribute("data-tree-node")) hits += 1;
      var below = el.querySelector('[data-match="1"]');
      el.hidden = !match && !below;
      if (below) openAbove(below);
    });
    if (count) { count.textContent = template.replace("#", hits); count.hidden = false; }
  }
  input.addEventListener("input", apply);
})();
