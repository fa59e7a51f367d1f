/** `schema.json`: the Pulumi package schema of every kind, with the connection settings as provider config. */
import { connectionKeys } from "../../provider/quay/config";
import type { AnyResourceDefinition } from "../../provider/resources/_shared/define";
import { type Field, fields, type JsonSchema } from "./fields";

/** Object types with named properties, by token (`quay:index:QuotaLimit`): the schema's `types` section. */
type ObjectTypes = Map<string, Record<string, unknown>>;

/** The Pulumi schema type of a property; an object with named properties becomes the type `typeName`. */
function pulumiType(schema: JsonSchema, typeName: string, types: ObjectTypes): Record<string, unknown> {
  if (schema.enum) return { type: "string", enum: schema.enum.map((value) => ({ value })) };
  if (schema.type === "array") {
    return { type: "array", items: pulumiType(schema.items ?? {}, typeName.replace(/s$/, ""), types) };
  }
  if (schema.type === "object" && schema.properties) {
    const token = `quay:index:${typeName}`;
    types.set(token, {
      type: "object",
      properties: Object.fromEntries(
        Object.entries(schema.properties).map(([name, property]) => [
          name,
          { ...pulumiType(property, `${typeName}${capitalized(name)}`, types), description: property.description },
        ]),
      ),
      required: schema.required ?? [],
    });
    return { $ref: `#/types/${token}` };
  }
  if (schema.type === "object") return { type: "object", additionalProperties: { $ref: "pulumi.json#/Any" } };
  if (schema.type === "string" || schema.type === "integer" || schema.type === "number" || schema.type === "boolean") {
    return { type: schema.type };
  }
  return { $ref: "pulumi.json#/Any" };
}

const capitalized = (name: string) => name[0].toUpperCase() + name.slice(1);

function schemaProperty(kind: string, field: Field, types: ObjectTypes): Record<string, unknown> {
  const { description: _description, ...type } = field.schema;
  const property: Record<string, unknown> = {
    ...pulumiType(type, `${kind}${capitalized(field.name)}`, types),
    description: field.description,
  };
  if (field.secret) property.secret = true;
  if (field.replaceOnChange) property.willReplaceOnChanges = true;
  return property;
}

/** The whole schema for `definitions`, as the text of `schema.json`. */
export function schemaFile(definitions: readonly AnyResourceDefinition[], version: string): string {
  const types: ObjectTypes = new Map();
  const schema = {
    name: "quay",
    displayName: "Red Hat Quay",
    version,
    description: "Manage Red Hat Quay organizations, repositories, teams, robots and permissions.",
    keywords: ["pulumi", "quay", "registry", "kind/native"],
    license: "Apache-2.0",
    config: {
      variables: Object.fromEntries(
        Object.entries(connectionKeys).map(([key, setting]) => [
          key,
          { type: "string", description: `${setting.description} Environment fallback: \`${setting.env}\`.` },
        ]),
      ),
    },
    resources: Object.fromEntries(
      definitions.map((definition) => {
        const inputs = fields(definition.inputs.shape);
        const outputs = fields(definition.outputs.shape);
        return [
          `quay:index:${definition.kind}`,
          {
            description: `${definition.description}\n\nId format: \`${definition.id.format}\`.`,
            properties: Object.fromEntries(
              [...inputs, ...outputs].map((field) => [field.name, schemaProperty(definition.kind, field, types)]),
            ),
            required: [...inputs, ...outputs].filter((field) => !field.optional).map((field) => field.name),
            inputProperties: Object.fromEntries(
              inputs.map((field) => [field.name, schemaProperty(definition.kind, field, types)]),
            ),
            requiredInputs: inputs.filter((field) => !field.optional).map((field) => field.name),
          },
        ];
      }),
    ),
    language: { nodejs: { packageName: "pulumi-quay" } },
  };
  const withTypes = { ...schema, types: Object.fromEntries([...types].sort(([a], [b]) => a.localeCompare(b))) };
  return `${JSON.stringify(withTypes, null, 2)}\n`;
}
