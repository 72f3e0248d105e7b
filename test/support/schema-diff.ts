/**
 * Compares a Prisma schema (read offline through getDMMF, WebAssembly) with a live database's catalogue and
 * lists every difference: tables, columns (type, nullability, list-ness, default presence), enums, primary keys,
 * unique constraints, indexes and foreign keys. An empty list means the migrations produce exactly schema.prisma.
 */
import internals from '@prisma/internals';
import type { SqlSession } from '../../prisma/migrate.js';
import { MIGRATIONS_TABLE } from '../../prisma/migrate.js';

const scalarType: Record<string, string> = {
  String: 'text',
  Int: 'integer',
  BigInt: 'bigint',
  Float: 'double precision',
  Boolean: 'boolean',
  DateTime: 'timestamp(3) without time zone',
  Json: 'jsonb',
  Decimal: 'numeric(65,30)',
  Bytes: 'bytea',
};

const onDelete: Record<string, string> = { Cascade: 'c', SetNull: 'n', Restrict: 'r', NoAction: 'a', SetDefault: 'd' };

export async function schemaMismatches(schemaText: string, s: SqlSession): Promise<string[]> {
  const { datamodel } = await internals.getDMMF({ datamodel: schemaText });
  const out: string[] = [];

  // Enums
  const dbEnums = await s.query<{ name: string; label: string }>(
    `SELECT t.typname AS name, e.enumlabel AS label FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
     JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'public' ORDER BY t.typname, e.enumsortorder`,
  );
  const enumMap = new Map<string, string[]>();
  for (const r of dbEnums) enumMap.set(r.name, [...(enumMap.get(r.name) ?? []), r.label]);
  for (const e of datamodel.enums) {
    const want = e.values.map((v) => v.dbName ?? v.name).join(',');
    const got = enumMap.get(e.dbName ?? e.name)?.join(',');
    if (got === undefined) out.push(`enum ${e.name}: missing in database`);
    else if (got !== want) out.push(`enum ${e.name}: database has [${got}], schema has [${want}]`);
    enumMap.delete(e.dbName ?? e.name);
  }
  for (const name of enumMap.keys()) out.push(`enum ${name}: in database but not in schema`);

  // Tables and columns
  const cols = await s.query<{
    table_name: string;
    column_name: string;
    data_type: string;
    is_nullable: string;
    column_default: string | null;
    fmt: string;
  }>(
    `SELECT c.table_name, c.column_name, c.data_type, c.is_nullable, c.column_default,
            format_type(a.atttypid, a.atttypmod) AS fmt
     FROM information_schema.columns c
     JOIN pg_attribute a ON a.attrelid = format('%I.%I', c.table_schema, c.table_name)::regclass AND a.attname = c.column_name
     WHERE c.table_schema = 'public' AND c.table_name <> $1`,
    [MIGRATIONS_TABLE],
  );
  const tables = new Map<string, Map<string, (typeof cols)[number]>>();
  for (const c of cols) {
    if (!tables.has(c.table_name)) tables.set(c.table_name, new Map());
    tables.get(c.table_name)!.set(c.column_name, c);
  }
  const tableOf = new Map<string, string>();
  for (const m of datamodel.models) {
    const table = m.dbName ?? m.name;
    tableOf.set(m.name, table);
    const dbCols = tables.get(table);
    if (!dbCols) {
      out.push(`model ${m.name}: table "${table}" missing in database`);
      continue;
    }
    for (const f of m.fields) {
      if (f.kind === 'object') continue;
      const col = f.dbName ?? f.name;
      const c = dbCols.get(col);
      if (!c) {
        out.push(`${m.name}.${f.name}: column missing in database`);
        continue;
      }
      dbCols.delete(col);
      const base = f.kind === 'enum' ? `"${f.type}"` : scalarType[f.type];
      const want = f.isList ? `${base}[]` : base;
      const fmt = c.fmt.replace(/^"?([A-Za-z]+)"?(\[\])?$/, (_, n: string, arr?: string) =>
        datamodel.enums.some((e) => e.name === n) ? `"${n}"${arr ?? ''}` : `${n}${arr ?? ''}`,
      );
      if (fmt !== want) out.push(`${m.name}.${f.name}: database type ${c.fmt}, schema wants ${want}`);
      const nullable = c.is_nullable === 'YES';
      const wantNullable = !f.isRequired || f.isList;
      if (nullable !== wantNullable)
        out.push(`${m.name}.${f.name}: database ${nullable ? 'NULL' : 'NOT NULL'}, schema ${wantNullable ? 'optional' : 'required'}`);
      const hasDbDefault = c.column_default !== null;
      const wantsDbDefault = f.hasDefaultValue && !f.isUpdatedAt;
      if (hasDbDefault !== wantsDbDefault)
        out.push(
          `${m.name}.${f.name}: database default ${c.column_default ?? 'none'}, schema ${wantsDbDefault ? 'has a default' : 'has none'}`,
        );
    }
    for (const extra of dbCols.keys()) out.push(`${m.name}: column "${extra}" in database but not in schema`);
    tables.delete(table);
  }
  for (const t of tables.keys()) out.push(`table "${t}" in database but not in schema`);

  // Primary keys, unique and normal indexes: compare as sets of "table kind (cols)".
  const idx = await s.query<{ table: string; unique: boolean; primary: boolean; cols: string[] }>(
    `SELECT t.relname AS table, i.indisunique AS unique, i.indisprimary AS primary,
            array(SELECT a.attname::text FROM unnest(i.indkey) WITH ORDINALITY k(attnum, ord)
                  JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord) AS cols
     FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname = 'public' AND t.relname <> $1`,
    [MIGRATIONS_TABLE],
  );
  const key = (table: string, kind: string, fields: string[]) => `${table} ${kind} (${fields.join(', ')})`;
  const dbIdx = new Set(idx.map((r) => key(r.table, r.primary ? 'id' : r.unique ? 'unique' : 'normal', r.cols)));
  const wantIdx = new Set<string>();
  for (const i of datamodel.indexes) {
    const m = datamodel.models.find((x) => x.name === i.model)!;
    const fieldCols = i.fields.map((f) => m.fields.find((x) => x.name === f.name)?.dbName ?? f.name);
    wantIdx.add(key(tableOf.get(i.model)!, i.type === 'fulltext' ? 'normal' : i.type, fieldCols));
  }
  for (const k of wantIdx) if (!dbIdx.has(k)) out.push(`index missing in database: ${k}`);
  for (const k of dbIdx) if (!wantIdx.has(k)) out.push(`index in database but not in schema: ${k}`);

  // Foreign keys
  const fks = await s.query<{ table: string; cols: string[]; ref: string; refcols: string[]; del: string }>(
    `SELECT c.conrelid::regclass::text AS table, c.confrelid::regclass::text AS ref, c.confdeltype::text AS del,
            array(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.o) AS cols,
            array(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.o) AS refcols
     FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE c.contype = 'f' AND n.nspname = 'public'`,
  );
  const unq = (t: string) => t.replace(/^"|"$/g, '');
  const fkKey = (t: string, c: string[], r: string, rc: string[], d: string) =>
    `${t}(${c.join(',')}) -> ${r}(${rc.join(',')}) on delete ${d}`;
  const dbFks = new Set(fks.map((f) => fkKey(unq(f.table), f.cols, unq(f.ref), f.refcols, f.del)));
  const wantFks = new Set<string>();
  for (const m of datamodel.models) {
    for (const f of m.fields) {
      if (f.kind !== 'object' || !f.relationFromFields?.length) continue;
      const required = f.relationFromFields.every((rf) => m.fields.find((x) => x.name === rf)?.isRequired);
      const del = f.relationOnDelete ? onDelete[f.relationOnDelete]! : required ? 'r' : 'n';
      wantFks.add(fkKey(tableOf.get(m.name)!, [...f.relationFromFields], tableOf.get(f.type)!, [...(f.relationToFields ?? [])], del));
    }
  }
  for (const k of wantFks) if (!dbFks.has(k)) out.push(`foreign key missing in database: ${k}`);
  for (const k of dbFks) if (!wantFks.has(k)) out.push(`foreign key in database but not in schema: ${k}`);
  return out;
}
