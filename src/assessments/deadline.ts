// Closing dates that hold: a round closes at a date and time of day in the assessment's time zone. Pure (Intl only).
import { intlLocale } from "../i18n/format";

/** Whether `zone` is an IANA time zone this runtime knows (Intl throws on unknown ones). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at `instant`, in minutes (east positive). */
function offsetMinutes(zone: string, instant: number): number {
  let format = offsetFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    offsetFormats.set(zone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60_000);
}

/**
 * The UTC instant of a wall-clock date and time in `zone` (ISO string). A time skipped by a daylight-saving jump is
 * read with the offset before the jump (so it lands just after it); a repeated one takes its first occurrence.
 */
export function zonedInstant(date: string, time: string, zone: string): string {
  const [year, month, day] = date.split("-").map(Number);
  const [hour, minute] = time.split(":").map(Number);
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  // Two passes settle the offset (the first guess may sit on the other side of a transition).
  let instant = wall - offsetMinutes(zone, wall) * 60_000;
  instant = wall - offsetMinutes(zone, instant) * 60_000;
  return new Date(instant).toISOString();
}

/** The time of day a round closes when none is given: the end of the closing day. */
export const DEFAULT_CLOSING_TIME = "23:59";

/** The closing instant of a round, or null when it has no closing date. */
export function closingInstant(closesOn: string | null | undefined, closesTime: string | null | undefined, zone: string): string | null {
  return closesOn ? zonedInstant(closesOn, closesTime || DEFAULT_CLOSING_TIME, zone) : null;
}

/** True once the closing instant has come. */
export function isPastDeadline(closesAt: string | null | undefined, now: Date): boolean {
  return Boolean(closesAt) && Date.parse(closesAt!) <= now.getTime();
}

/** The closing instant written in the zone and language of the reader, e.g. "15 December 2026, 17:00 (Africa/Nairobi)". */
export function formatClosing(locale: string, closesAt: string, zone: string): string {
  return `${closingFormat(locale, zone).format(new Date(closesAt))} (${zone})`;
}

/** Formatters by language and zone: building an Intl.DateTimeFormat costs far more than a page view's other work. */
const closingFormats = new Map<string, Intl.DateTimeFormat>();
const MAX_CLOSING_FORMATS = 200;

function closingFormat(locale: string, zone: string): Intl.DateTimeFormat {
  const key = `${locale}\u0000${zone}`;
  let format = closingFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(intlLocale(locale), {
      timeZone: zone,
      year: "numeric",
      month: "long",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    if (closingFormats.size >= MAX_CLOSING_FORMATS) closingFormats.delete(closingFormats.keys().next().value!);
    closingFormats.set(key, format);
  }
  return format;
}
