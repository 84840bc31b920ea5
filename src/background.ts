// Work the app process does by itself, on a timer started and stopped with the app (main.ts): rounds close at their
// deadline, scheduled reminders are queued, and the outbox is drained when SMTP is configured.
import { closeDueRounds } from "./assessments/service";
import type { AppContext } from "./context";
import { queueScheduledReminders, mailSender } from "./mail/service";
import { smtpTransport, type MailTransport } from "./mail/transport";
import { OutboxWorker } from "./mail/worker";

export interface BackgroundWork {
  /** One round of everything (tests call it by hand, with the context's clock). */
  tick(): Promise<void>;
  stop(): Promise<void>;
  worker: OutboxWorker | null;
}

/** Builds the background work; `transport` overrides the one made from SMTP_URL. Nothing runs until `start`. */
export function backgroundWork(context: AppContext, transport?: MailTransport): BackgroundWork & { start(intervalMs?: number): void } {
  const { config, logger } = context;
  const chosen = transport ?? (config.smtpUrl ? smtpTransport(config.smtpUrl) : undefined);
  const worker = chosen
    ? new OutboxWorker({
        database: context.database,
        secret: context.secret,
        logger,
        clock: context.clock,
        baseUrl: config.baseUrl,
        from: mailSender(config),
        transport: chosen,
      })
    : null;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  const tick = async () => {
    const closed = closeDueRounds(context);
    if (closed.length) logger.info({ assessments: closed }, "rounds closed at their deadline");
    queueScheduledReminders(context);
    await worker?.drainOnce();
  };
  return {
    worker,
    tick,
    start(intervalMs = 15_000) {
      if (timer) return;
      const run = () => {
        running ??= tick()
          .catch((error) => logger.error({ err: error }, "background work failed"))
          .finally(() => {
            running = null;
          });
      };
      timer = setInterval(run, intervalMs);
      timer.unref();
      run();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
      await worker?.stop();
    },
  };
}
