/**
 * Storage sizes as people write them (`10 GiB`, `500 MB`, `1.5TiB`), for quotas. Binary units (KiB, MiB,
 * ...) are powers of 1024; decimal units (KB, MB, ...) and Quay's one-letter units (K, M, ...) powers of
 * 1000, as Quay reads its own `limit` strings (docs/quay-behavior.md §11).
 */
import { z } from "zod";

const binary = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
const decimal = ["KB", "MB", "GB", "TB", "PB", "EB"];
const letters = ["K", "M", "G", "T", "P", "E"];

const sizePattern = /^\s*(\d+(?:\.\d+)?)\s*([A-Za-z]*)\s*$/;

/** The number of bytes `text` names, or undefined when it is not a size. */
export function parseSize(text: string): number | undefined {
  const match = sizePattern.exec(text);
  if (!match) return undefined;
  const [, amount, unit] = match;
  let factor: number | undefined;
  if (unit === "" || unit === "B") factor = 1;
  else if (binary.includes(unit)) factor = 1024 ** (binary.indexOf(unit) + 1);
  else if (decimal.includes(unit)) factor = 1000 ** (decimal.indexOf(unit) + 1);
  else if (letters.includes(unit)) factor = 1000 ** (letters.indexOf(unit) + 1);
  if (factor === undefined) return undefined;
  const bytes = Number(amount) * factor;
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}

/** `bytes` in the largest binary unit that divides it exactly: 10737418240 → `10 GiB`. */
export function formatSize(bytes: number): string {
  for (let index = binary.length - 1; index >= 0; index -= 1) {
    const factor = 1024 ** (index + 1);
    if (bytes % factor === 0) return `${bytes / factor} ${binary[index]}`;
  }
  return `${bytes} B`;
}

/**
 * A size input: a positive whole number of bytes written with a unit, checked in the form
 * {@link formatSize} gives, so two ways of writing the same size are the same input.
 */
export function sizeInput() {
  return z
    .string()
    .refine((text) => (parseSize(text) ?? 0) > 0, {
      error:
        "must be a size such as 10 GiB, 500 MiB or 2 TB: a positive number with a unit (B, KiB, MiB, GiB, TiB, " +
        "PiB, or KB, MB, GB, TB, PB for powers of 1000) making a whole number of bytes",
    })
    .transform((text) => formatSize(parseSize(text)!));
}
