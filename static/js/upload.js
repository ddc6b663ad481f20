// A file bigger than the input's data-max-bytes is not sent: the form stays as it is and says why.
// The server refuses it too (413 before reading, or the form message); this only saves a long wait.
document.addEventListener("submit", function (event) {
  var velden = event.target.querySelectorAll("input[type=file][data-max-bytes]");
  for (var i = 0; i < velden.length; i++) {
    var veld = velden[i];
    var max = parseInt(veld.getAttribute("data-max-bytes"), 10);
    var bestand = veld.files && veld.files[0];
    if (bestand && max && bestand.size > max) {
      event.preventDefault();
      var melding = document.getElementById(veld.id + "-te-groot");
      if (!melding) {
        melding = document.createElement("p");
        melding.id = veld.id + "-te-groot";
        melding.className = "utrecht-form-field-error-message";
        melding.setAttribute("role", "alert");
        veld.insertAdjacentElement("afterend", melding);
      }
      melding.textContent = veld.getAttribute("data-te-groot") ||
        "Dit bestand is te groot. Kies een kleiner bestand.";
      veld.setAttribute("aria-invalid", "true");
      veld.setAttribute("aria-describedby", melding.id);
      veld.focus();
      return;
    }
  }
});
