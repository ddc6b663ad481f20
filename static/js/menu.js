/* On a phone the main menu shows its first two items (the home page and Berichten) and a "Menu" button that opens
   the rest (wsp.css): all items in rows would push the page's content down by a third of the screen. Without this
   script the button stays hidden and every item shows, in rows. On a wide screen the button is not shown and every
   item is in view whatever its state. */
(function () {
  "use strict";

  // Loaded right after the <nav> (includes/kop.html), not deferred: the menu is folded before the first paint.
  (function () {
    var knop = document.querySelector(".wsp-nav__knop");
    var lijst = knop && document.getElementById(knop.getAttribute("aria-controls"));
    if (!lijst || lijst.children.length <= 2) { return; }
    var nav = knop.closest(".wsp-nav");

    function zet(open) {
      knop.setAttribute("aria-expanded", open ? "true" : "false");
      nav.classList.toggle("wsp-nav--dicht", !open);
    }

    zet(false);
    knop.hidden = false;
    knop.addEventListener("click", function () { zet(knop.getAttribute("aria-expanded") !== "true"); });
    nav.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && knop.getAttribute("aria-expanded") === "true") { zet(false); knop.focus(); }
    });
  })();
})();
