// Small behaviours of staff pages, kept out of the HTML so that the Content-Security-Policy
// can refuse every inline script: a print button and a filter that submits on change.
document.addEventListener("click", (event) => {
  if (event.target instanceof Element && event.target.closest("[data-print]")) window.print();
});
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field instanceof HTMLSelectElement && field.hasAttribute("data-submit-on-change")) {
    field.form?.submit();
  }
});
