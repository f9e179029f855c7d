// Bring the first error into view (opening any folded section around it), so
// a person on a phone sees why a form was refused without scrolling around.
(function () {
  var target = document.querySelector("[aria-invalid=true], .flash-error");
  if (!target) return;
  for (var el = target.parentElement; el; el = el.parentElement) {
    if (el.tagName === "DETAILS") el.open = true;
  }
  target.scrollIntoView({block: "center"});
  if (target.focus && target.matches("input, textarea, select")) target.focus({preventScroll: true});
})();

// Destructive buttons ask first (forms marked data-confirm).
document.querySelectorAll("form[data-confirm]").forEach(function (form) {
  form.addEventListener("submit", function (event) {
    if (!window.confirm(form.dataset.confirm)) event.preventDefault();
  });
});
