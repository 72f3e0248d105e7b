/* The public map: clustered markers, category filter, name search, nearest list, "near me", URL state.
   Plain browser JavaScript, no build step. Works without tiles: markers, list and search do not need them, and
   the city boundary and district names are drawn from our own data. */
(() => {
  var cfg = JSON.parse(document.getElementById('map-config').textContent);
  var t = cfg.t;
  var params = new URLSearchParams(location.search);
  var state = { category: params.get('category') || '', query: '', origin: null, features: [], openOrg: params.get('org') };
  var el = (id) => document.getElementById(id);
  var statusEl = el('status');
  var listEl = el('org-list');

  function esc(s) {
    return String(s == null ? '' : s).replace(
      /[&<>"']/g,
      (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
    );
  }
  function fmt(s, v) {
    return s.replace(/\{(\w+)\}/g, (_, k) => v[k]);
  }
  function setStatus(s) {
    statusEl.textContent = s || '';
  }
  function distanceText(m) {
    return m < 995
      ? Math.max(10, Math.round(m / 10) * 10) + ' m'
      : (m / 1000).toFixed(m < 9950 ? 1 : 0).replace('.', cfg.lang === 'en' ? '.' : ',') + ' km';
  }
  function norm(s) {
    return String(s)
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/ł/g, 'l')
      .replace(/Ł/g, 'L')
      .toLowerCase();
  }

  var lat = parseFloat(params.get('lat')),
    lng = parseFloat(params.get('lng'));
  var hasPoint = isFinite(lat) && isFinite(lng) && Math.abs(lat) <= 90 && Math.abs(lng) <= 180;
  var map = L.map('map', { zoomControl: true }).setView(hasPoint ? [lat, lng] : [cfg.center.lat, cfg.center.lng], hasPoint ? 15 : 13);
  var tiles = L.tileLayer(cfg.tileUrl, { attribution: cfg.tileAttribution, maxZoom: 19 }).addTo(map);
  var tileErrorShown = false;
  tiles.on('tileerror', () => {
    if (!tileErrorShown) {
      tileErrorShown = true;
      setStatus(t.tilesFailed);
    }
  });

  /* Our own base layer (GET /map/base.geojson: the city boundary and district names from the bot's gazetteer).
     The boundary is always drawn as a faint outline: it is the line the bot uses for "is this in Koszalin?".
     Without tiles (a tile failed or none came within 6 s, and none has loaded) the city is filled and the district
     names appear, so the markers are never on a blank field; tile maps print their own names, so with tiles the
     labels would only clutter. A tile that loads later brings the normal view back. */
  var base = { boundary: null, labels: L.layerGroup(), offline: false, tileLoaded: false, tileFailed: false, tileTimedOut: false };
  var LINE = { className: 'city-boundary', color: '#0b5394', weight: 2, opacity: 0.45, dashArray: '6 4', fill: false, interactive: false };
  var FILLED = {
    className: 'city-boundary',
    color: '#0b5394',
    weight: 2.5,
    opacity: 0.8,
    dashArray: null,
    fill: true,
    fillColor: '#fbfaf6',
    fillOpacity: 1,
    interactive: false,
  };
  map.createPane('districts');
  map.getPane('districts').style.zIndex = 450; /* above the boundary, under the markers */
  map.getPane('districts').style.pointerEvents = 'none';

  function declutter() {
    /* Nearest the centre first; a label that would overlap one already shown, a map control, or the map's edge
       is hidden at this view, so no name is ever drawn cut or over another. */
    if (!base.offline) return;
    var c = map.getCenter(),
      box = map.getContainer().getBoundingClientRect();
    var shown = Array.prototype.map.call(map.getContainer().querySelectorAll('.leaflet-control'), (e) => e.getBoundingClientRect());
    base.labels
      .getLayers()
      .slice()
      .sort((a, b) => c.distanceTo(a.getLatLng()) - c.distanceTo(b.getLatLng()))
      .forEach((m) => {
        var e = m.getElement();
        if (!e || !e.firstChild) return;
        var r = e.firstChild.getBoundingClientRect();
        var clash =
          r.left < box.left ||
          r.right > box.right ||
          r.top < box.top ||
          r.bottom > box.bottom ||
          shown.some((s) => r.left < s.right + 6 && r.right + 6 > s.left && r.top < s.bottom + 4 && r.bottom + 4 > s.top);
        e.style.visibility = clash ? 'hidden' : '';
        if (!clash) shown.push(r);
      });
  }
  function applyBase() {
    var off = (base.tileFailed || base.tileTimedOut) && !base.tileLoaded;
    base.offline = off;
    document.body.classList.toggle('no-tiles', off);
    if (base.boundary) base.boundary.setStyle(off ? FILLED : LINE);
    if (off && !map.hasLayer(base.labels)) base.labels.addTo(map);
    if (!off && map.hasLayer(base.labels)) map.removeLayer(base.labels);
    declutter();
    if (base.boundary) document.body.dataset.base = off ? 'offline' : 'outline';
  }
  tiles.on('tileerror', () => {
    base.tileFailed = true;
    applyBase();
  });
  tiles.on('tileload', () => {
    if (base.tileLoaded) return;
    base.tileLoaded = true;
    applyBase();
    if (base.tileTimedOut && !base.tileFailed && tileErrorShown) {
      tileErrorShown = false;
      setStatus(fmt(t.count, { n: cluster.getLayers().length }));
    } /* slow, not missing */
  });
  setTimeout(() => {
    if (base.tileLoaded) return;
    base.tileTimedOut = true;
    applyBase();
    if (!tileErrorShown) {
      tileErrorShown = true;
      setStatus(t.tilesFailed);
    }
  }, 6000);
  map.on('zoomend moveend resize', declutter);
  fetch('/map/base.geojson')
    .then((r) => {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    })
    .then((fc) => {
      fc.features.forEach((f) => {
        if (f.properties.kind === 'boundary') {
          base.boundary = L.geoJSON(f, { style: LINE, attribution: '<a href="#data-sources">' + esc(t.dataSources) + '</a>' }).addTo(map);
          base.boundary.bringToBack();
        } else if (f.properties.kind === 'district') {
          const c = f.geometry.coordinates;
          base.labels.addLayer(
            L.marker([c[1], c[0]], {
              pane: 'districts',
              interactive: false,
              keyboard: false,
              icon: L.divIcon({
                className: 'district-label',
                iconSize: null,
                html: '<span aria-hidden="true">' + esc(f.properties.name) + '</span>',
              }),
            }),
          );
        }
      });
      applyBase();
    })
    .catch(() => {
      document.body.dataset.base = 'error';
    });
  var cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 50 });
  map.addLayer(cluster);
  var markers = {};
  var hereMarker = null;

  function updateUrl() {
    var p = new URLSearchParams();
    if (cfg.lang) p.set('lang', cfg.lang);
    if (state.category) p.set('category', state.category);
    if (state.origin) {
      p.set('lat', state.origin.lat.toFixed(5));
      p.set('lng', state.origin.lng.toFixed(5));
    }
    if (state.openOrg) p.set('org', state.openOrg);
    if (cfg.embed) p.set('embed', '1');
    history.replaceState(null, '', location.pathname + '?' + p.toString());
  }

  function popupHtml(f) {
    var p = f.properties;
    var h = '<div class="popup"><h3>' + esc(p.name) + (p.isDemo ? '<span class="badge">' + esc(t.demo) + '</span>' : '') + '</h3>';
    if (p.categoryNames && p.categoryNames.length) h += '<p>' + esc(p.categoryNames.join(', ')) + '</p>';
    if (p.address) h += '<p>' + esc(p.address) + '</p>';
    if (p.phone) h += '<p>' + esc(t.phone) + ': <a href="tel:' + esc(p.phone.replace(/\s/g, '')) + '">' + esc(p.phone) + '</a></p>';
    if (p.website) h += '<p><a href="' + esc(p.website) + '" rel="noopener" target="_blank">' + esc(t.website) + '</a></p>';
    if (p.events && p.events.length) {
      h += '<p><strong>' + esc(t.events) + '</strong></p><ul>';
      p.events.forEach((e) => {
        var when = new Date(e.startsAt).toLocaleString(cfg.lang === 'uk' ? 'uk-UA' : cfg.lang === 'en' ? 'en-GB' : 'pl-PL', {
          timeZone: 'Europe/Warsaw',
          dateStyle: 'medium',
          timeStyle: 'short',
        });
        var links = [];
        if (cfg.botUsername)
          links.push('<a href="https://t.me/' + esc(cfg.botUsername) + '?start=event_' + e.id + '">' + esc(t.telegram) + '</a>');
        if (cfg.smsNumber)
          links.push(
            '<a href="sms:' +
              esc(cfg.smsNumber) +
              '?body=' +
              encodeURIComponent('ZAPISZ ' + e.id) +
              '">' +
              esc(t.sms) +
              ' ZAPISZ ' +
              e.id +
              '</a>',
          );
        h += '<li>' + esc(e.title) + ', ' + esc(when) + (links.length ? ' — ' + esc(t.signUp) + ': ' + links.join(' · ') : '') + '</li>';
      });
      h += '</ul>';
    }
    var ask = [];
    if (cfg.botUsername) ask.push('<a href="https://t.me/' + esc(cfg.botUsername) + '?start=org_' + p.id + '">' + esc(t.telegram) + '</a>');
    if (cfg.smsNumber)
      ask.push('<a href="sms:' + esc(cfg.smsNumber) + '?body=' + encodeURIComponent('INFO ' + p.id) + '">' + esc(t.sms) + '</a>');
    if (ask.length) h += '<p>' + esc(t.askBot) + ': ' + ask.join(' · ') + '</p>';
    return h + '</div>';
  }

  function visible() {
    var q = norm(state.query.trim());
    return state.features.filter((f) => {
      if (state.category && f.properties.categories.indexOf(state.category) < 0) return false;
      return !q || norm(f.properties.name).indexOf(q) >= 0;
    });
  }

  function openOrg(id, zoom) {
    var m = markers[id];
    if (!m) return;
    state.openOrg = String(id);
    updateUrl();
    cluster.zoomToShowLayer(m, () => {
      if (zoom) map.setView(m.getLatLng(), Math.max(map.getZoom(), 16));
      m.openPopup();
    });
  }

  function renderList(items, withDistance) {
    listEl.innerHTML = '';
    el('list-title').textContent = withDistance ? t.nearestList : t.list;
    if (!items.length) {
      const li0 = document.createElement('li');
      li0.textContent = t.none;
      listEl.appendChild(li0);
      return;
    }
    items.forEach((it) => {
      var li = document.createElement('li');
      li.dataset.id = it.id;
      var b = document.createElement('button');
      b.type = 'button';
      b.textContent = it.name;
      b.setAttribute('aria-label', t.showOnMap + ': ' + it.name);
      b.addEventListener('click', () => {
        openOrg(it.id, true);
      });
      li.appendChild(b);
      if (it.isDemo) {
        const badge = document.createElement('span');
        badge.className = 'badge';
        badge.textContent = t.demo;
        li.appendChild(badge);
      }
      var meta = document.createElement('span');
      meta.className = 'meta';
      meta.textContent = [withDistance ? fmt(t.away, { d: distanceText(it.distanceMeters) }) : null, it.address]
        .filter(Boolean)
        .join(' · ');
      li.appendChild(meta);
      listEl.appendChild(li);
    });
  }

  function render() {
    var vis = visible();
    cluster.clearLayers();
    cluster.addLayers(vis.map((f) => markers[f.properties.id]));
    document.body.dataset.markers = String(cluster.getLayers().length);
    el('demo-note').hidden = !vis.some((f) => f.properties.isDemo);
    if (!tileErrorShown) setStatus(fmt(t.count, { n: vis.length }));
    if (state.origin) return renderNearest(vis);
    renderList(
      vis.map((f) => Object.assign({}, f.properties)).sort((a, b) => a.name.localeCompare(b.name, cfg.lang)),
      false,
    );
  }

  function renderNearest(vis) {
    var q = new URLSearchParams({ lat: state.origin.lat, lng: state.origin.lng, limit: '50' });
    if (state.category) q.set('category', state.category);
    fetch('/api/organizations/nearest?' + q)
      .then((r) => r.json())
      .then((body) => {
        var allowed = {};
        vis.forEach((f) => {
          allowed[f.properties.id] = true;
        });
        renderList(
          body.results.filter((r) => allowed[r.id]),
          true,
        );
      })
      .catch(() => {
        setStatus(t.loadFailed);
      });
  }

  function setOrigin(p, fromGps) {
    state.origin = p;
    if (hereMarker) map.removeLayer(hereMarker);
    hereMarker = L.marker([p.lat, p.lng], {
      icon: L.divIcon({ className: 'you-are-here', iconSize: [16, 16] }),
      title: t.youAreHere,
      keyboard: false,
    })
      .addTo(map)
      .bindTooltip(t.youAreHere);
    if (fromGps) map.setView([p.lat, p.lng], 15);
    updateUrl();
    render();
  }

  document.querySelector('form.controls').addEventListener('submit', (e) => {
    e.preventDefault();
  });
  el('category').value = state.category;
  el('category').addEventListener('change', (e) => {
    state.category = e.target.value;
    updateUrl();
    render();
  });
  el('search').addEventListener('input', (e) => {
    state.query = e.target.value;
    render();
  });
  el('near-me').addEventListener('click', () => {
    if (!navigator.geolocation) return setStatus(t.geoUnsupported);
    setStatus(t.locating);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setOrigin({ lat: pos.coords.latitude, lng: pos.coords.longitude }, true);
      },
      (err) => {
        setStatus(err.code === 1 ? t.geoDenied : err.code === 3 ? t.geoTimeout : t.geoUnavailable);
      },
      { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 },
    );
  });
  map.on('popupclose', () => {
    state.openOrg = null;
    updateUrl();
  });

  fetch('/api/organizations?lang=' + encodeURIComponent(cfg.lang))
    .then((r) => {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    })
    .then((fc) => {
      state.features = fc.features;
      fc.features.forEach((f) => {
        var c = f.geometry.coordinates;
        var m = L.marker([c[1], c[0]], {
          title: f.properties.name + (f.properties.isDemo ? ' (' + t.demo + ')' : ''),
          alt: f.properties.name,
        });
        m.bindPopup(() => popupHtml(f));
        m.on('popupopen', () => {
          state.openOrg = String(f.properties.id);
          updateUrl();
        });
        m.on('add', () => {
          if (f.properties.isDemo && m._icon) m._icon.classList.add('marker-demo');
        });
        markers[f.properties.id] = m;
      });
      document.body.dataset.loaded = 'true';
      if (hasPoint) setOrigin({ lat: lat, lng: lng }, false);
      else render();
      if (state.openOrg) openOrg(state.openOrg, true);
    })
    .catch(() => {
      setStatus(t.loadFailed);
      document.body.dataset.loaded = 'error';
    });
})();
