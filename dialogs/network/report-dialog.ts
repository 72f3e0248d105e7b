/**
 * RAPORT 2026-01-01 2026-06-30 / REPORT … / ЗВІТ …: an administrator gets the city's cooperation report as a CSV
 * file in the chat (the same as `npm run report`). The port refuses anyone else and any unverified channel.
 */
import { ComponentDialog, WaterfallDialog, type WaterfallStepContext, type DialogTurnResult } from '../sdk.js';
import type { Feature } from '../feature.js';
import { actorOf, info, say } from '../turn.js';
import { normalizeText } from '../text.js';
import type { ReportPort } from './ports.js';

export const REPORT_DIALOG = 'cooperationReport';

const HEAD = ['raport', 'report', 'звіт'].map(normalizeText);

export function recognizeReportCommand(text: string | undefined): { from: string; to: string } | undefined {
  const m = /^(\S+)\s+(\d{4}-\d{2}-\d{2})\s*(?:-|–|do|to|до)?\s*(\d{4}-\d{2}-\d{2})$/.exec(normalizeText(text ?? ''));
  return m && HEAD.includes(m[1]!) ? { from: m[2]!, to: m[3]! } : undefined;
}

export class ReportDialog extends ComponentDialog {
  constructor(private readonly port: ReportPort) {
    super(REPORT_DIALOG);
    this.addDialog(new WaterfallDialog('repFlow', [this.step.bind(this)]));
    this.initialDialogId = 'repFlow';
  }

  private async step(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const c = (step.options as { command: { from: string; to: string } }).command;
    const r = await this.port.report(actorOf(info(step.context)), c.from, c.to);
    if (!r) await say(step.context, 'net.report_not_allowed');
    else await say(step.context, { kind: 'document', filename: r.filename, mime: 'text/csv', content: r.content, caption: r.summary });
    return step.endDialog();
  }
}

export function reportFeature(port: ReportPort): Feature {
  return {
    id: REPORT_DIALOG,
    priority: 10,
    dialogs: [new ReportDialog(port)],
    recognize(activity) {
      const command = recognizeReportCommand(activity.text);
      return command ? { command } : undefined;
    },
  };
}
