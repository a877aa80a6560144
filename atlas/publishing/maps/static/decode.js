/* Pilot Atlas: decode a page's shared, quantised arcs (atlas/publishing/maps/layers.py topology_payload).
   Nothing is decoded before a layer is shown, and then only the arcs it uses, at the detail level of the
   map's zoom: the coarser arcs of topology.levels at country-wide zooms, every point closer in. Points are
   L.LatLng objects, shared by every ring, line and level that uses them. */
var PilotAtlas = window.PilotAtlas || {};
/* The numbers of a text (see atlas/publishing/maps/numbers.py: base-CONTINUE digits, low first, then one
   base-FINAL digit), read one at a time: reader.next(), while reader.more(). */
PilotAtlas.numberReader = function (topology, text) {
  var digit = topology.digits, final = topology.final, base = topology["continue"], i = 0;
  if (!digit) {
    digit = topology.digits = new Int8Array(128);
    for (var c = 0; c < topology.alphabet.length; c++) { digit[topology.alphabet.charCodeAt(c)] = c; }
  }
  return {
    more: function () { return i < text.length; },
    next: function () {
      var value = 0, scale = 1, d;
      while ((d = digit[text.charCodeAt(i++)]) >= final) { value += (d - final) * scale; scale *= base; }
      value += d * scale;
      return value % 2 ? -(value + 1) / 2 : value / 2;
    }
  };
};
function pilotAtlasNumbers(topology, text) {
  var reader = PilotAtlas.numberReader(topology, text), out = [];
  while (reader.more()) { out.push(reader.next()); }
  return out;
}
/* The page's arcs: arc(a, level) gives arc a's points at a detail level (levels.length: every point). */
function pilotAtlasArcs(topology) {
  if (topology.store) { return topology.store; }
  var counts = pilotAtlasNumbers(topology, topology.n), n = counts.length, s = topology.scale;
  var start = new Int32Array(n + 1);
  for (var a = 0; a < n; a++) { start[a + 1] = start[a] + (counts[a] >> 1); }
  var xs = new Int32Array(start[n]), ys = new Int32Array(start[n]), points = new Array(start[n]);
  var steps = PilotAtlas.numberReader(topology, topology.p), decoded = 0, x = 0, y = 0;
  var levels = topology.levels || [], kept = [], arcs = [];
  for (var l = 0; l <= levels.length; l++) { arcs.push(new Array(n)); }
  function decodeTo(a) {  /* the points of arcs up to a, in order (each arc's steps follow the previous one's) */
    for (; decoded <= a; decoded++) {
      var i = start[decoded], end = start[decoded + 1];
      if (counts[decoded] & 1) { xs[i] = xs[i - 1]; ys[i] = ys[i - 1]; i++; }  /* starts where the previous ended */
      for (; i < end; i++) { x += steps.next(); y += steps.next(); xs[i] = x; ys[i] = y; }
    }
  }
  function point(i) { return points[i] || (points[i] = new L.LatLng(ys[i] / s, xs[i] / s)); }
  function keptTo(level, a) {  /* the kept points of arcs up to a at a coarse level: offsets into point numbers */
    var k = kept[level];
    if (!k) { k = kept[level] = {skips: PilotAtlas.numberReader(topology, levels[level].k), at: [], from: [0]}; }
    for (var b = k.from.length - 1; b <= a; b++) {
      var i = start[b], last = start[b + 1] - 1;
      k.at.push(i);
      while (i < last) { i += k.skips.next() + 1; k.at.push(i); }
      k.from.push(k.at.length);
    }
    return k;
  }
  function arc(a, level) {
    var got = arcs[level][a];
    if (!got) {
      decodeTo(a);
      got = arcs[level][a] = [];
      if (level < levels.length) {
        var k = keptTo(level, a);
        for (var j = k.from[a]; j < k.from[a + 1]; j++) { got.push(point(k.at[j])); }
      } else {
        for (var i = start[a]; i < start[a + 1]; i++) { got.push(point(i)); }
      }
    }
    return got;
  }
  function levelAt(zoom) {  /* the level drawn at this zoom */
    for (var l = 0; l < levels.length; l++) { if (zoom < levels[l].below) { return l; } }
    return levels.length;
  }
  return (topology.store = {arc: arc, levelAt: levelAt});
}
/* A layer's features as nested arc references: features → polygons → rings → references (an arc number,
   or ~number for the arc reversed). */
function pilotAtlasLayerRefs(topology, index) {
  var numbers = pilotAtlasNumbers(topology, topology.layers[index]), k = 0, ref = 0, features = [];
  while (k < numbers.length) {
    var polygons = new Array(numbers[k++]);
    for (var p = 0; p < polygons.length; p++) {
      var rings = polygons[p] = new Array(numbers[k++]);
      for (var r = 0; r < rings.length; r++) {
        var refs = rings[r] = new Array(numbers[k++]);
        for (var c = 0; c < refs.length; c++) { refs[c] = ref += numbers[k++]; }
      }
    }
    features.push(polygons);
  }
  return features;
}
/* The points of lines or rings made of arcs (references), at a level, ``nested`` levels of arrays above them,
   as Leaflet keeps a path's points (L.Polygon drops a ring's closing point: ``open``). */
function pilotAtlasShape(store, refs, nested, level, open) {
  if (nested) { return refs.map(function (part) { return pilotAtlasShape(store, part, nested - 1, level, open); }); }
  var out = [];
  for (var c = 0; c < refs.length; c++) {
    var ref = refs[c], arc = store.arc(ref >= 0 ? ref : ~ref, level), last = arc.length - 1;
    for (var j = out.length ? 1 : 0; j <= last; j++) { out.push(ref >= 0 ? arc[j] : arc[last - j]); }
  }
  var end = out[out.length - 1];
  if (open && out.length > 1 && end.lat === out[0].lat && end.lng === out[0].lng) { out.pop(); }
  return out;
}
/* The bounds of nested arrays of points. */
PilotAtlas.bounds = function (latlngs) {
  var s = Infinity, w = Infinity, n = -Infinity, e = -Infinity;
  (function walk(items) {
    for (var i = 0; i < items.length; i++) {
      var p = items[i];
      if (Array.isArray(p)) { walk(p); continue; }
      if (p.lat < s) { s = p.lat; } if (p.lat > n) { n = p.lat; }
      if (p.lng < w) { w = p.lng; } if (p.lng > e) { e = p.lng; }
    }
  })(latlngs);
  return s <= n ? L.latLngBounds([s, w], [n, e]) : new L.LatLngBounds();
};
/* A polygon layer's features: one MultiPolygon per unit, drawn at the map's level of detail (see detail). */
function pilotAtlasDecode(topology, index, props) {
  return {type: "FeatureCollection", features: pilotAtlasLayerRefs(topology, index).map(function (refs, f) {
    return {type: "Feature", properties: props[f], geometry: {type: "MultiPolygon", coordinates: []},
            paShape: {topology: topology, refs: refs, nested: 2, open: true}};
  })};
}
/* An outline layer (no fill, no tooltip) as one multi-line feature: each of its arcs once, in order of first
   use, where drawing its polygons would stroke every border between two units twice. */
function pilotAtlasMesh(topology, index) {
  var seen = {}, lines = [];
  pilotAtlasLayerRefs(topology, index).forEach(function (polygons) {
    polygons.forEach(function (rings) {
      rings.forEach(function (refs) {
        refs.forEach(function (ref) {
          var a = ref >= 0 ? ref : ~ref;
          if (!seen[a]) { seen[a] = 1; lines.push([a]); }
        });
      });
    });
  });
  return {type: "FeatureCollection", features: [{type: "Feature", properties: {},
    geometry: {type: "MultiLineString", coordinates: []}, paShape: {topology: topology, refs: lines, nested: 1, open: false}}]};
}
/* Draw a path at the level of detail of the map's zoom: its points are chosen (and kept for next time, per
   level and datum) each time Leaflet projects it, i.e. when it is added and after every zoom. */
PilotAtlas.detail = function (layer, shape) {
  var store = pilotAtlasArcs(shape.topology), made = {};
  function use(key, latlngs) {  /* latlngs(): the points, when not made yet (what layer._setLatLngs would keep) */
    if (!made[key]) { var points = latlngs(); made[key] = [points, PilotAtlas.bounds(points)]; }
    layer._latlngs = made[key][0];
    layer._bounds = made[key][1];
  }
  layer._paDetail = true;
  layer._project = function () {
    var level = store.levelAt(this._map.getZoom()), shifted = PilotAtlas.datumShifted;
    var key = level + (shifted ? "gcj" : "wgs");
    if (this._paKey !== key) {
      use(level + "wgs", function () { return pilotAtlasShape(store, shape.refs, shape.nested, level, shape.open); });
      var wgs = this._paWgs = this._latlngs;
      if (shifted) { use(key, function () { return PilotAtlas.shiftLatLngs(wgs, true); }); }
      this._paKey = key;
    }
    Object.getPrototypeOf(this)._project.call(this);
  };
};
/* Build a polygon layer's features the first time it goes on a map: hidden layers (counties) cost nothing.
   Their points come when they are first drawn, at the zoom's level of detail (datum shift included). */
PilotAtlas.fillWhenShown = function (layer, data) {
  layer.beforeAdd = function () {
    delete layer.beforeAdd;
    layer.addData(data());
    layer.eachLayer(function (path) { PilotAtlas.detail(path, path.feature.paShape); });
  };
};
window.PilotAtlas = PilotAtlas;
