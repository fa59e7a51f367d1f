/**
 * The dynamic provider Pulumi serializes into state for each resource kind. Its methods hold nothing
 * but a `require` of the runtime by package name and the kind's name, so the serialized text is
 * small, identical across library versions, and carries no credentials: those come from stack
 * configuration through `configure` at run time.
 */
import type * as pulumi from "@pulumi/pulumi";
import type * as runtime from "../provider/runtime";

/** The provider object for one kind: the kind's name, the stack configuration once given, and the CRUD. */
export interface QuayProvider extends pulumi.dynamic.ResourceProvider {
  /** The resource kind this provider serves, e.g. `Organization`. */
  readonly kind: string;
  /** The stack configuration handed over by `configure`; the runtime reads it lazily. */
  config?: unknown;
}

/**
 * Builds the provider for `kind`. A plain object rather than a class instance, and terse parameter
 * names: Pulumi stores this text twice per resource, and a class adds its constructor and prototype.
 * (o, n, p: old state, new inputs, properties.)
 */
export function quayProvider(kind: string): QuayProvider {
  return {
    kind,
    async configure(r) {
      this.config = r.config;
    },
    async check(o, n) {
      return (require("pulumi-quay/runtime") as typeof runtime).check(this.kind, o, n, this.config as never);
    },
    async diff(id, o, n) {
      return (require("pulumi-quay/runtime") as typeof runtime).diff(this.kind, id, o, n, this.config as never);
    },
    async create(n) {
      return (require("pulumi-quay/runtime") as typeof runtime).create(this.kind, this.config as never, n);
    },
    async read(id, p) {
      return (require("pulumi-quay/runtime") as typeof runtime).read(this.kind, this.config as never, id, p);
    },
    async update(id, o, n) {
      return (require("pulumi-quay/runtime") as typeof runtime).update(this.kind, this.config as never, id, o, n);
    },
    async delete(id, p) {
      return (require("pulumi-quay/runtime") as typeof runtime).deleteResource(this.kind, this.config as never, id, p);
    },
  };
}
