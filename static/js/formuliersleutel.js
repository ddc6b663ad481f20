/* A form's one-time key (klantreis.lib.forms.FormuliersleutelField). Every page is no-store, so the back button
   fetches the form anew, with a fresh key, and the browser puts back what was typed: "Opslaan" again would then be
   a new entry. The key a form is sent with is written into that page's own history entry (history.state) and put
   back when exactly that entry is shown again, so back and "Opslaan" again is recognised as the same page sent
   twice. Any other visit to the form (a link, the page after saving) keeps its fresh key: a real second entry. */
(function () {
  "use strict";

  function naam(el) {
    return "wsp-formuliersleutel:" + el.name;
  }

  function opzetten() {
    Array.prototype.forEach.call(document.querySelectorAll("input[data-formuliersleutel]"), function (el) {
      try {
        var eerder = history.state && history.state[naam(el)];
        if (eerder) {
          el.value = eerder;
        }
        if (el.form) {
          el.form.addEventListener("submit", function () {
            var stand = Object.assign({}, history.state || {});
            stand[naam(el)] = el.value;
            history.replaceState(stand, "");
          });
        }
      } catch (e) {
        /* no history state (an old browser): the key is simply fresh */
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", opzetten);
  } else {
    opzetten();
  }
})();
