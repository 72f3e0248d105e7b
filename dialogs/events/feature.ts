/** The events feature: menu entry, keywords (ZAPISZ 12, WYPISZ 12, WYDARZENIA…), deep link event_<id>. */
import type { Feature } from '../feature.js';
import { recognizeEventCommand } from './commands.js';
import { EventsDialog, EVENTS_DIALOG, type EventsOptions, type EventsPorts } from './events-dialog.js';
import { CoordinatorDialog, COORDINATOR_DIALOG, recognizeCoordinatorCommand, type CoordinatorPorts } from './coordinator-dialog.js';

/** Coordinators' event management: no menu entry, reached by its commands (NOWE WYDARZENIE, ODWOŁAJ 12…). */
export function coordinatorFeature(ports: CoordinatorPorts): Feature {
  return {
    id: COORDINATOR_DIALOG,
    priority: 10,
    dialogs: [new CoordinatorDialog(ports)],
    recognize(activity) {
      const command = recognizeCoordinatorCommand(activity.text);
      return command ? { command } : undefined;
    },
  };
}

export function eventsFeature(ports: EventsPorts): Feature {
  return {
    id: EVENTS_DIALOG,
    menuLabel: 'menu.events',
    priority: 10,
    dialogs: [new EventsDialog(ports)],
    fromUnderstanding(u): EventsOptions | undefined {
      if (u.intent === 'events' || ((u.intent === 'signup' || u.intent === 'leave') && u.number === undefined)) {
        // A sign-up without a number lists what can be signed up for; a cancellation without one shows "my events".
        if (u.intent === 'leave') return { command: { kind: 'mine' } };
        return { command: { kind: 'list', rest: '', category: u.category, from: u.dates?.from, to: u.dates?.to } };
      }
      if (u.intent === 'signup' && u.number !== undefined) return { command: { kind: 'join', id: u.number } };
      if (u.intent === 'leave' && u.number !== undefined) return { command: { kind: 'leave', id: u.number } };
      return undefined;
    },
    fromStartPayload(payload) {
      const m = /^event_(\d{1,9})$/.exec(payload);
      return m ? ({ command: { kind: 'details', id: Number(m[1]) } } satisfies EventsOptions) : undefined;
    },
    recognize(activity) {
      const c = recognizeEventCommand(activity.text);
      return c ? ({ command: c } satisfies EventsOptions) : undefined;
    },
  };
}
