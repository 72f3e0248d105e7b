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
export const LIGHT: ReadonlyMap<string, string> = new Map([
  ['TurnContext', 'turnContext'],
  ['BotCallbackHandlerKey', 'turnContext'],
  ['BotAdapter', 'botAdapter'],
  ['MiddlewareSet', 'middlewareSet'],
  ['TurnContextStateCollection', 'turnContextStateCollection'],
  ['NullTelemetryClient', 'botTelemetryClient'],
  ['BotTelemetryClientKey', 'botTelemetryClient'],
  ['Severity', 'botTelemetryClient'],
  ['telemetryTrackDialogView', 'botTelemetryClient'],
  ['ComponentRegistration', 'componentRegistration'],
  ['BotComponent', 'botComponent'],
  ['BotStateSet', 'botStateSet'],
  ['StringUtils', 'stringUtils'],
  ['getTopScoringIntent', 'recognizerResult'],
  ['tokenExchangeOperationName', 'signInConstants'],
  ['CardFactory', 'cardFactory'],
  ['INVOKE_RESPONSE_KEY', 'activityHandlerBase'],
]);

type Exports = Record<string | symbol, unknown>;
let full: Exports | undefined;
let schema: Exports | undefined;
/** botframework-schema as botbuilder-core itself resolves it (the same copy, even if npm nests one). */
const schemaExports = (): Exports => (schema ??= createRequire(INDEX)('botframework-schema') as Exports);

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

/** The value the real index would give for `name`, from the light half when it has it. */
function read(name: string): unknown {
  const file = LIGHT.get(name);
  if (file) return (require(join(LIB, `${file}.js`)) as Exports)[name];
  const s = schemaExports();
  if (Object.hasOwn(s, name)) return s[name];
  namesReadFromFullIndex.add(name);
  return fullBotbuilderCore()[name];
}
const known = (name: string) => LIGHT.has(name) || Object.hasOwn(schemaExports(), name);

// A module's exports object as Node and the ESM loader see it: reads, `in`, own-property checks (the loader's
// named-import interop uses them) and key listing (which needs the real index's keys, so it loads it).
const light: Exports = new Proxy({} as Exports, {
  get(target, name, receiver) {
    if (name === '__esModule') return true;
    // What every object inherits (toString, hasOwnProperty, …) is not a name of the SDK.
    if (typeof name !== 'string' || name in Object.prototype) return Reflect.get(target, name, receiver);
    return read(name);
  },
  has(target, name) {
    if (name === '__esModule') return true;
    if (typeof name !== 'string' || name in Object.prototype) return Reflect.has(target, name);
    return known(name) || Object.hasOwn(fullBotbuilderCore(), name);
  },
  getOwnPropertyDescriptor(_target, name) {
    if (typeof name !== 'string' || name in Object.prototype) return undefined;
    if (name === '__esModule') return { value: true, enumerable: false, configurable: true, writable: false };
    if (!known(name) && !Object.hasOwn(fullBotbuilderCore(), name)) return undefined;
    return { value: read(name), enumerable: true, configurable: true, writable: false };
  },
  ownKeys() {
    return ['__esModule', ...Reflect.ownKeys(fullBotbuilderCore()).filter((k) => k !== '__esModule')];
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
