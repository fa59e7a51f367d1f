/** `schema.json`: the Pulumi package schema of every kind, with the connection settings as provider config. */
import { connectionKeys } from "../../provider/quay/config";
import type { AnyDeclaration } from "../../provider/resources/_shared/define";
import { type Field, fields, type JsonSchema, singular } from "./fields";

/** Object types with named properties, by token (`quay:index:QuotaLimit`): the schema's `types` section. */
type ObjectTypes = Map<string, Record<string, unknown>>;

/** The Pulumi schema type of a property; an object with named properties becomes the type `typeName`. */
function pulumiType(schema: JsonSchema, typeName: string, types: ObjectTypes): Record<string, unknown> {
  if (schema.enum) return { type: "string", enum: schema.enum.map((value) => ({ value })) };
  if (schema.type === "array") {
    return { type: "array", items: pulumiType(schema.items ?? {}, singular(typeName), types) };
  }
  if (schema.type === "object" && typeof schema.additionalProperties === "object" && !schema.properties) {
    return { type: "object", additionalProperties: pulumiType(schema.additionalProperties, singular(typeName), types) };
  }
  if (schema.type === "object" && schema.properties) {
    const token = `quay:index:${typeName}`;
    types.set(token, {
      type: "object",
      properties: Object.fromEntries(
        Object.entries(schema.properties).map(([name, property]) => [
          name,
          {
            ...pulumiType(property, `${typeName}${capitalized(name)}`, types),
            description: property.description,
            ...((property as { secret?: boolean }).secret ? { secret: true } : {}),
          },
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

function settingProperties() {
  return Object.fromEntries(
    Object.entries(connectionKeys).map(([key, setting]) => [
      key,
      {
        type: setting.type,
        description: `${setting.description} Environment fallback: \`${setting.env}\`.`,
        ...(key === "token" ? { secret: true } : {}),
      },
    ]),
  );
}

/**
 * The whole schema for `definitions`, as the text of `schema.json`: the package the native provider
 * serves. Resources have no `connection` there: an explicit provider resource is a connection.
 */
export function schemaFile(definitions: readonly AnyDeclaration[], version: string): string {
  const types: ObjectTypes = new Map();
  const schema = {
    name: "quay",
    displayName: "Red Hat Quay",
    version,
    description: "Manage Red Hat Quay organizations, repositories, teams, robots, permissions, quotas and policies.",
    keywords: ["pulumi", "quay", "registry", "kind/native"],
    license: "Apache-2.0",
    config: { variables: settingProperties() },
    provider: {
      description: "The connection to one Quay: its URL, a token, and how to talk to it.",
      inputProperties: settingProperties(),
      properties: Object.fromEntries(Object.entries(settingProperties()).filter(([key]) => ["url"].includes(key))),
    },
    resources: Object.fromEntries(
      definitions.map((definition) => {
        const inputs = fields(definition.inputs.shape).filter((field) => field.name !== "connection");
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
            aliases: [{ type: `pulumi-nodejs:dynamic/quay:${definition.kind}` }],
          },
        ];
      }),
    ),
    language: {
      // `pulumi import --out` and `pulumi convert` import the native SDK by this name.
      nodejs: { packageName: "pulumi-quay/native" },
      python: { packageName: "pulumi_quay", respectSchemaVersion: true, requires: { pulumi: ">=3.269.0,<4.0.0" } },
    },
  };
  const withTypes = { ...schema, types: Object.fromEntries([...types].sort(([a], [b]) => a.localeCompare(b))) };
  return `${JSON.stringify(withTypes, null, 2)}\n`;
}
