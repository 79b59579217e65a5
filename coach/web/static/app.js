// coach web app: the little behaviour htmx does not give. No inline script anywhere (CSP).
(function () {
  "use strict";

  // A citation link fills the dialog through htmx, then the dialog opens; Escape closes it
  // (native <dialog>), and focus returns to the link that opened it.
  var opener = null;
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.citation");
    if (link) { opener = link; }
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "citation-body") {
      var dialog = document.getElementById("citation-dialog");
      if (!dialog.open) { dialog.showModal(); }
      document.getElementById("citation-close").focus();
    }
  });
  document.addEventListener("close", function (event) {
    if (event.target.id === "citation-dialog" && opener) { opener.focus(); }
  }, true);

  // Copy: the text of the element named by data-copy goes to the clipboard.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-copy]");
    if (!button) { return; }
    var source = document.getElementById(button.getAttribute("data-copy"));
    var done = document.getElementById(button.getAttribute("data-copy") + "-copied");
    var text = source.value !== undefined ? source.value : source.textContent;
    var show = function (message) { if (done) { done.textContent = message; } };
    if (navigator.clipboard) {
      navigator.clipboard.writeText(text).then(function () { show("Copied."); },
        function () { show("Copying was blocked by the browser: select the text and copy it."); });
    } else { show("Copying is not available here: select the text and copy it."); }
  });

  // Edit shows the nudge's text box; Cancel hides it again.
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest && event.target.closest("button[data-toggle]");
    if (!toggle) { return; }
    var panel = document.getElementById(toggle.getAttribute("data-toggle"));
    var show = panel.hidden;
    panel.hidden = !show;
    toggle.setAttribute("aria-expanded", String(show));
    if (show) { var field = panel.querySelector("textarea"); if (field) { field.focus(); } }
  });
})();
