/**
 * The catalog of resource kinds and of every Quay route they call. The kinds come from the generated
 * `resources/index.ts` (one entry per file in `provider/resources/`), the composite kinds from the
 * generated `composites/index.ts`; everything that iterates kinds (the operations, the SDK and schema
 * generator, the docs, the exporter, the emulator's router and the consistency tests) reads them here.
 */

import type { AnyCompositeDefinition } from "./composites/_shared/define";
import { declaredComposites } from "./composites/index";
import { QuayOperationError } from "./quay/errors";
import { commonRoutes, type Route } from "./quay/routes";
import type { AnyDeclaration, AnyResourceDefinition } from "./resources/_shared/define";
import { orderKinds } from "./resources/_shared/references";
import { declaredKinds } from "./resources/index";

/** Every resource kind, in dependency order. */
export const kinds: readonly AnyResourceDefinition[] = orderKinds(declaredKinds as unknown as AnyResourceDefinition[]);

/** Every composite kind: one resource declaring many objects of the kinds above. */
export const composites: readonly AnyCompositeDefinition[] = declaredComposites as unknown as AnyCompositeDefinition[];

/** Every declaration, kinds then composites: what the SDK, the schema and the docs are generated from. */
export const declarations: readonly AnyDeclaration[] = [...kinds, ...composites];

/** Looks a kind up by name; throws for a kind this version does not know (state from a newer version). */
export function findKind(kind: string): AnyResourceDefinition {
  const definition = kinds.find((candidate) => candidate.kind === kind);
  if (!definition) {
    throw new QuayOperationError(
      "QUAY_INVALID_INPUT",
      `pulumi-quay does not know the resource kind "${kind}"; upgrade pulumi-quay`,
    );
  }
  return definition;
}

/** The composite kind named `kind`, or undefined when it is a kind of one object. */
export function findComposite(kind: string): AnyCompositeDefinition | undefined {
  return composites.find((candidate) => candidate.kind === kind);
}

/** Looks any declaration up by name, kind or composite. */
export function findDeclaration(kind: string): AnyDeclaration {
  return findComposite(kind) ?? findKind(kind);
}

/** Every route the kinds call, and the common ones, by key. A key declared twice must be the same route. */
export const routeTable: Readonly<Record<string, Route>> = (() => {
  const table: Record<string, Route> = { ...commonRoutes };
  for (const definition of kinds) {
    for (const route of Object.values(definition.routes)) {
      const known = table[route.key];
      if (known && known !== route) throw new Error(`route ${route.key} is declared twice, differently`);
      table[route.key] = route;
    }
  }
  return table;
})();
