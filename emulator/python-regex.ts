/**
 * Tag patterns as Quay reads them: with Python's `regex` module, whose syntax and error messages are not
 * JavaScript's. {@link pythonRegexError} finds the mistakes people make in a pattern and words them as
 * `regex.compile` does (`unterminated character set at position 2`, docs/quay-behavior.md §V.18);
 * {@link pythonPattern} turns a valid pattern into a JavaScript one for matching tag names.
 */

/** What the scanner last read: nothing a quantifier may follow, an atom, a quantifier, or a quantifier's modifier. */
type Last = "none" | "atom" | "quantifier" | "modified";

/** A `{m}`, `{m,}`, `{,n}` or `{m,n}` quantifier at `start`, or undefined when the brace is a literal. */
function braceQuantifier(pattern: string, start: number): { end: number; min?: number; max?: number } | undefined {
  const found = /^\{(\d*)(,(\d*))?\}/.exec(pattern.slice(start));
  if (!found || (found[1] === "" && (found[2] === undefined || found[3] === ""))) return undefined;
  const min = found[1] === "" ? undefined : Number(found[1]);
  const max = found[2] === undefined ? min : found[3] === "" ? undefined : Number(found[3]);
  return { end: start + found[0].length, min, max };
}

/** The end of a character set opened at `start`, or an error message. */
function scanSet(pattern: string, start: number): number | string {
  let index = start + 1;
  if (pattern[index] === "^") index += 1;
  // A `]` first in the set is a literal.
  if (pattern[index] === "]") index += 1;
  let previous: string | undefined;
  while (index < pattern.length && pattern[index] !== "]") {
    let character = pattern[index];
    if (character === "\\") {
      if (index + 1 >= pattern.length) break;
      character = pattern.slice(index, index + 2);
      index += 2;
      previous = character;
      continue;
    }
    if (character === "-" && previous !== undefined && index + 1 < pattern.length && pattern[index + 1] !== "]") {
      const upper = pattern[index + 1];
      if (previous.length === 1 && upper !== "\\" && upper < previous) {
        return `bad character range at position ${index + 2}`;
      }
      index += 2;
      previous = undefined;
      continue;
    }
    previous = character;
    index += 1;
  }
  if (index >= pattern.length) return `unterminated character set at position ${pattern.length}`;
  return index + 1;
}

/** The extensions `(?…` opens that the scanner knows: their prefix's length. */
const extensions = [
  /^\(\?P<\w+>/,
  /^\(\?<\w+>/,
  /^\(\?P=\w+\)/,
  /^\(\?[:=!]/,
  /^\(\?<[=!]/,
  /^\(\?#[^)]*\)/,
  /^\(\?[aiLmsux-]+[:)]/,
];

/** How `regex.compile(pattern)` fails, in its words, or undefined when the pattern compiles. */
export function pythonRegexError(pattern: string): string | undefined {
  const open: number[] = [];
  let last: Last = "none";
  let index = 0;
  while (index < pattern.length) {
    const character = pattern[index];
    if (character === "\\") {
      if (index + 1 >= pattern.length) return `bad escape (end of pattern) at position ${pattern.length}`;
      index += 2;
      last = "atom";
    } else if (character === "[") {
      const end = scanSet(pattern, index);
      if (typeof end === "string") return end;
      index = end;
      last = "atom";
    } else if (character === "(") {
      if (pattern[index + 1] === "?") {
        const known = extensions.map((extension) => extension.exec(pattern.slice(index))).find(Boolean);
        if (!known) return `unknown extension at position ${index + 2}`;
        if (known[0].endsWith(")")) {
          index += known[0].length;
          last = known[0].startsWith("(?P=") ? "atom" : "none";
          continue;
        }
        open.push(index);
        index += known[0].length;
      } else {
        open.push(index);
        index += 1;
      }
      last = "none";
    } else if (character === ")") {
      if (open.length === 0) return `unbalanced parenthesis at position ${index}`;
      open.pop();
      index += 1;
      last = "atom";
    } else if (character === "|") {
      index += 1;
      last = "none";
    } else if (character === "*" || character === "+" || character === "?" || braceQuantifier(pattern, index)) {
      const brace = character === "{" ? braceQuantifier(pattern, index)! : undefined;
      const modifier: boolean = last === "quantifier" && (character === "?" || character === "+");
      if (last === "none") return `nothing to repeat at position ${index}`;
      if ((last === "quantifier" && !modifier) || last === "modified") return `multiple repeat at position ${index}`;
      if (brace && brace.min !== undefined && brace.max !== undefined && brace.min > brace.max) {
        return `min repeat greater than max repeat at position ${index + 1}`;
      }
      index = brace ? brace.end : index + 1;
      last = modifier ? "modified" : "quantifier";
    } else {
      // `regex` lets even `^` and `$` be repeated.
      index += 1;
      last = "atom";
    }
  }
  if (open.length > 0) return `missing ) at position ${pattern.length}`;
  return undefined;
}

/**
 * A valid Python pattern as a JavaScript regular expression that must match a whole tag name, as Quay's
 * `fullmatch` does; undefined when JavaScript cannot express it (Quay then matches nothing either way it
 * fails to compile, and the emulator marks no tag).
 */
export function pythonPattern(pattern: string): RegExp | undefined {
  let flags = "";
  const translated = pattern
    .replace(/^\(\?([imsx]+)\)/, (_match, inline: string) => {
      flags = inline.replace(/x/g, "");
      return "";
    })
    .replace(/\(\?P<(\w+)>/g, "(?<$1>")
    .replace(/\(\?P=(\w+)\)/g, "\\k<$1>")
    .replace(/([*+?}])\+/g, "$1");
  try {
    return new RegExp(`^(?:${translated})$`, flags);
  } catch {
    return undefined;
  }
}
