/* Pilot Atlas: show WGS-84 data on a GCJ-02 basemap (Gaode) by shifting it while that basemap is on. */
var PilotAtlas = window.PilotAtlas || {};
PilotAtlas.wgsToGcj = function (lat, lon) {
  var a = 6378245.0, ee = 0.00669342162296594323, PI = Math.PI;
  var x = lon - 105.0, y = lat - 35.0;
  var common = (20 * Math.sin(6 * x * PI) + 20 * Math.sin(2 * x * PI)) * 2 / 3;
  var dLat = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x)) + common
    + (20 * Math.sin(y * PI) + 40 * Math.sin(y / 3 * PI)) * 2 / 3
    + (160 * Math.sin(y / 12 * PI) + 320 * Math.sin(y * PI / 30)) * 2 / 3;
  var dLon = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x)) + common
    + (20 * Math.sin(x * PI) + 40 * Math.sin(x / 3 * PI)) * 2 / 3
    + (150 * Math.sin(x / 12 * PI) + 300 * Math.sin(x / 30 * PI)) * 2 / 3;
  var radLat = lat / 180 * PI, magic = 1 - ee * Math.sin(radLat) * Math.sin(radLat), sq = Math.sqrt(magic);
  dLat = (dLat * 180) / ((a * (1 - ee)) / (magic * sq) * PI);
  dLon = (dLon * 180) / (a / sq * Math.cos(radLat) * PI);
  return [lat + dLat, lon + dLon];
};
PilotAtlas.shiftLatLngs = function (latlngs, toGcj) {
  if (Array.isArray(latlngs)) {
    return latlngs.map(function (ll) { return PilotAtlas.shiftLatLngs(ll, toGcj); });
  }
  var p = PilotAtlas.wgsToGcj(latlngs.lat, latlngs.lng);
  return L.latLng(p[0], p[1]);
};
/* Layers holding data (markers, boundaries) register here so the switch reaches hidden ones too. */
PilotAtlas.dataLayers = [];
PilotAtlas.register = function (layer) { PilotAtlas.dataLayers.push(layer); return layer; };
/* A value made on first use (e.g. data a page needs only when a popup opens), then kept. */
PilotAtlas.later = function (make) {
  var made = false, value;
  return function () { if (!made) { value = make(); made = true; } return value; };
};
/* Whether data are shown shifted to GCJ-02 now (layers filled later shift themselves). */
PilotAtlas.datumShifted = false;
PilotAtlas.shiftLayer = (function () {
  function leaf(layer, toGcj) {
    if (layer._paDetail) {  /* boundaries choose their points when drawn (decode.js PilotAtlas.detail) */
      if (layer._map) { layer.redraw(); }
    } else if (layer.getLatLng) {
      if (!layer._paWgs) { layer._paWgs = layer.getLatLng(); }
      layer.setLatLng(toGcj ? PilotAtlas.shiftLatLngs(layer._paWgs, true) : layer._paWgs);
    } else if (layer.getLatLngs) {
      if (!layer._paWgs) { layer._paWgs = layer.getLatLngs(); }
      layer.setLatLngs(toGcj ? PilotAtlas.shiftLatLngs(layer._paWgs, true) : layer._paWgs);
    }
  }
  function group(layer, toGcj) {
    var children = [];
    layer.eachLayer(function (child) { children.push(child); });
    var clustered = typeof L.MarkerClusterGroup !== "undefined" && layer instanceof L.MarkerClusterGroup;
    if (clustered) { layer.clearLayers(); }
    children.forEach(function (child) {
      if (child.eachLayer && !child.getLatLng && !child.getLatLngs) { group(child, toGcj); } else { leaf(child, toGcj); }
    });
    if (clustered) { layer.addLayers(children); }
  }
  return group;
})();
PilotAtlas.datumSwitch = function (map) {
  map.on("baselayerchange", function (e) {
    var toGcj = !!(e.layer.options && e.layer.options.paDatum === "gcj02");
    if (toGcj === PilotAtlas.datumShifted) { return; }
    PilotAtlas.datumShifted = toGcj;
    PilotAtlas.dataLayers.forEach(function (layer) { PilotAtlas.shiftLayer(layer, toGcj); });
  });
};
window.PilotAtlas = PilotAtlas;
