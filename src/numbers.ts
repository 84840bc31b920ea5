// Whole numbers as forms, JSON bodies and spreadsheet cells send them, parsed strictly: decimal digits only (a JSON
// number that is a whole number, or a string of digits). `true`, "0x3", "1e0", " 3", "3.0" and "" are refused, where
// z.coerce.number would have read them as 1, 3, 1, 3 and 3.
import { z } from "zod";

const digits = /^[0-9]{1,15}$/;

/** `message` for anything not a whole number; `range` messages, when given, for one out of range. */
export function decimalInteger(message: string, range: { min?: number; max?: number; minMessage?: string; maxMessage?: string } = {}) {
  let number = z.number({ message }).int(message);
  if (range.min !== undefined) number = number.min(range.min, range.minMessage ?? message);
  if (range.max !== undefined) number = number.max(range.max, range.maxMessage ?? message);
  return z.preprocess((value) => (typeof value === "string" && digits.test(value) ? Number(value) : value), number);
}
