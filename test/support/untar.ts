/**
 * Unpacks a PGlite dump (`Database.backup()`: a gzip'd ustar archive of the data directory) into a directory, in
 * a few milliseconds and without starting PGlite: the tests' spawned servers and embedded data directories start
 * from the migrated dump this way instead of running initdb and the migrations in each process.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { dirname, join, normalize } from 'node:path';

export function untarGz(archive: Uint8Array, into: string): void {
  const tar = gunzipSync(archive);
  const text = (at: number, len: number) => {
    const s = tar.subarray(at, at + len);
    const end = s.indexOf(0);
    return s.subarray(0, end < 0 ? len : end).toString('latin1');
  };
  mkdirSync(into, { recursive: true });
  for (let at = 0; at + 512 <= tar.length; ) {
    if (tar[at] === 0) break; // the two empty records at the end
    const prefix = text(at + 257, 6) === 'ustar' ? text(at + 345, 155) : '';
    const name = prefix ? `${prefix}/${text(at, 100)}` : text(at, 100);
    const size = Number.parseInt(text(at + 124, 12).trim() || '0', 8);
    const mode = Number.parseInt(text(at + 100, 8).trim() || '644', 8) & 0o777;
    const type = String.fromCharCode(tar[at + 156] ?? 0);
    const path = normalize(join(into, name));
    if (!path.startsWith(normalize(into))) throw new Error(`archive entry outside the target: ${name}`);
    at += 512;
    if (type === '5') mkdirSync(path, { recursive: true });
    else if (type === '0' || type === '\0') {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, tar.subarray(at, at + size), { mode });
    } else throw new Error(`unexpected archive entry type ${JSON.stringify(type)}: ${name}`);
    at += Math.ceil(size / 512) * 512;
  }
}
