// The outbox worker: runs in the app process (background.ts ticks it, started and stopped with the app), claims due messages one at a
// time, writes their link in, sends them and marks them. Tests drive `drainOnce` by hand with an injected clock.
import type { Logger } from "pino";
import type { ServerSecret } from "../auth/server-secret";
import type { AppDatabase } from "../db/client";
import { resolveLinkRef, withLink } from "./links";
import { claimNext, failInterrupted, markFailed, markRetry, markSent, type OutboxRow } from "./outbox";
import { describeFailure, isTemporaryFailure, type MailTransport } from "./transport";

/** Attempts before a message that keeps meeting temporary refusals is given up. */
export const MAX_ATTEMPTS = 8;
/** A claim older than this is an interrupted attempt (a send times out long before). */
export const CLAIM_LEASE_MS = 10 * 60_000;

/** Minutes to wait after the n-th failed attempt: 1, 2, 4 … doubling, at most six hours. */
export function retryDelayMinutes(attempts: number): number {
  return Math.min(2 ** Math.max(0, attempts - 1), 360);
}

export interface OutboxWorkerDeps {
  database: AppDatabase;
  secret: ServerSecret;
  logger: Logger;
  clock: () => Date;
  baseUrl: string;
  from: string;
  transport: MailTransport;
}

export interface DrainReport {
  sent: number;
  retried: number;
  failed: number;
  interrupted: number;
}

export class OutboxWorker {
  private running: Promise<DrainReport> | null = null;

  constructor(private readonly deps: OutboxWorkerDeps) {}

  /** Sends what is due now, up to `limit` messages; concurrent calls share one run. */
  drainOnce(limit = 100): Promise<DrainReport> {
    this.running ??= this.drain(limit).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async drain(limit: number): Promise<DrainReport> {
    const { database, clock } = this.deps;
    const report: DrainReport = { sent: 0, retried: 0, failed: 0, interrupted: failInterrupted(database, new Date(clock().getTime() - CLAIM_LEASE_MS)) };
    if (report.interrupted)
      this.deps.logger.warn({ count: report.interrupted }, "mail: messages interrupted while sending were marked failed (not sent again by themselves)");
    for (let n = 0; n < limit; n++) {
      const message = claimNext(database, clock());
      if (!message) break;
      const outcome = await this.attempt(message);
      report[outcome]++;
    }
    return report;
  }

  /** One attempt at one claimed message. Logs its id and outcome only: never its body, link or recipient. */
  async attempt(message: OutboxRow): Promise<"sent" | "retried" | "failed"> {
    const { database, clock, logger } = this.deps;
    const link = resolveLinkRef(this.deps, message.linkRef);
    if (message.linkRef && !link) {
      markFailed(database, message.id, "the link no longer works (invitation withdrawn or link revoked): not sent");
      logger.info({ outboxId: message.id, kind: message.kind }, "mail: not sent, its link no longer works");
      return "failed";
    }
    const fill = (text: string) => (link ? withLink(text, link) : text);
    try {
      await this.deps.transport.send({
        from: this.deps.from,
        to: message.recipient,
        subject: fill(message.subject),
        text: fill(message.textBody),
        html: fill(message.htmlBody),
        messageId: message.messageId,
        language: message.language,
      });
    } catch (error) {
      const reason = describeFailure(error);
      if (isTemporaryFailure(error) && message.attempts < MAX_ATTEMPTS) {
        const next = new Date(clock().getTime() + retryDelayMinutes(message.attempts) * 60_000);
        markRetry(database, message.id, reason, next);
        logger.warn(
          { outboxId: message.id, kind: message.kind, attempts: message.attempts, next: next.toISOString(), reason },
          "mail: temporary failure, will retry",
        );
        return "retried";
      }
      markFailed(database, message.id, reason);
      logger.warn({ outboxId: message.id, kind: message.kind, attempts: message.attempts, reason }, "mail: failed");
      return "failed";
    }
    markSent(database, message.id, clock());
    logger.info({ outboxId: message.id, kind: message.kind }, "mail: sent");
    return "sent";
  }

  /** Waits for the message in hand, then closes the transport (the app stops it with the process). */
  async stop(): Promise<void> {
    await this.running?.catch(() => undefined);
    this.deps.transport.close();
  }
}
