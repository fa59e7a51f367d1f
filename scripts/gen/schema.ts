/** `schema.json`: the Pulumi package schema of every kind, with the connection settings as provider config. */
import { connectionKeys } from "../../provider/quay/config";
import type { AnyResourceDefinition } from "../../provider/resources/_shared/define";
import { type Field, fields, type JsonSchema } from "./fields";

function pulumiType(schema: JsonSchema): Record<string, unknown> {
  if (schema.enum) return { type: "string", enum: schema.enum.map((value) => ({ value })) };
  if (schema.type === "array") return { type: "array", items: pulumiType(schema.items ?? {}) };
  if (schema.type === "object") return { type: "object", additionalProperties: { $ref: "pulumi.json#/Any" } };
  if (schema.type === "string" || schema.type === "integer" || schema.type === "number" || schema.type === "boolean") {
    return { type: schema.type };
  }
  return { $ref: "pulumi.json#/Any" };
}

function schemaProperty(field: Field): Record<string, unknown> {
  const { description: _description, ...type } = field.schema;
  const property: Record<string, unknown> = { ...pulumiType(type), description: field.description };
  if (field.secret) property.secret = true;
  if (field.replaceOnChange) property.willReplaceOnChanges = true;
  return property;
}

/** The whole schema for `definitions`, as the text of `schema.json`. */
export function schemaFile(definitions: readonly AnyResourceDefinition[], version: string): string {
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
            properties: Object.fromEntries([...inputs, ...outputs].map((field) => [field.name, schemaProperty(field)])),
            required: [...inputs, ...outputs].filter((field) => !field.optional).map((field) => field.name),
            inputProperties: Object.fromEntries(inputs.map((field) => [field.name, schemaProperty(field)])),
            requiredInputs: inputs.filter((field) => !field.optional).map((field) => field.name),
          },
        ];
      }),
    ),
    language: { nodejs: { packageName: "pulumi-quay" } },
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}
