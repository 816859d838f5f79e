/* wugraph spread view: an offline dot map of Vietnam with a time slider, the S-curve and the cascade graph.
   Hand-written SVG, no library, no network: every figure comes from the JSON the page embeds.
   Text goes in through textContent only, so names can never become markup. */
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";

  function el(name, attrs, parent) {
    var node = document.createElementNS(NS, name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(node);
    return node;
  }
  function title(node, text) { el("title", {}, node).textContent = text; }
  function pick(labels, lang) { return labels ? (labels[lang] || labels.vi || labels.en || "") : ""; }
  function pct(v) { return v === null || v === undefined ? "—" : (v * 100).toFixed(1) + "%"; }
  function clear(svg) { while (svg.firstChild) svg.removeChild(svg.firstChild); }

  /* Sequential colour from pale to the union's magenta; grey when the province has no chapter at risk. */
  function shade(v) {
    if (v === null || v === undefined) return "#d7d7dc";
    var t = Math.max(0, Math.min(1, Math.sqrt(v)));
    var from = [253, 236, 242], to = [122, 10, 54];
    var c = from.map(function (f, i) { return Math.round(f + (to[i] - f) * t); });
    return "rgb(" + c.join(",") + ")";
  }

  function drawMap(data) {
    var svg = document.getElementById("spread-map");
    if (!svg) return;
    var layer = document.getElementById("map-layer");
    var slider = document.getElementById("map-day");
    var out = document.getElementById("map-day-label");
    var legend = document.getElementById("map-legend");
    var map = data.map, lang = data.lang;
    var all = map.provinces.concat(map.recorded).filter(function (p) { return p.x !== null; });
    var height = Math.max.apply(null, all.map(function (p) { return p.y; }).concat([400])) + 20;
    svg.setAttribute("viewBox", "0 0 380 " + height);
    var maxAdopters = Math.max.apply(null, map.recorded.map(function (p) { return p.adopters; }).concat([1]));

    function render() {
      clear(svg);
      var i = Number(slider.value);
      out.textContent = map.days[i] || "";
      var g = el("g", {}, svg);
      if (layer.value === "recorded") {
        /* Provinces as recorded, faint and sized by adopters; then each adopter up to the slider's day at its own
           unit: a commune chapter at its commune's centroid, a district or province chapter at its own. */
        map.recorded.forEach(function (p) {
          if (p.x === null) return;
          var r = 3 + 12 * Math.sqrt(p.adopters / maxAdopters);
          var dot = el("circle", {cx: p.x, cy: p.y, r: r.toFixed(1), fill: p.current ? "#b0124f" : "#5f6368",
                                  "fill-opacity": "0.18", stroke: "#fff", "stroke-width": "0.8", "class": "dot"}, g);
          title(dot, pick(p.names, lang) + " (" + p.code + "): " + p.adopters);
        });
        var day = map.days[i] || "9999-12-31";
        (map.adopters || []).forEach(function (a) {
          if (a.day > day) return;
          var size = a.level === "ProvinceLevel" ? 4 : (a.level === "DistrictLevel" ? 3 : 1.8);
          var dot = el("circle", {cx: a.x, cy: a.y, r: size, fill: a.current ? "#b0124f" : "#5f6368", "fill-opacity": "0.9",
                                  stroke: "#fff", "stroke-width": "0.4", "class": "adopter"}, g);
          title(dot, pick(a.labels, lang) + " · " + a.day);
        });
        legend.textContent = "";
        return;
      }
      map.provinces.forEach(function (p) {
        if (p.x === null) return;
        var v = p.shares[i];
        var dot = el("circle", {cx: p.x, cy: p.y, r: 9, fill: shade(v), stroke: "#1d1d1f", "stroke-width": "0.6",
                                "class": "dot", "data-code": p.code}, g);
        title(dot, pick(p.names, lang) + ": " + pct(v) + " · " + p.adopters);
        if (v) {  /* label only the provinces the model reached, so the map stays readable */
          var label = el("text", {x: p.x + 11, y: p.y + 3, "class": "dot-label"}, g);
          label.textContent = pct(v);
        }
      });
      legend.textContent = "";
      [0, 0.1, 0.25, 0.5, 1].forEach(function (v) {
        var item = document.createElement("span");
        var swatch = document.createElement("i");
        swatch.style.background = shade(v);
        item.appendChild(swatch);
        item.appendChild(document.createTextNode(pct(v)));
        legend.appendChild(item);
      });
    }
    slider.addEventListener("input", render);
    layer.addEventListener("change", render);
    render();
  }

  function axes(svg, w, h, pad, xTicks, yMax, yFormat) {
    el("line", {x1: pad, y1: h - pad, x2: w - 10, y2: h - pad, "class": "axis"}, svg);
    el("line", {x1: pad, y1: 10, x2: pad, y2: h - pad, "class": "axis"}, svg);
    xTicks.forEach(function (t) {
      el("line", {x1: t.x, y1: h - pad, x2: t.x, y2: h - pad + 4, "class": "axis"}, svg);
      el("text", {x: t.x, y: h - pad + 16, "class": "tick", "text-anchor": "middle"}, svg).textContent = t.label;
    });
    [0, 0.5, 1].forEach(function (f) {
      var y = h - pad - f * (h - pad - 10);
      el("text", {x: pad - 4, y: y + 4, "class": "tick", "text-anchor": "end"}, svg).textContent = yFormat(f * yMax);
    });
  }

  function line(svg, points, cls) {
    if (!points.length) return;
    el("polyline", {points: points.map(function (p) { return p[0].toFixed(1) + "," + p[1].toFixed(1); }).join(" "), "class": cls}, svg);
  }

  function drawCurve(data) {
    var svg = document.getElementById("spread-curve");
    if (!svg || !data.curve.points.length) return;
    var w = 640, h = 260, pad = 44;
    svg.setAttribute("viewBox", "0 0 " + w + " " + h);
    var pts = data.curve.points;
    var t0 = Date.parse(pts[0][0]), t1 = Date.parse(pts[pts.length - 1][0]);
    var span = Math.max(t1 - t0, 1);
    var maxCount = Math.max.apply(null, pts.map(function (p) { return p[1]; }).concat([1]));
    function x(day) { return pad + (Date.parse(day) - t0) / span * (w - pad - 10); }
    function y(v, max) { return h - pad - v / max * (h - pad - 10); }
    var years = [], first = new Date(t0).getUTCFullYear(), last = new Date(t1).getUTCFullYear();
    var step = Math.max(1, Math.ceil((last - first + 1) / 8));
    for (var yr = first; yr <= last; yr += step) {
      if (x(yr + "-01-01") >= pad) years.push({x: x(yr + "-01-01"), label: String(yr)});
    }
    axes(svg, w, h, pad, years, maxCount, function (v) { return Math.round(v).toString(); });
    line(svg, data.curve.fitted.map(function (p) { return [x(p[0]), y(Math.min(p[1], maxCount * 1.05), maxCount)]; }), "fitted");
    line(svg, pts.map(function (p) { return [x(p[0]), y(p[1], maxCount)]; }), "count");
    var maxShare = Math.max.apply(null, pts.map(function (p) { return p[4] || 0; }).concat([0.0001]));
    line(svg, pts.filter(function (p) { return p[4] !== null; }).map(function (p) { return [x(p[0]), y(p[4] * maxCount / maxShare, maxCount)]; }), "share");
    var legend = [["count", data.text.count], ["fitted", data.text.fitted], ["share", data.text.share + " (max " + pct(maxShare) + ")"]];
    legend.forEach(function (item, i) {
      el("line", {x1: pad + 10 + i * 170, y1: 18, x2: pad + 34 + i * 170, y2: 18, "class": item[0]}, svg);
      el("text", {x: pad + 38 + i * 170, y: 22, "class": "tick"}, svg).textContent = item[1];
    });
  }

  function drawCascade(data) {
    var svg = document.getElementById("spread-cascade");
    if (!svg) return;
    var nodes = data.cascades.nodes, edges = data.cascades.edges, lang = data.lang;
    if (!nodes.length) { svg.setAttribute("height", "0"); return; }
    var colW = 90, rowH = 14;
    var maxDepth = 0, maxRow = 0, pos = {};
    nodes.forEach(function (n) { maxDepth = Math.max(maxDepth, n.depth); maxRow = Math.max(maxRow, n.row); });
    var w = 40 + (maxDepth + 1) * colW, h = 20 + (maxRow + 1) * rowH;
    svg.setAttribute("viewBox", "0 0 " + w + " " + h);
    svg.setAttribute("width", String(Math.min(w, 1200)));
    nodes.forEach(function (n) { pos[n.id] = [20 + n.depth * colW, 12 + n.row * rowH]; });
    var g = el("g", {"class": "edges"}, svg);
    edges.forEach(function (e) {
      var a = pos[e[0]], b = pos[e[1]];
      if (!a || !b) return;
      el("path", {d: "M" + a[0] + "," + a[1] + " C" + (a[0] + colW / 2) + "," + a[1] + " " + (b[0] - colW / 2) + "," + b[1] + " " + b[0] + "," + b[1],
                  "class": "edge " + (e[3] || "none")}, g);
    });
    var gn = el("g", {"class": "nodes"}, svg);
    nodes.forEach(function (n) {
      var p = pos[n.id];
      var dot = el("circle", {cx: p[0], cy: p[1], r: n.event ? 4 : 3.2, "class": n.event ? "node event" : "node"}, gn);
      title(dot, pick(n.labels, lang) + (n.day ? " · " + n.day : ""));
    });
  }

  function drawCompare() {
    var holder = document.getElementById("compare-data"), svg = document.getElementById("compare-curve");
    if (!holder || !svg) return;
    var data = JSON.parse(holder.textContent);
    var w = 640, h = 240, pad = 44;
    svg.setAttribute("viewBox", "0 0 " + w + " " + h);
    var series = [data.a, data.b];
    var maxX = Math.max.apply(null, series.map(function (s) { return s.length ? s[s.length - 1][0] : 1; }).concat([1]));
    var maxY = Math.max.apply(null, series.map(function (s) { return Math.max.apply(null, s.map(function (p) { return p[1] || 0; }).concat([0.0001])); }));
    var ticks = [];
    for (var i = 0; i <= Math.ceil(maxX); i += Math.max(1, Math.ceil(maxX / 8))) ticks.push({x: pad + i / maxX * (w - pad - 10), label: String(i)});
    axes(svg, w, h, pad, ticks, maxY, pct);
    ["count", "share"].forEach(function (cls, k) {
      line(svg, series[k].filter(function (p) { return p[1] !== null; }).map(function (p) {
        return [pad + p[0] / maxX * (w - pad - 10), h - pad - p[1] / maxY * (h - pad - 10)];
      }), cls);
      el("text", {x: pad + 10 + k * 280, y: 22, "class": "tick " + cls + "-label"}, svg).textContent = (k ? "B: " : "A: ") + data.labels[k];
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    /* The map controls only redraw the map: the form never submits (no inline handler, for the CSP). */
    document.querySelectorAll("form.map-controls").forEach(function (form) {
      form.addEventListener("submit", function (event) { event.preventDefault(); });
    });
    var holder = document.getElementById("spread-data");
    if (holder) {
      var data = JSON.parse(holder.textContent);
      drawMap(data);
      drawCurve(data);
      drawCascade(data);
      document.documentElement.setAttribute("data-spread-ready", "1");
    }
    drawCompare();
  });
})();
