/**
 * Turns exported namespaces into a readable Pulumi TypeScript program: one declaration per object,
 * references between them (a permission names its repository and team objects, not copied
 * strings), Quay's automatic objects left out, and secrets Quay never returns (mirror passwords)
 * left as stack-config placeholders.
 */
import type { ExportedNamespace, ExportedRepository } from "./read-registry";
import { automaticTeams } from "./read-registry";

/** The program's files and the secret config keys the user must set before adopting. */
export interface ExportedProgram {
  files: Record<string, string>;
  secretConfigKeys: { key: string; purpose: string }[];
}

/** Options for {@link writeProgram}. */
export interface ProgramOptions {
  /** The Pulumi project name. */
  project: string;
  /** The pulumi-quay version range the program's package.json asks for. */
  packageVersion: string;
}

/** Quay's own defaults, left out of the program so it stays short. */
const defaultTagExpiration = 1_209_600;

/** Unique, readable TypeScript identifiers from Quay names. */
class Identifiers {
  private readonly taken = new Set<string>(["pulumi", "quay", "config"]);

  make(...parts: string[]): string {
    const words = parts
      .join(" ")
      .split(/[^A-Za-z0-9]+/)
      .filter(Boolean);
    let base = words
      .map((word, index) => (index === 0 ? word.toLowerCase() : word[0].toUpperCase() + word.slice(1)))
      .join("");
    if (base === "" || /^[0-9]/.test(base)) base = `q${base}`;
    let name = base;
    for (let suffix = 2; this.taken.has(name); suffix += 1) name = `${base}${suffix}`;
    this.taken.add(name);
    return name;
  }
}

const literal = (value: unknown) => JSON.stringify(value);

/** An object literal from entries, leaving out undefined values; values are code, not data. */
function object(entries: [string, string | undefined][], indent = ""): string {
  const kept = entries.filter(([, value]) => value !== undefined);
  return `{\n${kept.map(([key, value]) => `${indent}  ${/^[A-Za-z_]\w*$/.test(key) ? key : literal(key)}: ${value},`).join("\n")}\n${indent}}`;
}

/** Writes the program for `namespaces`. */
export function writeProgram(namespaces: ExportedNamespace[], options: ProgramOptions): ExportedProgram {
  const ids = new Identifiers();
  const lines: string[] = [];
  const secretConfigKeys: { key: string; purpose: string }[] = [];
  let usesConfig = false;
  const declare = (kind: string, resourceName: string, args: string, variable?: string) =>
    lines.push(`${variable ? `const ${variable} = ` : ""}new quay.${kind}(${literal(resourceName)}, ${args});`);

  for (const namespace of namespaces) {
    lines.push("", `// ${namespace.kind === "organization" ? "Organization" : "User namespace"} ${namespace.name}`);
    const robots = new Map<string, string>();
    const teams = new Map<string, string>();
    let namespaceRef = literal(namespace.name);
    if (namespace.kind === "organization") {
      const variable = ids.make(namespace.name);
      namespaceRef = `${variable}.name`;
      declare(
        "Organization",
        namespace.name,
        object([
          ["name", literal(namespace.name)],
          ["email", namespace.email === undefined ? undefined : literal(namespace.email)],
          [
            "tagExpirationSeconds",
            namespace.tagExpirationSeconds === undefined || namespace.tagExpirationSeconds === defaultTagExpiration
              ? undefined
              : literal(namespace.tagExpirationSeconds),
          ],
        ]),
        variable,
      );
    }
    const orgField = namespace.kind === "organization" ? namespaceRef : undefined;
    for (const robot of namespace.robots) {
      const variable = ids.make(namespace.name, robot.shortname, "robot");
      robots.set(robot.name, variable);
      declare(
        "Robot",
        robot.name,
        object([
          ["organization", orgField],
          ["name", literal(robot.shortname)],
          ["description", robot.description === "" ? undefined : literal(robot.description)],
        ]),
        variable,
      );
    }
    const subject = (name: string) => (robots.has(name) ? `${robots.get(name)}.fullName` : literal(name));
    const team = (name: string) => (teams.has(name) ? `${teams.get(name)}.name` : literal(name));
    for (const entry of namespace.teams) {
      const variable = ids.make(namespace.name, entry.name, "team");
      teams.set(entry.name, variable);
      declare(
        "Team",
        `${namespace.name}/${entry.name}`,
        object([
          ["organization", namespaceRef],
          ["name", literal(entry.name)],
          ["role", entry.role === "member" ? undefined : literal(entry.role)],
          ["description", entry.description === "" ? undefined : literal(entry.description)],
          ["members", `[${entry.members.map(subject).join(", ")}]`],
        ]),
        variable,
      );
    }
    for (const repository of namespace.repositories) {
      writeRepository(repository);
    }
    for (const prototype of namespace.prototypes) {
      const delegateName = prototype.delegateKind === "team" ? `team ${prototype.delegate}` : prototype.delegate;
      const by = prototype.activatingUser === undefined ? "" : ` by ${prototype.activatingUser}`;
      declare(
        "DefaultPermission",
        `${namespace.name}: ${prototype.role} for ${delegateName} on new repositories${by}`,
        object([
          ["organization", namespaceRef],
          ["role", literal(prototype.role)],
          prototype.delegateKind === "team"
            ? ["delegateTeam", team(prototype.delegate)]
            : ["delegateUser", subject(prototype.delegate)],
          ["activatingUser", prototype.activatingUser === undefined ? undefined : literal(prototype.activatingUser)],
        ]),
      );
    }

    function writeRepository(repository: ExportedRepository): void {
      const fullName = `${repository.namespace}/${repository.name}`;
      const variable = ids.make(repository.namespace, repository.name, "repository");
      declare(
        "Repository",
        fullName,
        object([
          ["namespace", namespaceRef],
          ["name", literal(repository.name)],
          ["visibility", literal(repository.visibility)],
          ["description", repository.description === "" ? undefined : literal(repository.description)],
          ["state", repository.state === "READ_ONLY" ? literal("READ_ONLY") : undefined],
        ]),
        variable,
      );
      const reference = `${variable}.fullName`;
      for (const permission of repository.userPermissions) {
        declare(
          "RepositoryPermission",
          `${fullName}: ${permission.name}`,
          object([
            ["repository", reference],
            ["user", subject(permission.name)],
            ["role", literal(permission.role)],
          ]),
        );
      }
      for (const permission of repository.teamPermissions) {
        if (automaticTeams.has(permission.name) && !teams.has(permission.name)) {
          lines.push(
            `// The ${permission.name} team is Quay's own; its ${permission.role} role on ${fullName} is declared by name.`,
          );
        }
        declare(
          "RepositoryPermission",
          `${fullName}: team ${permission.name}`,
          object([
            ["repository", reference],
            ["team", team(permission.name)],
            ["role", literal(permission.role)],
          ]),
        );
      }
      repository.notifications.forEach((notification, index) => {
        declare(
          "RepositoryNotification",
          `${fullName}: ${notification.title ?? `${notification.event} by ${notification.method}`} #${index + 1}`,
          object([
            ["repository", reference],
            ["event", literal(notification.event)],
            ["method", literal(notification.method)],
            ["config", literal(notification.config)],
            [
              "eventConfig",
              Object.keys(notification.eventConfig).length === 0 ? undefined : literal(notification.eventConfig),
            ],
            ["title", notification.title === undefined ? undefined : literal(notification.title)],
          ]),
        );
      });
      const mirror = repository.mirror;
      if (mirror) {
        let password: string | undefined;
        if (mirror.external_registry_username) {
          const key = ids.make(repository.name, "mirror password");
          secretConfigKeys.push({
            key,
            purpose: `password of ${mirror.external_registry_username} for the mirror of ${fullName}`,
          });
          password = `config.requireSecret(${literal(key)})`;
          usesConfig = true;
        }
        const registry = mirror.external_registry_config as {
          verify_tls?: boolean;
          unsigned_images?: boolean;
          proxy?: { http_proxy?: string | null; https_proxy?: string | null; no_proxy?: string | null };
        };
        declare(
          "RepositoryMirror",
          `${fullName}: mirror`,
          object([
            ["repository", reference],
            ["externalReference", literal(mirror.external_reference)],
            ["robot", subject(mirror.robot_username)],
            ["tagPatterns", literal(mirror.root_rule.rule_value)],
            ["syncIntervalSeconds", literal(mirror.sync_interval)],
            ["syncStartDate", literal(mirror.sync_start_date)],
            ["enabled", mirror.is_enabled ? undefined : "false"],
            ["username", mirror.external_registry_username ? literal(mirror.external_registry_username) : undefined],
            ["password", password],
            ["verifyTls", registry.verify_tls === false ? "false" : undefined],
            ["unsignedImages", registry.unsigned_images === true ? "true" : undefined],
            ["httpProxy", registry.proxy?.http_proxy ? literal(registry.proxy.http_proxy) : undefined],
            ["httpsProxy", registry.proxy?.https_proxy ? literal(registry.proxy.https_proxy) : undefined],
            ["noProxy", registry.proxy?.no_proxy ? literal(registry.proxy.no_proxy) : undefined],
            [
              "skopeoTimeoutSeconds",
              mirror.skopeo_timeout_interval === undefined || mirror.skopeo_timeout_interval === 300
                ? undefined
                : literal(mirror.skopeo_timeout_interval),
            ],
          ]),
        );
      }
    }
  }

  const header = [
    `// Exported from Quay by \`pulumi-quay export\`. Adopt it without recreating anything:`,
    "//   pulumi config set quay:adopt true && pulumi up && pulumi config rm quay:adopt",
    "// then `pulumi preview` shows no changes. Quay's automatic objects (the owners team) are left out.",
    ...(secretConfigKeys.length > 0
      ? [
          "// Set these secrets first (Quay never returns them):",
          ...secretConfigKeys.map(({ key }) => `//   pulumi config set --secret ${key} <value>`),
        ]
      : []),
    ...(usesConfig ? ['import * as pulumi from "@pulumi/pulumi";'] : []),
    'import * as quay from "pulumi-quay";',
    ...(usesConfig ? ["", "const config = new pulumi.Config();"] : []),
  ];
  const index = `${[...header, ...lines].join("\n")}\n`;
  return {
    secretConfigKeys,
    files: {
      "index.ts": index,
      "Pulumi.yaml": `name: ${options.project}\ndescription: Quay configuration exported by pulumi-quay\nruntime: nodejs\n`,
      "package.json": `${JSON.stringify(
        {
          name: options.project,
          private: true,
          main: "index.ts",
          dependencies: { "@pulumi/pulumi": "^3.139.0", "pulumi-quay": options.packageVersion },
          devDependencies: { "@types/node": "^22.0.0", typescript: "^5.0.0" },
        },
        null,
        2,
      )}\n`,
      "tsconfig.json": `${JSON.stringify(
        {
          compilerOptions: {
            target: "ES2022",
            module: "commonjs",
            moduleResolution: "node",
            strict: true,
            skipLibCheck: true,
          },
          files: ["index.ts"],
        },
        null,
        2,
      )}\n`,
    },
  };
}
