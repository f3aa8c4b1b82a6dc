// Keeps the activity form in localStorage and sends it with fetch, again and again, until the
// server answers: a dropped mobile connection loses nothing, and the form's key (a UUID made
// with the page) lets the server store a repeated submission once. Also finds fellow deputies
// beyond the usual ones by name, and adds them as ticked boxes.
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
    // A ticked box's label is kept too: one added by a search is not in the next page.
    var data = { pending: !!pending, values: {}, labels: {} };
    fields().forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        data.values[el.name + "=" + el.value] = el.checked;
        if (el.checked && el.parentNode) data.labels[el.name + "=" + el.value] = el.parentNode.textContent.trim();
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

  // Boxes the page does not list (fellow deputies found by name) go where data-more-boxes says.
  function findBox(name, value) {
    return Array.prototype.filter.call(form.querySelectorAll("input[type=checkbox]"), function (el) {
      return el.name === name && el.value === value;
    })[0];
  }
  function addBox(name, value, label) {
    var box = findBox(name, value);
    var place = form.querySelector("[data-more-boxes='" + name + "']");
    if (!box && place) {
      var list = place.querySelector("div") || place;
      var row = document.createElement("div");
      var tag = document.createElement("label");
      box = document.createElement("input");
      box.type = "checkbox";
      box.name = name;
      box.value = value;
      tag.appendChild(box);
      tag.appendChild(document.createTextNode(" " + label));
      row.appendChild(tag);
      list.appendChild(row);
    }
    if (box) box.checked = true;
    return box;
  }

  function restore(draft) {
    var wanted = parseInt((draft.values["issue-TOTAL_FORMS"] || "1"), 10);
    while (total && parseInt(total.value, 10) < wanted) addRow();
    Object.keys(draft.labels || {}).forEach(function (key) {
      var cut = key.indexOf("=");
      if (draft.values[key]) addBox(key.slice(0, cut), key.slice(cut + 1), draft.labels[key]);
    });
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

  // Fellow deputies beyond the usual ones: found by name as one types, added with a tap.
  var search = document.getElementById("fellow-search");
  if (search) {
    var input = search.querySelector("input[type=search]");
    var results = document.getElementById("fellow-results");
    var typing = null;
    var asked = "";
    var fellowName = search.closest("details").querySelector("[data-more-boxes]").dataset.moreBoxes;
    var show = function (items) {
      results.textContent = "";
      if (!items.length) {
        var none = document.createElement("li");
        none.textContent = msg("NoneFound");
        results.appendChild(none);
      }
      items.forEach(function (item) {
        var label = item.station ? item.name + "（" + item.station + "）" : item.name;
        var li = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "button button-outline";
        var ticked = findBox(fellowName, String(item.id));
        button.textContent = (ticked && ticked.checked ? msg("Added") : msg("Add")) + " " + label;
        button.addEventListener("click", function () {
          addBox(fellowName, String(item.id), item.name);
          button.textContent = msg("Added") + " " + label;
          save(false);
        });
        li.appendChild(button);
        results.appendChild(li);
      });
    };
    var ask = function () {
      var text = input.value.trim();
      asked = text;
      if (!text) { results.textContent = ""; return; }
      fetch(search.dataset.url + "?q=" + encodeURIComponent(text), {
        credentials: "same-origin", headers: { Accept: "application/json" }
      }).then(function (response) {
        if (!response.ok) throw new Error("search " + response.status);
        return response.json();
      }).then(function (body) {
        if (asked === text) show(body.results);
      }).catch(function () {
        if (asked !== text) return;
        results.textContent = "";
        var failed = document.createElement("li");
        failed.textContent = msg("SearchFailed");
        results.appendChild(failed);
      });
    };
    input.addEventListener("input", function (event) {
      event.stopPropagation();  // not part of the draft
      clearTimeout(typing);
      typing = setTimeout(ask, 250);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); clearTimeout(typing); ask(); }
    });
    search.hidden = false;
  }

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
