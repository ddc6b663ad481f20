/* On a phone the main menu is one row that scrolls sideways (wsp.css): the item of the page you are on could lie
   beyond the right edge, and you could not see where you are (a werkzoekende's "Berichten" is her ninth item).
   Scroll that row, never the page, so the item is in view, in the middle where it can be: again once the web font
   has its final widths, and when the window changes width (a phone turned upright). */
(function () {
  "use strict";

  function inBeeld() {
    var huidig = document.querySelector('.wsp-nav a[aria-current="page"]');
    var rij = huidig && huidig.closest("ul");
    if (!rij || rij.scrollWidth <= rij.clientWidth) { return; }
    var item = huidig.getBoundingClientRect(), zicht = rij.getBoundingClientRect();
    if (item.left >= zicht.left && item.right <= zicht.right) { return; }
    rij.scrollLeft += (item.left + item.width / 2) - (zicht.left + zicht.width / 2);
  }

  document.addEventListener("DOMContentLoaded", function () {
    inBeeld();
    if (document.fonts) { document.fonts.ready.then(inBeeld); }
    // Only for a new width: a phone also reports a resize when its address bar hides or its keyboard opens, and a
    // row the person swiped along themselves would jump back.
    var breedte = window.innerWidth, wacht = false;
    window.addEventListener("resize", function () {
      if (wacht || window.innerWidth === breedte) { return; }
      breedte = window.innerWidth;
      wacht = true;
      window.requestAnimationFrame(function () { wacht = false; inBeeld(); });
    });
  });
})();
