/**
 * The bodies of quota writes (`NewOrgQuota`, `UpdateOrgQuota` and the superuser's twins in
 * `endpoints/api/namespacequota.py` and `superuser.py`): their schemas, written as Quay's source writes
 * them because jsonschema prints them in its messages (docs/quay-behavior.md §11, §V.18), and the size a
 * `limit` string stands for.
 */
import { atLeast, type RequestContext } from "../context";
import { apiError } from "../replies";
import type { BodySchema } from "../schema";

/** A quota body's `limit_bytes`, as Quay's schemas describe it. */
const limitBytesSchema: BodySchema = { type: "integer", description: "Number of bytes the organization is allowed" };

/** A quota body's `limit` string (3.12 and later), as Quay's schemas describe it. */
const limitSchema: BodySchema = {
  type: "string",
  description: "Human readable storage capacity of the organization",
  pattern:
    "^(\\d+\\s?(B|KiB|MiB|GiB|TiB|PiB|EiB|ZiB|YiB|Ki|Mi|Gi|Ti|Pi|Ei|Zi|Yi|KB|MB|GB|TB|PB|EB|ZB|YB|K|M|G|T|P|E|Z|Y)?)$",
};

/** `NewOrgQuota` (and the superuser's `NewNamespaceQuota`): `limit_bytes` or, from 3.12, `limit`; one of them. */
export function newQuotaSchema(context: RequestContext): BodySchema {
  if (!atLeast(context.version, "3.12")) {
    return { type: "object", required: ["limit_bytes"], properties: { limit_bytes: limitBytesSchema } };
  }
  return {
    type: "object",
    description: "Description of a new organization quota",
    oneOf: [
      { required: ["limit_bytes"], properties: { limit_bytes: limitBytesSchema } },
      { required: ["limit"], properties: { limit: limitSchema } },
    ],
  };
}

/** `UpdateOrgQuota`: one of the two keys alone, or neither (a change of nothing). */
export function updateQuotaSchema(context: RequestContext): BodySchema {
  if (!atLeast(context.version, "3.12")) {
    return { type: "object", properties: { limit_bytes: limitBytesSchema }, additionalProperties: false };
  }
  return {
    type: "object",
    description: "Description of a new organization quota",
    oneOf: [
      { properties: { limit_bytes: limitBytesSchema }, required: ["limit_bytes"], additionalProperties: false },
      { properties: { limit: limitSchema }, required: ["limit"], additionalProperties: false },
      { properties: { limit_bytes: { not: {} }, limit: { not: {} } }, additionalProperties: false },
    ],
  };
}

const units: Record<string, number> = { "": 1, B: 1 };
for (const [index, prefix] of ["K", "M", "G", "T", "P", "E", "Z", "Y"].entries()) {
  units[prefix] = 1000 ** (index + 1);
  units[`${prefix}B`] = 1000 ** (index + 1);
  units[`${prefix}i`] = 1024 ** (index + 1);
  units[`${prefix}iB`] = 1024 ** (index + 1);
}

/**
 * The bytes of a quota body: `limit_bytes`, or the `limit` string as `bitmath` parses it (it cannot parse a
 * bare `B`: `unparsable` is the route's message for that, §11).
 */
function limitBytesOf(context: RequestContext, body: Record<string, unknown>, unparsable: string): number | undefined {
  if (!("limit" in body)) return body.limit_bytes as number | undefined;
  const match = /^(\d+)\s?([A-Za-z]*)$/.exec(String(body.limit));
  const factor = match ? units[match[2]] : undefined;
  if (!match || factor === undefined || match[2] === "B") throw apiError(400, unparsable, context.host);
  return Number(match[1]) * factor;
}

/** The size a validated quota body asks for; `undefined` when it asks for none (an update of nothing). */
export function quotaBytes(
  context: RequestContext,
  body: Record<string, unknown>,
  unparsable: string,
): number | undefined {
  const bytes = limitBytesOf(context, body, unparsable);
  if (bytes !== undefined && bytes <= 0) {
    throw apiError(400, `Invalid quota size limit value: '${bytes}'`, context.host);
  }
  return bytes;
}

/** The messages of a `limit` string bitmath cannot parse: the organization's routes and the superuser's differ. */
export const unparsableLimit = {
  organization: "Invalid limit format, use a number followed by a unit (e.g. 1GiB)",
  superuser: "Invalid limit format",
};
