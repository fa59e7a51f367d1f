// End-to-end fixture: declares what the stack config `resources` (JSON) lists, as
// [{ "kind": "Repository", "name": "app", "args": {...} }]. A value written "@other.field", at any depth, is
// the output `field` of the resource named `other`, declared earlier: a reference, as a user writes
// `org.name`. One written "secret:key" is the secret stack config value `key`, as a user passes a password.
// With the stack config `native` true, the resources are the native provider's; "@provider" names an
// explicit provider made from the config `providerUrl` (itself possibly "@other.field") and the secret
// `providerToken`, made when a resource first names it.
const pulumi = require("@pulumi/pulumi");
const config = new pulumi.Config();
const quay = require(config.getBoolean("native") ? "pulumi-quay/native" : "pulumi-quay");
const declared = {};

function resolve(value) {
  if (Array.isArray(value)) return value.map(resolve);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolve(item)]));
  }
  const reference = typeof value === "string" ? /^@([\w-]+)\.(\w+)$/.exec(value) : null;
  if (reference) return declared[reference[1]][reference[2]];
  const secret = typeof value === "string" ? /^secret:(\w+)$/.exec(value) : null;
  return secret ? config.requireSecret(secret[1]) : value;
}

let explicit;
function explicitProvider() {
  explicit ??= new quay.Provider("explicit", {
    url: resolve(config.require("providerUrl")),
    token: config.requireSecret("providerToken"),
  });
  return explicit;
}

for (const { kind, name, args, provider } of config.requireObject("resources")) {
  declared[name] = new quay[kind](name, resolve(args), provider ? { provider: explicitProvider() } : {});
}
