/**
 * Request-body validation as Quay does it, with jsonschema 3.2's messages: the first failure, the
 * validator and the schema path on the first lines, then the schema and the instance, as Python
 * prints them (docs/quay-behavior.md §V.3, §1.5). Handlers declare their bodies' schemas in JSON
 * Schema, as Quay's endpoints do.
 */
import { apiError, type Reply } from "./replies";

/**
 * The part of JSON Schema Quay's endpoint schemas use. Write a schema's keys in the order Quay's source
 * does: jsonschema reports failures in that order, and some messages print whole schemas.
 */
export interface BodySchema {
  type?: string | string[];
  properties?: Record<string, BodySchema>;
  /** Exactly one of these schemas (the quota bodies: `limit_bytes` or `limit`). */
  oneOf?: BodySchema[];
  /** The value must fail this schema (`{}`: the key must be absent). */
  not?: BodySchema;
  /** A regular expression a string must contain a match of (`re.search`). */
  pattern?: string;
  required?: string[];
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  items?: BodySchema;
  minItems?: number;
  maxLength?: number;
  minLength?: number;
  additionalProperties?: boolean;
  description?: string;
}

/** A value as Python's `repr` shows it: `'text'`, `True`, `None`, `['a', 'b']`, `{'k': 1}`. */
export function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : pythonFloat(value);
  if (typeof value === "string") {
    const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
    const escaped = value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(new RegExp(quote, "g"), `\\${quote}`);
    return `${quote}${escaped}${quote}`;
  }
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(", ")}]`;
  return `{${Object.entries(value as Record<string, unknown>)
    .map(([key, item]) => `${pythonRepr(key)}: ${pythonRepr(item)}`)
    .join(", ")}}`;
}

/** A float as Python prints it: `1.0`, `0.5`. */
function pythonFloat(value: number): string {
  return String(value).includes(".") || String(value).includes("e") ? String(value) : `${value}.0`;
}

function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function typeMatches(value: unknown, types: string[]): boolean {
  const actual = jsonType(value);
  return types.some((type) => type === actual || (type === "number" && actual === "integer"));
}

/** A step into a schema or an instance: a key, or an index (which Python prints without quotes). */
type Step = string | number;

/** One failure, as jsonschema's `ValidationError` holds it; paths are relative to the failure's parent. */
interface Failure {
  message: string;
  validator: string;
  /** The path to the failing schema, without the validator's own keyword. */
  schemaPath: Step[];
  instancePath: Step[];
  schema: unknown;
  instance: unknown;
  /** The failures of each subschema, for `oneOf` (which jsonschema calls the error's context). */
  context: Failure[];
}

/** Every failure of `instance` against `schema`, in jsonschema's order: the schema's keywords as written. */
function failures(instance: unknown, schema: BodySchema, schemaPath: Step[], instancePath: Step[]): Failure[] {
  const found: Failure[] = [];
  const fail = (validator: string, message: string, context: Failure[] = []) =>
    found.push({ message, validator, schemaPath, instancePath, schema, instance, context });
  const object =
    instance && typeof instance === "object" && !Array.isArray(instance)
      ? (instance as Record<string, unknown>)
      : undefined;
  for (const keyword of Object.keys(schema)) {
    if (keyword === "type") {
      const types = Array.isArray(schema.type) ? schema.type : [schema.type!];
      if (!typeMatches(instance, types)) {
        fail("type", `${pythonRepr(instance)} is not of type ${types.map(pythonRepr).join(", ")}`);
      }
    } else if (keyword === "enum") {
      if (!schema.enum!.some((option) => JSON.stringify(option) === JSON.stringify(instance))) {
        fail("enum", `${pythonRepr(instance)} is not one of ${pythonRepr(schema.enum)}`);
      }
    } else if (keyword === "pattern" && typeof instance === "string" && !new RegExp(schema.pattern!).test(instance)) {
      fail("pattern", `${pythonRepr(instance)} does not match ${pythonRepr(schema.pattern)}`);
    } else if (keyword === "minimum" && typeof instance === "number" && instance < schema.minimum!) {
      fail("minimum", `${instance} is less than the minimum of ${schema.minimum}`);
    } else if (keyword === "maximum" && typeof instance === "number" && instance > schema.maximum!) {
      fail("maximum", `${instance} is greater than the maximum of ${schema.maximum}`);
    } else if (keyword === "maxLength" && typeof instance === "string" && instance.length > schema.maxLength!) {
      fail("maxLength", `${pythonRepr(instance)} is too long`);
    } else if (keyword === "minLength" && typeof instance === "string" && instance.length < schema.minLength!) {
      fail("minLength", `${pythonRepr(instance)} is too short`);
    } else if (keyword === "minItems" && Array.isArray(instance) && instance.length < schema.minItems!) {
      fail("minItems", `${pythonRepr(instance)} is too short`);
    } else if (keyword === "items" && Array.isArray(instance)) {
      for (const [index, item] of instance.entries()) {
        found.push(...failures(item, schema.items!, [...schemaPath, "items"], [...instancePath, index]));
      }
    } else if (keyword === "required" && object) {
      for (const name of schema.required!) {
        if (!(name in object)) fail("required", `${pythonRepr(name)} is a required property`);
      }
    } else if (keyword === "properties" && object) {
      for (const [name, property] of Object.entries(schema.properties!)) {
        if (name in object) {
          found.push(...failures(object[name], property, [...schemaPath, "properties", name], [...instancePath, name]));
        }
      }
    } else if (keyword === "additionalProperties" && object && schema.additionalProperties === false) {
      const extra = Object.keys(object).filter((name) => !(name in (schema.properties ?? {})));
      if (extra.length > 0) {
        const names = extra.map(pythonRepr).join(", ");
        fail(
          "additionalProperties",
          `Additional properties are not allowed (${names} ${extra.length === 1 ? "was" : "were"} unexpected)`,
        );
      }
    } else if (keyword === "not" && failures(instance, schema.not!, [], []).length === 0) {
      fail("not", `${pythonRepr(schema.not)} is not allowed for ${pythonRepr(instance)}`);
    } else if (keyword === "oneOf") {
      oneOfFailures(instance, schema.oneOf!, fail);
    }
  }
  return found;
}

/**
 * jsonschema 3.2's `oneOf`: no valid subschema is one failure holding every subschema's failures (paths
 * relative to it); several valid ones is another, naming the others, then the first valid one.
 */
function oneOfFailures(
  instance: unknown,
  subschemas: BodySchema[],
  fail: (validator: string, message: string, context?: Failure[]) => void,
): void {
  const results = subschemas.map((subschema, index) => failures(instance, subschema, [index], []));
  const firstValid = results.findIndex((result) => result.length === 0);
  if (firstValid < 0) {
    fail("oneOf", `${pythonRepr(instance)} is not valid under any of the given schemas`, results.flat());
    return;
  }
  const moreValid = subschemas.filter((_subschema, index) => index > firstValid && results[index].length === 0);
  if (moreValid.length > 0) {
    const reprs = [...moreValid, subschemas[firstValid]].map(pythonRepr).join(", ");
    fail("oneOf", `${pythonRepr(instance)} is valid under each of ${reprs}`);
  }
}

/** jsonschema's `relevance`: failures nearer the top of the instance first, then those not of `oneOf`. */
function relevance(failure: Failure): [number, number] {
  return [-failure.instancePath.length, failure.validator === "oneOf" ? 0 : 1];
}

function compare(left: [number, number], right: [number, number]): number {
  return left[0] - right[0] || left[1] - right[1];
}

/**
 * jsonschema's `best_match`: the most relevant failure (the first of equals); then, while it holds the
 * failures of subschemas, the least relevant of those (the deepest, the first of equals).
 */
function bestFailure(all: Failure[]): Failure | undefined {
  let best = all.reduce<Failure | undefined>(
    (chosen, candidate) =>
      chosen === undefined || compare(relevance(candidate), relevance(chosen)) > 0 ? candidate : chosen,
    undefined,
  );
  while (best && best.context.length > 0) {
    best = best.context.reduce((chosen, candidate) =>
      compare(relevance(candidate), relevance(chosen)) < 0 ? candidate : chosen,
    );
  }
  return best;
}

const path = (parts: Step[]) => parts.map((part) => `[${pythonRepr(part)}]`).join("");

/** jsonschema's `str(ValidationError)`: the message, where it failed in the schema, the schema, the instance. */
function describe(failure: Failure): string {
  const indent = (text: string) => text.replace(/^/gm, "    ");
  return (
    `${failure.message}\n\nFailed validating ${pythonRepr(failure.validator)} in schema${path(failure.schemaPath)}:\n` +
    `${indent(pythonRepr(failure.schema))}\n\nOn instance${path(failure.instancePath)}:\n${indent(pythonRepr(failure.instance))}`
  );
}

/** Throws Quay's 400 ApiError for the first way `body` fails `schema`. */
export function validateBody(host: string, body: unknown, schema: BodySchema): void {
  const failure = bestFailure(failures(body, schema, [], []));
  if (failure) throw schemaFailure(host, failure);
}

function schemaFailure(host: string, failure: Failure): Reply {
  return apiError(400, describe(failure), host);
}
