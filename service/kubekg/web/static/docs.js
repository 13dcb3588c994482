// Swagger UI over this service's OpenAPI. Deep links are off: they put a link inside each operation's
// toggle button, which screen readers cannot use (nested interactive controls).
(() => {
  const config = JSON.parse(document.getElementById("docs-config").textContent);
  window.ui = SwaggerUIBundle({
    url: config.url,
    dom_id: "#swagger-ui",
    oauth2RedirectUrl: new URL(config.oauth2RedirectUrl, location.href).href,
    deepLinking: false,
    validatorUrl: null, // its default badge would be fetched from an outside validator
    layout: "BaseLayout",
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
  });
})();
