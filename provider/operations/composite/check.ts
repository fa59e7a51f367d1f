/**
 * `check` of a composite: its shape against its schema and its cross-references, then every object it
 * declares against its own kind's check, each failure named by its path in the shape
 * (`repositories.api.teams.developers: must be read, write or admin`). A secret's value never reaches a failure.
 */
import { z } from "zod";
import type { AnyCompositeDefinition } from "../../composites/_shared/define";
import { type Path, pathText } from "../../composites/_shared/paths";
import type { ConfigSource } from "../../quay/config";
import { metaOf } from "../../resources/_shared/define";
import { type CheckFailure, connectionFailures } from "../check";
import { isUnknown, type PropertyBag, withoutProvider } from "../values";
import { plannedObjects } from "./objects";

/** The schemas passed on the way to `path` below `schema`: wrappers, objects, maps and lists. */
function schemaAt(schema: z.core.$ZodType, path: Path): z.core.$ZodType[] {
  const passed: z.core.$ZodType[] = [];
  let current: z.core.$ZodType | undefined = schema;
  let index = 0;
  while (current) {
    passed.push(current);
    const def = current._zod.def as {
      type: string;
      innerType?: z.core.$ZodType;
      in?: z.core.$ZodType;
      shape?: Record<string, z.core.$ZodType>;
      valueType?: z.core.$ZodType;
      element?: z.core.$ZodType;
    };
    if (def.innerType) current = def.innerType;
    else if (def.type === "pipe") current = def.in;
    else if (index >= path.length) break;
    else {
      const step = path[index];
      index += 1;
      current = def.type === "object" ? def.shape?.[step] : def.type === "record" ? def.valueType : def.element;
    }
  }
  return passed;
}

/** Whether the value at `path` is, or lies inside, a secret (or a value that may hold a credential). */
function quietAt(definition: AnyCompositeDefinition, path: Path): boolean {
  return schemaAt(definition.inputs, path).some((schema) => {
    const meta = metaOf(schema);
    return meta.secret === true || meta.quietOnFailure === true;
  });
}

/** A failure at `path`, named there, or in the reason alone when the engine would print a secret beside it. */
function failureAt(definition: AnyCompositeDefinition, path: Path, reason: string): CheckFailure {
  const property = pathText(path);
  return quietAt(definition, path) ? { property: "", reason: `${property} ${reason}` } : { property, reason };
}

/** The shape path of an object's input, by the part's `fields`. */
function fieldPath(definition: AnyCompositeDefinition, kind: string, objectPath: Path, property: string): Path {
  const [field, ...rest] = property.split(".");
  const part = definition.parts.find((candidate) => candidate.kind === kind);
  const mapped = part?.fields?.[field];
  if (mapped === null) return objectPath;
  return [...objectPath, ...(mapped ?? [field]), ...(mapped ? [] : rest)];
}

/** Validates `news` for a composite; returns the checked shape (defaults applied) and the failures. */
export async function compositeCheck(
  definition: AnyCompositeDefinition,
  news: PropertyBag,
  config?: ConfigSource,
): Promise<{ inputs: PropertyBag; failures: CheckFailure[] }> {
  const given = withoutProvider(news);
  const failures: CheckFailure[] = [];
  const relaxed: Record<string, z.ZodType> = {};
  for (const [key, value] of Object.entries(given)) {
    if (!(key in definition.inputs.shape))
      failures.push({ property: key, reason: `is not a property of ${definition.kind}` });
    else if (isUnknown(value)) relaxed[key] = z.any();
  }
  const schema = Object.keys(relaxed).length > 0 ? definition.inputs.extend(relaxed) : definition.inputs;
  const result = schema.safeParse(given);
  if (!result.success) {
    for (const issue of result.error.issues) {
      failures.push(failureAt(definition, issue.path.map(String), issue.message));
    }
    return { inputs: given, failures };
  }
  const inputs = result.data as PropertyBag;
  if (failures.length === 0) failures.push(...(definition.validate?.(inputs as never) ?? []));
  if (failures.length > 0) return { inputs: given, failures };
  if (config !== undefined) failures.push(...connectionFailures(config, inputs));
  // Each object against its own kind: its rules across fields above all (the schema above checked the rest).
  for (const object of await plannedObjects(definition, inputs)) {
    for (const failure of object.failures) {
      if (failure.property !== "") {
        failures.push(
          failureAt(definition, fieldPath(definition, object.kind, object.path, failure.property), failure.reason),
        );
      } else {
        const at = object.path.length > 0 ? `${pathText(object.path)}: ` : "";
        failures.push({ property: "", reason: `${at}${failure.reason}` });
      }
    }
  }
  return { inputs: failures.length > 0 ? given : inputs, failures };
}
