// "Back to the form" on an error page goes back in the browser's history when it can: the
// browser then shows the form as it was left, with what was typed. The link's address (the
// form's page, opened afresh) is the fallback.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-go-back]") : null;
    if (!link || window.history.length < 2 || document.referrer !== link.href) return;
    event.preventDefault();
    window.history.back();
  });
})();
