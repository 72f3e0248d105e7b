/** The nearest-organisations feature: menu entry, first-message recognition, and its dialog. */
import type { Feature } from '../feature.js';
import { findCategory } from './category-match.js';
import { NearestDialog, NEAREST_DIALOG, type NearestOptions } from './nearest-dialog.js';
import type { NearestPorts } from './ports.js';

export function nearestFeature(ports: NearestPorts): Feature {
  return {
    id: NEAREST_DIALOG,
    menuLabel: 'menu.nearest',
    dialogs: [new NearestDialog(ports)],
    fromUnderstanding(u): NearestOptions | undefined {
      if (u.intent !== 'nearest') return undefined;
      const place = u.place;
      // A place named but not known ("koło filharmonii"): the dialog says so and asks; a known one is used as is.
      if (place?.span && place.kind === 'unknown') return { category: u.category, text: place.span.text };
      if (place?.span) return { category: u.category, resolution: place };
      return { category: u.category };
    },
    fromStartPayload(payload) {
      const m = /^org_(\d{1,9})$/.exec(payload);
      return m ? ({ orgId: Number(m[1]) } satisfies NearestOptions) : undefined;
    },
    async recognize(activity): Promise<NearestOptions | undefined> {
      if (activity.location) return { location: activity.location };
      const text = activity.text?.trim();
      if (!text) return undefined;
      const info = /^(?:info|org|organizacja|організація|інфо)\s*(\d{1,9})$/i.exec(text);
      if (info) return { orgId: Number(info[1]) };
      const home = /^(?:zapamietaj osiedle|zapamiętaj osiedle|remember district|моє osiedle|мій район)\s+(.+)$/i.exec(text);
      if (home) return { home: home[1] };
      if (/^(?:zapomnij osiedle|forget district|забудь район)$/i.test(text)) return { home: null };
      const hit = findCategory(text, await ports.categories.list());
      const rest = hit ? hit.rest.trim() : text;
      // "seniorzy" alone: nearest in that category, asking where. "Zwycięstwa 117 seniorzy": both at once.
      if (hit && !rest) return { category: hit.category.slug };
      if (ports.places.looksLikePlace(rest)) return { text: rest, category: hit?.category.slug };
      return undefined;
    },
  };
}
