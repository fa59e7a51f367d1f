/**
 * The dynamic provider Pulumi serializes into state for each resource kind. Its methods hold nothing
 * but a `require` of the runtime by package name and the kind's name (design.md rule 1), so the
 * serialized text is small, identical across library versions, and carries no credentials: those
 * come from stack configuration through `configure` at run time.
 */
import type * as pulumi from "@pulumi/pulumi";
import type * as runtime from "../provider/runtime";

/** {@link QuayProvider} forwards every provider call for one kind to `pulumi-quay/runtime`. */
export class QuayProvider implements pulumi.dynamic.ResourceProvider {
  /** The resource kind this provider serves, e.g. `Organization`. */
  declare readonly kind: string;
  /** The stack configuration handed over by `configure`; read lazily by the runtime. */
  declare config: unknown;

  constructor(kind: string) {
    this.kind = kind;
  }

  async configure(request: pulumi.dynamic.ConfigureRequest): Promise<void> {
    this.config = request.config;
  }

  async check(olds: any, news: any): Promise<pulumi.dynamic.CheckResult> {
    return (require("pulumi-quay/runtime") as typeof runtime).check(this.kind, olds, news);
  }

  async diff(id: string, olds: any, news: any): Promise<pulumi.dynamic.DiffResult> {
    return (require("pulumi-quay/runtime") as typeof runtime).diff(this.kind, id, olds, news);
  }

  async create(inputs: any): Promise<pulumi.dynamic.CreateResult> {
    return (require("pulumi-quay/runtime") as typeof runtime).create(this.kind, this.config as never, inputs);
  }

  async read(id: string, props: any): Promise<pulumi.dynamic.ReadResult> {
    return (require("pulumi-quay/runtime") as typeof runtime).read(this.kind, this.config as never, id, props);
  }

  async update(id: string, olds: any, news: any): Promise<pulumi.dynamic.UpdateResult> {
    return (require("pulumi-quay/runtime") as typeof runtime).update(this.kind, this.config as never, id, olds, news);
  }

  async delete(id: string, props: any): Promise<void> {
    return (require("pulumi-quay/runtime") as typeof runtime).deleteResource(
      this.kind,
      this.config as never,
      id,
      props,
    );
  }
}
