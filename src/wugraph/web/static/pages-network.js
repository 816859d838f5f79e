/* wugraph network view: draws the server's node/edge data with the vendored Cytoscape.js.
   The same links are listed as text under the drawing, so the page works without this script. */
(function () {
  "use strict";
  var holder = document.getElementById("network");
  var source = document.getElementById("network-data");
  if (!holder || !source || typeof window.cytoscape !== "function") { return; }
  var data = JSON.parse(source.textContent);
  var lang = data.lang || "vi";
  function name(labels) {
    if (!labels) { return ""; }
    return labels[lang] || labels.vi || labels[Object.keys(labels)[0]] || "";
  }
  var colours = { unit: "#2a6f97", chapter: "#b0124f", event: "#e07a1f", person: "#3a7d44", model: "#7b3fa0",
                  doc: "#555", cluster: "#c9184a", org: "#6c757d" };
  var elements = [];
  data.network.nodes.forEach(function (node) {
    elements.push({ data: { id: node.ref.iri, label: name(node.ref.labels), kind: node.ref.kind,
                            colour: colours[node.ref.kind] || "#888", centre: node.depth === 0 ? 1 : 0,
                            href: data.links[node.ref.iri] || "" } });
  });
  data.network.edges.forEach(function (edge, index) {
    elements.push({ data: { id: "e" + index, source: edge.source.iri, target: edge.target.iri, label: name(edge.prop.labels) } });
  });
  var cy = window.cytoscape({
    container: holder,
    elements: elements,
    wheelSensitivity: 0.3,
    layout: { name: "cose", animate: false, nodeRepulsion: 9000, idealEdgeLength: 90 },
    style: [
      { selector: "node", style: { "background-color": "data(colour)", "label": "data(label)", "font-size": 9,
                                   "text-wrap": "ellipsis", "text-max-width": 140, "width": 16, "height": 16 } },
      { selector: "node[centre = 1]", style: { "width": 28, "height": 28, "border-width": 3, "border-color": "#1d1d1f", "font-weight": "bold" } },
      { selector: "edge", style: { "width": 1, "line-color": "#bbb", "target-arrow-color": "#bbb", "target-arrow-shape": "triangle",
                                   "curve-style": "bezier" } },
      { selector: "edge:selected, edge.hover", style: { "label": "data(label)", "font-size": 9, "color": "#444", "line-color": "#888" } }
    ]
  });
  cy.on("mouseover", "edge", function (event) { event.target.addClass("hover"); });
  cy.on("mouseout", "edge", function (event) { event.target.removeClass("hover"); });
  cy.on("tap", "node", function (event) {
    var href = event.target.data("href");
    if (href) { window.location.href = href; }
  });
  holder.setAttribute("data-ready", "true");
}());
