/* Trend and armed-group charts, drawn from the analytics API with the vendored Chart.js. */
(function () {
  "use strict";
  var root = document.getElementById("analytics-charts");
  if (!root || !window.Chart) { return; }
  var api = root.dataset.api;
  var PALETTE = ["#1b4f72", "#b03a2e", "#7d3c98", "#117a65", "#b9770e", "#5d6d7e", "#2e86c1", "#cb4335"];
  var charts = {};
  var year = document.getElementById("period-year"), allYears = document.getElementById("period-all");
  var yearLabel = document.getElementById("period-label");
  Chart.defaults.animation = false;  // the picture must be complete when exported or screenshot

  function period() {
    return allYears.checked ? "" : "?first_year=" + year.value + "&last_year=" + year.value;
  }

  function get(path) {
    return fetch(api + path + period(), { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) { throw new Error(response.status + " " + response.statusText); }
      return response.json();
    });
  }

  function draw(id, config) {
    if (charts[id]) { charts[id].destroy(); }
    charts[id] = new Chart(document.getElementById(id), config);
  }

  function crossed(breakdown, stacked) {
    var keys = breakdown.columns.filter(function (column) { return column !== "year"; });
    return {
      type: "bar",
      data: {
        labels: breakdown.rows.map(function (row) { return row.year; }),
        datasets: keys.map(function (key, index) {
          return { label: key.replace(/_/g, " "), backgroundColor: PALETTE[index % PALETTE.length],
                   data: breakdown.rows.map(function (row) { return row[key]; }) };
        })
      },
      options: { scales: { x: { stacked: stacked }, y: { stacked: stacked, beginAtZero: true, ticks: { precision: 0 } } } }
    };
  }

  function redraw() {
    yearLabel.textContent = allYears.checked ? allYears.parentNode.textContent.trim() : year.value;
    year.disabled = allYears.checked;
    root.dataset.ready = "false";
    return Promise.all([get("trends"), get("armed-groups")]).then(function (answers) {
      var byName = {};
      answers[0].breakdowns.forEach(function (breakdown) { byName[breakdown.name] = breakdown; });
      var trends = byName.trends;
      var labels = trends.rows.map(function (row) { return row.year; });
      draw("chart-trends", {
        type: "line",
        data: { labels: labels, datasets: [
          { label: root.dataset.labelLosses, data: trends.rows.map(function (row) { return row.losses; }),
            borderColor: PALETTE[1], backgroundColor: PALETTE[1] },
          { label: root.dataset.labelSeizures, data: trends.rows.map(function (row) { return row.seizures; }),
            borderColor: PALETTE[0], backgroundColor: PALETTE[0] },
          { label: root.dataset.labelTraces, data: trends.rows.map(function (row) { return row.traces; }),
            borderColor: PALETTE[3], backgroundColor: PALETTE[3] }
        ] },
        options: { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
      });
      draw("chart-mechanisms", crossed(byName.mechanisms_by_year, true));
      draw("chart-types", crossed(byName.weapon_types_by_year, true));
      var groups = answers[1];
      draw("chart-groups", {
        type: "bar",
        data: { labels: groups.rows.map(function (row) { return row.group + " (" + (row.confidence || "?") + ")"; }),
                datasets: [{ label: root.dataset.labelWeapons, backgroundColor: PALETTE[2],
                             data: groups.rows.map(function (row) { return row.weapons; }) }] },
        options: { indexAxis: "y", scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } }
      });
      document.querySelectorAll("a[data-table]").forEach(function (link) {
        link.search = period();
      });
      root.dataset.ready = "true";
    });
  }

  document.querySelectorAll("button[data-png]").forEach(function (button) {
    button.addEventListener("click", function () {
      window.salwExports.saveCanvas(document.getElementById(button.dataset.png), "salw-" + button.dataset.png + ".png");
    });
  });
  allYears.addEventListener("change", redraw);
  year.addEventListener("input", function () { yearLabel.textContent = year.value; });
  year.addEventListener("change", redraw);
  redraw();
})();
