// The /sparql page: YASGUI (vendored, served locally) pointed at this endpoint, with the example catalogue.
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("wugraph-endpoint-config").textContent);
  var byName = {};
  config.examples.forEach(function (example) { byName[example.name] = example; });

  function prologue() {
    return Object.keys(config.prefixes).map(function (prefix) {
      return "PREFIX " + prefix + ": <" + config.prefixes[prefix] + ">";
    }).join("\n");
  }

  function start() {
    var host = document.getElementById("yasgui");
    if (!host || typeof Yasgui === "undefined") {
      return;
    }
    // Only completers that need no outside service: YASQE's built-in prefix list and the query's own variables.
    Yasgui.Yasqe.defaults.autocompleters = ["prefixes", "variables"];
    var first = config.examples.length ? config.examples[0].sparql : prologue() + "\nSELECT * WHERE { ?s ?p ?o } LIMIT 10\n";
    var yasgui = new Yasgui(host, {
      requestConfig: { endpoint: config.endpoint, method: "POST" },
      copyEndpointOnNewTab: false,
      endpointCatalogueOptions: { getData: function () { return [{ endpoint: config.endpoint }]; }, keys: [] },
      persistenceId: "wugraph-yasgui",
      populateFromUrl: true,
      yasqe: { value: first }
    });
    document.querySelectorAll(".example-load").forEach(function (button) {
      button.addEventListener("click", function () {
        var example = byName[button.getAttribute("data-example")];
        var tab = yasgui.getTab();
        tab.setEndpoint(config.endpoint);
        tab.setQuery(example.sparql);
        tab.setName(example.title);
        tab.query();
        host.scrollIntoView({ behavior: "smooth", block: "start" });
      });
    });
    window.wugraphYasgui = yasgui;
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
