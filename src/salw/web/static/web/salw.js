// Tell assistive technology when a part of the page is being refreshed by htmx.
document.addEventListener("htmx:beforeRequest", function (event) {
  var target = event.detail.target;
  if (target) { target.setAttribute("aria-busy", "true"); }
});
document.addEventListener("htmx:afterSettle", function (event) {
  var target = event.detail.target;
  if (target) { target.removeAttribute("aria-busy"); }
});
