/* The language switch reloads the page in the other language. Whatever was typed in the page's forms
   would be lost; keep it in sessionStorage for this one reload and put it back. Passwords, files and
   hidden fields (the CSRF token) are never kept. */
(function () {
  "use strict";
  var SLEUTEL = "wsp-taalwissel:" + location.pathname + location.search;

  function velden() {
    return Array.prototype.filter.call(
      document.querySelectorAll("main form input, main form textarea, main form select"),
      function (el) {
        var type = (el.type || "").toLowerCase();
        return el.name && ["password", "file", "hidden", "submit", "button", "reset"].indexOf(type) === -1;
      }
    );
  }

  function bewaar() {
    var waarden = [];
    velden().forEach(function (el, i) {
      var type = (el.type || "").toLowerCase();
      if (type === "checkbox" || type === "radio") {
        waarden.push({ i: i, naam: el.name, aan: el.checked });
      } else if (el.multiple) {
        waarden.push({ i: i, naam: el.name, keuzes: Array.prototype.map.call(el.selectedOptions, function (o) { return o.value; }) });
      } else {
        waarden.push({ i: i, naam: el.name, waarde: el.value });
      }
    });
    try { sessionStorage.setItem(SLEUTEL, JSON.stringify(waarden)); } catch (e) { /* private mode: nothing kept */ }
  }

  function herstel() {
    var opgeslagen;
    try { opgeslagen = sessionStorage.getItem(SLEUTEL); sessionStorage.removeItem(SLEUTEL); } catch (e) { return; }
    if (!opgeslagen) { return; }
    var lijst = velden();
    JSON.parse(opgeslagen).forEach(function (w) {
      var el = lijst[w.i];
      if (!el || el.name !== w.naam) { return; }
      if ("aan" in w) { el.checked = w.aan; }
      else if ("keuzes" in w) { Array.prototype.forEach.call(el.options, function (o) { o.selected = w.keuzes.indexOf(o.value) !== -1; }); }
      else { el.value = w.waarde; }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    herstel();
    var taal = document.querySelector("form.wsp-taal");
    if (taal) { taal.addEventListener("submit", bewaar); }
  });
})();
