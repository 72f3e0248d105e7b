/** How distances and organisations read in a reply. */
import type { Locale } from '../i18n/index.js';
import type { PlaceItem } from '../activity.js';
import { t } from '../i18n/index.js';
import type { NearbyOrganization } from './ports.js';

/** 40 m, 350 m, 1,2 km (pl, uk) / 1.2 km (en), 12 km */
export function formatDistance(meters: number, locale: Locale): string {
  if (meters < 995) return `${Math.max(10, Math.round(meters / 10) * 10)} m`;
  const km = meters / 1000;
  const s = km < 9.95 ? km.toFixed(1) : String(Math.round(km));
  return `${locale === 'en' ? s : s.replace('.', ',')} km`;
}

export function organizationItem(o: NearbyOrganization, distanceMeters: number | undefined, locale: Locale): PlaceItem {
  return {
    value: `org:${o.id}`,
    title: o.isDemo && !/\(demo\)/i.test(o.name) ? `${o.name} ${t(locale, 'nearest.demo')}` : o.name,
    distance: distanceMeters === undefined ? undefined : formatDistance(distanceMeters, locale),
    details: [o.address, o.phone ? `${t(locale, 'nearest.phone')} ${o.phone}` : null].filter((x): x is string => Boolean(x)),
  };
}

/** A radius as a resident reads it: "150 m", "1,2 km"; Ukrainian with Cyrillic units ("150 м"). Rounded up to 50 m. */
export function formatRadius(meters: number, locale: Locale): string {
  const d = formatDistance(meters < 995 ? Math.ceil(meters / 50) * 50 : meters, locale);
  return locale === 'uk' ? d.replace(/ km$/, ' км').replace(/ m$/, ' м') : d;
}

/**
 * The place of an answer with how precisely it is known, never more precisely than the data says:
 * "ul. Zwycięstwa 117" (the address itself), "ul. Zwycięstwa 120 (ok. 250 m)", "okolica: os. Rokosowo (ok. 1,2 km)".
 */
export function placeWithPrecision(label: string, radiusMeters: number | undefined, approximate: boolean, locale: Locale): string {
  if (radiusMeters === undefined) return approximate ? `${label} ${t(locale, 'nearest.approximate')}` : label;
  if (radiusMeters <= 50) return label;
  const d = formatRadius(radiusMeters, locale);
  return radiusMeters < 300
    ? `${label} (${t(locale, 'nearest.precision_about', { d })})`
    : t(locale, 'nearest.precision_around', { place: label, d });
}
