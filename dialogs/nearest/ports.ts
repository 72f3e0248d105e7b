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
    }
  | { kind: 'ambiguous'; options: Array<{ label: string; point: GeoPoint; precision: Precision }> }
  | { kind: 'short_link' }
  | { kind: 'postcode_unknown'; code: string }
  | { kind: 'postcode_elsewhere'; code: string }
  | { kind: 'unknown' };

export interface PlaceLookup {
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
  nearest(point: GeoPoint, q: { limit: number; offset?: number; category?: string }): Promise<{ results: Array<{ organization: NearbyOrganization; distanceMeters: number }>; total: number }>;
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
  pageSize?: number;
}
