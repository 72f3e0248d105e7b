/**
 * An import never overwrites what an organisation set itself (PROFIL) later than the imported file's date, unless
 * forced (issue 17). Organization.fieldsSetAt stamps each field set by chat; this decides, per changed column,
 * whether the import may write it, and the import report lists the fields it kept.
 */

/** Import columns → the profile field that stamps them. */
const FIELD_OF: Record<string, string> = {
  name: 'name',
  krs: 'krs',
  description: 'description',
  address: 'address',
  lat: 'location',
  lng: 'location',
  phone: 'phone',
  email: 'email',
  website: 'website',
  categories: 'categories',
};

export interface ImportGuardOptions {
  /** The date the file's data is from (default: unknown, so every field an organisation set is kept). */
  fileDate?: Date;
  /** Overwrite even fields an organisation set later. */
  force?: boolean;
}

/** Whether an import with these options must keep the organisation's own value of `column`. */
export function keptByOrganization(fieldsSetAt: unknown, column: string, o: ImportGuardOptions): boolean {
  if (o.force) return false;
  const field = FIELD_OF[column];
  const stamp = field ? (fieldsSetAt as Record<string, string> | null | undefined)?.[field] : undefined;
  if (!stamp) return false;
  return o.fileDate === undefined || new Date(stamp) > o.fileDate;
}

/** Splits an import's changes into those it writes and the profile fields it keeps. */
export function guardChanges(
  fieldsSetAt: unknown,
  changed: Record<string, unknown>,
  o: ImportGuardOptions,
): { write: Record<string, unknown>; kept: string[] } {
  const write: Record<string, unknown> = {};
  const kept = new Set<string>();
  for (const [k, v] of Object.entries(changed)) {
    if (keptByOrganization(fieldsSetAt, k, o)) kept.add(FIELD_OF[k]!);
    else write[k] = v;
  }
  return { write, kept: [...kept] };
}
