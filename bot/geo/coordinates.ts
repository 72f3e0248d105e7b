/**
 * Finds a point in what people paste or type: decimal coordinates (with dots or Polish decimal commas),
 * degrees-minutes-seconds, geo: URIs, and the map links phones put into an SMS (Google Maps, Apple Maps,
 * OpenStreetMap). Short links (maps.app.goo.gl…) need the network to expand, so they are reported as such.
 */
import type { GeoPoint } from '../../dialogs/activity.js';

export type CoordinateParse =
  | { kind: 'point'; point: GeoPoint; source: 'coordinates' | 'dms' | 'geo_uri' | 'map_link'; swapped?: boolean }
  | { kind: 'short_link'; url: string };

const NUM = String.raw`[-+]?\d{1,3}(?:[.,]\d+)?`;

const SHORT_LINK =
  /\b(?:https?:\/\/)?(?:maps\.app\.goo\.gl|goo\.gl\/maps|g\.co\/kgs|osm\.org\/go|maps\.apple\/p|apple\.co|bit\.ly|tinyurl\.com)\/\S+/i;

function num(s: string): number {
  return Number(s.replace(',', '.'));
}

function valid(lat: number, lng: number): boolean {
  return Number.isFinite(lat) && Number.isFinite(lng) && Math.abs(lat) <= 90 && Math.abs(lng) <= 180 && !(lat === 0 && lng === 0);
}

/** Someone in Poland who typed "16.17, 54.19" meant lng, lat. */
function orient(a: number, b: number): { point: GeoPoint; swapped: boolean } {
  const looksLat = (x: number) => x >= 48 && x <= 56;
  const looksPlLng = (x: number) => x >= 13 && x <= 25;
  if (!looksLat(a) && looksPlLng(a) && looksLat(b)) return { point: { lat: b, lng: a }, swapped: true };
  return { point: { lat: a, lng: b }, swapped: false };
}

function fromUrl(text: string): CoordinateParse | undefined {
  const m = /\bhttps?:\/\/[^\s<>"]+/i.exec(text);
  if (!m) return undefined;
  let u: URL;
  try {
    u = new URL(m[0]);
  } catch {
    return undefined;
  }
  const host = u.hostname.replace(/^www\./, '');
  const pair = (s: string | null | undefined) => {
    const p = s ? new RegExp(`^\\s*(${NUM})\\s*,\\s*(${NUM})`).exec(decodeURIComponent(s).replace(/\+/g, ' ')) : null;
    return p ? { lat: num(p[1]!), lng: num(p[2]!) } : undefined;
  };
  const ok = (p: GeoPoint | undefined): CoordinateParse | undefined =>
    p && valid(p.lat, p.lng) ? { kind: 'point', point: p, source: 'map_link' } : undefined;
  if (/(^|\.)google\.[a-z.]+$/.test(host) || host === 'maps.google.com' || host.startsWith('maps.google.')) {
    const at = /@(-?\d+\.\d+),(-?\d+\.\d+)/.exec(u.pathname);
    // The "!3d…!4d…" part of /place/ links is the place itself; "@" is the viewport centre.
    const place = /!3d(-?\d+\.\d+)!4d(-?\d+\.\d+)/.exec(u.pathname + u.search);
    return (
      ok(pair(u.searchParams.get('q'))) ??
      ok(pair(u.searchParams.get('query'))) ??
      ok(pair(u.searchParams.get('ll'))) ??
      ok(pair(u.searchParams.get('destination'))) ??
      ok(place ? { lat: Number(place[1]), lng: Number(place[2]) } : undefined) ??
      ok(at ? { lat: Number(at[1]), lng: Number(at[2]) } : undefined)
    );
  }
  if (host === 'maps.apple.com' || host === 'maps.apple') {
    return (
      ok(pair(u.searchParams.get('ll'))) ??
      ok(pair(u.searchParams.get('q'))) ??
      ok(pair(u.searchParams.get('coordinate'))) ??
      ok(pair(u.searchParams.get('sll')))
    );
  }
  if (host.endsWith('openstreetmap.org') || host === 'osm.org') {
    const mlat = u.searchParams.get('mlat');
    const mlon = u.searchParams.get('mlon');
    if (mlat && mlon) return ok({ lat: Number(mlat), lng: Number(mlon) });
    const map = /map=\d+(?:\.\d+)?\/(-?\d+(?:\.\d+)?)\/(-?\d+(?:\.\d+)?)/.exec(u.hash);
    if (map) return ok({ lat: Number(map[1]), lng: Number(map[2]) });
    return ok(pair(u.searchParams.get('query')));
  }
  return undefined;
}

function fromDms(text: string): CoordinateParse | undefined {
  const part = String.raw`(\d{1,3})\s*°\s*(?:(\d{1,2}(?:[.,]\d+)?)\s*['′’]\s*)?(?:(\d{1,2}(?:[.,]\d+)?)\s*(?:"|″|''|”)\s*)?([NSEW])`;
  const re = new RegExp(`${part}[\\s,;]*${part}`, 'i');
  const m = re.exec(text);
  if (!m) return undefined;
  const value = (d: string, mi?: string, s?: string) => Number(d) + (mi ? num(mi) / 60 : 0) + (s ? num(s) / 3600 : 0);
  let a = value(m[1]!, m[2], m[3]) * (/[SW]/i.test(m[4]!) ? -1 : 1);
  let b = value(m[5]!, m[6], m[7]) * (/[SW]/i.test(m[8]!) ? -1 : 1);
  if (/[EW]/i.test(m[4]!) && /[NS]/i.test(m[8]!)) [a, b] = [b, a];
  return valid(a, b) ? { kind: 'point', point: { lat: a, lng: b }, source: 'dms' } : undefined;
}

export function parseCoordinates(text: string): CoordinateParse | undefined {
  const t = text.trim();
  const short = SHORT_LINK.exec(t);
  if (short) return { kind: 'short_link', url: short[0] };
  const url = fromUrl(t);
  if (url) return url;
  const geo = new RegExp(`\\bgeo:(${NUM}),(${NUM})`, 'i').exec(t);
  if (geo) {
    const lat = num(geo[1]!);
    const lng = num(geo[2]!);
    return valid(lat, lng) ? { kind: 'point', point: { lat, lng }, source: 'geo_uri' } : undefined;
  }
  if (/°/.test(t)) return fromDms(t);
  // "54.1943, 16.1722", "54.1943 16.1722", "54,1943 16,1722", "54,1943; 16,1722"
  const dec =
    /(?:^|[^\d.,])([-+]?\d{1,3}\.\d{2,})\s*[,;\s]\s*([-+]?\d{1,3}\.\d{2,})(?![\d.])/.exec(t) ??
    /(?:^|[^\d,])([-+]?\d{1,3},\d{2,})\s*[;\s]\s*([-+]?\d{1,3},\d{2,})(?![\d,])/.exec(t);
  if (dec) {
    const { point, swapped } = orient(num(dec[1]!), num(dec[2]!));
    return valid(point.lat, point.lng) ? { kind: 'point', point, source: 'coordinates', swapped } : undefined;
  }
  return undefined;
}
