/** A kind's properties as the generators see them: JSON schema, TypeScript type, description and traits. */
import { z } from "zod";
import { metaOf } from "../../provider/resources/_shared/define";

/** The parts of a JSON schema the generators read. */
export type JsonSchema = {
  type?: string;
  enum?: unknown[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  description?: string;
  anyOf?: JsonSchema[];
  const?: unknown;
  additionalProperties?: JsonSchema | boolean;
};

/** One input or output of a kind. */
export interface Field {
  name: string;
  schema: JsonSchema;
  description: string;
  optional: boolean;
  secret: boolean;
  replaceOnChange: boolean;
  writeOnly: boolean;
}

/** The fields of an object shape; every property must have a description. */
export function fields(shape: z.ZodRawShape): Field[] {
  return Object.entries(shape).map(([name, schema]) => {
    const meta = metaOf(schema);
    if (!meta.description) throw new Error(`property ${name} has no description`);
    const json = z.toJSONSchema(schema as z.ZodType, { io: "input", unrepresentable: "any" }) as JsonSchema;
    return {
      name,
      schema: json,
      description: meta.description,
      optional: (schema as z.ZodType).safeParse(undefined).success,
      secret: meta.secret === true,
      replaceOnChange: meta.replaceOnChange === true,
      writeOnly: meta.writeOnly === true,
    };
  });
}

/**
 * How a type is written: `input` for resource arguments (every member a `pulumi.Input<>`), `output` for
 * outputs and lookups (plain), `shape` for a component's arguments (maps and lists plain, so the component
 * can walk them; values `pulumi.Input<>`).
 */
export type TypeMode = "input" | "output" | "shape";

/** A named object type of nested properties, written as an interface beside the kind's class. */
export interface NamedType {
  name: string;
  description?: string;
  members: { name: string; type: string; optional: boolean; description?: string }[];
}

const suffixes: Record<TypeMode, string> = { input: "Args", output: "", shape: "Shape" };

/**
 * The TypeScript type of a JSON schema. An object with named properties becomes an interface named `hint`
 * (with the mode's suffix), added to `named`; without `named` it is written inline.
 */
export function tsType(
  schema: JsonSchema,
  mode: TypeMode | boolean,
  hint = "",
  named?: Map<string, NamedType>,
): string {
  const how: TypeMode = mode === true ? "input" : mode === false ? "output" : mode;
  const structured = (item: JsonSchema) => item.type === "object" || item.type === "array";
  /** A member's type: in `input` mode every member is an input; in `shape` mode only values, not maps or lists. */
  const member = (item: JsonSchema, itemHint: string, inList = false) => {
    const type = tsType(item, how, itemHint, named);
    if (how === "input") return `pulumi.Input<${type}>`;
    if (how === "shape" && !structured(item) && !inList) return `pulumi.Input<${type}>`;
    return type;
  };
  if (schema.anyOf) return schema.anyOf.map((part) => tsType(part, how, hint, named)).join(" | ");
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(" | ");
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  switch (schema.type) {
    case "string":
      return "string";
    case "integer":
    case "number":
      return "number";
    case "boolean":
      return "boolean";
    case "array":
      return `${member(schema.items ?? {}, singular(hint), true)}[]`;
    case "object": {
      if (typeof schema.additionalProperties === "object" && !schema.properties) {
        if (Object.keys(schema.additionalProperties).length === 0) return "Record<string, any>";
        return `Record<string, ${member(schema.additionalProperties, singular(hint))}>`;
      }
      const required = new Set(schema.required ?? []);
      const members = Object.entries(schema.properties ?? {}).map(([key, value]) => ({
        name: key,
        type: member(value, `${hint}${key[0].toUpperCase()}${key.slice(1)}`),
        optional: !required.has(key),
        description: value.description,
      }));
      if (members.length === 0) return "Record<string, any>";
      if (!named || hint === "") {
        return `{ ${members.map((entry) => `${entry.name}${entry.optional ? "?" : ""}: ${entry.type}`).join("; ")} }`;
      }
      const name = `${hint}${suffixes[how]}`;
      named.set(name, { name, description: schema.description, members });
      return name;
    }
    default:
      return "any";
  }
}

/** The interfaces of `named`, nested types of the kind `kind`, documented, as TypeScript. */
export function namedTypes(named: ReadonlyMap<string, NamedType>, kind: string): string {
  let text = "";
  for (const type of [...named.values()].sort((left, right) => left.name.localeCompare(right.name))) {
    text += `\n${docComment(type.description ?? `Part of a {@link ${kind}}.`, "")}`;
    text += `export interface ${type.name} {\n`;
    for (const entry of type.members) {
      if (entry.description) text += docComment(entry.description, "  ");
      text += `  ${entry.name}${entry.optional ? "?" : ""}: ${entry.type};\n`;
    }
    text += "}\n";
  }
  return text;
}

/** A JSDoc block for `text` at `indent`. */
export function docComment(text: string, indent: string): string {
  return `${indent}/**\n${text
    .split("\n")
    .map((line) => `${indent} * ${line}`.trimEnd())
    .join("\n")}\n${indent} */\n`;
}

/** The singular of a plural property name, for the type of its items: `repositories` → `Repository`. */
export function singular(name: string): string {
  if (name.endsWith("ies")) return `${name.slice(0, -3)}y`;
  return name.endsWith("s") ? name.slice(0, -1) : name;
}

/** The kebab-case file name of a kind: `RepositoryPermission` → `repository-permission`. */
export function fileName(kind: string): string {
  return kind.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
}

/** The header every generated TypeScript file opens with. */
export const generatedHeader = (source: string) => `// Generated by scripts/gen.ts from ${source}. Do not edit.\n`;
