/* The warning before an idle session ends (WCAG 2.2.1 Timing Adjustable). The page knows the idle limit;
   shortly before it, the script asks the server how much time is really left (a GET on sessie_status does
   not count as activity; another tab may have kept the session alive), shows a dialog with a button
   "Ingelogd blijven" (a POST: that counts), and at the end sends the screen to the login page, so an
   unattended screen stops showing personal data. Typing or clicking in the page counts as activity: the
   script reports it at the moment it would otherwise warn, so nobody loses a half-filled form. */
(function () {
  "use strict";
  var dialoog = document.getElementById("sessie-waarschuwing");
  if (!dialoog || typeof dialoog.showModal !== "function") { return; }
  var url = dialoog.getAttribute("data-status-url");
  var waarschuwing = parseInt(dialoog.getAttribute("data-waarschuwing"), 10);
  var tijdEl = dialoog.querySelector(".wsp-sessie-tijd");
  var timer = null;
  var aftellen = null;
  var eindeOp = 0;
  var bezig = false;

  function vraag(methode) {
    return fetch(url, {
      method: methode,
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": dialoog.getAttribute("data-csrf") }
    }).then(function (r) {
      if (r.redirected || !r.ok) { return { verlopen: true, resterend: 0 }; }
      return r.json();
    });
  }

  function naarInloggen() {
    var volgende = location.pathname + location.search;
    location.assign(dialoog.getAttribute("data-inloggen-url") + "?next=" + encodeURIComponent(volgende));
  }

  function sluit() {
    clearInterval(aftellen);
    aftellen = null;
    if (dialoog.open) { dialoog.close(); }
  }

  function plan(resterend) {
    clearTimeout(timer);
    timer = setTimeout(controleer, Math.max(1, resterend - waarschuwing) * 1000);
  }

  function tijdTekst(seconden) {
    var minuten = Math.ceil(seconden / 60);
    if (seconden < 60) { return dialoog.getAttribute("data-seconden"); }
    if (minuten === 1) { return dialoog.getAttribute("data-minuut"); }
    return dialoog.getAttribute("data-minuten").replace("%s", String(minuten));
  }

  function toon(resterend) {
    eindeOp = Date.now() + resterend * 1000;
    tijdEl.textContent = tijdTekst(resterend);
    if (!dialoog.open) {
      dialoog.showModal();
      dialoog.querySelector("[data-sessie-verlengen]").focus();
    }
    clearInterval(aftellen);
    aftellen = setInterval(function () {
      var over = Math.max(0, Math.round((eindeOp - Date.now()) / 1000));
      var tekst = tijdTekst(over);
      if (tijdEl.textContent !== tekst) { tijdEl.textContent = tekst; }
      if (over <= 0) {
        clearInterval(aftellen);
        aftellen = null;
        controleer();
      }
    }, 1000);
  }

  function verwerk(data) {
    if (data.verlopen) { naarInloggen(); return; }
    if (data.resterend > waarschuwing + 5) { sluit(); plan(data.resterend); return; }
    if (data.resterend <= 1) { clearTimeout(timer); timer = setTimeout(controleer, 2000); return; }
    toon(data.resterend);
  }

  function controleer() {
    var methode = bezig ? "POST" : "GET";
    bezig = false;
    vraag(methode).then(verwerk, function () { plan(waarschuwing + 30); });
  }

  function verlengen() {
    vraag("POST").then(function (data) {
      if (data.verlopen) { naarInloggen(); return; }
      sluit();
      plan(data.resterend);
    }, function () { plan(waarschuwing + 30); });
  }

  dialoog.querySelector("[data-sessie-verlengen]").addEventListener("click", verlengen);
  dialoog.addEventListener("cancel", function (e) { e.preventDefault(); verlengen(); });
  ["keydown", "pointerdown", "input"].forEach(function (soort) {
    document.addEventListener(soort, function () { if (!dialoog.open) { bezig = true; } }, true);
  });
  plan(parseInt(dialoog.getAttribute("data-inactief"), 10));
})();
