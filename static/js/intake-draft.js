// Keeps what a citizen types on a QR form in this phone's localStorage until the receipt is
// shown: a send that fails (an error page, no network) loses nothing, and coming back to the
// form brings the text back. Only the category, the text and the place are kept, under a key
// made of the station's or deputy's public code: never the name, the phone or the consent,
// since the phone may be shared and the next person would find them there. A draft older
// than a day is dropped, as the form itself expires after a day.
//
// A draft that was sent without an answer keeps the form's one-time key too, and puts it back
// in the form: if that send did reach the server, sending again shows its receipt (the same
// tracking number) instead of making a second issue.
//
// On the receipt page (data-receipt on the script) it removes the draft of the form that was
// sent from this tab, as that form noted in sessionStorage when it was sent.
(function () {
  "use strict";
  var script = document.currentScript;
  var SENT = "intake-draft-sent";
  var KEPT = ["category", "text", "place"];
  var MAX_AGE_MS = 24 * 3600 * 1000;
  var store, session;
  try {
    store = window.localStorage;
    session = window.sessionStorage;
  } catch (e) {
    return;  // storage turned off: the form works as before
  }
  if (!store || !session) return;

  if (script && script.hasAttribute("data-receipt")) {
    var sent = session.getItem(SENT);
    if (sent) store.removeItem(sent);
    session.removeItem(SENT);
    return;
  }

  var form = document.getElementById("intake-form");
  if (!form || !form.dataset.draftKey) return;
  var storeKey = form.dataset.draftKey;
  var status = document.getElementById("draft-status");
  var sentFromHere = false;

  function field(name) { return form.elements.namedItem(name); }

  function load() {
    var draft;
    try { draft = JSON.parse(store.getItem(storeKey) || "null"); } catch (e) { draft = null; }
    if (!draft || typeof draft.values !== "object" || !(Date.now() - draft.saved < MAX_AGE_MS)) {
      store.removeItem(storeKey);
      return null;
    }
    return draft;
  }

  function save(pending) {
    var values = {};
    var any = false;
    KEPT.forEach(function (name) {
      var el = field(name);
      if (el) {
        values[name] = el.value;
        any = any || !!el.value.trim();
      }
    });
    var draft = { saved: Date.now(), values: values, pending: !!pending };
    if (pending) draft.key = field("submission_key").value;
    try {
      if (any) store.setItem(storeKey, JSON.stringify(draft));
      else store.removeItem(storeKey);
    } catch (e) { /* full or private mode: the form still works */ }
  }

  function say(text) {
    if (!status) return;
    status.querySelector("[data-draft-message]").textContent = text;
    status.hidden = !text;
  }

  function restore(draft) {
    KEPT.forEach(function (name) {
      var el = field(name);
      if (el && typeof draft.values[name] === "string") el.value = draft.values[name];
    });
    if (draft.pending && /^[0-9a-f-]{36}$/i.test(draft.key || "")) {
      field("submission_key").value = draft.key;
    }
    say(script.dataset[draft.pending ? "msgPending" : "msgRestored"] || "");
  }

  function isEmpty() {
    return KEPT.every(function (name) {
      var el = field(name);
      return !el || !el.value.trim() || (el.tagName === "SELECT" && el.selectedIndex <= 0);
    });
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  // A form the server sent back with errors shows what was sent: newer than the draft.
  var draft = load();
  if (draft && isEmpty() && !form.querySelector(".form-errors, .field-errors")) restore(draft);

  form.addEventListener("input", function () { save(false); });
  form.addEventListener("change", function () { save(false); });
  form.addEventListener("submit", function (event) {
    if (event.defaultPrevented) return;
    sentFromHere = true;
    save(true);
    try { session.setItem(SENT, storeKey); } catch (e) { /* the draft stays until sent again */ }
  });

  var discard = status && status.querySelector("button");
  if (discard) {
    discard.hidden = false;
    discard.addEventListener("click", function () {
      KEPT.forEach(function (name) {
        var el = field(name);
        if (el) el.value = "";
      });
      field("submission_key").value = newKey();
      store.removeItem(storeKey);
      say("");
      field("text").focus();
    });
  }

  // Shown again from the back/forward cache after the receipt removed the draft: what the
  // fields hold was sent. Empty them (the next person on a shared phone finds nothing) and
  // make the form a new one: what is written in it now is another issue.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted || !sentFromHere) return;
    sentFromHere = false;
    if (load()) return;  // not received: the text and the key stay for sending again
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.type === "checkbox") el.checked = false;
      else if (el.tagName === "TEXTAREA" || el.tagName === "SELECT" || /^(text|tel|file)$/.test(el.type)) el.value = "";
    });
    field("submission_key").value = newKey();
    say("");
  });
})();
