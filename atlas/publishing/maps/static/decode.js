/* Pilot Atlas: decode a page's shared, quantised arcs (atlas/publishing/maps/arcs.py) into GeoJSON. */
function pilotAtlasNumbers(text) {
  var out = [], i = 0, n = text.length;
  while (i < n) {
    var result = 0, shift = 0, b;
    do { b = text.charCodeAt(i++) - 63; result |= (b & 31) << shift; shift += 5; } while (b >= 32);
    out.push((result & 1) ? ~(result >> 1) : (result >> 1));
  }
  return out;
}
function pilotAtlasArcs(topology) {
  if (!topology.arcs) {
    var counts = pilotAtlasNumbers(topology.n), steps = pilotAtlasNumbers(topology.p), s = topology.scale;
    var arcs = [], x = 0, y = 0, k = 0;
    for (var a = 0; a < counts.length; a++) {
      var arc = new Array(counts[a]);
      for (var j = 0; j < counts[a]; j++) { x += steps[k++]; y += steps[k++]; arc[j] = [x / s, y / s]; }
      arcs.push(arc);
    }
    topology.arcs = arcs;
  }
  return topology.arcs;
}
function pilotAtlasDecode(topology, index, props) {
  var arcs = pilotAtlasArcs(topology), previous = 0, features = [];
  function ring(text) {
    var out = [], refs = pilotAtlasNumbers(text);
    for (var r = 0; r < refs.length; r++) {
      var ref = (previous += refs[r]), arc = ref >= 0 ? arcs[ref] : arcs[~ref], last = arc.length - 1;
      for (var j = out.length ? 1 : 0; j <= last; j++) { out.push(ref >= 0 ? arc[j] : arc[last - j]); }
    }
    return out;
  }
  var layer = topology.layers[index];
  for (var f = 0; f < layer.length; f++) {
    var polygons = layer[f].map(function (polygon) { return polygon.map(ring); });
    features.push({type: "Feature", properties: props[f], geometry: {type: "MultiPolygon", coordinates: polygons}});
  }
  return {type: "FeatureCollection", features: features};
}
/* Build a polygon layer's features the first time it goes on a map: hidden layers (counties) cost nothing. */
PilotAtlas.fillWhenShown = function (layer, data) {
  layer.beforeAdd = function () {
    delete layer.beforeAdd;
    layer.addData(data());
    if (PilotAtlas.datumShifted) { PilotAtlas.shiftLayer(layer, true); }
  };
};
