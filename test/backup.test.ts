/**
 * Backup and restore of the embedded database: `npm run backup` while the real server runs and answers texts,
 * then `npm run restore` brings the directory back to the moment of the backup. Refusals: restore while the
 * directory is in use; a file that is not a backup; PostgreSQL deployments are pointed to pg_dump.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postSignedSms } from './support/server.js';
import { seedDataDir } from './support/db.js';
import { runCli, spawnServer } from './support/server-process.js';
import { openDatabase } from '../prisma/database.js';

const PUBLIC = 'https://bot.example.org';

describe('backup and restore (embedded database)', () => {
  const root = mkdtempSync(join(tmpdir(), 'koszalin-backup-'));
  const dataDir = join(root, 'data');
  const env = { DATA_DIR: dataDir, PUBLIC_URL: PUBLIC, DEMO_DATA: 'true', ADMIN_TOKEN: '' };
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('backs up while the server runs and answers, and restores to that moment', async () => {
    seedDataDir(dataDir); // migrated and empty: the server loads the demo data into it
    const server = await spawnServer(env);
    let afterBackupPhone = '';
    try {
      expect((await postSignedSms(server.url, PUBLIC, '+48600100001', 'pomoc')).status).toBe(200);
      // The admin handle is private to the server's user.
      expect(statSync(join(dataDir, 'admin.json')).mode & 0o077).toBe(0);

      // Texts keep coming while the backup is taken.
      let sending = true;
      const during: number[] = [];
      const load = (async () => {
        for (let i = 0; sending; i++)
          during.push((await postSignedSms(server.url, PUBLIC, `+4860020${String(i).padStart(4, '0')}`, 'pomoc')).status);
      })();
      const out = join(root, 'b1.tar.gz');
      const r = await runCli('bot/cli/backup.ts', ['--out', out], env);
      sending = false;
      await load;
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/backup written: .*b1\.tar\.gz .*from the running server/);
      expect(during.length).toBeGreaterThan(0);
      expect(during.every((s) => s === 200)).toBe(true);

      // Admin commands reach the running server through its authenticated endpoint; a wrong token is refused. (The
      // refusals do not depend on the grant: the three commands run at once.)
      const [[granted, roles], wrong, usage] = await Promise.all([
        runCli('bot/cli/admin.ts', ['grant-admin', '--phone', '+48600100001'], env).then(
          async (g) => [g, await runCli('bot/cli/admin.ts', ['roles'], env)] as const,
        ),
        runCli('bot/cli/admin.ts', ['grant-admin', '--phone', '+48600100002'], { ...env, ADMIN_TOKEN: 'x'.repeat(32) }),
        runCli('bot/cli/admin.ts', ['grant-admin', '--phone', '0048'], env),
      ]);
      expect(granted.stdout).toMatch(/is now an administrator/);
      expect(roles.stdout).toMatch(/admin +contact \d+ SMS:\+48600100001/);
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toMatch(/unauthorized/);
      expect(usage.code).toBe(2);
      expect(usage.stderr).toMatch(/E\.164/);

      afterBackupPhone = '+48600300001';
      expect((await postSignedSms(server.url, PUBLIC, afterBackupPhone, 'pomoc')).status).toBe(200);
    } finally {
      expect(await server.stop('SIGTERM')).toBe(0);
    }
    expect(existsSync(join(dataDir, 'admin.json'))).toBe(false);

    // Restore is refused while a process owns the directory (here: this test process). Meanwhile, a file that is not
    // a backup is refused (into a directory of its own, which nobody holds).
    const holder = await openDatabase({ dataDir });
    writeFileSync(join(root, 'junk.tar.gz'), 'hello');
    const [contactsBefore, refused, junk] = await Promise.all([
      holder.prisma.contactIdentity.count(),
      runCli('bot/cli/restore.ts', [join(root, 'b1.tar.gz')], env),
      runCli('bot/cli/restore.ts', [join(root, 'junk.tar.gz')], { ...env, DATA_DIR: join(root, 'junk-data') }),
    ]);
    await holder.close();
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/is running on .*stop it first/);
    expect(junk.code).toBe(2);
    expect(junk.stderr).toMatch(/not a backup/);

    const restored = await runCli('bot/cli/restore.ts', [join(root, 'b1.tar.gz')], env);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(/restored .* 12 organisations/);
    const aside = readdirSync(root).filter((n) => n.startsWith('data.before-restore-'));
    expect(aside).toHaveLength(1);

    const db = await openDatabase({ dataDir });
    try {
      const phones = (await db.prisma.contactIdentity.findMany({ where: { channel: 'SMS' } })).map((i) => i.address);
      expect(phones).toContain('+48600100001');
      expect(phones).not.toContain(afterBackupPhone);
      expect(phones.length).toBeLessThan(contactsBefore);
      // Every contact in the backup is whole: an identity for each contact row and the reverse.
      expect(await db.prisma.contact.count()).toBe(await db.prisma.contactIdentity.count());
    } finally {
      await db.close();
    }
    // With no server running the command reads the directory itself.
    const offline = await runCli('bot/cli/backup.ts', ['--out', join(root, 'b2.tar.gz')], env);
    expect(offline.code).toBe(0);
    expect(offline.stdout).toMatch(/from data directory/);
  }, 180_000);

  it('PostgreSQL deployments are pointed to pg_dump and pg_restore', async () => {
    const b = await runCli('bot/cli/backup.ts', [], { DATABASE_URL: 'postgresql://u@127.0.0.1:1/x' });
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/pg_dump/);
    const r = await runCli('bot/cli/restore.ts', ['x.tar.gz'], { DATABASE_URL: 'postgresql://u@127.0.0.1:1/x' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/pg_restore/);
  });
});
