/**
 * The one declaration of a resource kind: schema with descriptions, id format, replacement rules,
 * secrets and CRUD. The generic check/diff/CRUD adapters in `runtime.ts`, the generated SDK class,
 * `schema.json` and the docs all follow from it.
 */
import { z } from "zod";
import type { QuayClient } from "../../quay/client";
import type { Route } from "../../quay/routes";

declare module "zod/v4/core" {
  interface GlobalMeta {
    /** A change to this input replaces the object (Quay cannot update it in place). */
    replaceOnChange?: boolean;
    /** The value is a secret: kept encrypted in state, never logged. */
    secret?: boolean;
  }
}

/** What every CRUD function receives: the client for the resource's Quay connection. */
export interface CrudContext {
  /** Client bound to the connection the resource names. */
  client: QuayClient;
  /** `host[:port]` of that Quay, as `docker login` and pull secrets name the registry. */
  registryHost: string;
  /** Whether creates take over existing objects (`quay:adopt`). */
  adopt: boolean;
}

/** Fields every kind accepts besides its own: where to find the connection settings. */
export const commonInputs = {
  connection: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+$/, { error: "must be a configuration namespace such as quay or quay-eu" })
    .optional()
    .meta({
      description:
        "Configuration namespace that holds this resource's Quay connection settings " +
        "(`<connection>:url`, `<connection>:token`, ...), so one program can manage several Quay " +
        "instances. Default `quay`. Changing it does not move the object: point it at the same Quay.",
    }),
};

/** The id format of a kind: documented, and parsed back into what identifies the object. */
export interface IdFormat {
  /** The format as shown to users, e.g. `<name>`. */
  format: string;
  /** Parses an id into the parts that identify the object; throws naming the format on a bad id. */
  parse(id: string): Record<string, string>;
}

/** The parsed value of an object shape; an empty shape is an empty record. */
export type ShapeOutput<S extends z.ZodRawShape> = keyof S extends never
  ? Record<never, never>
  : z.output<z.ZodObject<S>>;

/** The declaration of one resource kind; see `organization.ts` for an example. */
export interface ResourceDefinition<
  TInputShape extends z.ZodRawShape = z.ZodRawShape,
  TOutputShape extends z.ZodRawShape = z.ZodRawShape,
> {
  /** PascalCase kind name; the SDK class and the Pulumi type `quay:index:<kind>`. */
  kind: string;
  /** User-facing description (full sentences, Quay's own term when it differs). */
  description: string;
  /** A short runnable TypeScript example for the docs. */
  example: string;
  /** Inputs; every field has a description, replacement and secrecy in its `.meta()`. */
  inputs: z.ZodObject<TInputShape>;
  /** Output-only fields (server-assigned values); secrets marked in `.meta()`. */
  outputs: z.ZodObject<TOutputShape>;
  /** How ids are built and parsed. */
  id: IdFormat;
  /** Whether a replacement must delete the old object first (Quay keys it by name). */
  deleteBeforeReplace: boolean;
  /** Quay quirks users should know about, for the docs. */
  notes: string[];
  /** Every Quay route the CRUD uses. */
  routes: Route[];
  /**
   * Rules across fields (exactly one of two inputs, per-method configs), checked at preview after
   * the schema passes. Values unknown at preview are the string `unknownValue`; skip them.
   */
  validate?(inputs: ShapeOutput<TInputShape>): { property: string; reason: string }[];
  /**
   * Outputs that follow from the inputs alone (a repository's `<namespace>/<name>`), added at check.
   * The engine then knows them during preview, so dependents do not see an unknown value and a
   * spurious replacement whenever this object is updated. Return undefined for a value that depends
   * on an input unknown at preview.
   */
  derive?(inputs: ShapeOutput<TInputShape>): Partial<ShapeOutput<TOutputShape>>;
  /**
   * The id of an existing object with the inputs' natural key, or undefined when there is none
   * for sure. Used to adopt objects; it must not write. `read` then confirms and describes it.
   */
  locate(context: CrudContext, inputs: ShapeOutput<TInputShape>): Promise<string | undefined>;
  /** Creates the object; returns its id and output-only values. */
  create(
    context: CrudContext,
    inputs: ShapeOutput<TInputShape>,
  ): Promise<{ id: string; outputs: ShapeOutput<TOutputShape> }>;
  /**
   * Reads the object as Quay has it now: the identifying and observable inputs plus outputs, or
   * `undefined` when it is gone. `state` is the last known state (for values Quay never returns).
   */
  read(
    context: CrudContext,
    id: string,
    state: Partial<ShapeOutput<TInputShape>> & Record<string, unknown>,
  ): Promise<(Partial<ShapeOutput<TInputShape>> & ShapeOutput<TOutputShape>) | undefined>;
  /** Applies in-place changes; absent when every input replaces. Returns the new output-only values. */
  update?(
    context: CrudContext,
    id: string,
    olds: ShapeOutput<TInputShape> & ShapeOutput<TOutputShape>,
    news: ShapeOutput<TInputShape>,
  ): Promise<ShapeOutput<TOutputShape>>;
  /** Deletes the object; succeeds when it is already gone. */
  delete(context: CrudContext, id: string, state: ShapeOutput<TInputShape> & ShapeOutput<TOutputShape>): Promise<void>;
}

/** Declares a kind. Adds the common inputs so every kind accepts `connection`. */
export function defineResource<TInputShape extends z.ZodRawShape, TOutputShape extends z.ZodRawShape>(
  definition: ResourceDefinition<TInputShape, TOutputShape>,
): ResourceDefinition<TInputShape & typeof commonInputs, TOutputShape> {
  return {
    ...definition,
    inputs: definition.inputs.extend(commonInputs),
  } as unknown as ResourceDefinition<TInputShape & typeof commonInputs, TOutputShape>;
}

/** A declared kind with its types erased, as the registry and the generic adapters see it. */
export type AnyResourceDefinition = ResourceDefinition<z.ZodRawShape, z.ZodRawShape>;

/** The `.meta()` of a schema (description, replacement, secrecy), or an empty object. */
export function metaOf(schema: z.core.$ZodType): z.core.GlobalMeta {
  return z.globalRegistry.get(schema) ?? {};
}
