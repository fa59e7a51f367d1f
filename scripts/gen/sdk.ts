/**
 * The generated SDK: one `pulumi.CustomResource` subclass per kind and mode (the dynamic mode names the
 * dynamic provider; the native mode, the `quay` plugin), the indexes that export them, the lookups and
 * the connection settings.
 */

import { z } from "zod";
import { connectionKeys } from "../../provider/quay/config";
import type { AnyDeclaration } from "../../provider/resources/_shared/define";
import { metaOf } from "../../provider/resources/_shared/define";
import { docComment, fields, fileName, generatedHeader, type NamedType, namedTypes, tsType } from "./fields";

const header = generatedHeader("the declarations in provider/resources/");

/** Which SDK a class is for: the dynamic provider (`sdk/`) or the native one (`sdk/native/`). */
export type SdkMode = "dynamic" | "native";

/** `sdk/<kind>.ts`, or `sdk/native/<kind>.ts`. */
export function sdkFile(definition: AnyDeclaration, mode: SdkMode = "dynamic"): string {
  const native = mode === "native";
  const inputs = fields(definition.inputs.shape).filter((field) => !native || field.name !== "connection");
  const outputs = fields(definition.outputs.shape);
  const kind = definition.kind;
  const secretOutputs = [...inputs, ...outputs]
    .filter((field) => field.secret)
    .map((field) => JSON.stringify(field.name));
  const secretInputs = inputs.filter((field) => field.secret);
  const up = native ? "../" : "./";
  let text = native ? generatedHeader("the declarations in provider/resources/ (native mode)") : header;
  text += 'import * as pulumi from "@pulumi/pulumi";\n';
  if (definition.naturalKey.length > 0) text += `import { claimDeclaration } from "${up}claims";\n`;
  if (native) {
    text += 'import { nativeOptions } from "../native-support";\n\n';
  } else {
    text += 'import { providerText } from "./provider";\n\n';
    text += `const provider = providerText(${JSON.stringify(kind)});\n\n`;
  }
  if (definition.naturalKey.length > 0) {
    const keyNames = (keys: readonly string[]) => `[${keys.map((key) => JSON.stringify(key)).join(", ")}]`;
    const requiredKeys = definition.naturalKey.filter((key) => !inputs.find((field) => field.name === key)?.optional);
    const root = "root" in definition ? String(definition.root) : kind;
    text += docComment(`What names a ${kind} in Quay, for the check that no object is declared twice.`, "");
    const referencing = inputs.flatMap((field) => referencePaths(definition.inputs.shape[field.name], field.name));
    text += `const identity = { kind: ${JSON.stringify(kind)}, declares: ${JSON.stringify(root)}, naturalKey: ${keyNames(definition.naturalKey)}, required: ${keyNames(requiredKeys)}, references: ${keyNames(referencing)} };\n\n`;
  }
  const named = new Map<string, NamedType>();
  const hint = (name: string) => `${kind}${name[0].toUpperCase()}${name.slice(1)}`;
  text += docComment(`The arguments of a {@link ${kind}}.`, "");
  text += `export interface ${kind}Args {\n`;
  for (const field of inputs) {
    text += docComment(field.description, "  ");
    text += `  ${field.name}${field.optional ? "?" : ""}: pulumi.Input<${tsType(field.schema, true, hint(field.name), named)}>;\n`;
  }
  text += "}\n\n";
  text += docComment(`${definition.description}\n\nId format: \`${definition.id.format}\`.`, "");
  text += `export class ${kind} extends pulumi.CustomResource {\n`;
  for (const field of [...inputs, ...outputs]) {
    const type = tsType(field.schema, false, hint(field.name), named) + (field.optional ? " | undefined" : "");
    text += docComment(field.description, "  ");
    text += `  declare public readonly ${field.name}: pulumi.Output<${type}>;\n`;
  }
  text += "\n";
  text += docComment(
    `Creates ${/^[AEIOU]/.test(kind) ? "an" : "a"} ${kind}.\n\n@param name The _unique_ name of the resource.\n@param args The arguments to use to populate this resource's properties.\n@param opts A bag of options that control this resource's behavior.`,
    "  ",
  );
  text += `  constructor(name: string, args: ${kind}Args, opts?: pulumi.CustomResourceOptions) {\n`;
  const defaults = inputs.filter((field) => field.optional && !field.secret).map((field) => `${field.name}: undefined`);
  const outputKeys = outputs.map((field) => `${field.name}: undefined`);
  // Secret inputs are wrapped so they are encrypted in state even when given as plain values.
  const secrets = secretInputs.map(
    (field) => `${field.name}: args.${field.name} === undefined ? undefined : pulumi.secret(args.${field.name})`,
  );
  // The first natural-key input waits until no other resource declares the same object; in native mode a
  // resource's Quay is its provider's.
  const quay = native ? ", opts?.provider?.urn" : "";
  const claim =
    definition.naturalKey.length > 0 ? [`...claimDeclaration(identity, name, { ...args }, opts${quay})`] : [];
  const props = [
    ...defaults,
    "...args",
    ...claim,
    ...secrets,
    ...outputKeys,
    ...(native ? [] : ["__provider: provider"]),
  ]
    .map((prop) => `\n        ${prop},`)
    .join("");
  const secretOptions =
    secretOutputs.length > 0 ? `{ additionalSecretOutputs: [${secretOutputs.join(", ")}] }` : undefined;
  const options = native
    ? `nativeOptions(${JSON.stringify(kind)}, ${secretOptions ? `pulumi.mergeOptions(opts, ${secretOptions})` : "opts"})`
    : secretOptions
      ? `pulumi.mergeOptions(opts, ${secretOptions})`
      : "opts";
  // Dynamic: the type dynamic resources have, so the engine serves them with its Node.js dynamic-provider host.
  const type = native ? `quay:index:${kind}` : `pulumi-nodejs:dynamic/quay:${kind}`;
  text += `    super(\n      ${JSON.stringify(type)},\n      name,\n      {${props}\n      },\n      ${options},\n    );\n`;
  text += "  }\n}\n";
  // A composite's shape again, for the component that declares its objects as resources of their own.
  if ("parts" in definition && !native) {
    text += `\n${docComment(`The shape of a {@link ${kind}}, with plain maps and lists (their values may be outputs): the arguments of a component that declares the same objects as resources of their own.`, "")}`;
    text += `export interface ${kind}Shape {\n`;
    for (const field of inputs) {
      text += docComment(field.description, "  ");
      const type = tsType(field.schema, "shape", hint(field.name), named);
      const structured = field.schema.type === "object" || field.schema.type === "array";
      text += `  ${field.name}${field.optional ? "?" : ""}: ${structured ? type : `pulumi.Input<${type}>`};\n`;
    }
    text += "}\n";
  }
  return text + namedTypes(named, kind);
}

/**
 * Where an input names other objects (`meta({ references })`), as dotted paths from the input's name: `*`
 * steps into every element or value, `#` stands for the keys of a map (`repositories.*.users.#`).
 */
function referencePaths(schema: unknown, name: string): string[] {
  const walk = (node: Record<string, unknown> | undefined, path: string): string[] => {
    if (!node || typeof node !== "object") return [];
    if (typeof node.references === "string") return [path];
    const children = (node.anyOf ?? node.oneOf ?? []) as Record<string, unknown>[];
    return [
      ...children.flatMap((child) => walk(child, path)),
      ...Object.entries((node.properties ?? {}) as Record<string, Record<string, unknown>>).flatMap(([key, child]) =>
        walk(child, `${path}.${key}`),
      ),
      ...walk(node.items as Record<string, unknown>, `${path}.*`),
      ...walk(node.additionalProperties as Record<string, unknown>, `${path}.*`),
      ...walk(node.propertyNames as Record<string, unknown>, `${path}.#`),
    ];
  };
  return walk(
    z.toJSONSchema(schema as z.ZodType, { io: "input", unrepresentable: "any" }) as Record<string, unknown>,
    name,
  );
}

/** `sdk/native/index.ts`: the native classes and their `Provider`. */
export function nativeIndex(definitions: readonly AnyDeclaration[]): string {
  let text = generatedHeader("the declarations in provider/resources/ (native mode)");
  text += "/** Pulumi resources for Red Hat Quay, served by the native provider plugin `pulumi-resource-quay`. */\n";
  text += 'export { Provider, type ProviderArgs } from "../native-support";\n';
  for (const definition of definitions) text += `export * from "./${fileName(definition.kind)}";\n`;
  return text;
}

/** `sdk/index.ts`. */
export function sdkIndex(definitions: readonly AnyDeclaration[]): string {
  let text = header;
  text += "/** Pulumi resources for Red Hat Quay. See the README for connection settings. */\n";
  for (const definition of definitions) text += `export * from "./${fileName(definition.kind)}";\n`;
  text += 'export type { LookupOptions, LookupResult } from "./lookup";\n';
  text += 'export * from "./lookups";\n';
  text += 'export * from "./blueprint";\n';
  return text;
}

/** `sdk/lookups.ts`: a `get<Kind>` function per kind with a natural key, reading an object the program does not manage. */
export function lookupsFile(definitions: readonly AnyDeclaration[]): string {
  let text = header;
  text += 'import type * as pulumi from "@pulumi/pulumi";\n';
  text += 'import { type LookupOptions, type LookupResult, lookup } from "./lookup";\n';
  for (const definition of definitions.filter((candidate) => candidate.naturalKey.length > 0)) {
    const kind = definition.kind;
    const inputs = fields(definition.inputs.shape);
    const key = inputs.filter((field) => definition.naturalKey.includes(field.name));
    // Write-only inputs are never read back, so a lookup cannot tell them.
    const readable = [...inputs, ...fields(definition.outputs.shape)].filter(
      (field) => field.name !== "connection" && !metaOf(definition.inputs.shape[field.name] ?? z.never()).writeOnly,
    );
    const names = ["id", ...readable.map((field) => field.name)];
    const secrets = readable.filter((field) => field.secret).map((field) => JSON.stringify(field.name));
    text += "\n";
    text += docComment(`The arguments of {@link get${kind}}: what names the ${kind} to look up.`, "");
    text += `export interface Get${kind}Args {\n`;
    for (const field of key) {
      text += docComment(field.description, "  ");
      text += `  ${field.name}${field.optional ? "?" : ""}: pulumi.Input<${tsType(field.schema, false)}>;\n`;
    }
    text += "}\n\n";
    text += docComment(`What {@link get${kind}} finds: the ${kind} as Quay has it.`, "");
    text += `export interface ${kind}Lookup {\n  /** The object's id. */\n  id: string;\n`;
    for (const field of readable) {
      text += docComment(field.description, "  ");
      text += `  ${field.name}${field.optional ? "?" : ""}: ${tsType(field.schema, false)};\n`;
    }
    text += "}\n\n";
    text += docComment(
      `Looks up an existing ${kind} that the program uses but does not manage, with GET requests only (at ` +
        "preview too). Each field is an output; secret ones stay secret. Fails, naming the object, when Quay has none.",
      "",
    );
    text += `export function get${kind}(args: Get${kind}Args, options?: LookupOptions): LookupResult<${kind}Lookup> {\n`;
    const list = (items: string[]) => `[${items.join(", ")}]`;
    text += `  const fields = ${list(names.map((name) => JSON.stringify(name)))};\n`;
    text += `  return lookup<${kind}Lookup>(${JSON.stringify(kind)}, { ...args }, fields, ${list(secrets)}, options);\n`;
    text += "}\n";
  }
  return text;
}

/** `sdk/settings.ts`: the settings of a native `Provider` and the keys a lookup reads, from the connection's keys. */
export function settingsFile(): string {
  const types: Record<string, string> = { string: "string", integer: "number", boolean: "boolean" };
  let text = generatedHeader("provider/quay/config.ts");
  text += 'import type * as pulumi from "@pulumi/pulumi";\n\n';
  text += docComment(
    "The settings of a {@link Provider}: the keys of a connection, as in stack configuration (`quay:url`, ...).",
    "",
  );
  text += "export interface ProviderArgs {\n";
  for (const [key, setting] of Object.entries(connectionKeys)) {
    const secret = key === "token" ? " Kept as a secret." : "";
    text += docComment(
      `${setting.description}${secret} Default: \`${setting.env}\` for the default provider's \`quay\` namespace.`,
      "  ",
    );
    text += `  ${key}?: pulumi.Input<${types[setting.type]}>;\n`;
  }
  text += "}\n\n";
  const names = Object.keys(connectionKeys).filter((key) => key !== "token");
  text += docComment(
    "The connection settings a lookup reads from stack configuration, besides the token (read as a secret).",
    "",
  );
  text += `export const lookupSettings = [${names.map((name) => JSON.stringify(name)).join(", ")}] as const;\n`;
  return text;
}
