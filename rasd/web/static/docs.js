// The API's documentation (/docs): Swagger UI, bundled with Rasd, over /openapi.json.
"use strict";
window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  presets: [SwaggerUIBundle.presets.apis],
  deepLinking: true,
  validatorUrl: "none",  // no badge fetched from an outside validator
});
