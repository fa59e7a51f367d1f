/**
 * The declaration of a composite kind: one Pulumi resource that declares many Quay objects (an
 * organization and what it holds). Its schema and docs are a {@link KindDeclaration}'s; what it declares
 * is a table of parts, each mapping a part of the shape to the objects of one kind and back. The generic
 * operations (`provider/operations/composite/`) apply the objects through the same per-kind operations
 * the per-object resources use; the blueprint component and the exporter read the same table.
 */
import type { z } from "zod";
import { commonInputs, commonOutputs, type KindDeclaration, type ShapeOutput } from "../../resources/_shared/define";
import type { Path } from "./paths";

/** A property bag: a composite's shape, or one object's inputs or state. */
export type Bag = Record<string, unknown>;

/** One object a composite declares, as its shape gives it. */
export interface PlannedObject {
  /** Its kind. */
  kind: string;
  /** Where it sits in the shape: `["repositories", "api", "teams", "developers"]`; `[]` for the root. */
  path: Path;
  /** Its inputs as its kind takes them, not yet checked. */
  inputs: Bag;
  /** The paths of the declared objects it needs first: its organization, the team it grants a role to. */
  after: Path[];
  /** The name of its child resource in the blueprint component, after the component's own: `repo-api`. */
  child: string;
}

/** An object a composite made, as the composite's state records it. */
export interface RecordedObject {
  /** Its kind. */
  kind: string;
  /** Its id, as its kind builds ids. */
  id: string;
  /** Where it sits in the shape. */
  path: Path;
  /** The paths of the objects it needed first: it is deleted before them. */
  after: Path[];
  /** Its state as its kind's operations recorded it. */
  state: Bag;
}

/** Where an object found in Quay goes in the shape, and what it holds there. */
export interface Placement {
  /** Its path; a map key the object does not name itself (a prune rule's) is made up, unique in `shape`. */
  path: Path;
  /** Its value there: merged into what the path already holds (a repository keeps its grants). */
  value: unknown;
}

/** The objects of one kind that a composite declares, and the way back from them to the shape. */
export interface Part {
  /** The kind of the objects. */
  kind: string;
  /** The objects of this part in `shape` (checked: defaults applied), without their kind. */
  plan(shape: Bag): Omit<PlannedObject, "kind">[];
  /**
   * Where `state` (an object of this kind, as it reads or lists it) goes in `shape`, and its value there;
   * undefined when the shape does not hold such an object (another organization's, say).
   */
  place(state: Bag, shape: Bag): Placement | undefined;
  /**
   * The shape path, relative to the object's, that holds each of the kind's inputs, for failures and
   * diffs (`members` of a team is `["members"]`); `null` for an input the object's own path stands for
   * (a permission's `role` is the value at its path). Inputs not listed keep their names.
   */
  fields?: Record<string, Path | null>;
}

/** The declaration of a composite kind. */
export interface CompositeDefinition<
  TInputShape extends z.ZodRawShape = z.ZodRawShape,
  TOutputShape extends z.ZodRawShape = z.ZodRawShape,
> extends KindDeclaration<TInputShape, TOutputShape> {
  /** The kind of the object at the shape's root, whose id is the composite's (the organization). */
  root: string;
  /** The parts, in the order an exported shape is built (a repository before its roles). */
  parts: readonly Part[];
  /** The composite's own settings: inputs no object takes, recorded in its state only (`authoritative`). */
  settings: readonly (keyof TInputShape & string)[];
  /**
   * Rules across the shape (a team lists a robot the shape does not declare), each naming the path; values
   * unknown at preview are the string `unknownValue`. The objects' own rules are checked per object.
   */
  validate?(inputs: ShapeOutput<TInputShape>): { property: string; reason: string }[];
  /** The composite's own output-only values (a robot's token by short name), from the objects it holds. */
  summarize(objects: readonly RecordedObject[]): Partial<ShapeOutput<TOutputShape>>;
}

/** A composite with its types erased, as the catalog and the operations see it. */
export type AnyCompositeDefinition = CompositeDefinition<z.ZodRawShape, z.ZodRawShape>;

/** Declares a composite kind, with the inputs and outputs every kind has (`connection`, `quayUrl`). */
export function defineComposite<TInputShape extends z.ZodRawShape, TOutputShape extends z.ZodRawShape>(
  definition: CompositeDefinition<TInputShape, TOutputShape>,
): CompositeDefinition<TInputShape & typeof commonInputs, TOutputShape> {
  return {
    ...definition,
    inputs: definition.inputs.extend(commonInputs),
    outputs: definition.outputs.extend(commonOutputs),
  } as unknown as CompositeDefinition<TInputShape & typeof commonInputs, TOutputShape>;
}
