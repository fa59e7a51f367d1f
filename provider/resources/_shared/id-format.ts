/**
 * A kind's id format, declared once as a template such as `{organization}/{team}` with a pattern per
 * part: the same declaration builds ids, parses them, and states the format in docs and errors.
 */

import { QuayOperationError } from "../../quay/errors";

/** Builds, parses and documents the ids of one kind. */
export interface IdFormat<P extends string = string> {
  /** The format as users see it, e.g. `<organization>/<team>`. */
  format: string;
  /** Splits an id into its parts; throws naming the expected format when the id does not fit. */
  parse(id: string): Record<P, string>;
  /** Joins parts into an id. */
  build(parts: Record<P, string>): string;
}

/**
 * Declares the id format of `kind`: `{part}` placeholders in `template`, each matched by the
 * unanchored pattern in `parts`; the text between them is literal. A part's pattern may contain the
 * separator (a nested repository name holds `/`): the whole id must match, so the parts still split
 * where they can only split one way.
 */
export function idFormat<P extends string>(kind: string, template: string, parts: Record<P, RegExp>): IdFormat<P> {
  const names: P[] = [];
  const source = template.replace(/\{(\w+)\}|[.*+?^$()|[\]\\/]/g, (match, name: string | undefined) => {
    if (name === undefined) return `\\${match}`;
    if (!(name in parts)) throw new Error(`${kind} id template ${template} has no pattern for {${name}}`);
    names.push(name as P);
    return `(?<${name}>${parts[name as P].source})`;
  });
  const pattern = new RegExp(`^${source}$`);
  const format = template.replace(/\{(\w+)\}/g, "<$1>");
  return {
    format,
    parse(id) {
      const match = pattern.exec(id);
      if (!match)
        throw new QuayOperationError("QUAY_INVALID_INPUT", `${kind} id "${id}" is not valid: expected ${format}`);
      return Object.fromEntries(names.map((name) => [name, match.groups![name]])) as Record<P, string>;
    },
    build(values) {
      return template.replace(/\{(\w+)\}/g, (_match, name: string) => values[name as P]);
    },
  };
}
