/**
 * The composite forms of an exported organization: one `Tenant` resource, or one `OrganizationBlueprint`
 * component, declaring what the tenant's table of parts can hold (`operations/composite/found.ts` places each
 * object), with each secret as a stack-config placeholder; what it cannot hold stays beside it.
 */
import { findComposite } from "../catalog";
import { pathText } from "../composites/_shared/paths";
import type { FoundNamespace, FoundObject } from "../operations/collect";
import { shapeOf } from "../operations/composite/found";
import { isSecretValue, withSecrets } from "../operations/secrets";
import { heldByQuay } from "../resources/_shared/define";

/** The two composite forms. */
export type CompositeForm = "tenant" | "blueprint";

/** A composite declaration and the objects it covers, each with the expression that names it (or none). */
export interface CompositeDeclaration {
  /** `new quay.Tenant(...)` or `new quay.OrganizationBlueprint(...)`, without the variable. */
  text: string;
  /**
   * Covered objects, with the expression of a blueprint's child (`acme.repositories["api"]`), or `""` when
   * others refer to it by its literal name and depend on the declaration.
   */
  covered: Map<FoundObject, string>;
}

/** A secret the program reads from stack configuration: a key to make, for what. */
export type SecretPlaceholder = (path: string, isObject: boolean) => string;

/** A shape value as readable TypeScript: identifier keys bare, others quoted, secrets as placeholders. */
function code(value: unknown, placeholder: SecretPlaceholder, path: string[], indent = ""): string {
  if (isSecretValue(value)) return placeholder(pathText(path), typeof value.value === "object");
  if (Array.isArray(value))
    return `[${value.map((item, index) => code(item, placeholder, [...path, String(index)], indent)).join(", ")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    if (entries.length === 0) return "{}";
    const inner = `${indent}  `;
    const lines = entries.map(([key, item]) => {
      const name = /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
      return `${inner}${name}: ${code(item, placeholder, [...path, key], inner)},`;
    });
    return `{\n${lines.join("\n")}\n${indent}}`;
  }
  return JSON.stringify(value);
}

/** `value` without the non-secret values Quay holds but never returns; secrets become placeholders instead. */
function withoutHeld(value: unknown): unknown {
  if (isSecretValue(value)) return value;
  if (Array.isArray(value)) return value.map(withoutHeld);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).flatMap(([key, item]) => (item === heldByQuay ? [] : [[key, withoutHeld(item)]])),
    );
  }
  return value;
}

/** The composite declaration of organization `namespace`, declared as `variable`, in `form`. */
export function compositeDeclaration(
  namespace: FoundNamespace,
  variable: string,
  form: CompositeForm,
  placeholder: SecretPlaceholder,
): CompositeDeclaration {
  const tenant = findComposite("Tenant")!;
  const { shape, placed, quaysOwn } = shapeOf(tenant, namespace.name, namespace.objects, namespace.reader);
  const { name, ...rest } = withoutHeld(withSecrets(tenant.inputs.shape, shape)) as Record<string, unknown>;
  // Quay's own roles (a repository's creator's, a mirror robot's) are declared by no one, beside it or in it.
  const covered = new Map<FoundObject, string>([...quaysOwn].map((object) => [object, ""]));
  for (const { object, path } of placed) {
    const [map, key] = path;
    const child =
      form === "tenant"
        ? ""
        : path.length === 0
          ? `${variable}.organization`
          : path.length === 2 && ["teams", "robots", "repositories"].includes(map)
            ? `${variable}.${map}[${JSON.stringify(key)}]`
            : "";
    covered.set(object, child);
  }
  const kind = form === "tenant" ? "Tenant" : "OrganizationBlueprint";
  return { text: `new quay.${kind}(${JSON.stringify(name)}, ${code({ name, ...rest }, placeholder, [])});`, covered };
}
