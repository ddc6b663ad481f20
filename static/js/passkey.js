/* Passkeys (WebAuthn) without inline script: a button with data-passkey="toevoegen" (register),
   "bevestigen" (second step, options in data-opties) or "inloggen" (passwordless, options fetched from
   the form's action) runs the browser's ceremony, puts the answer in the form's "credential" field and
   sends the form. Uses webauthn-json from allauth (window.webauthnJSON). */
(function () {
  "use strict";

  function foutElement(form) {
    return (form && form.querySelector(".wsp-passkey-fout")) || document.querySelector(".wsp-passkey-fout");
  }

  function foutTonen(form, e) {
    var el = foutElement(form);
    if (!el) { return; }
    var soort = "algemeen";
    if (e && e.name === "NotAllowedError") { soort = "geannuleerd"; }
    if (e && e.name === "InvalidStateError") { soort = "bestaat"; }
    el.textContent = el.getAttribute("data-" + soort);
    el.hidden = false;
  }

  async function opties(knop, form) {
    if (knop.getAttribute("data-passkey") === "inloggen") {
      var antwoord = await fetch(form.action, { method: "GET", headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!antwoord.ok) { throw new Error("geen opties"); }
      return antwoord.json();
    }
    return JSON.parse(knop.getAttribute("data-opties"));
  }

  async function ceremonie(knop) {
    var form = knop.form || knop.closest("form") || document.getElementById(knop.getAttribute("data-formulier"));
    var data = await opties(knop, form);
    var credential;
    if (knop.getAttribute("data-passkey") === "toevoegen") {
      var creatie = JSON.parse(JSON.stringify(data.creation_options));
      var zonderWachtwoord = form.querySelector("input[name=passwordless]");
      if (zonderWachtwoord) {
        var sel = creatie.publicKey.authenticatorSelection;
        sel.residentKey = zonderWachtwoord.checked ? "required" : "discouraged";
        sel.requireResidentKey = zonderWachtwoord.checked;
        if (zonderWachtwoord.checked) { sel.userVerification = "required"; }
      }
      credential = await window.webauthnJSON.create(creatie);
    } else {
      credential = await window.webauthnJSON.get(data.request_options);
    }
    form.querySelector("input[name=credential]").value = JSON.stringify(credential);
    form.submit();
  }

  function start() {
    document.querySelectorAll("[data-passkey]").forEach(function (knop) {
      if (!window.PublicKeyCredential) {
        knop.disabled = true;
        return;
      }
      knop.addEventListener("click", function (e) {
        e.preventDefault();
        var form = knop.form || knop.closest("form");
        ceremonie(knop).catch(function (fout) { foutTonen(form, fout); });
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
