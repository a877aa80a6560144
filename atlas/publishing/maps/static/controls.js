/* Pilot Atlas map controls: full screen, place search, metric scale, fitting clear of the boxes (no third-party code). */
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
      /* the whole page, not the map alone: the title, legend and side panel stay on screen */
      var el = document.documentElement;
      if (document.fullscreenElement) { document.exitFullscreen(); }
      else if (el.requestFullscreen) { el.requestFullscreen(); }
    });
    return box;
  };
  control.addTo(map);
  document.addEventListener("fullscreenchange", function () {
    map.invalidateSize();
    if (map._paFitted) { PilotAtlas.fitClear(map, map._paFitted); }
  });
  return control;
};

/* entries: [{label, keys: [the place's own lower-case keys], area: [keys of its province and prefecture],
   id: one place and role, layer: "var name", index}] */
PilotAtlas.searchMatches = function (entries, query, layers, map) {
  var q = query.trim().toLowerCase();
  if (!q) { return []; }
  function rank(e) {
    if (e.keys.some(function (k) { return k.indexOf(q) === 0; })) { return 0; }
    if (e.keys.some(function (k) { return k.indexOf(q) !== -1; })) { return 1; }
    if (e.area.some(function (k) { return k.indexOf(q) === 0; })) { return 2; }
    return 3;
  }
  var best = {};
  entries.forEach(function (e, order) {
    var r = rank(e);
    if (r === 3 || (layers && layers[e.layer]._paMarkers[e.index]._paHidden)) { return; }
    /* one hit per place: prefer the layer on the map (a place may be in several layers) */
    var shown = map && layers && map.hasLayer(layers[e.layer]) ? 0 : 1;
    var score = [r, shown, order];
    var old = best[e.id];
    if (!old || score[0] < old.score[0] || (score[0] === old.score[0] && score[1] < old.score[1])) {
      best[e.id] = {entry: e, score: score};
    }
  });
  return Object.keys(best).map(function (k) { return best[k]; }).sort(function (a, b) {
    return a.score[0] - b.score[0] || a.score[2] - b.score[2];
  }).map(function (x) { return x.entry; });
};

PilotAtlas.search = function (map, entries, layers) {
  var control = L.control({position: "topleft"});
  control.onAdd = function () {
    var box = L.DomUtil.create("div", "pa-search leaflet-bar");
    var input = L.DomUtil.create("input", "", box);
    input.type = "search";
    input.placeholder = "Place or province / 地名 / pinyin";
    input.setAttribute("aria-label", "Search places by name or province");
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
      list.textContent = "";
      var found = PilotAtlas.searchMatches(entries, input.value, layers, map);
      found.slice(0, 60).forEach(function (entry) {
        var item = L.DomUtil.create("li", "", list);
        item.textContent = entry.label;  /* text, never HTML */
        item.tabIndex = 0;
        L.DomEvent.on(item, "click", function () { show(entry); });
        L.DomEvent.on(item, "keydown", function (e) { if (e.key === "Enter") { show(entry); } });
      });
      if (found.length > 60) {
        L.DomUtil.create("li", "pa-more", list).textContent = (found.length - 60) + " more: type more of the name";
      }
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

PilotAtlas.scale = function (map) {
  return L.control.scale({imperial: false, metric: true, position: "bottomleft"}).addTo(map);
};

/* Boxes drawn over a map (title, legend, every Leaflet control) as rectangles in map pixels. */
PilotAtlas.obstacles = function (map) {
  var container = map.getContainer(), origin = container.getBoundingClientRect();
  var nodes = Array.prototype.slice.call(document.querySelectorAll(".pa-title, #pa-legend"));
  nodes = nodes.concat(Array.prototype.slice.call(container.querySelectorAll(".leaflet-control")));
  return nodes.map(function (el) {
    var r = el.getBoundingClientRect();
    return {left: r.left - origin.left, top: r.top - origin.top, right: r.right - origin.left,
            bottom: r.bottom - origin.top};
  }).filter(function (r) {
    return r.right > r.left && r.bottom > r.top && r.right > 0 && r.bottom > 0 &&
      r.left < origin.width && r.top < origin.height;
  });
};

/* The largest free rectangle for a fit: edges at the map's sides or the boxes' sides, touching no box. */
PilotAtlas.clearArea = function (map, bounds) {
  var size = map.getSize(), boxes = PilotAtlas.obstacles(map), gap = 6;
  var lefts = [0], rights = [size.x], tops = [0], bottoms = [size.y];
  boxes.forEach(function (b) {
    lefts.push(b.right + gap); rights.push(b.left - gap); tops.push(b.bottom + gap); bottoms.push(b.top - gap);
  });
  var best = null;
  lefts.forEach(function (l) { rights.forEach(function (r) { tops.forEach(function (t) { bottoms.forEach(function (bt) {
    if (r - l < 80 || bt - t < 80) { return; }
    var free = boxes.every(function (b) { return b.right <= l || b.left >= r || b.bottom <= t || b.top >= bt; });
    if (!free) { return; }
    var padding = L.point(l + size.x - r, t + size.y - bt);
    var zoom = map.getBoundsZoom(bounds, false, padding);
    /* at the same zoom, the rectangle whose centre is nearest the map's keeps the region centred */
    var offset = Math.abs((l + r) / 2 - size.x / 2) + Math.abs((t + bt) / 2 - size.y / 2);
    if (!best || zoom > best.zoom || (zoom === best.zoom && offset < best.offset)) {
      best = {zoom: zoom, offset: offset, topLeft: L.point(l, t), bottomRight: L.point(size.x - r, size.y - bt)};
    }
  }); }); }); });
  return best;
};

/* The title box ends where the top-right controls begin (it wraps instead of running under them). */
PilotAtlas.placeTitle = function (map) {
  var title = document.querySelector(".pa-title");
  var corner = map.getContainer().querySelector(".leaflet-top.leaflet-right");
  if (!title || !corner) { return; }
  var limit = corner.getBoundingClientRect().left - title.getBoundingClientRect().left - 12;
  title.style.maxWidth = Math.max(160, limit) + "px";
};

/* Fit bounds inside the part of the map that no title, legend or control covers. */
PilotAtlas.fitClear = function (map, bounds) {
  bounds = L.latLngBounds(bounds);
  PilotAtlas.placeTitle(map);
  map._paFitted = bounds;
  var area = PilotAtlas.clearArea(map, bounds);
  if (area) {
    map.fitBounds(bounds, {paddingTopLeft: area.topLeft, paddingBottomRight: area.bottomRight, animate: false});
  } else {
    map.fitBounds(bounds, {animate: false});
  }
};

/* Popups pan clear of the title box (and of the map's edges) when they open. */
PilotAtlas.keepPopupsClear = function (map) {
  map._paPopupPadding = function () {
    var top = 10;
    PilotAtlas.obstacles(map).forEach(function (b) {
      if (b.top < 40 && b.left < map.getSize().x / 2) { top = Math.max(top, b.bottom + 8); }
    });
    return L.point(10, top);
  };
  if (!L.Popup.prototype._paWrapped) {
    var adjust = L.Popup.prototype._adjustPan;
    L.Popup.prototype._adjustPan = function () {
      if (this._map && this._map._paPopupPadding) {
        this.options.autoPanPaddingTopLeft = this._map._paPopupPadding();
      }
      return adjust.apply(this, arguments);
    };
    L.Popup.prototype._paWrapped = true;
  }
};

/* Map labels: a marker's name beside it from minZoom on, pilots and larger units first, never two
   labels overlapping; markers inside a cluster or filtered out get none. Text only, never HTML. */
PilotAtlas.labels = function (map, entries, layers, minZoom) {
  var group = L.layerGroup().addTo(map), timer = null;
  var order = entries.map(function (e, i) { return i; }).sort(function (a, b) {
    return entries[a].rank - entries[b].rank || a - b;
  });
  function redraw() {
    group.clearLayers();
    if (map.getZoom() < minZoom) { return; }
    var view = map.getBounds(), placed = [], seen = {};
    order.forEach(function (i) {
      var e = entries[i], layer = layers[e.layer];
      if (!map.hasLayer(layer) || seen[e.id]) { return; }
      var marker = layer._paMarkers[e.index];
      if (!marker._map || marker._paHidden || !view.contains(marker.getLatLng())) { return; }
      var p = map.latLngToContainerPoint(marker.getLatLng());
      var box = {l: p.x + 7, t: p.y - 9, r: p.x + 11 + 13 * e.name.length, b: p.y + 9};
      if (placed.some(function (o) { return !(o.r <= box.l || o.l >= box.r || o.b <= box.t || o.t >= box.b); })) {
        return;
      }
      placed.push(box);
      seen[e.id] = true;
      var text = document.createElement("span");
      text.textContent = e.name;
      group.addLayer(L.marker(marker.getLatLng(), {
        icon: L.divIcon({className: "pa-label", html: text, iconSize: null, iconAnchor: [-7, 9]}),
        interactive: false, keyboard: false, pane: "tooltipPane"}));
    });
  }
  function later() { clearTimeout(timer); timer = setTimeout(redraw, 250); }
  map.on("moveend overlayadd overlayremove pa:filtered", later);
  later();
  return group;
};

/* Overview filters: checkboxes by facet (batch, role, level, theme) and, where the register has
   several batches, a timeline that shows the pilots of the batches issued up to a year. */
PilotAtlas.filters = function (map, entries, layers, groups, timeline) {
  var control = L.control({position: "topright"});
  var boxes = {};
  function wanted(e) {
    return Object.keys(boxes).every(function (facet) {
      var values = [].concat(e.facets[facet]);
      return values.some(function (v) { return boxes[facet][v] === undefined || boxes[facet][v].checked; });
    });
  }
  function apply() {
    var changes = {};
    entries.forEach(function (e) {
      var layer = layers[e.layer], marker = layer._paMarkers[e.index], hide = !wanted(e);
      if (!!marker._paHidden === hide) { return; }
      marker._paHidden = hide;
      var change = changes[e.layer] = changes[e.layer] || {add: [], remove: []};
      (hide ? change.remove : change.add).push(marker);
    });
    Object.keys(changes).forEach(function (key) {
      var layer = layers[key], change = changes[key];
      if (layer.removeLayers) { layer.removeLayers(change.remove); layer.addLayers(change.add); }
      else {
        change.remove.forEach(function (m) { layer.removeLayer(m); });
        change.add.forEach(function (m) { layer.addLayer(m); });
      }
    });
    var shown = entries.filter(function (e) { return !layers[e.layer]._paMarkers[e.index]._paHidden; }).length;
    count.textContent = shown + " of " + entries.length + " places shown";
    map.fire("pa:filtered");
  }
  var count;
  control.onAdd = function () {
    var box = L.DomUtil.create("details", "pa-filters leaflet-bar");
    var summary = L.DomUtil.create("summary", "", box);
    summary.textContent = "Filter places 筛选";
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    groups.forEach(function (group) {
      var set = L.DomUtil.create("fieldset", "", box);
      L.DomUtil.create("legend", "", set).textContent = group.title;
      boxes[group.facet] = {};
      group.options.forEach(function (option) {
        var label = L.DomUtil.create("label", "", set);
        var input = L.DomUtil.create("input", "", label);
        input.type = "checkbox";
        input.checked = true;
        input.value = option.value;
        input.setAttribute("data-facet", group.facet);
        label.appendChild(document.createTextNode(" " + option.label));
        boxes[group.facet][option.value] = input;
        L.DomEvent.on(input, "change", apply);
      });
    });
    if (timeline.length > 1) {
      var line = L.DomUtil.create("div", "pa-timeline", box);
      L.DomUtil.create("span", "", line).textContent = "Pilots up to: ";
      timeline.concat([{year: "all", batches: []}]).forEach(function (step, i) {
        if (i) { line.appendChild(document.createTextNode(" → ")); }
        var button = L.DomUtil.create("button", "", line);
        button.type = "button";
        button.textContent = step.year === "all" ? "all" : String(step.year);
        L.DomEvent.on(button, "click", function () {
          var upTo = step.year === "all" ? Infinity : step.year;
          timeline.forEach(function (s) {
            s.batches.forEach(function (b) { if (boxes.batch[b]) { boxes.batch[b].checked = s.year <= upTo; } });
          });
          apply();
        });
      });
    }
    count = L.DomUtil.create("div", "pa-src pa-filter-count", box);
    count.textContent = entries.length + " of " + entries.length + " places shown";
    return box;
  };
  control.addTo(map);
  return control;
};

window.PilotAtlas = PilotAtlas;
