/* The analytics map: choropleth, seizure clusters and flow lines on the shipped boundaries.
   No tile server: the app must work with no internet, so the shapes are the only background. */
(function () {
  "use strict";
  var root = document.getElementById("analytics-map");
  if (!root || !window.L) { return; }
  var api = root.dataset.api;
  var SHADES = ["#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000"];
  var EMPTY = "#f4f4f2";
  var controls = {
    metric: document.getElementById("map-metric"),
    level: document.getElementById("map-level"),
    points: document.getElementById("show-points"),
    flows: document.getElementById("show-flows"),
    year: document.getElementById("period-year"),
    allYears: document.getElementById("period-all"),
    yearLabel: document.getElementById("period-label")
  };
  var map = L.map(root, { renderer: L.svg({ padding: 0 }), worldCopyJump: false, minZoom: 2, maxZoom: 10 });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Boundaries: Natural Earth");
  map.setView([8.6, -11.3], 7);
  var layers = { countries: L.layerGroup().addTo(map), areas: L.layerGroup().addTo(map),
                 points: L.layerGroup().addTo(map), flows: L.layerGroup().addTo(map) };

  function period() {
    if (controls.allYears.checked) { return ""; }
    return "first_year=" + controls.year.value + "&last_year=" + controls.year.value;
  }

  function fetchJson(path, params) {
    var query = [params, period()].filter(Boolean).join("&");
    return fetch(api + path + (query ? "?" + query : ""), { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status + " " + response.statusText); }
        return response.json();
      });
  }

  function shade(value, max) {
    if (value === null || value === undefined || !max) { return EMPTY; }
    var index = Math.min(SHADES.length - 1, Math.floor((value / max) * SHADES.length));
    return SHADES[Math.max(0, index)];
  }

  function legend(collection) {
    var box = document.getElementById("map-legend");
    box.textContent = "";
    var max = collection.properties.max || 0;
    SHADES.forEach(function (colour, index) {
      var item = document.createElement("span");
      var swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.backgroundColor = colour;  // a DOM property, which the page's policy allows
      item.appendChild(swatch);
      var low = (max * index) / SHADES.length, high = (max * (index + 1)) / SHADES.length;
      item.appendChild(document.createTextNode(
        collection.properties.metric === "risk" ? low.toFixed(2) + "–" + high.toFixed(2)
          : Math.ceil(low) + "–" + Math.floor(high)));
      box.appendChild(item);
    });
    collection.properties.notes.forEach(function (note) {
      var item = document.createElement("span");
      item.className = "muted";
      item.textContent = note;
      box.appendChild(item);
    });
  }

  var COLUMNS = {
    seized_item: ["date", "case_reference", "serial_number", "weapon_type", "country_of_manufacture", "place", "jurisdiction"],
    weapon: ["record_id", "serial_number", "weapon_type", "status", "date", "admin1", "jurisdiction"],
    event: ["date", "status", "record_id", "serial_number", "weapon_type", "admin1", "jurisdiction"],
    flow: ["seizure_date", "case_reference", "serial_number", "weapon_type", "diversion_place",
           "diversion_mechanism", "days_to_seizure", "registry_holder_types", "armed_groups"]
  };

  function showRecords(title, answer, kind) {
    var section = document.getElementById("analytics-records");
    section.hidden = false;
    document.getElementById("records-title").textContent = title;
    document.getElementById("records-total").textContent =
      answer.total + " " + root.dataset.labelWeapons + (answer.total > answer.records.length
        ? " (" + answer.records.length + ")" : "");
    var table = document.getElementById("records-table");
    var head = table.querySelector("thead"), body = table.querySelector("tbody");
    head.textContent = "";
    body.textContent = "";
    if (!answer.records.length) {
      var empty = body.insertRow();
      empty.insertCell().textContent = root.dataset.labelNone;
      return;
    }
    var columns = COLUMNS[kind || answer.records[0].kind];
    var headRow = head.insertRow();
    columns.forEach(function (column) {
      var cell = document.createElement("th");
      cell.textContent = column.replace(/_/g, " ");
      headRow.appendChild(cell);
    });
    answer.records.forEach(function (record) {
      var row = body.insertRow();
      columns.forEach(function (column) {
        var cell = row.insertCell();
        var value = record[column];
        cell.textContent = Array.isArray(value) ? value.join(", ") : (value === null ? "" : String(value));
        cell.setAttribute("data-label", column.replace(/_/g, " "));
      });
    });
    section.scrollIntoView({ block: "nearest" });
  }

  function drawShapes() {
    var metric = controls.metric.value;
    var level = controls.level.value;
    var path = level === "countries" ? "map/countries" : "map/admin1";
    return Promise.all([fetchJson("map/countries", "metric=" + metric),
                        level === "admin1" ? fetchJson(path, "metric=" + metric) : null])
      .then(function (answers) {
        var countries = answers[0], areas = answers[1];
        layers.countries.clearLayers();
        layers.areas.clearLayers();
        L.geoJSON(countries, {
          style: function (feature) {
            return { color: "#7b8a97", weight: 0.8, fillOpacity: 0.85,
                     fillColor: level === "countries" ? shade(feature.properties.value, countries.properties.max) : EMPTY };
          },
          onEachFeature: function (feature, layer) {
            layer.on("click", function () {
              fetchJson("map/records", "metric=" + metric + "&country=" + encodeURIComponent(feature.properties.code))
                .then(function (answer) { showRecords(feature.properties.name, answer); });
            });
          }
        }).addTo(layers.countries);
        if (areas) {
          L.geoJSON(areas, {
            style: function (feature) {
              return { color: "#4d5b66", weight: 1, fillOpacity: 0.85,
                       fillColor: shade(feature.properties.value, areas.properties.max) };
            },
            onEachFeature: function (feature, layer) {
              layer.bindTooltip(feature.properties.name + ": " + (feature.properties.value || 0));
              layer.on("click", function () {
                fetchJson("map/records", "metric=" + metric + "&area=" + encodeURIComponent(feature.properties.code))
                  .then(function (answer) { showRecords(feature.properties.name, answer); });
              });
            }
          }).addTo(layers.areas);
        }
        legend(areas || countries);
        root.dataset.shapes = String(countries.features.length + (areas ? areas.features.length : 0));
      });
  }

  function drawPoints() {
    layers.points.clearLayers();
    if (!controls.points.checked) { return Promise.resolve(); }
    var cell = Math.max(0.01, 8 / Math.pow(2, map.getZoom()));
    return fetchJson("map/seizure-points", "cell=" + cell.toFixed(3)).then(function (collection) {
      collection.features.forEach(function (feature) {
        var coordinates = feature.geometry.coordinates, weapons = feature.properties.weapons;
        var marker = L.circleMarker([coordinates[1], coordinates[0]], {
          radius: 5 + 3 * Math.sqrt(weapons), color: "#1b4f72", weight: 1, fillColor: "#2e86c1",
          fillOpacity: 0.8, className: "seizure-cluster"
        }).addTo(layers.points);
        marker.bindTooltip(weapons + " " + root.dataset.labelWeapons);
        marker.on("click", function () {
          var box = feature.properties.bbox;
          fetchJson("map/records", "metric=seizures&bbox=" + box.join(","))
            .then(function (answer) { showRecords(weapons + " " + root.dataset.labelWeapons, answer); });
        });
      });
    });
  }

  function drawFlows() {
    layers.flows.clearLayers();
    if (!controls.flows.checked) { return Promise.resolve(); }
    return fetchJson("flows/lines", "").then(function (collection) {
      collection.features.forEach(function (feature) {
        var properties = feature.properties;
        if (properties.within_one_area) { return; }
        var ends = feature.geometry.coordinates.map(function (point) { return [point[1], point[0]]; });
        var line = L.polyline(ends, { color: "#6c3483", weight: properties.width, opacity: 0.8,
                                      dashArray: properties.few_cases ? "6 4" : null, className: "flow-line" })
          .addTo(layers.flows);
        line.getElement().setAttribute("data-key", properties.key);
        line.bindTooltip(properties.from_name + " → " + properties.to_name + ": " + properties.weapons + " " +
                         root.dataset.labelWeapons + (properties.few_cases ? " (" + root.dataset.labelFew + ")" : ""));
        line.on("click", function () {
          fetchJson("flows/records", "line=" + encodeURIComponent(properties.key)).then(function (answer) {
            showRecords(properties.from_name + " → " + properties.to_name, answer, "flow");
          });
        });
      });
    });
  }

  // Redraws run one after another: two overlapping ones (untick "all years", then pick a year)
  // would otherwise both add their layers after the other had cleared them.
  var drawing = Promise.resolve(), waiting = 0;

  function redraw() {
    controls.yearLabel.textContent = controls.allYears.checked ? controls.allYears.parentNode.textContent.trim()
      : controls.year.value;
    controls.year.disabled = controls.allYears.checked;
    root.dataset.ready = "false";
    waiting += 1;
    drawing = drawing.then(drawAll).catch(function (error) {
      document.getElementById("map-legend").textContent = String(error);
    }).then(function () {
      waiting -= 1;
      if (!waiting) { root.dataset.ready = "true"; }
    });
    return drawing;
  }

  function drawAll() {
    var query = period();
    document.querySelectorAll("a[data-table]").forEach(function (link) { link.search = query ? "?" + query : ""; });
    return drawShapes().then(drawPoints).then(drawFlows).then(function () {
      layers.points.eachLayer(function (layer) { layer.bringToFront(); });
      layers.flows.eachLayer(function (layer) { layer.bringToFront(); });
    });
  }

  [controls.metric, controls.level, controls.points, controls.flows, controls.allYears].forEach(function (control) {
    control.addEventListener("change", redraw);
  });
  controls.year.addEventListener("input", function () { controls.yearLabel.textContent = controls.year.value; });
  controls.year.addEventListener("change", redraw);
  map.on("zoomend", function () { drawPoints().then(function () {
    layers.flows.eachLayer(function (layer) { layer.bringToFront(); });
  }); });

  function mapSvg() { return root.querySelector(".leaflet-overlay-pane svg"); }
  document.getElementById("map-png").addEventListener("click", function () {
    window.salwExports.savePng(mapSvg(), "salw-map-" + controls.metric.value + ".png");
  });
  document.getElementById("map-svg").addEventListener("click", function () {
    window.salwExports.saveSvg(mapSvg(), "salw-map-" + controls.metric.value + ".svg");
  });
  redraw();
})();
