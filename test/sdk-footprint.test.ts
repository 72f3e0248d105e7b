/**
 * The product loads botbuilder-dialogs through dialogs/sdk.ts without the prompts' text recognizers (about 45 MB
 * it never uses). Checked on the production build (the global setup keeps it fresh) after a real dialog turn.
 */
import { describe, expect, inject, it } from 'vitest';
import { execFileSync } from 'node:child_process';

// The database starts from the suite's migrated dump (test/support/global-setup-pglite.ts): what it holds does not
// matter here, and PGlite's initdb would be most of this test's time.
const SCRIPT = `
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
const require = createRequire(import.meta.url);
const { openDatabase } = await import('./dist/prisma/database.js');
const { DialogEngine } = await import('./dist/dialogs/engine.js');
const { ContactRepository } = await import('./dist/bot/repositories/contacts.js');
const { DialogStateStorage } = await import('./dist/bot/state/dialog-state-storage.js');
await import('./dist/bot/server.js');
const db = await openDatabase({ dataDir: 'memory://', pgliteTemplate: readFileSync(process.env.PGLITE_TEMPLATE) });
const engine = new DialogEngine({ contacts: new ContactRepository(db), storage: new DialogStateStorage(db), clock: { now: () => new Date() }, features: [] });
const replies = await engine.handle({ channel: 'sms', messageId: 'm1', from: '+48600000001', conversationId: '+48600000001', text: 'pomoc' });
await db.close();
const loaded = Object.keys(require.cache);
console.log(JSON.stringify({ replies: replies.length, recognizers: loaded.filter((k) => k.includes('recognizers-text')).length, dialogs: loaded.filter((k) => k.includes('botbuilder-dialogs')).length }));
`;

describe('botbuilder footprint', () => {
  it('a dialog turn runs without loading the prompt recognizers', () => {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', SCRIPT], {
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, PGLITE_TEMPLATE: inject('pgliteTemplate') },
    });
    const r = JSON.parse(out.trim().split('\n').pop()!) as { replies: number; recognizers: number; dialogs: number };
    expect(r.replies).toBeGreaterThan(0);
    expect(r.dialogs).toBeGreaterThan(10); // the SDK really is in use
    expect(r.recognizers).toBe(0);
  }, 120_000);
});
