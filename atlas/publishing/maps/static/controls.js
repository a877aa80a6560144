/* Pilot Atlas map controls: fullscreen button and place search (no third-party code). */
var PilotAtlas = window.PilotAtlas || {};

PilotAtlas.fullscreen = function (map) {
  var control = L.control({position: "topleft"});
  control.onAdd = function () {
    var box = L.DomUtil.create("div", "leaflet-bar pa-fullscreen");
    var link = L.DomUtil.create("a", "", box);
    link.href = "#";
    link.title = "Full screen";
    link.setAttribute("role", "button");
    var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("viewBox", "0 0 16 16");
    svg.setAttribute("width", "16");
    svg.setAttribute("height", "16");
    var path = document.createElementNS("http://www.w3.org/2000/svg", "path");
    path.setAttribute("d", "M1 6V1h5M10 1h5v5M15 10v5h-5M6 15H1v-5");
    path.setAttribute("fill", "none");
    path.setAttribute("stroke", "#333");
    path.setAttribute("stroke-width", "2");
    svg.appendChild(path);
    link.appendChild(svg);
    L.DomEvent.on(link, "click", function (e) {
      L.DomEvent.preventDefault(e);
      var el = map.getContainer();
      if (document.fullscreenElement) { document.exitFullscreen(); }
      else if (el.requestFullscreen) { el.requestFullscreen(); }
    });
    return box;
  };
  control.addTo(map);
  document.addEventListener("fullscreenchange", function () { map.invalidateSize(); });
  return control;
};

/* entries: [{label, keys: [lower-case search keys], layer: "var name", index}] */
PilotAtlas.search = function (map, entries, layers) {
  var control = L.control({position: "topleft"});
  control.onAdd = function () {
    var box = L.DomUtil.create("div", "pa-search leaflet-bar");
    var input = L.DomUtil.create("input", "", box);
    input.type = "search";
    input.placeholder = "Search place / 搜索 / pinyin";
    input.setAttribute("aria-label", "Search places");
    var list = L.DomUtil.create("ul", "pa-search-results", box);
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    function show(entry) {
      /* zoom past the clustering threshold so the marker is drawn by itself, then open it */
      var marker = layers[entry.layer]._paMarkers[entry.index];
      var opened = false;
      function open() { if (!opened && marker._map) { opened = true; marker.openPopup(); } }
      if (!map.hasLayer(layers[entry.layer])) { map.addLayer(layers[entry.layer]); }
      map.once("moveend", function () { setTimeout(open, 50); });
      map.setView(marker.getLatLng(), Math.max(map.getZoom(), 9));
      setTimeout(open, 700);
    }
    function update() {
      var q = input.value.trim().toLowerCase();
      list.textContent = "";
      if (!q) { return; }
      var found = entries.filter(function (e) {
        return e.keys.some(function (k) { return k.indexOf(q) !== -1; });
      }).slice(0, 12);
      found.forEach(function (entry) {
        var item = L.DomUtil.create("li", "", list);
        item.textContent = entry.label;  /* text, never HTML */
        item.tabIndex = 0;
        L.DomEvent.on(item, "click", function () { show(entry); });
        L.DomEvent.on(item, "keydown", function (e) { if (e.key === "Enter") { show(entry); } });
      });
    }
    L.DomEvent.on(input, "input", update);
    L.DomEvent.on(input, "keydown", function (e) {
      if (e.key === "Enter" && list.firstChild) { list.firstChild.click(); }
    });
    return box;
  };
  control.addTo(map);
  return control;
};
window.PilotAtlas = PilotAtlas;
