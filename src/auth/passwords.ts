// Password hashing with node's scrypt, stored as `scrypt$N$r$p$salt$hash` so the cost can rise without breaking old hashes.
import crypto from "node:crypto";
import { promisify } from "node:util";

export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  N: number;
  r: number;
  p: number;
}

/** OWASP's recommended minimum for scrypt (2^15, 8, 1): about 100 ms and 32 MiB per hash on a small server. */
export const defaultScryptParams: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };

const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** Passwords that can never match: users created without one (they set it through a reset link). */
export const UNUSABLE_PASSWORD = "!unset";

const scryptAsync = promisify(crypto.scrypt) as (
  password: crypto.BinaryLike,
  salt: crypto.BinaryLike,
  keylen: number,
  options: crypto.ScryptOptions,
) => Promise<Buffer>;

function options(params: ScryptParams): crypto.ScryptOptions {
  // Node's default maxmem (32 MiB) is exactly 128·N·r at N=2^15, r=8 and would refuse it.
  return { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 1024 * 1024 };
}

function encode(params: ScryptParams, salt: Buffer, hash: Buffer): string {
  return ["scrypt", params.N, params.r, params.p, salt.toString("base64"), hash.toString("base64")].join("$");
}

interface Decoded {
  params: ScryptParams;
  salt: Buffer;
  hash: Buffer;
}

function decode(encoded: string): Decoded | null {
  const parts = encoded.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return null;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  if (![N, r, p].every((n) => Number.isSafeInteger(n) && n > 0) || (N & (N - 1)) !== 0) return null;
  const salt = Buffer.from(parts[4], "base64");
  const hash = Buffer.from(parts[5], "base64");
  if (salt.length === 0 || hash.length === 0) return null;
  return { params: { N, r, p }, salt, hash };
}

/** Hashes a password; tests pass cheaper `params` (never configurable from the environment). */
export async function hashPassword(password: string, params: ScryptParams = defaultScryptParams): Promise<string> {
  const salt = crypto.randomBytes(SALT_BYTES);
  return encode(params, salt, await scryptAsync(password.normalize("NFKC"), salt, KEY_BYTES, options(params)));
}

/** The synchronous twin, for start-up and command-line paths that have nothing else to do meanwhile. */
export function hashPasswordSync(password: string, params: ScryptParams = defaultScryptParams): string {
  const salt = crypto.randomBytes(SALT_BYTES);
  return encode(params, salt, crypto.scryptSync(password.normalize("NFKC"), salt, KEY_BYTES, options(params)));
}

let dummyHash: Promise<string> | undefined;

/**
 * True when `password` matches `encoded`. Unknown accounts and unusable hashes are checked against a dummy hash,
 * so the answer takes as long whether or not the account exists.
 */
export async function verifyPassword(password: string, encoded: string | null | undefined): Promise<boolean> {
  const decoded = encoded ? decode(encoded) : null;
  if (!decoded) {
    dummyHash ??= hashPassword("dummy password for timing");
    const dummy = decode(await dummyHash)!;
    await scryptAsync(password.normalize("NFKC"), dummy.salt, dummy.hash.length, options(dummy.params));
    return false;
  }
  const candidate = await scryptAsync(password.normalize("NFKC"), decoded.salt, decoded.hash.length, options(decoded.params));
  return crypto.timingSafeEqual(candidate, decoded.hash);
}

/** True when a stored hash uses weaker parameters than `params`: it is re-hashed at the next successful sign-in. */
export function needsRehash(encoded: string, params: ScryptParams = defaultScryptParams): boolean {
  const decoded = decode(encoded);
  if (!decoded) return false;
  return decoded.params.N < params.N || decoded.params.r < params.r || decoded.params.p < params.p || decoded.hash.length < KEY_BYTES;
}

// No 0/O, 1/l/I: generated passwords are read aloud and typed from a terminal.
const readableAlphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/** A one-time password of 20 readable characters (about 116 bits), grouped by four for reading. */
export function generatePassword(): string {
  const chars = Array.from({ length: 20 }, () => readableAlphabet[crypto.randomInt(readableAlphabet.length)]);
  return chars.join("").match(/.{4}/g)!.join("-");
}
