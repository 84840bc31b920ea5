// The link a queued message carries is written into it only when it is sent: the outbox stores a reference
// ("invitation:12"), or, for a password link whose token the database never holds, the token sealed with a key
// derived from the server secret. A copy of the database alone therefore reveals no working link.
import crypto from "node:crypto";
import type { ServerSecret } from "../auth/server-secret";
import { resetLink } from "../auth/password-resets";
import { invitationLink, tokenFromSeed } from "../assessments/tokens";
import type { AppDatabase } from "../db/client";
import { publicReportPath, reportLinkToken } from "../reports/shared-links";

/** Stands where the link goes in a queued message's subject and bodies (a private-use character no input carries). */
export const LINK_PLACEHOLDER = "\uE000link\uE000";

const sealPurpose = "outbox-link-seal";

function sealKey(secret: ServerSecret): Buffer {
  return Buffer.from(secret.keyFor(sealPurpose), "hex");
}

/** AES-256-GCM under a key derived from the server secret: nonce, tag and cipher text, base64url. */
export function sealToken(secret: ServerSecret, token: string): string {
  const nonce = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", sealKey(secret), nonce);
  const body = Buffer.concat([cipher.update(token, "utf8"), cipher.final()]);
  return Buffer.concat([nonce, cipher.getAuthTag(), body]).toString("base64url");
}

export function unsealToken(secret: ServerSecret, sealed: string): string | null {
  try {
    const bytes = Buffer.from(sealed, "base64url");
    const decipher = crypto.createDecipheriv("aes-256-gcm", sealKey(secret), bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

/**
 * The link a reference stands for, or null when it no longer works (invitation withdrawn, public link revoked):
 * such a message is not sent.
 */
export function resolveLinkRef(deps: { database: AppDatabase; secret: ServerSecret; baseUrl: string }, ref: string | null): string | null {
  if (!ref) return null;
  const [kind, value] = [ref.slice(0, ref.indexOf(":")), ref.slice(ref.indexOf(":") + 1)];
  const { sqlite } = deps.database;
  if (kind === "invitation") {
    const row = sqlite.prepare("select token_seed as seed, revoked_at as revokedAt from invitations where id = ?").get(Number(value)) as
      { seed: string; revokedAt: string | null } | undefined;
    return row && !row.revokedAt ? invitationLink(deps.baseUrl, tokenFromSeed(deps.secret, row.seed)) : null;
  }
  if (kind === "reset") {
    const token = unsealToken(deps.secret, value);
    return token ? resetLink(deps.baseUrl, token) : null;
  }
  if (kind === "report-link") {
    const row = sqlite.prepare("select token_seed as seed, revoked_at as revokedAt from report_links where id = ?").get(Number(value)) as
      { seed: string; revokedAt: string | null } | undefined;
    return row && !row.revokedAt ? `${deps.baseUrl}${publicReportPath(reportLinkToken(deps.secret, row.seed))}` : null;
  }
  return null;
}

/** The message with its link written in (every occurrence of the placeholder). */
export function withLink(text: string, link: string): string {
  return text.split(LINK_PLACEHOLDER).join(link);
}
