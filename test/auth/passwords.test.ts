// Password hashes: scrypt with stored parameters, so old hashes keep working when the cost rises.
import { describe, expect, it } from "vitest";
import {
  defaultScryptParams,
  generatePassword,
  hashPassword,
  hashPasswordSync,
  needsRehash,
  UNUSABLE_PASSWORD,
  verifyPassword,
} from "../../src/auth/passwords";

const CHEAP_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };

describe("password hashing", () => {
  it("uses scrypt N=2^15, r=8, p=1 with a 16-byte salt by default, written scrypt$N$r$p$salt$hash", async () => {
    const encoded = await hashPassword("correct horse battery");
    const [scheme, N, r, p, salt, hash] = encoded.split("$");
    expect([scheme, Number(N), Number(r), Number(p)]).toEqual(["scrypt", 2 ** 15, 8, 1]);
    expect(Buffer.from(salt, "base64")).toHaveLength(16);
    expect(Buffer.from(hash, "base64").length).toBeGreaterThanOrEqual(32);
    expect(defaultScryptParams).toEqual({ N: 2 ** 15, r: 8, p: 1 });
  });

  it("verifies the right password and refuses a wrong one", async () => {
    const encoded = await hashPassword("correct horse battery", CHEAP_SCRYPT);
    expect(await verifyPassword("correct horse battery", encoded)).toBe(true);
    expect(await verifyPassword("correct horse batterY", encoded)).toBe(false);
  });

  it("salts every hash differently", () => {
    expect(hashPasswordSync("same password", CHEAP_SCRYPT)).not.toBe(hashPasswordSync("same password", CHEAP_SCRYPT));
  });

  it("reads the parameters from the stored hash, and flags weaker ones for re-hashing", async () => {
    const cheap = hashPasswordSync("correct horse battery", CHEAP_SCRYPT);
    expect(cheap.startsWith("scrypt$1024$8$1$")).toBe(true);
    expect(await verifyPassword("correct horse battery", cheap)).toBe(true);
    expect(needsRehash(cheap)).toBe(true);
    expect(needsRehash(await hashPassword("x".repeat(12)))).toBe(false);
  });

  it("never matches an unusable or malformed hash", async () => {
    expect(await verifyPassword("anything at all", UNUSABLE_PASSWORD)).toBe(false);
    expect(await verifyPassword("anything at all", "scrypt$3$8$1$AAAA$AAAA")).toBe(false);
    expect(await verifyPassword("anything at all", null)).toBe(false);
  });

  it("generates readable one-time passwords long enough to pass the password rules", () => {
    const password = generatePassword();
    expect(password).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{4}(-[a-km-zA-HJ-NP-Z2-9]{4}){4}$/);
    expect(generatePassword()).not.toBe(password);
  });
});
