/** Renders the map page: one small HTML document with its texts and settings inlined as JSON. */
import type { MapLocale, MapStrings } from './i18n.js';
import { MAP_LOCALES } from './i18n.js';

export interface MapPageConfig {
  lang: MapLocale;
  t: MapStrings;
  tileUrl: string;
  tileAttribution: string;
  categories: Array<{ slug: string; name: string }>;
  botUsername?: string;
  smsNumber?: string;
  embed: boolean;
  center: { lat: number; lng: number };
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const link = (href: string, text: string) => `<a href="${esc(href)}" rel="noopener">${esc(text)}</a>`;

/** The credits the data's licences ask for (CC BY 4.0 and CC BY-SA 4.0: name, licence link, changes made). */
function credits(c: MapPageConfig): string {
  const t = c.t;
  const links: Record<string, string> = {
    tiles: c.tileAttribution, // operator-configured HTML (MAP_TILE_ATTRIBUTION)
    wof: link('https://whosonfirst.org/', "Who's On First"),
    wofLicence: link('https://whosonfirst.org/docs/licenses/', t.licence),
    gugik: link('https://www.geoportal.gov.pl/', 'GUGiK (PRG)'),
    geonames: link('https://www.geonames.org/', 'GeoNames'),
    ccby: link('https://creativecommons.org/licenses/by/4.0/', 'CC BY 4.0'),
    wikipedia: link('https://pl.wikipedia.org/wiki/Osiedle_Morskie_(Koszalin)', 'Wikipedia'),
    ccbysa: link('https://creativecommons.org/licenses/by-sa/4.0/', 'CC BY-SA 4.0'),
    plrailmap: link('https://github.com/MKuranowski/PLRailMap', 'PLRailMap'),
    cc0: link('https://creativecommons.org/publicdomain/zero/1.0/', 'CC0 1.0'),
    rspo: link('https://rspo.gov.pl/', 'RSPO'),
    osmpl: link('https://github.com/openstreetmap-polska/dane-rspo', 'OSM Polska'),
  };
  const fill = (s: string) => esc(s).replace(/\{(\w+)\}/g, (m, k: string) => links[k] ?? m);
  const lines = [t.creditTiles, t.creditBoundary, t.creditPlaces, t.creditMorskie, t.creditStation, t.creditAddresses, t.creditApprox];
  return `<footer id="data-sources" class="credits" tabindex="-1">
  <h2>${esc(t.dataSources)}</h2>
  <ul>${lines.map((l) => `<li>${fill(l)}</li>`).join('')}</ul>
</footer>`;
}

export function renderMapPage(c: MapPageConfig): string {
  const json = JSON.stringify(c).replace(/</g, '\\u003c');
  const langLinks = MAP_LOCALES.map(
    (l) => `<a href="?lang=${l}" hreflang="${l}"${l === c.lang ? ' aria-current="true"' : ''}>${l.toUpperCase()}</a>`,
  ).join(' ');
  return `<!doctype html>
<html lang="${c.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(c.t.title)}</title>
<link rel="icon" href="data:,">
<meta name="description" content="${esc(c.t.intro)}">
<link rel="stylesheet" href="/vendor/leaflet/leaflet.css">
<link rel="stylesheet" href="/vendor/markercluster/MarkerCluster.css">
<link rel="stylesheet" href="/vendor/markercluster/MarkerCluster.Default.css">
<link rel="stylesheet" href="/map-assets/map.css">
</head>
<body class="${c.embed ? 'embed' : ''}">
<a class="skip" href="#org-list">${esc(c.t.skip)}</a>
<header class="top">
  <h1>${esc(c.t.title)}</h1>
  <nav aria-label="${esc(c.t.language)}" class="langs">${langLinks}</nav>
</header>
<form class="controls" role="search">
  <label>${esc(c.t.category)}
    <select id="category"><option value="">${esc(c.t.allCategories)}</option>${c.categories.map((k) => `<option value="${esc(k.slug)}">${esc(k.name)}</option>`).join('')}</select>
  </label>
  <label>${esc(c.t.search)}
    <input id="search" type="search" autocomplete="off" placeholder="${esc(c.t.searchPlaceholder)}">
  </label>
  <button id="near-me" type="button">${esc(c.t.nearMe)}</button>
</form>
<p id="status" class="status" role="status" aria-live="polite"></p>
<main class="layout">
  <div id="map" class="map" role="region" aria-label="${esc(c.t.title)}"></div>
  <section class="side" aria-labelledby="list-title">
    <h2 id="list-title">${esc(c.t.list)}</h2>
    <p id="demo-note" class="demo-note" hidden>${esc(c.t.demoNote)}</p>
    <ol id="org-list" class="org-list" tabindex="-1"></ol>
  </section>
</main>
${credits(c)}
<script id="map-config" type="application/json">${json}</script>
<script src="/vendor/leaflet/leaflet.js"></script>
<script src="/vendor/markercluster/leaflet.markercluster.js"></script>
<script src="/map-assets/map.js"></script>
</body>
</html>`;
}
