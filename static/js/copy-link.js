/* Copy buttons: <button data-copy="#element-id" hidden> copies that element's text; shown only when JS runs. */
(function () {
  "use strict";
  function report(button, message) {
    var status = button.closest("section, main").querySelector(".copy-status");
    if (status) { status.textContent = message; }
  }
  function selectAndCopy(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    try { return document.execCommand("copy"); } catch (error) { return false; }
  }
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var source = document.querySelector(button.getAttribute("data-copy"));
    if (!source) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = source.textContent.trim();
      var done = function () { report(button, button.getAttribute("data-copied")); };
      var fallback = function () {
        if (selectAndCopy(source)) { done(); } else { report(button, button.getAttribute("data-failed")); }
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done, fallback);
      } else {
        fallback();
      }
    });
  });
})();
