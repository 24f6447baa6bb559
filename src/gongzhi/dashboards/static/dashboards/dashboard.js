/* 数据大屏: draws the dashboard's charts with Apache ECharts (static/vendor/echarts.min.js) from the data the page
 * embeds with Django's json_script (<script type="application/json" id="dashboard-data">). htmx replaces that data
 * every minute (the fragment endpoint); on htmx:afterSwap the charts are drawn again from the new data. No inline
 * script anywhere (the site's Content-Security-Policy refuses them). Every word comes from the data, in the
 * visitor's language. */
(function () {
  "use strict";
  var FONT = '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "Source Han Sans SC", sans-serif';
  var INK = "#e6edf7", INK_2 = "#8fa3bf", LINE = "#1f3556";
  var COLOURS = ["#4fa3ff", "#f5c451", "#4cd68a", "#ff7a6b", "#b78cff"];
  var charts = {};

  function readData() {
    var el = document.getElementById("dashboard-data");
    return el ? JSON.parse(el.textContent) : null;
  }

  function chart(id) {
    var el = document.getElementById(id);
    if (!el || !window.echarts) { return null; }
    if (!charts[id] || charts[id].isDisposed()) {
      var lang = (document.documentElement.lang || "").toLowerCase().indexOf("en") === 0 ? "EN" : "ZH";
      charts[id] = window.echarts.init(el, "dark", {renderer: "canvas", locale: lang});
    }
    return charts[id];
  }

  function base() {
    return {
      backgroundColor: "transparent", color: COLOURS, animationDuration: 600,
      textStyle: {fontFamily: FONT, color: INK},
      tooltip: {textStyle: {fontFamily: FONT}}
    };
  }

  function axisStyle(extra) {
    var axis = {axisLine: {lineStyle: {color: LINE}}, axisLabel: {color: INK_2}, splitLine: {lineStyle: {color: LINE}}};
    for (var key in extra) { if (Object.prototype.hasOwnProperty.call(extra, key)) { axis[key] = extra[key]; } }
    return axis;
  }

  function drawTrend(data) {
    var c = chart("chart-trend");
    if (!c) { return; }
    var L = data.labels, t = data.trends, option = base();
    option.tooltip.trigger = "axis";
    option.legend = {top: 0, textStyle: {color: INK_2}};
    option.grid = {left: 8, right: 8, top: 30, bottom: 4, containLabel: true};
    option.xAxis = axisStyle({type: "category", data: L.months, axisLabel: {color: INK_2, interval: 0, fontSize: 11}});
    option.yAxis = [axisStyle({type: "value", minInterval: 1}),
                    axisStyle({type: "value", minInterval: 1, splitLine: {show: false}})];
    option.series = [
      {name: L.cases, type: "bar", data: t.cases, barMaxWidth: 14},
      {name: L.services, type: "bar", data: t.services, barMaxWidth: 14},
      {name: L.person_times, type: "line", yAxisIndex: 1, data: t.person_times, symbolSize: 6}
    ];
    c.setOption(option, true);
  }

  function drawCategories(data) {
    var c = chart("chart-categories");
    if (!c) { return; }
    var L = data.labels, cats = data.categories, option = base();
    option.tooltip.trigger = "axis";
    option.tooltip.axisPointer = {type: "shadow"};
    option.legend = {top: 0, textStyle: {color: INK_2}};
    option.grid = {left: 8, right: 16, top: 28, bottom: 4, containLabel: true};
    option.xAxis = axisStyle({type: "value", minInterval: 1});
    option.yAxis = axisStyle({type: "category", inverse: true, data: cats.map(function (x) { return x.name; }),
                              axisLabel: {color: INK, interval: 0, fontSize: 12}});
    option.series = [
      {name: L.needs, type: "bar", data: cats.map(function (x) { return x.needs; }), barMaxWidth: 10},
      {name: L.resources, type: "bar", data: cats.map(function (x) { return x.resources; }), barMaxWidth: 10}
    ];
    c.setOption(option, true);
  }

  /* The map: communities as points on longitude/latitude value axes (no tiles, no GeoJSON). The axes' ranges keep
   * the ground's proportions (a degree of longitude is cos(latitude) of a degree of latitude). */
  function mapRanges(points, el) {
    var lons = points.map(function (p) { return p.lon; }), lats = points.map(function (p) { return p.lat; });
    var lon0 = Math.min.apply(null, lons), lon1 = Math.max.apply(null, lons);
    var lat0 = Math.min.apply(null, lats), lat1 = Math.max.apply(null, lats);
    var midLat = (lat0 + lat1) / 2, k = Math.cos(midLat * Math.PI / 180) || 1;
    var w = Math.max((lon1 - lon0) * k, 0.004), h = Math.max(lat1 - lat0, 0.004);
    var width = Math.max(el.clientWidth - 40, 100), height = Math.max(el.clientHeight - 70, 80);
    if (w / h < width / height) { w = h * width / height; } else { h = w * height / width; }
    w *= 1.7; h *= 1.5;  // room for the names beside the points
    var midLon = (lon0 + lon1) / 2;
    return {lon: [midLon - w / k / 2, midLon + w / k / 2], lat: [midLat - h / 2, midLat + h / 2]};
  }

  function drawMap(data) {
    var c = chart("chart-map");
    if (!c) { return; }
    var m = data.map, L = data.labels, option = base(), el = document.getElementById("chart-map");
    var unit = m.percent ? "%" : "";
    var valued = m.points.filter(function (p) { return p.value !== null; });
    var empty = m.points.filter(function (p) { return p.value === null; });
    var values = valued.map(function (p) { return p.value; });
    var max = m.percent ? 100 : Math.max.apply(null, values.concat([1]));
    var colours = ["#ff7a6b", "#f5c451", "#4cd68a"];
    option.tooltip.trigger = "item";
    option.tooltip.formatter = function (p) {
      var v = p.value[2];
      return p.name + "<br>" + m.label + "：" + (v === null || v === undefined ? L.no_value : v + unit);
    };
    var ranges = m.points.length ? mapRanges(m.points, el) : {lon: [0, 1], lat: [0, 1]};
    option.grid = {left: 10, right: 10, top: 10, bottom: 44};
    option.xAxis = {type: "value", min: ranges.lon[0], max: ranges.lon[1], axisLabel: {show: false},
                    axisTick: {show: false}, axisLine: {show: false}, splitLine: {lineStyle: {color: LINE, type: "dashed"}}};
    option.yAxis = {type: "value", min: ranges.lat[0], max: ranges.lat[1], axisLabel: {show: false},
                    axisTick: {show: false}, axisLine: {show: false}, splitLine: {lineStyle: {color: LINE, type: "dashed"}}};
    option.visualMap = {type: "continuous", seriesIndex: 0, dimension: 2, min: 0, max: max, calculable: false,
                        orient: "horizontal", left: "center", bottom: 4, itemHeight: 160, itemWidth: 10,
                        text: [String(max) + unit, "0" + unit], textStyle: {color: INK_2},
                        inRange: {color: m.higher_is_better ? colours : colours.slice().reverse()}};
    var midLon = (ranges.lon[0] + ranges.lon[1]) / 2;
    function label(p) {  // the name on the side with more room
      return {show: true, position: p.lon > midLon ? "left" : "right", color: INK, fontSize: 13,
              formatter: function (q) {
                var v = q.value[2];
                return q.name + (v === null || v === undefined ? "" : "  " + v + unit);
              }};
    }
    option.series = [
      {name: m.label, type: "scatter", symbolSize: 22,
       itemStyle: {borderColor: "#0b1526", borderWidth: 2, shadowBlur: 12, shadowColor: "rgba(245,196,81,.35)"},
       data: valued.map(function (p) { return {name: p.name, value: [p.lon, p.lat, p.value], label: label(p)}; })},
      {name: L.no_value, type: "scatter", symbolSize: 16, itemStyle: {color: "#51627a"},
       data: empty.map(function (p) { return {name: p.name, value: [p.lon, p.lat, null], label: label(p)}; })}
    ];
    c.setOption(option, true);
  }

  function draw() {
    var data = readData();
    if (!data) { return; }
    drawTrend(data);
    drawCategories(data);
    drawMap(data);
    var time = document.getElementById("dash-time");
    if (time) { time.textContent = data.built_at; }
  }

  var resizing = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(function () {
      Object.keys(charts).forEach(function (id) { charts[id].resize(); });
      var data = readData();
      if (data) { drawMap(data); }  // the map's ranges follow the panel's shape
    }, 150);
  });
  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.target && event.target.id === "dash-live") { draw(); }
  });
})();
