import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { secretFromKey } from "../../src/auth/server-secret";
import { isWellFormedToken, issueInvitationToken, lookupOf, tokenFromSeed } from "../../src/assessments/tokens";

describe("invitation tokens", () => {
  const secret = secretFromKey(crypto.randomBytes(32));

  it("carry at least 128 random bits and never repeat", () => {
    const issued = Array.from({ length: 2000 }, () => issueInvitationToken(secret));
    expect(new Set(issued.map((i) => i.token)).size).toBe(2000);
    expect(new Set(issued.map((i) => i.seed)).size).toBe(2000);
    // The seed is 16 bytes from the CSPRNG; the token is a 256-bit HMAC of it.
    expect(Buffer.from(issued[0].seed, "base64url").length).toBe(16);
    expect(Buffer.from(issued[0].token, "base64url").length).toBe(32);
    expect(issued.every((i) => isWellFormedToken(i.token))).toBe(true);
  });

  it("can be shown again from the seed with the server secret, and only with it", () => {
    const issued = issueInvitationToken(secret);
    expect(tokenFromSeed(secret, issued.seed)).toBe(issued.token);
    const otherSecret = secretFromKey(crypto.randomBytes(32));
    expect(tokenFromSeed(otherSecret, issued.seed)).not.toBe(issued.token);
  });

  it("are stored only as a SHA-256 for look-up: the database alone does not reveal the link", () => {
    const issued = issueInvitationToken(secret);
    expect(issued.lookup).toBe(lookupOf(issued.token));
    expect(issued.lookup).not.toContain(issued.token);
    expect(issued.lookup).toMatch(/^[0-9a-f]{64}$/);
    // The stored look-ups of existing links must keep matching: the hex SHA-256 of the token, however computed.
    expect(issued.lookup).toBe(crypto.createHash("sha256").update(issued.token).digest("hex"));
    expect(lookupOf("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("refuses malformed tokens before any look-up", () => {
    for (const bad of ["", "abc", "A".repeat(42), "A".repeat(44), `${"A".repeat(42)}!`, "../../etc/passwd"]) expect(isWellFormedToken(bad)).toBe(false);
  });
});
