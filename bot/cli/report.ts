/**
 * npm run report -- --from 2026-01-01 --to 2026-06-30 --out report.csv
 * The city's cooperation report (bot/network/report.ts): a CSV with one row per organisation and a short summary
 * on stdout. Dates are whole days in UTC; --to is inclusive.
 */
import { writeFileSync } from 'node:fs';
import { loadConfig } from '../config.js';
import { openDatabase } from '../../prisma/database.js';
import { cooperationReport, reportCsv, reportSummary } from '../network/report.js';

const args = process.argv.slice(2).filter((a) => a !== '--');
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const from = opt('--from');
const to = opt('--to');
const out = opt('--out') ?? 'report.csv';
const day = (s: string | undefined) =>
  s && /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) ? new Date(`${s}T00:00:00Z`) : undefined;
const fromDate = day(from);
const toDate = day(to);
if (!fromDate || !toDate || toDate < fromDate) {
  console.error('Usage: npm run report -- --from YYYY-MM-DD --to YYYY-MM-DD [--out report.csv]');
  process.exit(2);
}
const config = loadConfig();
const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  const rows = await cooperationReport(db.prisma, fromDate, new Date(toDate.getTime() + 24 * 3600_000));
  writeFileSync(out, reportCsv(rows));
  console.log(reportSummary(rows, from!, to!));
  console.log(`Written: ${out} (${rows.length} rows)`);
} finally {
  await db.close();
}
