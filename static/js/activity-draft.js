// Keeps the activity form in localStorage and sends it with fetch, again and again, until the
// server answers: a dropped mobile connection loses nothing, and the form's key (a UUID made
// with the page) lets the server store a repeated submission once.
(function () {
  "use strict";
  var script = document.currentScript;
  var form = document.getElementById("activity-form");
  if (!form || !window.fetch || !window.FormData) return;
  var storeKey = form.dataset.draftKey;
  var status = document.getElementById("draft-status");
  var msg = function (name) { return script.dataset["msg" + name] || ""; };
  var retryTimer = null;
  var sending = false;

  function say(text) {
    status.textContent = text;
    status.hidden = !text;
  }

  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.type !== "file" && el.name !== "csrfmiddlewaretoken";
    });
  }

  function save(pending) {
    var data = { pending: !!pending, values: {} };
    fields().forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        data.values[el.name + "=" + el.value] = el.checked;
      } else {
        data.values[el.name] = el.value;
      }
    });
    try { localStorage.setItem(storeKey, JSON.stringify(data)); } catch (e) { /* full or private mode */ }
  }

  function load() {
    try { return JSON.parse(localStorage.getItem(storeKey) || "null"); } catch (e) { return null; }
  }

  // Rows of raised issues beyond the first are added from the <template>.
  var rows = document.getElementById("issue-rows");
  var template = document.getElementById("issue-row-template");
  var total = form.querySelector("[name='issue-TOTAL_FORMS']");
  var addButton = document.getElementById("add-issue");
  function addRow() {
    var index = parseInt(total.value, 10);
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    rows.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
  }
  if (addButton && template && total) {
    addButton.hidden = false;
    addButton.addEventListener("click", function () { addRow(); save(false); });
  }

  function restore(draft) {
    var wanted = parseInt((draft.values["issue-TOTAL_FORMS"] || "1"), 10);
    while (total && parseInt(total.value, 10) < wanted) addRow();
    fields().forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        var key = el.name + "=" + el.value;
        if (key in draft.values) el.checked = draft.values[key];
      } else if (el.name in draft.values && el.name.indexOf("-INITIAL_FORMS") < 0) {
        el.value = draft.values[el.name];
      }
    });
  }

  function send() {
    if (sending) return;
    sending = true;
    clearTimeout(retryTimer);
    say(msg("Sending"));
    fetch(form.action || window.location.href, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      if (response.status >= 500) throw new Error("server " + response.status);
      return response.text().then(function (html) {
        sending = false;
        if (response.ok && response.redirected) {
          // Stored: show the activity's page we already hold (its "logged" message is in it,
          // and a slow network is spared a second load).
          localStorage.removeItem(storeKey);
          history.replaceState(null, "", response.url);
          document.open();
          document.write(html);
          document.close();
          return;
        }
        // A form with errors: the server's page replaces this one; the draft stays.
        save(false);
        document.open();
        document.write(html);
        document.close();
      });
    }).catch(function () {
      sending = false;
      save(true);
      say(msg("Offline"));
      retryTimer = setTimeout(send, 3000);
    });
  }

  // "Other place" matters only when no station is chosen.
  var station = form.querySelector("[name=station]");
  var placeField = form.querySelector(".field-place");
  function togglePlace() {
    if (station && placeField) placeField.hidden = !!station.value;
  }
  if (station) station.addEventListener("change", togglePlace);

  var draft = load();
  var bound = form.querySelector(".errorlist, .form-errors");
  if (draft && !bound) {
    restore(draft);
    say(msg("Restored"));
    if (draft.pending) send();  // sent before, never answered: send again (same key)
  }
  togglePlace();
  form.addEventListener("input", function () { save(false); });
  form.addEventListener("change", function () { save(false); });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    save(true);
    send();
  });
  window.addEventListener("online", function () { if (load() && load().pending) send(); });
})();
