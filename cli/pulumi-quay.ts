#!/usr/bin/env node
/**
 * `pulumi-quay`: tools around the library. `export` reads organizations (and optionally the token
 * user's own namespace) from Quay, with GET requests only, and writes a Pulumi TypeScript program
 * that declares them, ready to be adopted without recreating anything.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { collectOrganization, collectUserNamespace, type FoundNamespace } from "../provider/export/collect";
import { writeProgram } from "../provider/export/program";
import { closeConnections, contextFor } from "../provider/operations/context";
import { installPlugin } from "./install-plugin";

const usage = `usage: pulumi-quay export --org NAME [--org NAME ...] [--user] [--blueprint] [--out DIR] [--force]
       pulumi-quay install-plugin

install-plugin installs the native provider plugin (pulumi-resource-quay) of this package with
\`pulumi plugin install\`, for pulumi-quay/native and for Python and YAML programs.


Reads the organizations (and with --user the token user's own robots and repositories) from the
Quay named by QUAY_URL and QUAY_TOKEN (and the other QUAY_* settings of the provider), and writes
a Pulumi TypeScript program declaring them to DIR (default ./quay-<first org>). Only reads Quay.
With --blueprint, each organization is one OrganizationBlueprint (teams, robots, repositories and
their permissions, default permissions, quota, prune rules), with what it cannot hold beside it.`;

async function exportCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      org: { type: "string", multiple: true, default: [] },
      user: { type: "boolean", default: false },
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
  const out = resolve(values.out ?? `quay-${values.org[0] ?? "user"}`);
  if (existsSync(out) && readdirSync(out).length > 0 && !values.force) {
    throw new Error(`${out} is not empty; choose another --out or pass --force to overwrite`);
  }
  const context = contextFor(undefined, {});
  const namespaces: FoundNamespace[] = [];
  for (const org of values.org) namespaces.push(await collectOrganization(context, org));
  if (values.user) namespaces.push(await collectUserNamespace(context));
  const version = JSON.parse(readFileSync(join(__dirname, "../../package.json"), "utf8")).version as string;
  const program = writeProgram(namespaces, {
    project: `quay-${values.org[0] ?? "user"}`,
    packageVersion: `^${version}`,
    blueprint: values.blueprint,
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
