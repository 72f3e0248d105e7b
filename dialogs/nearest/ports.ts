/** What the nearest-organisations conversation needs from the rest of the system. */
import type { GeoPoint } from '../activity.js';
import type { CategoryInfo } from './category-match.js';

export type Precision = 'EXACT' | 'ADDRESS' | 'STREET' | 'DISTRICT' | 'POSTCODE' | 'CITY';

export type Resolution =
  | {
      kind: 'point';
      point: GeoPoint;
      /** What the point is, for the reply ("Rokosowo", "ul. Zwycięstwa 117", "54.1943, 16.1722"). */
      label: string;
      precision: Precision;
      approximate: boolean;
      insideCity: boolean;
      via: 'pin' | 'coordinates' | 'map_link' | 'gazetteer' | 'postcode' | 'geocoder';
      /** How far the true place may be from `point`, in metres (an address ~30, a street's extent, a district ~1000). */
      radiusMeters?: number;
      /** What placed it, best first: the address itself, between known numbers, the street's extent, the postcode's own point, a district or landmark, the city. */
      evidence?: PlaceEvidence;
      /** A postcode shared with villages outside the city: their names. */
      villages?: string[];
    }
  | { kind: 'ambiguous'; options: Array<{ label: string; point: GeoPoint; precision: Precision }> }
  /** Known, but only to within more than 2 km (a hand-placed street point): ask for a house number and postcode or a pin. */
  | { kind: 'vague'; label: string; point: GeoPoint; radiusMeters: number }
  | { kind: 'short_link' }
  | { kind: 'postcode_unknown'; code: string }
  | { kind: 'postcode_elsewhere'; code: string }
  | { kind: 'unknown' };

export type PlaceEvidence = 'pin' | 'address' | 'interpolated' | 'street' | 'postcode' | 'landmark' | 'district' | 'city' | 'geocoder';

/** Where the place found in a sentence stands in it (UTF-16 offsets; `text` is that part of the sentence). */
export interface TextSpan {
  start: number;
  end: number;
  text: string;
}

/**
 * A place found inside a whole sentence, with the part of the sentence it used. `span` is set whenever a place
 * was named, even one that cannot be placed (`kind: 'unknown'` after "koło …": ask where that is), and never
 * when the sentence names no place.
 */
export type PlaceInText = Resolution & { span?: TextSpan };

export interface PlaceLookup {
  /**
   * Finds the place mentioned anywhere in a free sentence ("gdzie jest najbliższa organizacja dla dzieci? jestem
   * przy dworcu", "Szukam pomocy dla seniora na Rokosowie", "шукаю допомогу для дітей біля вокзалу",
   * "w okolicach Kościuszki 12"), offline. Returns its resolution (as `resolveText` would give for the place
   * alone) and the span of text it used, so the caller can cut it out before reading categories. Ordinary
   * words ("pomoc", "dzieci", "sport", "klub", "weekend", "help") are never places: then `{ kind: 'unknown' }`
   * without a span.
   *
   *   const hit = await places.findPlaceInText('Szukam pomocy dla seniora na Rokosowie');
   *   // hit.kind === 'point', hit.label === 'Rokosowo', hit.evidence === 'district', hit.span.text === 'na Rokosowie'
   *   const rest = text.slice(0, hit.span.start) + text.slice(hit.span.end); // "Szukam pomocy dla seniora "
   */
  findPlaceInText(text: string): Promise<PlaceInText>;
  /** Full resolution, may ask the online geocoder. */
  resolveText(text: string): Promise<Resolution>;
  resolvePoint(point: GeoPoint, label?: string): Resolution & { kind: 'point' };
  /** Offline and strict: is this text a place (coordinates, map link, postcode, a well-matched name)? */
  looksLikePlace(text: string): boolean;
  districts(): Array<{ name: string; point: GeoPoint }>;
}

export interface NearbyOrganization {
  id: number;
  name: string;
  address: string | null;
  phone: string | null;
  website: string | null;
  isDemo: boolean;
  lat: number;
  lng: number;
}

export interface OrganizationFinder {
  nearest(
    point: GeoPoint,
    q: { limit: number; offset?: number; category?: string },
  ): Promise<{ results: Array<{ organization: NearbyOrganization; distanceMeters: number }>; total: number }>;
  get(id: number): Promise<NearbyOrganization | undefined>;
}

export interface CategoryCatalog {
  list(): Promise<CategoryInfo[]>;
}

export interface LinkBuilder {
  /** Public map URL centred on a point or opening one organisation. */
  map(q: { lat?: number; lng?: number; org?: number }): string;
}

/** The opt-in home district for local alerts: a district name, never a point. */
export interface HomeDistrictStore {
  set(contactId: number, district: string | null): Promise<void>;
}

export interface NearestPorts {
  places: PlaceLookup;
  home?: HomeDistrictStore;
  organizations: OrganizationFinder;
  categories: CategoryCatalog;
  links: LinkBuilder;
  /** The value of an "Ask" button for an organisation (on channels with buttons; absent: no button). */
  askValue?: (organizationId: number) => string;
  /** A message another feature owns by its exact keyword ("ZAPYTAJ 2 …"): after a list it is handed back, never read as a correction. */
  ownedElsewhere?: (text: string) => boolean;
  pageSize?: number;
}
