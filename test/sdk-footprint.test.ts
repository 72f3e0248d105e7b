/**
 * The product loads botbuilder-dialogs through dialogs/sdk.ts without the prompts' text recognizers (about 45 MB
 * it never uses), and botbuilder-core without its cloud half (the Bot Framework connector, Azure identity, MSAL:
 * dialogs/sdk-light.ts). Checked on the production build (the global setup keeps it fresh) after a real dialog
 * turn, in a process of its own (nothing else loaded the SDK before).
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
const { namesReadFromFullIndex, lightBotbuilderCore } = await import('./dist/dialogs/sdk-light.js');
console.log(JSON.stringify({
  replies: replies.length,
  recognizers: loaded.filter((k) => k.includes('recognizers-text')).length,
  dialogs: loaded.filter((k) => k.includes('botbuilder-dialogs')).length,
  cloud: loaded.filter((k) => /botframework-connector|@azure|msal/.test(k)).length,
  light: lightBotbuilderCore(),
  fullIndexNames: [...namesReadFromFullIndex],
}));
`;

describe('botbuilder footprint', () => {
  it('a dialog turn runs without loading the prompt recognizers', () => {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', SCRIPT], {
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, PGLITE_TEMPLATE: inject('pgliteTemplate') },
    });
    const r = JSON.parse(out.trim().split('\n').pop()!) as {
      replies: number;
      recognizers: number;
      dialogs: number;
      cloud: number;
      light: boolean;
      fullIndexNames: string[];
    };
    expect(r.replies).toBeGreaterThan(0);
    expect(r.dialogs).toBeGreaterThan(10); // the SDK really is in use
    expect(r.recognizers).toBe(0);
    expect(r.light).toBe(true);
    expect(r.fullIndexNames).toEqual([]);
    expect(r.cloud).toBe(0);
  }, 120_000);

  it('the light botbuilder-core gives the very objects of the real index, and any other name from the real index', () => {
    const script = `
const light = await import('./dist/dialogs/sdk-light.js');
const { createRequire } = await import('node:module');
const require = createRequire(import.meta.url);
const viaRequire = require('botbuilder-core');
const names = ['TurnContext', 'BotAdapter', 'MiddlewareSet', 'TurnContextStateCollection', 'NullTelemetryClient', 'BotTelemetryClientKey',
  'Severity', 'telemetryTrackDialogView', 'ComponentRegistration', 'BotComponent', 'BotStateSet', 'StringUtils', 'getTopScoringIntent',
  'tokenExchangeOperationName', 'CardFactory', 'INVOKE_RESPONSE_KEY', 'ActivityTypes', 'Channels', 'DeliveryModes', 'StatusCodes'];
const before = names.map((n) => viaRequire[n]);
const lightBefore = light.lightBotbuilderCore();
const full = light.fullBotbuilderCore();
console.log(JSON.stringify({
  lightBefore,
  defined: before.filter((v) => v !== undefined).length,
  same: names.filter((n, i) => before[i] === full[n]).length,
  total: names.length,
  // a name the light half does not know is read from the real index, through the same require
  cloudAdapter: typeof viaRequire.CloudAdapterBase === 'function' && viaRequire.CloudAdapterBase === full.CloudAdapterBase,
  afterwards: require('botbuilder-core') === full,
}));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 120_000 });
    const r = JSON.parse(out.trim().split('\n').pop()!) as Record<string, unknown>;
    expect(r).toEqual({ lightBefore: true, defined: 20, same: 20, total: 20, cloudAdapter: true, afterwards: true });
  }, 120_000);
});
