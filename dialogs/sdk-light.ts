/**
 * botbuilder-core without its cloud half. Every module of botbuilder-dialogs (and botbuilder-core's own turnContext)
 * requires the package index `botbuilder-core`, and that index loads everything the SDK has: the Bot Framework
 * connector, Azure identity, MSAL, axios, JSON web tokens (about 400 files, ~28 MB of memory and ~0.45 s of start,
 * measured in bench/RESULTS.md, "Footprint"). This product uses botbuilder only as a dialog engine behind its own
 * ports: it never talks to the Bot Framework service.
 *
 * So before anything requires the index, its slot in Node's module cache is filled with a light stand-in: a name
 * this product's dialogs use is read from the one small file of botbuilder-core that defines it (or from
 * botframework-schema, which the index re-exports); any other name loads the real index on first use and is read
 * from there. Nothing can be missing, only loaded later; the values are the very same objects the real index
 * exports (test/sdk-footprint.test.ts checks both, and that a dialog turn leaves the connector unloaded).
 *
 * Imported first by dialogs/sdk.ts, the one door to the SDK.
 */
import { createRequire, Module } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const INDEX = require.resolve('botbuilder-core');
const LIB = dirname(INDEX);

/** Names read from one small file of botbuilder-core/lib (file name without .js). */
const LIGHT: Readonly<Record<string, string>> = {
  TurnContext: 'turnContext',
  BotCallbackHandlerKey: 'turnContext',
  BotAdapter: 'botAdapter',
  MiddlewareSet: 'middlewareSet',
  TurnContextStateCollection: 'turnContextStateCollection',
  NullTelemetryClient: 'botTelemetryClient',
  BotTelemetryClientKey: 'botTelemetryClient',
  Severity: 'botTelemetryClient',
  telemetryTrackDialogView: 'botTelemetryClient',
  ComponentRegistration: 'componentRegistration',
  BotComponent: 'botComponent',
  BotStateSet: 'botStateSet',
  StringUtils: 'stringUtils',
  getTopScoringIntent: 'recognizerResult',
  tokenExchangeOperationName: 'signInConstants',
  CardFactory: 'cardFactory',
  INVOKE_RESPONSE_KEY: 'activityHandlerBase',
};

type Exports = Record<string | symbol, unknown>;
let full: Exports | undefined;
let schema: Exports | undefined;

/** The real botbuilder-core index (loads the whole SDK the first time). */
export function fullBotbuilderCore(): Exports {
  if (!full) {
    if (require.cache[INDEX]?.exports === light) delete require.cache[INDEX];
    full = require(INDEX) as Exports;
  }
  return full;
}

/** Which names were read through the real index (for the footprint test). */
export const namesReadFromFullIndex = new Set<string>();

const light: Exports = new Proxy({} as Exports, {
  get(_target, name) {
    if (name === '__esModule') return true;
    if (typeof name !== 'string') return undefined;
    const file = LIGHT[name];
    if (file) return (require(join(LIB, `${file}.js`)) as Exports)[name];
    schema ??= require('botframework-schema') as Exports;
    if (name in schema) return schema[name];
    namesReadFromFullIndex.add(name);
    return fullBotbuilderCore()[name];
  },
  has(_target, name) {
    return typeof name === 'string' && (name in LIGHT || name in fullBotbuilderCore());
  },
});

/** Whether the light stand-in, not the real index, is what `require('botbuilder-core')` returns in this process. */
export const lightBotbuilderCore = (): boolean => require.cache[INDEX]?.exports === light;

if (!require.cache[INDEX]) {
  const m = new Module(INDEX);
  m.filename = INDEX;
  m.loaded = true;
  m.exports = light;
  require.cache[INDEX] = m;
}
