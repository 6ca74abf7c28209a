/**
 * commander argument parsers. A value that does not parse throws InvalidArgumentError:
 * one line naming the option and the reason, exit 64 (usage).
 */
import { InvalidArgumentError } from "commander";

/** A number > 0 (seconds, scales). */
export function positiveNumber(v: string): number {
  const n = Number(v);
  if (v.trim() === "" || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError("must be a positive number");
  return n;
}

/** An integer > 0 (counts, batch sizes, ports). */
export function positiveInt(v: string): number {
  const n = Number(v);
  if (!/^\s*\d+\s*$/.test(v) || !Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError("must be a positive integer");
  return n;
}

/** A TCP port (0 = any free port). */
export function port(v: string): number {
  const n = Number(v);
  if (!/^\s*\d+\s*$/.test(v) || n > 65535) throw new InvalidArgumentError("must be a port number (0-65535)");
  return n;
}

/** A job id: digits (bigint in the database, a string in TypeScript). */
export function jobId(v: string): string {
  if (!/^[0-9]{1,19}$/.test(v)) throw new InvalidArgumentError("must be a numeric job id");
  return v;
}

/** An ISO 8601 date/time (a date alone is midnight UTC). */
export function isoDate(v: string): Date {
  const d = new Date(v);
  if (v.trim() === "" || Number.isNaN(d.getTime()))
    throw new InvalidArgumentError("must be an ISO 8601 date/time, e.g. 2026-03-09T12:00:00Z");
  return d;
}

/** A JSON object (job and schedule payloads). */
export function jsonObject(v: string): Record<string, unknown> {
  let x: unknown;
  try {
    x = JSON.parse(v);
  } catch (e) {
    throw new InvalidArgumentError(`must be a JSON object (${(e as Error).message})`);
  }
  if (x === null || typeof x !== "object" || Array.isArray(x))
    throw new InvalidArgumentError('must be a JSON object, e.g. \'{"to":"ana@example.com"}\'');
  return x as Record<string, unknown>;
}

/** One of a fixed set of words. */
export function oneOf<T extends string>(...choices: T[]): (v: string) => T {
  return (v) => {
    if (!(choices as string[]).includes(v)) throw new InvalidArgumentError(`must be one of ${choices.join(", ")}`);
    return v as T;
  };
}
