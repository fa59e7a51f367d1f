/**
 * The dynamic provider Pulumi stores as `__provider` with each resource, as fixed text: a module whose
 * handler requires the runtime by package name and holds the kind's name, nothing else. Written here
 * once instead of serialized from a closure at run time, it costs nothing per resource, is the same in
 * every program and library version, stays small in state, and carries no credentials: those come from
 * stack configuration through `configure` at run time. The form (`exports.handler`) is the one Pulumi's own
 * closure serializer writes and the dynamic-provider host loads; the contract tier runs it in that host.
 */

/** The text of the provider for `kind` (`Organization`), as the dynamic-provider host loads it. */
export function providerText(kind: string): string {
  return (
    'const q=()=>require("pulumi-quay/runtime");' +
    `exports.handler=()=>({kind:${JSON.stringify(kind)},` +
    "async configure(r){this.config=r.config}," +
    "async check(o,n){return q().check(this.kind,o,n,this.config)}," +
    "async diff(i,o,n){return q().diff(this.kind,i,o,n,this.config)}," +
    "async create(n){return q().create(this.kind,this.config,n)}," +
    "async read(i,p){return q().read(this.kind,this.config,i,p)}," +
    "async update(i,o,n){return q().update(this.kind,this.config,i,o,n)}," +
    "async delete(i,p){return q().deleteResource(this.kind,this.config,i,p)}});"
  );
}
