// "Forgotten password": a single-use, expiring link (auth/password-resets.ts) sent through the outbox. The page
// answers the same whether or not the account exists; the token travels sealed in the outbox (links.ts).
import { issuePasswordReset, RESET_LIFETIME_HOURS } from "../auth/password-resets";
import { findUserByEmail } from "../auth/user-repository";
import type { ServerSecret } from "../auth/server-secret";
import { sealToken } from "./links";
import { mailLanguage, passwordResetMessage } from "./messages";
import { enqueue } from "./outbox";
import { mailDomain, type MailDeps } from "./service";

/** One link asked for per account in this many minutes at most: the page cannot be used to flood a mailbox. */
export const RESET_REQUEST_SPACING_MINUTES = 10;

/**
 * Queues a password link for `email` when it names an enabled account and none was asked for in the last minutes;
 * otherwise does nothing. The caller answers the same either way.
 */
export function requestPasswordLink(deps: MailDeps & { secret: ServerSecret }, email: string, pageLanguage: string, meta: { ip?: string | null } = {}): void {
  if (!deps.config.smtpUrl) return;
  const user = findUserByEmail(deps.database.db, email.trim().toLowerCase());
  if (!user || user.disabledAt) return;
  const now = deps.clock();
  const recent = deps.database.sqlite
    .prepare("select count(*) from outbox where user_id = ? and kind = 'password_reset' and created_at > ?")
    .pluck()
    .get(user.id, new Date(now.getTime() - RESET_REQUEST_SPACING_MINUTES * 60_000).toISOString()) as number;
  if (recent > 0) return;
  const issued = issuePasswordReset(deps, { label: "forgotten password page" }, user.id, meta);
  const language = mailLanguage(user.locale ?? pageLanguage);
  const composed = passwordResetMessage(deps.translator, language, { email: user.email, hours: RESET_LIFETIME_HOURS });
  enqueue(
    deps.database.db,
    { kind: "password_reset", recipient: user.email, ...composed, linkRef: `reset:${sealToken(deps.secret, issued.token)}`, userId: user.id },
    now,
    mailDomain(deps.config),
  );
}
