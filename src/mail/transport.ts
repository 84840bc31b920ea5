// Sending one message over SMTP with nodemailer, and telling a temporary refusal (retry later) from a permanent one.
import nodemailer from "nodemailer";

export interface OutgoingMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Chosen when the message was queued; the same on every attempt. */
  messageId: string;
  language: string;
}

export interface MailTransport {
  send(message: OutgoingMessage): Promise<void>;
  close(): void;
}

/** A transport over `SMTP_URL` (smtp:// or smtps://, user and password in the URL, options in its query string). */
export function smtpTransport(smtpUrl: string): MailTransport {
  // Short timeouts: the worker sends one message at a time, and a hung server must not hold the claim for long.
  const transporter = nodemailer.createTransport(smtpUrl, { connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 } as never);
  return {
    async send(message) {
      await transporter.sendMail({
        from: message.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: message.messageId,
        headers: { "Content-Language": message.language, "Auto-Submitted": "auto-generated" },
      });
    },
    close: () => transporter.close(),
  };
}

/**
 * Whether a failed attempt is worth repeating: SMTP 4xx replies ("try again later") and network failures are
 * temporary; 5xx replies (no such mailbox, refused) are permanent.
 */
export function isTemporaryFailure(error: unknown): boolean {
  const code = (error as { responseCode?: unknown })?.responseCode;
  if (typeof code === "number") return code < 500;
  return true;
}

/** What is kept of a failure: the server's reply or the error's message, one line, never the message itself. */
export function describeFailure(error: unknown): string {
  const e = error as { responseCode?: number; response?: string; message?: string; code?: string };
  const text = e?.response ?? e?.message ?? String(error);
  return `${e?.code ? `${e.code}: ` : ""}${text}`.replace(/\s+/g, " ").slice(0, 500);
}
