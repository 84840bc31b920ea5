// `invitations send` and `invitations remind`: queue invitation or reminder e-mails of an assessment, then (when
// SMTP_URL is set) send what is due at once; otherwise they wait in the outbox (the Mail page, its mail-merge CSV).
import { cliLogger } from "../logger";
import { adminActor } from "../../demo/actor";
import { queueInvitationMail, type InvitationMailKind, type MailSelection } from "../../mail/service";
import { backgroundWork } from "../../background";
import { CliUsageError, flagList, flagString } from "../io";
import type { CliCommand } from "../run";
import type { ParsedArgs } from "../io";

function selectionOf(args: ParsedArgs, kind: InvitationMailKind): MailSelection {
  const chosen = flagList(args, "invitation").map(Number);
  if (chosen.some((id) => !Number.isSafeInteger(id) || id <= 0)) throw new CliUsageError("--invitation: give invitation ids, e.g. 12,13");
  if (chosen.length > 0) return { scope: "chosen", invitationIds: chosen };
  if (args.flags.all === true) return { scope: "all" };
  // Invitations default to those never e-mailed; reminders go to every non-submitter (once a day at most anyway).
  return kind === "invitation" ? { scope: "unsent" } : { scope: "all" };
}

const mailCommand = (kind: "invitation" | "reminder", name: string, summary: string): CliCommand => ({
  name,
  usage: `${name} --assessment ID [--all|--unsent] [--invitation ID[,ID]] [--json]`,
  summary,
  booleanFlags: ["json", "all", "unsent"],
  async run(args, io, env) {
    const assessmentId = Number(flagString(args, "assessment"));
    if (!Number.isSafeInteger(assessmentId) || assessmentId <= 0) throw new CliUsageError("--assessment: give the assessment id (see assessments list)");
    if (args.flags.all === true && args.flags.unsent === true) throw new CliUsageError("--all and --unsent: choose one");
    const { buildContext } = await import("../../bootstrap");
    const context = await buildContext(env.config(), { logger: cliLogger(env) });
    try {
      const result = queueInvitationMail(context, adminActor(context.database), assessmentId, kind, selectionOf(args, kind));
      let delivery = { sent: 0, retried: 0, failed: 0 };
      const work = backgroundWork(context);
      if (work.worker) {
        delivery = await work.worker.drainOnce();
        await work.stop();
      }
      const summary = { ...result, ...delivery, smtp: Boolean(context.config.smtpUrl) };
      if (args.flags.json === true) io.stdout(`${JSON.stringify(summary)}\n`);
      else {
        io.stdout(`${result.queued} message(s) queued, ${result.skipped} left out (no address, withdrawn, submitted or already sent).\n`);
        io.stdout(
          summary.smtp
            ? `${delivery.sent} sent, ${delivery.retried} to retry, ${delivery.failed} failed.\n`
            : "SMTP_URL is not set: the messages wait on the assessment's Mail page (download them as a mail-merge CSV there).\n",
        );
      }
      return 0;
    } finally {
      context.database.close();
    }
  },
});

export const mailCommands: CliCommand[] = [
  mailCommand("invitation", "invitations send", "e-mail invitations (default: those never e-mailed; --all: everyone; --invitation: chosen ones)"),
  mailCommand("reminder", "invitations remind", "e-mail reminders to those who have not submitted (at most one a day each)"),
];
