// Toestemming geven: whoever searches a werkgever by name means to share with a werkgever. The search itself only
// swaps its results (htmx); this sets the purpose to match, as the page does for a search without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  const zoek = document.getElementById("id_werkgever_zoek");
  if (!zoek) return;
  zoek.addEventListener("input", () => {
    const werkgever = zoek.form.querySelector('input[name="doel"][value="werkgever"]');
    if (zoek.value.trim() && werkgever && !zoek.form.querySelector('input[name="doel"]:checked')) {
      werkgever.checked = true;
    }
  });
});
