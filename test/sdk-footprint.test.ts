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
// Loaded as bot/main.ts loads it: the database module first, then the server (which loads the dialogs).
const { openDatabase } = await import('./dist/prisma/database.js');
const { startServer } = await import('./dist/bot/server.js');
const { loadConfig } = await import('./dist/bot/config.js');
const { createLogger } = await import('./dist/bot/logger.js');
const db = await openDatabase({ dataDir: 'memory://', pgliteTemplate: readFileSync(process.env.PGLITE_TEMPLATE) });
const server = await startServer(loadConfig({ PORT: '0', HOST: '127.0.0.1', DEMO_DATA: 'true' }), createLogger('silent'), { db });
// Local mode: direct loopback requests are the resident's SMS. Menu, a nearest list by district, details, events.
const replies = [];
for (const [i, body] of ['pomoc', 'Rokosowo', '1', 'wydarzenia', 'seniorzy koło dworca'].entries()) {
  const res = await fetch(server.url + '/sms', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ MessageSid: 'SMfootprint' + i, From: '+48600000001', To: '+48947000000', Body: body }) });
  replies.push(await res.text());
}
await server.stop();
const loaded = Object.keys(require.cache);
const { namesReadFromFullIndex, lightBotbuilderCore } = await import('./dist/dialogs/sdk-light.js');
console.log(JSON.stringify({
  replies: replies.filter((x) => x.includes('<Message>')).length,
  nearest: /Rokosowo/.test(replies[1]),
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
      nearest: boolean;
      recognizers: number;
      dialogs: number;
      cloud: number;
      light: boolean;
      fullIndexNames: string[];
    };
    expect(r.replies).toBe(5);
    expect(r.nearest).toBe(true);
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
const names = [...light.LIGHT.keys(), 'ActivityTypes', 'Channels', 'DeliveryModes', 'StatusCodes', 'EndOfConversationCodes', 'InputHints'];
const before = names.map((n) => viaRequire[n]);
const lightBefore = light.lightBotbuilderCore();
// An object's ordinary behaviour: these must not be taken for names of the SDK, nor load its cloud half.
const plain = [typeof viaRequire.toString, Object.prototype.hasOwnProperty.call(viaRequire, 'TurnContext'), 'TurnContext' in viaRequire,
  'ActivityTypes' in viaRequire, Object.getOwnPropertyDescriptor(viaRequire, 'BotAdapter')?.value === before[2]];
const stillLight = !Object.keys(require.cache).some((k) => k.includes('botframework-connector'));
// Named imports from ESM read every name of the index (so the real one loads): each has its value.
const esm = await import('botbuilder-core');
const esmNamed = [esm.TurnContext === before[0], typeof esm.BotAdapter === 'function', esm.ActivityTypes?.Message === 'message'];
const full = light.fullBotbuilderCore();
console.log(JSON.stringify({
  lightBefore,
  stillLight,
  esmNamed,
  plain,
  undefinedNames: names.filter((n, i) => before[i] === undefined),
  differentNames: names.filter((n, i) => before[i] !== full[n]),
  // a name the light half does not know is read from the real index, through the same require
  cloudAdapter: typeof viaRequire.CloudAdapterBase === 'function' && viaRequire.CloudAdapterBase === full.CloudAdapterBase,
  keys: Object.keys(viaRequire).length === Object.keys(full).length,
  afterwards: require('botbuilder-core') === full,
}));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 120_000 });
    const r = JSON.parse(out.trim().split('\n').pop()!) as Record<string, unknown>;
    expect(r).toEqual({
      lightBefore: true,
      stillLight: true,
      esmNamed: [true, true, true],
      plain: ['function', true, true, true, true],
      undefinedNames: [],
      differentNames: [],
      cloudAdapter: true,
      keys: true,
      afterwards: true,
    });
  }, 120_000);
});
