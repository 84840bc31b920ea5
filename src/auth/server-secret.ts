// The server secret: random bytes kept in a file under DATA_DIR, outside the database, created on first start.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export interface ServerSecret {
  /** HMAC-SHA256 of `message` under a key derived for `purpose`, so one secret serves several uses independently. */
  hmac(purpose: string, message: string): Buffer;
  /** The derived key itself, for libraries that want a secret string (sessions, CSRF). */
  keyFor(purpose: string): string;
}

export function loadOrCreateServerSecret(dataDir: string): ServerSecret {
  const file = path.join(dataDir, "secret.key");
  fs.mkdirSync(dataDir, { recursive: true });
  let hex: string;
  try {
    hex = fs.readFileSync(file, "utf8").trim();
  } catch {
    hex = crypto.randomBytes(32).toString("hex");
    // wx: never overwrite a secret another process created a moment ago.
    try {
      fs.writeFileSync(file, `${hex}\n`, { mode: 0o600, flag: "wx" });
    } catch {
      hex = fs.readFileSync(file, "utf8").trim();
    }
  }
  if (!/^[0-9a-f]{64}$/.test(hex))
    throw new Error(`${file}: expected 64 hexadecimal characters; delete the file to create a new secret (all invitation links change).`);
  return secretFromKey(Buffer.from(hex, "hex"));
}

export function secretFromKey(master: Buffer): ServerSecret {
  const derived = new Map<string, Buffer>();
  const keyBytes = (purpose: string) => {
    let key = derived.get(purpose);
    if (!key) {
      key = crypto.createHmac("sha256", master).update(`cna:${purpose}`).digest();
      derived.set(purpose, key);
    }
    return key;
  };
  return {
    hmac: (purpose, message) => crypto.createHmac("sha256", keyBytes(purpose)).update(message).digest(),
    keyFor: (purpose) => keyBytes(purpose).toString("hex"),
  };
}
