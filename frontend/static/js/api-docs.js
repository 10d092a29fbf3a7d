// Starts Swagger UI on the API docs page; kept out of the HTML so the strict CSP needs no exception.
(function () {
  var root = document.getElementById("swagger-ui");
  window.SwaggerUIBundle({ url: root.dataset.schemaUrl, dom_id: "#swagger-ui", deepLinking: true });
})();
