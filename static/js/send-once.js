// Disables a form's send button while its POST is under way (forms marked data-send-once), so
// that a double tap sends once. The server does not rely on it: each such form carries a
// one-time key made with the page, and the same POST again is answered with the first result.
// The button comes back when the page is shown again from the back/forward cache (the browser
// keeps it disabled there), and after a while if no answer comes, so a stalled send can be
// tried again.
(function () {
  "use strict";
  var RELEASE_AFTER_MS = 20000;

  function buttons(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.type === "submit";
    });
  }

  function hold(form) {
    form.setAttribute("data-sending", "");
    form.setAttribute("aria-busy", "true");
    buttons(form).forEach(function (button) {
      button.disabled = true;
      var label = button.getAttribute("data-sending-label");
      if (label) {
        button.setAttribute("data-label", button.textContent);
        button.textContent = label;
      }
    });
    form.sendOnceTimer = setTimeout(function () { release(form); }, RELEASE_AFTER_MS);
  }

  function release(form) {
    clearTimeout(form.sendOnceTimer);
    form.removeAttribute("data-sending");
    form.removeAttribute("aria-busy");
    buttons(form).forEach(function (button) {
      button.disabled = false;
      if (button.hasAttribute("data-label")) {
        button.textContent = button.getAttribute("data-label");
        button.removeAttribute("data-label");
      }
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-send-once") || event.defaultPrevented) return;
    if (form.hasAttribute("data-sending")) {
      event.preventDefault();  // Enter pressed again, or a second tap that got through
      return;
    }
    // The form's own handlers ran before this one (it listens on the document); a disabled
    // button does not stop the submission already under way.
    hold(form);
  });

  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    Array.prototype.forEach.call(document.querySelectorAll("form[data-send-once]"), release);
  });
})();
