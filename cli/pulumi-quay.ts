#!/usr/bin/env node
/**
 * `pulumi-quay`: tools around the library. `export` reads organizations (and optionally the token
 * user's own namespace) from Quay, with GET requests only, and writes a Pulumi TypeScript program
 * that declares them, ready to be adopted without recreating anything; `audit` checks what Quay holds
 * against the registry policy; `bootstrap` makes the first user of a fresh Quay and its token;
 * `install-plugin` installs the native provider plugin.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { writeProgram } from "../provider/export/program";
import { collectOrganization, collectUserNamespace, type FoundNamespace } from "../provider/operations/collect";
import { closeConnections, contextFor } from "../provider/operations/context";
import { auditCommand } from "./audit";
import { bootstrapCommand } from "./bootstrap";
import { installPlugin } from "./install-plugin";

const usage = `usage: pulumi-quay export --org NAME [--org NAME ...] [--user] [--tenant | --blueprint] [--out DIR]
                          [--package SPEC] [--force]
       pulumi-quay audit --org NAME [--org NAME ...] [--config FILE] [--json]
       pulumi-quay install-plugin
       pulumi-quay bootstrap --url URL --username NAME [--email ADDRESS] [--stack-config]

audit checks what the organizations hold against the registry policy (pulumi-quay audit --help).

bootstrap makes the first user of a fresh Quay and a token for it (pulumi-quay bootstrap --help).

install-plugin installs the native provider plugin (pulumi-resource-quay) of this package with
\`pulumi plugin install\`, for pulumi-quay/native and for Python and YAML programs.


Reads the organizations (and with --user the token user's own robots and repositories) from the
Quay named by QUAY_URL and QUAY_TOKEN (and the other QUAY_* settings of the provider), and writes
a Pulumi TypeScript program declaring them to DIR (default ./quay-<first org>). Only reads Quay.
With --tenant, each organization is one Tenant resource (teams, robots, repositories with their
roles, rules, notifications and mirrors, default permissions, quota, prune and immutability rules);
with --blueprint, one OrganizationBlueprint component declaring the same as child resources. What
neither can hold (proxy caches, organization mirrors, OAuth applications) stays beside it.
The program's package.json asks for pulumi-quay as SPEC: by default the copy of pulumi-quay
running this command (file:<its directory>); give a tarball (file:./pulumi-quay-0.1.0.tgz) or,
once pulumi-quay is on a registry you use, a version range (pulumi-quay@^0.1.0 or ^0.1.0).`;

async function exportCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      org: { type: "string", multiple: true, default: [] },
      user: { type: "boolean", default: false },
      tenant: { type: "boolean", default: false },
      package: { type: "string" },
      blueprint: { type: "boolean", default: false },
      out: { type: "string" },
      force: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  if (values.org.length === 0 && !values.user) throw new Error(`name at least one --org, or --user\n${usage}`);
  if (values.tenant && values.blueprint) throw new Error(`choose one of --tenant and --blueprint\n${usage}`);
  const out = resolve(values.out ?? `quay-${values.org[0] ?? "user"}`);
  if (existsSync(out) && readdirSync(out).length > 0 && !values.force) {
    throw new Error(`${out} is not empty; choose another --out or pass --force to overwrite`);
  }
  const context = contextFor(undefined, {});
  const namespaces: FoundNamespace[] = [];
  for (const org of values.org) namespaces.push(await collectOrganization(context, org));
  if (values.user) namespaces.push(await collectUserNamespace(context));
  const program = writeProgram(namespaces, {
    project: `quay-${values.org[0] ?? "user"}`,
    packageVersion: packageSpec(values.package),
    form: values.tenant ? "tenant" : values.blueprint ? "blueprint" : "objects",
  });
  mkdirSync(out, { recursive: true });
  for (const [name, content] of Object.entries(program.files)) writeFileSync(join(out, name), content);
  const counts = namespaces.map((namespace) => `${namespace.name}: ${countByKind(namespace)}`);
  console.log(`wrote ${out}\n  ${counts.join("\n  ")}`);
  console.log("next:");
  console.log(`  cd ${out} && npm install && pulumi stack init`);
  console.log("  pulumi config set quay:url <url> && pulumi config set --secret quay:token <token>");
  for (const { key, purpose } of program.secretConfigKeys)
    console.log(`  pulumi config set --secret ${key} <${purpose}>`);
  console.log("  pulumi config set quay:adopt true && pulumi up && pulumi config rm quay:adopt");
  console.log("  pulumi preview   # no changes");
}

/** The package.json spec of pulumi-quay for an exported program: `spec` as given, or this very copy. */
function packageSpec(spec: string | undefined): string {
  if (spec === undefined) return `file:${resolve(__dirname, "../..")}`;
  return spec.replace(/^pulumi-quay@/, "");
}

/** "4 teams, 12 repositories, ..." for the objects of a namespace, in kind order. */
function countByKind(namespace: FoundNamespace): string {
  const counts = new Map<string, number>();
  for (const object of namespace.objects) counts.set(object.kind.kind, (counts.get(object.kind.kind) ?? 0) + 1);
  return [...counts]
    .map(([kind, count]) => {
      const words = kind.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
      const plural = count === 1 ? words : words.endsWith("y") ? `${words.slice(0, -1)}ies` : `${words}s`;
      return `${count} ${plural}`;
    })
    .join(", ");
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  try {
    if (command === "export") await exportCommand(rest);
    else if (command === "audit") process.exitCode = await auditCommand(rest);
    else if (command === "bootstrap") await bootstrapCommand(rest);
    else if (command === "install-plugin") {
      const version = installPlugin(process.env.PULUMI_QUAY_PULUMI ?? "pulumi");
      console.log(`installed the quay provider plugin ${version}: programs can use pulumi-quay/native`);
    } else if (command === undefined || command === "--help" || command === "help") console.log(usage);
    else throw new Error(`unknown command "${command}"\n${usage}`);
  } finally {
    await closeConnections();
  }
}

main().catch((error: unknown) => {
  console.error(`pulumi-quay: ${(error as Error).message}`);
  process.exit(2);
});
