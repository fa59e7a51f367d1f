/**
 * References between kinds: an input that names another kind's object (`meta({ references: "Kind.field" })`).
 * They order the kinds (a kind after those it names) and let the exporter write references.
 */
import type { AnyResourceDefinition } from "./define";
import { metaOf } from "./define";

/** The kinds another kind's inputs reference (`meta({ references: "Kind.field" })`). */
export function referencedKinds(definition: AnyResourceDefinition): string[] {
  const found = new Set<string>();
  const visit = (schema: unknown) => {
    const meta = metaOf(schema as never);
    if (meta.references) found.add(meta.references.split(".")[0]);
    const element = (schema as { element?: unknown }).element;
    if (element) visit(element);
  };
  for (const schema of Object.values(definition.inputs.shape)) visit(unwrap(schema));
  found.delete(definition.kind);
  return [...found];
}

/** The schema inside optional, default and pipe wrappers. */
export function unwrap(schema: unknown): unknown {
  let current = schema as { def?: { innerType?: unknown; in?: unknown; type?: string } };
  for (;;) {
    const def = current.def;
    if (def?.innerType && metaOf(current as never).references === undefined) current = def.innerType as never;
    else if (def?.type === "pipe" && def.in && metaOf(current as never).references === undefined)
      current = def.in as never;
    else return current;
  }
}

/** Kinds in dependency order (a kind after every kind it references), then by name. */
export function orderKinds(definitions: readonly AnyResourceDefinition[]): AnyResourceDefinition[] {
  const byKind = new Map(definitions.map((definition) => [definition.kind, definition]));
  const depth = new Map<string, number>();
  const depthOf = (kind: string, seen: Set<string>): number => {
    if (depth.has(kind)) return depth.get(kind)!;
    if (seen.has(kind)) throw new Error(`resource kinds reference each other in a cycle through ${kind}`);
    const definition = byKind.get(kind);
    const references = definition ? referencedKinds(definition) : [];
    const value = Math.max(-1, ...references.map((other) => depthOf(other, new Set([...seen, kind])))) + 1;
    depth.set(kind, value);
    return value;
  };
  return [...definitions].sort(
    (left, right) =>
      depthOf(left.kind, new Set()) - depthOf(right.kind, new Set()) || left.kind.localeCompare(right.kind),
  );
}
