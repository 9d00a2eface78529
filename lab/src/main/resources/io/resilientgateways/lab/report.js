// Draws the strategy lab's plots from the JSON in #lab-data with uPlot (inlined above). Plain script, no network.
(function () {
  "use strict";
  window.__labErrors = [];
  window.addEventListener("error", function (e) { window.__labErrors.push(String(e.message)); });
  var data = JSON.parse(document.getElementById("lab-data").textContent);
  var made = 0;

  function width() { return Math.max(600, Math.min(1150, document.body.clientWidth - 20)); }
  function color(i) { return data.palette[i % data.palette.length]; }

  // dashed vertical lines at the trace's changes
  function markers(events) {
    return { hooks: { draw: [function (u) {
      var ctx = u.ctx, left = u.bbox.left, right = u.bbox.left + u.bbox.width;
      ctx.save();
      ctx.strokeStyle = "rgba(0,0,0,0.28)";
      ctx.setLineDash([4, 4]);
      ctx.lineWidth = 1;
      events.forEach(function (e) {
        var x = Math.round(u.valToPos(e.t, "x", true));
        if (x >= left && x <= right) {
          ctx.beginPath();
          ctx.moveTo(x, u.bbox.top);
          ctx.lineTo(x, u.bbox.top + u.bbox.height);
          ctx.stroke();
        }
      });
      ctx.restore();
    }] } };
  }

  function plot(id, opts, d) {
    try {
      opts.width = width();
      opts.height = opts.height || 280;
      new uPlot(opts, d, document.getElementById(id));
      made++;
    } catch (e) {
      window.__labErrors.push(id + ": " + e);
    }
  }

  var strategies = data.strategies;

  plot("chart-moves", {
    scales: { x: { time: false } },
    axes: [{ label: "time (s)" }, { label: "moves so far" }],
    series: [{ label: "t (s)" }].concat(strategies.map(function (s, i) {
      return { label: s.label, stroke: color(i), width: 2 };
    })),
    plugins: [markers(data.events)]
  }, [data.t].concat(strategies.map(function (s) { return s.moves; })));

  plot("chart-spread", {
    height: 220,
    scales: { x: { time: false } },
    axes: [{ label: "time (s)" }, { label: "max - min" }],
    series: [{ label: "t (s)" }].concat(strategies.map(function (s, i) {
      return { label: s.label, stroke: color(i), width: 1.5, paths: uPlot.paths.stepped({ align: 1 }) };
    })),
    plugins: [markers(data.events)]
  }, [data.t].concat(strategies.map(function (s) { return s.spread; })));

  var dark = uPlot.join(strategies.map(function (s) {
    return s.darkMs.length ? [s.darkMs, s.darkShare] : [[0], [null]];
  }));
  plot("chart-dark", {
    scales: { x: { time: false }, y: { range: [0, 1] } },
    axes: [{ label: "dark time (ms)" }, { label: "share of spells" }],
    series: [{ label: "ms" }].concat(strategies.map(function (s, i) {
      return { label: s.label, stroke: color(i), width: 2, spanGaps: true };
    }))
  }, dark);

  // one point per change: x = moves it caused, y = spread when it settled; equal x within a strategy are nudged by
  // a thousandth so that uPlot's join keeps every point
  var scatter = uPlot.join(strategies.map(function (s) {
    var xs = [], last = null, k = 0;
    s.changeMoves.forEach(function (m) {
      k = (m === last) ? k + 1 : 0;
      last = m;
      xs.push(m + k / 1000);
    });
    return xs.length ? [xs, s.changeSpread] : [[0], [null]];
  }));
  plot("chart-scatter", {
    scales: { x: { time: false } },
    axes: [{ label: "moves caused by the change" }, { label: "spread after it (load per capacity)" }],
    series: [{ label: "moves" }].concat(strategies.map(function (s, i) {
      return { label: s.label, stroke: color(i), fill: color(i), paths: function () { return null; },
        points: { show: true, size: 8, fill: color(i) } };
    }))
  }, scatter);

  strategies.forEach(function (s, si) {
    plot("chart-open-" + si, {
      height: 240,
      scales: { x: { time: false } },
      axes: [{ label: "time (s)" }, { label: "tasks open" }],
      series: [{ label: "t (s)" }].concat(s.workers.map(function (w, i) {
        return { label: w, stroke: color(i), width: 1.5, paths: uPlot.paths.stepped({ align: 1 }) };
      })),
      plugins: [markers(data.events)]
    }, [data.t].concat(s.open));
  });

  document.body.setAttribute("data-charts", String(made));
  document.body.setAttribute("data-charts-expected", String(4 + strategies.length));
})();
