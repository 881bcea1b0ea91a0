/* Starts Swagger UI on /api/v1/docs. A file of its own (no inline script), so the page
   works under a Content-Security-Policy of default-src 'self'. */
(function () {
  "use strict";
  var page = document.body.dataset;
  var settings = JSON.parse(document.getElementById("swagger-settings").textContent);
  settings.dom_id = "#swagger-ui";
  settings.presets = [SwaggerUIBundle.presets.apis];
  settings.layout = "BaseLayout";
  // "Try it out" from a logged-in browser uses the session, which needs the CSRF token on writes.
  settings.requestInterceptor = function (request) {
    if (page.csrfToken) {
      request.headers["X-CSRFToken"] = page.csrfToken;
    }
    return request;
  };
  window.ui = SwaggerUIBundle(settings);
})();
