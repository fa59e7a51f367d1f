/**
 * Turns what `collect.ts` found into a readable Pulumi TypeScript program: one declaration per object,
 * references between them where an input names another object (`meta({ references })`), defaults left
 * out, and every secret input as a stack-config placeholder the user sets.
 */
import type { z } from "zod";
import type { FoundNamespace, FoundObject } from "../operations/collect";
import { heldByQuay, metaOf } from "../resources/_shared/define";
import { unwrap } from "../resources/_shared/references";
import { type CompositeForm, compositeDeclaration } from "./composite";

/** The program's files and the secret config keys the user must set before adopting. */
export interface ExportedProgram {
  files: Record<string, string>;
  secretConfigKeys: { key: string; purpose: string }[];
}

/** Options for {@link writeProgram}. */
export interface ProgramOptions {
  /** The Pulumi project name. */
  project: string;
  /** What the program's package.json asks for as pulumi-quay: a version range, `file:` a directory or a tarball. */
  packageVersion: string;
  /**
   * `objects` (the default): one declaration per object; `tenant`: each organization as one `Tenant`;
   * `blueprint`: as one `OrganizationBlueprint`; what the composite cannot hold stays beside it.
   */
  form?: "objects" | CompositeForm;
}

/** Unique, readable TypeScript identifiers from Quay names. */
class Identifiers {
  private readonly taken = new Set<string>(["pulumi", "quay", "config"]);

  make(...parts: string[]): string {
    const words = parts
      .join(" ")
      .split(/[^A-Za-z0-9]+/)
      .filter(Boolean);
    let base = words
      .map((word, index) => (index === 0 ? word.toLowerCase() : word[0].toUpperCase() + word.slice(1)))
      .join("");
    if (base === "" || /^[0-9]/.test(base)) base = `q${base}`;
    let name = base;
    for (let suffix = 2; this.taken.has(name); suffix += 1) name = `${base}${suffix}`;
    this.taken.add(name);
    return name;
  }
}

const literal = (value: unknown) => JSON.stringify(value);

/** `Kind.field` of an input (or of its array items), if it names another object. */
function referenceOf(schema: unknown): { target: string; field: string; each: boolean } | undefined {
  const inner = unwrap(schema) as { element?: unknown };
  const direct = metaOf(inner as never).references ?? metaOf(schema as never).references;
  const item = inner.element ? metaOf(inner.element as never).references : undefined;
  const reference = direct ?? item;
  if (!reference) return undefined;
  const [target, field] = reference.split(".");
  return { target, field, each: direct === undefined };
}

/** The value the schema gives an unset input, if any. */
function defaultOf(schema: z.ZodType): unknown {
  const parsed = schema.safeParse(undefined);
  return parsed.success ? parsed.data : undefined;
}

/** Writes the program declaring `namespaces`. */
export function writeProgram(namespaces: FoundNamespace[], options: ProgramOptions): ExportedProgram {
  const ids = new Identifiers();
  const secretConfigKeys: { key: string; purpose: string }[] = [];
  const objects = namespaces.flatMap((namespace) => namespace.objects.map((object) => ({ namespace, object })));
  const variables = new Map<FoundObject, string>();
  // With composites, the objects an organization's composite declares are its: others refer to them.
  const composites = new Map<FoundNamespace, { variable: string; text: string }>();
  const covered = new Map<FoundObject, string>();
  const form = options.form ?? "objects";
  for (const namespace of namespaces) {
    if (form === "objects" || namespace.type !== "organization") continue;
    const variable = ids.make(namespace.name);
    const placeholder = (path: string, isObject: boolean) => {
      const key = ids.make(namespace.name, path);
      const kind = form === "tenant" ? "Tenant" : "OrganizationBlueprint";
      secretConfigKeys.push({
        key,
        purpose: `${path} of ${kind} "${namespace.name}"${isObject ? " (a JSON object)" : ""}`,
      });
      return `config.requireSecret${isObject ? "Object<Record<string, unknown>>" : ""}(${literal(key)})`;
    };
    const declaration = compositeDeclaration(namespace, variable, form, placeholder);
    composites.set(namespace, { variable, text: declaration.text });
    for (const [object, expression] of declaration.covered) {
      covered.set(object, variable);
      if (expression) variables.set(object, expression);
    }
  }
  /** The composites each declaration depends on: it names a covered object by its name, not a variable. */
  const dependsOn = new Map<FoundObject, Set<string>>();

  /** The object of `kind` in the same namespace whose `field` is `value`. */
  const target = (namespace: FoundNamespace, kind: string, field: string, value: unknown) =>
    namespace.objects.find((object) => object.kind.kind === kind && object.state[field] === value);

  const valueCode = (namespace: FoundNamespace, object: FoundObject, key: string): string | undefined => {
    const schema = object.kind.inputs.shape[key] as z.ZodType;
    const meta = metaOf(schema);
    const value = object.state[key];
    if (value === undefined || value === null) return undefined;
    if (meta.secret) {
      const configKey = ids.make(object.kind.label(object.state as never), key);
      secretConfigKeys.push({
        key: configKey,
        purpose: `${key} of ${object.kind.kind} "${object.kind.label(object.state as never)}"${typeof value === "object" ? " (a JSON object)" : ""}`,
      });
      return `config.requireSecret${typeof value === "object" ? "Object<Record<string, unknown>>" : ""}(${literal(configKey)})`;
    }
    if (value === heldByQuay) return undefined;
    if (
      JSON.stringify(value) === JSON.stringify(defaultOf(schema)) ||
      JSON.stringify(value) === JSON.stringify(meta.serverDefault)
    ) {
      return undefined;
    }
    const reference = referenceOf(schema);
    const refer = (item: unknown) => {
      const found = reference ? target(namespace, reference.target, reference.field, item) : undefined;
      if (!found || found === object) return literal(item);
      const composite = covered.get(found);
      if (composite !== undefined && !variables.has(found)) {
        dependsOn.set(object, (dependsOn.get(object) ?? new Set()).add(composite));
        return literal(item);
      }
      if (!variables.has(found))
        variables.set(found, ids.make(found.kind.label(found.state as never), found.kind.kind));
      return `${variables.get(found)}.${reference!.field}`;
    };
    if (reference?.each && Array.isArray(value)) return `[${value.map(refer).join(", ")}]`;
    return reference && !reference.each ? refer(value) : literal(value);
  };

  const declarations = objects
    .filter(({ object }) => !covered.has(object))
    .map(({ namespace, object }) => {
      const entries = Object.keys(object.kind.inputs.shape)
        .filter((key) => key !== "connection")
        .map((key) => [key, valueCode(namespace, object, key)] as const)
        .filter(([, code]) => code !== undefined);
      const args = `{\n${entries.map(([key, code]) => `  ${key}: ${code},`).join("\n")}\n}`;
      const needs = [...(dependsOn.get(object) ?? [])];
      const options = needs.length > 0 ? `, { dependsOn: [${needs.join(", ")}] }` : "";
      return {
        namespace,
        object,
        text: `new quay.${object.kind.kind}(${literal(object.kind.label(object.state as never))}, ${args}${options});`,
      };
    });
  const lines: string[] = [];
  let current: FoundNamespace | undefined;
  const opened = new Set<FoundNamespace>();
  const open = (namespace: FoundNamespace) => {
    lines.push("", `// ${namespace.type === "organization" ? "Organization" : "User namespace"} ${namespace.name}`);
    opened.add(namespace);
    const composite = composites.get(namespace);
    if (composite) lines.push(`const ${composite.variable} = ${composite.text}`);
  };
  for (const { namespace, object, text } of declarations) {
    if (namespace !== current) {
      open(namespace);
      current = namespace;
    }
    const variable = variables.get(object);
    lines.push(variable ? `const ${variable} = ${text}` : text);
  }

  for (const namespace of composites.keys()) if (!opened.has(namespace)) open(namespace);

  const usesConfig = secretConfigKeys.length > 0;
  const header = [
    "// Exported from Quay by `pulumi-quay export`. Adopt it without recreating anything:",
    "//   pulumi config set quay:adopt true && pulumi up && pulumi config rm quay:adopt",
    "// then `pulumi preview` shows no changes. Quay's automatic objects (the owners team) are left out.",
    ...(usesConfig
      ? [
          "// Secrets are read from stack configuration; set each first (the values are in Quay):",
          ...secretConfigKeys.map(({ key, purpose }) => `//   pulumi config set --secret ${key} <${purpose}>`),
        ]
      : []),
    ...(usesConfig ? ['import * as pulumi from "@pulumi/pulumi";'] : []),
    'import * as quay from "pulumi-quay";',
    ...(usesConfig ? ["", "const config = new pulumi.Config();"] : []),
  ];
  return {
    secretConfigKeys,
    files: {
      "index.ts": `${[...header, ...lines].join("\n")}\n`,
      "Pulumi.yaml": `name: ${options.project}\ndescription: Quay configuration exported by pulumi-quay\nruntime: nodejs\n`,
      "package.json": `${JSON.stringify(
        {
          name: options.project,
          private: true,
          main: "index.ts",
          dependencies: { "@pulumi/pulumi": "^3.139.0", "pulumi-quay": options.packageVersion },
          devDependencies: { "@types/node": "^22.0.0", typescript: "^5.0.0" },
        },
        null,
        2,
      )}\n`,
      "tsconfig.json": `${JSON.stringify(
        {
          compilerOptions: {
            target: "ES2022",
            module: "commonjs",
            moduleResolution: "node",
            strict: true,
            skipLibCheck: true,
          },
          files: ["index.ts"],
        },
        null,
        2,
      )}\n`,
    },
  };
}
