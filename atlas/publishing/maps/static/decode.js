/* Pilot Atlas: decode polyline-encoded, quantised polygons into GeoJSON. */
function pilotAtlasRing(text, scale) {
  var out = [], x = 0, y = 0, i = 0, n = text.length;
  function next() {
    var result = 0, shift = 0, b;
    do { b = text.charCodeAt(i++) - 63; result |= (b & 31) << shift; shift += 5; } while (b >= 32);
    return (result & 1) ? ~(result >> 1) : (result >> 1);
  }
  while (i < n) { x += next(); y += next(); out.push([x / scale, y / scale]); }
  return out;
}
function pilotAtlasDecode(data) {
  var features = [];
  for (var f = 0; f < data.geoms.length; f++) {
    var polygons = data.geoms[f].map(function (poly) {
      return poly.map(function (ring) { return pilotAtlasRing(ring, data.scale); });
    });
    features.push({type: "Feature", properties: data.props[f],
                   geometry: {type: "MultiPolygon", coordinates: polygons}});
  }
  return {type: "FeatureCollection", features: features};
}
