/* Pilot Atlas: decode a page's shared, quantised arcs (atlas/publishing/maps/layers.py topology_payload).
   Features come out as GeoJSON whose coordinates are L.LatLng objects, not [lon, lat] pairs. */
function pilotAtlasNumbers(topology, text) {
  /* see atlas/publishing/maps/numbers.py: base-CONTINUE digits, low first, then one base-FINAL digit */
  var digit = topology.digits, final = topology.final, base = topology["continue"];
  if (!digit) {
    digit = topology.digits = new Int8Array(128);
    for (var c = 0; c < topology.alphabet.length; c++) { digit[topology.alphabet.charCodeAt(c)] = c; }
  }
  var out = [], value = 0, scale = 1;
  for (var i = 0; i < text.length; i++) {
    var d = digit[text.charCodeAt(i)];
    if (d >= final) { value += (d - final) * scale; scale *= base; continue; }
    value += d * scale;
    out.push(value % 2 ? -(value + 1) / 2 : value / 2);
    value = 0; scale = 1;
  }
  return out;
}
function pilotAtlasArcs(topology) {
  if (!topology.arcs) {
    var counts = pilotAtlasNumbers(topology, topology.n), steps = pilotAtlasNumbers(topology, topology.p), s = topology.scale;
    var arcs = [], x = 0, y = 0, k = 0, last = null;
    for (var a = 0; a < counts.length; a++) {
      var size = counts[a] >> 1, arc = new Array(size), j = 0;
      if (counts[a] & 1) { arc[j++] = last; }  /* starts where the previous arc ended */
      /* points as Leaflet LatLngs, shared by every ring and layer that uses the arc (the layers
         take them as they are: coordsToLatLng is the identity, see CompactPolygons) */
      for (; j < size; j++) { x += steps[k++]; y += steps[k++]; arc[j] = new L.LatLng(y / s, x / s); }
      last = arc[size - 1];
      arcs.push(arc);
    }
    topology.arcs = arcs;
  }
  return topology.arcs;
}
function pilotAtlasDecode(topology, index, props) {
  var arcs = pilotAtlasArcs(topology), numbers = pilotAtlasNumbers(topology, topology.layers[index]);
  var k = 0, ref = 0, features = [];
  for (var f = 0; f < props.length; f++) {
    var polygons = new Array(numbers[k++]);
    for (var p = 0; p < polygons.length; p++) {
      var rings = polygons[p] = new Array(numbers[k++]);
      for (var r = 0; r < rings.length; r++) {
        var ring = rings[r] = [], count = numbers[k++];
        for (var c = 0; c < count; c++) {
          ref += numbers[k++];
          var arc = ref >= 0 ? arcs[ref] : arcs[~ref], last = arc.length - 1;
          for (var j = ring.length ? 1 : 0; j <= last; j++) { ring.push(ref >= 0 ? arc[j] : arc[last - j]); }
        }
      }
    }
    features.push({type: "Feature", properties: props[f], geometry: {type: "MultiPolygon", coordinates: polygons}});
  }
  return {type: "FeatureCollection", features: features};
}
/* An outline layer (no fill, no tooltip) as one multi-line feature: each of its arcs once, in order of first
   use, where drawing its polygons would stroke every border between two units twice. */
function pilotAtlasMesh(topology, index) {
  var arcs = pilotAtlasArcs(topology), numbers = pilotAtlasNumbers(topology, topology.layers[index]);
  var k = 0, ref = 0, seen = new Uint8Array(arcs.length), lines = [];
  while (k < numbers.length) {
    var polygons = numbers[k++];
    for (var p = 0; p < polygons; p++) {
      var rings = numbers[k++];
      for (var r = 0; r < rings; r++) {
        var count = numbers[k++];
        for (var c = 0; c < count; c++) {
          ref += numbers[k++];
          var a = ref >= 0 ? ref : ~ref;
          if (!seen[a]) { seen[a] = 1; lines.push(arcs[a]); }
        }
      }
    }
  }
  return {type: "FeatureCollection", features: [{type: "Feature", properties: {},
    geometry: {type: "MultiLineString", coordinates: lines}}]};
}
/* Build a polygon layer's features the first time it goes on a map: hidden layers (counties) cost nothing. */
PilotAtlas.fillWhenShown = function (layer, data) {
  layer.beforeAdd = function () {
    delete layer.beforeAdd;
    layer.addData(data());
    if (PilotAtlas.datumShifted) { PilotAtlas.shiftLayer(layer, true); }
  };
};
