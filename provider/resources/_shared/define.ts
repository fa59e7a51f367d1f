/**
 * The one declaration of a resource kind: schema with descriptions, id format, natural key, routes,
 * secrets and CRUD. The generic operations in `provider/operations/`, the generated SDK class,
 * `schema.json`, the docs, the contract samples and the exporter all follow from it.
 */
import { z } from "zod";
import type { QuayClient } from "../../quay/client";
import type { Route } from "../../quay/routes";
import type { IdFormat } from "./id-format";

declare module "zod/v4/core" {
  interface GlobalMeta {
    /** A change to this input replaces the object (Quay cannot update it in place). */
    replaceOnChange?: boolean;
    /**
     * Quay can neither update this input in place nor safely replace the object for it: a change stops
     * the preview with this reason, which says what to do instead.
     */
    fixed?: string;
    /** The value is a secret: kept encrypted in state, never logged, never written out in clear. */
    secret?: boolean;
    /**
     * The value may hold a credential by mistake (a proxy URL with a password): a failed check names the
     * input without the value the engine would print beside it.
     */
    quietOnFailure?: boolean;
    /**
     * Quay never returns the value (a password, or a setting of the provider's own such as `forceDelete`):
     * it is compared with the last applied input only.
     */
    writeOnly?: boolean;
    /**
     * The input names an object of another kind by one of its fields, as `Kind.field`
     * (`Organization.name`, `Robot.fullName`); the exporter writes a reference to that object.
     */
    references?: string;
    /** The value Quay gives the setting when it is left unset; the exporter leaves it out. */
    serverDefault?: unknown;
  }
}

/** Pulumi's marker for a value not known during preview (`pulumi.runtime.unknownValue`). */
export const unknownValue = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** What every CRUD function receives: the client for the resource's Quay connection. */
export interface CrudContext {
  /** Client bound to the connection the resource names. */
  client: QuayClient;
  /** `host[:port]` of that Quay, as `docker login` and pull secrets name the registry. */
  registryHost: string;
  /** Whether creates take over existing objects (`quay:adopt`). */
  adopt: boolean;
  /** How long a delete waits for Quay to let go of what blocks it (`quay:deleteWaitSeconds`), in milliseconds. */
  deleteWaitMs: number;
  /** Tells the user what the provider is doing or waiting for (shown by Pulumi as a diagnostic). */
  log(message: string): void;
}

/**
 * What a kind's `list` gives for a secret that Quay holds but never returns (a mirror password), so the
 * exporter knows to ask for it. It means nothing else.
 */
export const heldByQuay = "(held by Quay, never returned)";

/**
 * What a `read` reads of an object's optional inputs: `managed` (a refresh; the default) only those its
 * state sets, as a program that leaves a team's members unset does not manage them; `everything` (a lookup,
 * an import) every one Quay can tell.
 */
export type ReadScope = "managed" | "everything";

/** Whether a `read` in `scope` reads the optional input `key` of `state`. */
export function readsInput(state: Record<string, unknown>, key: string, scope: ReadScope = "managed"): boolean {
  return scope === "everything" || state[key] !== undefined;
}

/** Where a kind's objects live, for listing them: an organization, a user's own namespace, or a repository. */
export type ListScope = { organization: string } | { user: string } | { repository: string };

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
        "instances. Default `quay`. Pointing it at a namespace whose URL is another Quay replaces the " +
        "object (created there first, then deleted here); the same URL only updates the state.",
    }),
};

/** Outputs every kind has besides its own. */
export const commonOutputs = {
  quayUrl: z.string().meta({
    description:
      "The Quay this object lives in: the origin of its connection's URL when it was created or last read. " +
      "A later change of that URL for the same connection stops the preview instead of silently re-targeting.",
  }),
};

/** The parsed value of an object shape; an empty shape is an empty record. */
export type ShapeOutput<S extends z.ZodRawShape> = keyof S extends never
  ? Record<never, never>
  : z.output<z.ZodObject<S>>;

/** What a kind knows about one of its objects: observable inputs and outputs, with its id. */
export type Listed<I extends z.ZodRawShape, O extends z.ZodRawShape> = Partial<ShapeOutput<I>> &
  ShapeOutput<O> & { id: string };

/**
 * What every declaration has, whether it is one Quay object (a {@link ResourceDefinition}) or a composite
 * of many (`provider/composites/`): the schema and the words the generators turn into the SDK,
 * `schema.json` and the docs, and what the generic check and the duplicate guard need.
 */
export interface KindDeclaration<
  TInputShape extends z.ZodRawShape = z.ZodRawShape,
  TOutputShape extends z.ZodRawShape = z.ZodRawShape,
> {
  /** PascalCase kind name; the SDK class and the Pulumi type `quay:index:<kind>`. */
  kind: string;
  /** User-facing description (full sentences, Quay's own term when it differs). */
  description: string;
  /** A short runnable TypeScript example for the docs. */
  example: string;
  /** Quay quirks users should know about, for the docs. */
  notes: string[];
  /** What a Quay (and the token) must have for the kind to work, for the docs: a release, feature flags. */
  requires?: string;
  /** Inputs; every field has a description, replacement and secrecy in its `.meta()`. */
  inputs: z.ZodObject<TInputShape>;
  /** Output-only fields (server-assigned values); secrets marked in `.meta()`. */
  outputs: z.ZodObject<TOutputShape>;
  /** How ids are built and parsed. */
  id: IdFormat;
  /**
   * The inputs that name the object in Quay. A replacement that keeps them must delete the old object
   * first (Quay would refuse a second one of the same name); one that changes them creates the new
   * object first, so a failure deletes nothing. Empty for objects Quay does not key by name.
   */
  naturalKey: readonly (keyof TInputShape & string)[];
  /** A short human name for the object, for messages and exported programs: `team devs of acme`. */
  label(inputs: Partial<ShapeOutput<TInputShape>>): string;
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
}

/** The declaration of one resource kind, one object in Quay; model a new one on `team.ts`, as ARCHITECTURE.md says. */
export interface ResourceDefinition<
  TInputShape extends z.ZodRawShape = z.ZodRawShape,
  TOutputShape extends z.ZodRawShape = z.ZodRawShape,
> extends KindDeclaration<TInputShape, TOutputShape> {
  /** Every Quay route this kind calls, keyed by route key. */
  routes: Readonly<Record<string, Route>>;
  /**
   * Inputs of one complete object for the contract tests, in a Quay that holds the organization `kinds`
   * with the repository `kinds/base`, the robot `kinds+puller`, the team `existing` and the user `alice`, and the
   * empty organization `kinds-mirror` with the robot `kinds-mirror+puller`.
   */
  sample: Record<string, unknown>;
  /**
   * Every object of this kind in `scope`, as `read` would describe it; the exporter walks these.
   * Absent for kinds the exporter does not write (their objects are part of another kind's).
   */
  list?(context: CrudContext, scope: ListScope): Promise<Listed<TInputShape, TOutputShape>[]>;
  /** Objects Quay makes itself (the `owners` team) that a program must not declare; export skips them. */
  automatic?(state: Partial<ShapeOutput<TInputShape>>): boolean;
  /**
   * The id of an existing object with the inputs' natural key, or undefined when there is none
   * for sure. Used to adopt objects; it must not write. `read` then confirms and describes it. Kinds
   * without a natural key find an identical object, skipping the ids in `excluding`.
   */
  locate(
    context: CrudContext,
    inputs: ShapeOutput<TInputShape>,
    excluding?: ReadonlySet<string>,
  ): Promise<string | undefined>;
  /** Creates the object; returns its id and output-only values. */
  create(
    context: CrudContext,
    inputs: ShapeOutput<TInputShape>,
  ): Promise<{ id: string; outputs: ShapeOutput<TOutputShape> }>;
  /**
   * Reads the object as Quay has it now: the identifying and observable inputs plus outputs, or
   * `undefined` when it is gone. `state` is the last known state (for values Quay never returns);
   * `scope` says whether to read only the inputs it manages or every one (see {@link ReadScope}).
   */
  read(
    context: CrudContext,
    id: string,
    state: Partial<ShapeOutput<TInputShape>> & Record<string, unknown>,
    scope?: ReadScope,
  ): Promise<(Partial<ShapeOutput<TInputShape>> & ShapeOutput<TOutputShape>) | undefined>;
  /**
   * Applies in-place changes; absent when every input replaces. `changed` holds the inputs whose value
   * differs, as the diff decided. Returns the new output-only values.
   */
  update?(
    context: CrudContext,
    id: string,
    olds: ShapeOutput<TInputShape> & ShapeOutput<TOutputShape>,
    news: ShapeOutput<TInputShape>,
    changed: ReadonlySet<string>,
  ): Promise<ShapeOutput<TOutputShape>>;
  /** Deletes the object; succeeds when it is already gone. */
  delete(context: CrudContext, id: string, state: ShapeOutput<TInputShape> & ShapeOutput<TOutputShape>): Promise<void>;
  /**
   * For kinds replaced delete-first: what Quay deletes along with the old object that the stack may not
   * re-create (read just before that delete), and how to give it to the new object right after its create.
   */
  carryOver?: {
    collect(
      context: CrudContext,
      id: string,
      state: ShapeOutput<TInputShape> & ShapeOutput<TOutputShape>,
    ): Promise<unknown>;
    restore(context: CrudContext, id: string, inputs: ShapeOutput<TInputShape>, carried: unknown): Promise<void>;
  };
}

/**
 * Declares a kind. Adds the common inputs, so every kind accepts `connection`, and the common outputs,
 * which the generic operations fill in (the kind's CRUD returns only its own outputs).
 */
export function defineResource<TInputShape extends z.ZodRawShape, TOutputShape extends z.ZodRawShape>(
  definition: ResourceDefinition<TInputShape, TOutputShape>,
): ResourceDefinition<TInputShape & typeof commonInputs, TOutputShape> {
  return {
    ...definition,
    inputs: definition.inputs.extend(commonInputs),
    outputs: definition.outputs.extend(commonOutputs),
  } as unknown as ResourceDefinition<TInputShape & typeof commonInputs, TOutputShape>;
}

/** A declared kind with its types erased, as the catalog and the generic operations see it. */
export type AnyResourceDefinition = ResourceDefinition<z.ZodRawShape, z.ZodRawShape>;

/** Any declaration with its types erased: what the generators and the generic check read. */
export type AnyDeclaration = KindDeclaration<z.ZodRawShape, z.ZodRawShape>;

/** The `.meta()` of a schema (description, replacement, secrecy), or an empty object. */
export function metaOf(schema: z.core.$ZodType): z.core.GlobalMeta {
  return z.globalRegistry.get(schema) ?? {};
}
