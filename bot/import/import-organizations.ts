/**
 * Writes validated organisation rows: upsert by KRS, else by name and address. Only fields present in a row are
 * written, so the OPP list (no addresses) does not erase coordinates loaded from another file. A row that equals
 * what is stored changes nothing (re-importing a file is a no-op). Everything is written in one transaction, and
 * the demo dataset is removed when real data arrives.
 */
import type { PrismaClient } from '../../prisma/database.js';
import { normalizeText } from '../../dialogs/text.js';
import { removeDemoData } from '../../prisma/seed/index.js';
import type { OrganizationRow, ParsedFile, RowProblem } from './organizations.js';
import { guardChanges, keptByOrganization, type ImportGuardOptions } from '../network/import-guard.js';

export interface ImportReport {
  format: ParsedFile['format'];
  created: number;
  updated: number;
  unchanged: number;
  unlocated: number;
  demoRemoved: number;
  problems: RowProblem[];
  /** Fields an organisation set itself (PROFIL) later than the file's date, which this import did not overwrite. */
  kept: Array<{ ref: string; organizationId: number; fields: string[] }>;
}

export function dedupeKeyFor(row: Pick<OrganizationRow, 'krs' | 'name' | 'address'>): string {
  if (row.krs) return `krs:${row.krs}`;
  return `name:${normalizeText(row.name)}|${normalizeText(row.address ?? '')}`;
}

const FIELDS = ['name', 'krs', 'nip', 'description', 'address', 'postcode', 'city', 'lat', 'lng', 'phone', 'email', 'website'] as const;

export async function importOrganizations(
  prisma: PrismaClient,
  parsed: ParsedFile,
  source: string,
  guard: ImportGuardOptions = {},
): Promise<ImportReport> {
  const report: ImportReport = {
    format: parsed.format,
    created: 0,
    updated: 0,
    unchanged: 0,
    unlocated: 0,
    demoRemoved: 0,
    problems: [...parsed.problems],
    kept: [],
  };
  if (parsed.rows.length === 0) return report;
  const categoryIds = new Map((await prisma.category.findMany({ select: { id: true, slug: true } })).map((c) => [c.slug, c.id]));
  // The same organisation twice in one file: the later row wins, reported once.
  const byKey = new Map<string, OrganizationRow>();
  for (const row of parsed.rows) {
    const key = dedupeKeyFor(row);
    if (byKey.has(key))
      report.problems.push({ ref: row.ref, reason: `same organisation as ${byKey.get(key)!.ref}; the later row is used` });
    byKey.set(key, row);
  }
  await prisma.$transaction(
    async (tx) => {
      report.demoRemoved = await removeDemoData(tx as unknown as PrismaClient);
      for (const [key, row] of byKey) {
        const existing =
          (row.krs ? await tx.organization.findUnique({ where: { krs: row.krs }, include: { categories: true } }) : null) ??
          (await tx.organization.findUnique({ where: { dedupeKey: key }, include: { categories: true } }));
        const data: Record<string, unknown> = {};
        for (const f of FIELDS) if (row[f] !== undefined) data[f] = row[f];
        if (row.lat !== undefined) {
          data.coordSource = `import:${source}`;
          data.coordPrecision = 'ADDRESS';
        }
        const wantCats = row.categories.map((s) => categoryIds.get(s)!).filter((x) => x !== undefined);
        if (!existing) {
          await tx.organization.create({
            data: {
              ...(data as { name: string }),
              dedupeKey: key,
              source,
              categories: { create: wantCats.map((categoryId) => ({ categoryId })) },
            },
          });
          report.created++;
        } else {
          const differing: Record<string, unknown> = {};
          for (const [k, v] of Object.entries(data)) if ((existing as Record<string, unknown>)[k] !== v) differing[k] = v;
          // Fields the organisation set itself later than this file are kept (unless forced), and reported.
          const { write: changed, kept } = guardChanges(existing.fieldsSetAt, differing, guard);
          if (kept.includes('location')) {
            delete changed.coordSource;
            delete changed.coordPrecision;
          }
          const haveCats = new Set(existing.categories.map((c) => c.categoryId));
          const catsKept = keptByOrganization(existing.fieldsSetAt, 'categories', guard);
          const newCats = catsKept ? [] : wantCats.filter((c) => !haveCats.has(c));
          if (catsKept && wantCats.some((c) => !haveCats.has(c))) kept.push('categories');
          if (kept.length) report.kept.push({ ref: row.ref, organizationId: existing.id, fields: kept });
          if (Object.keys(changed).length === 0 && newCats.length === 0) {
            report.unchanged++;
          } else {
            await tx.organization.update({
              where: { id: existing.id },
              data: { ...changed, categories: newCats.length ? { create: newCats.map((categoryId) => ({ categoryId })) } : undefined },
            });
            report.updated++;
          }
        }
        if (row.lat === undefined) {
          const stored = existing?.lat ?? null;
          if (stored === null) report.unlocated++;
        }
      }
      await tx.auditLog.create({
        data: { actor: 'cli', action: 'import.organizations', subject: source, details: { ...report, problems: report.problems.length } },
      });
    },
    { timeout: 600_000, maxWait: 30_000 },
  );
  return report;
}
