/**
 * `pulumi-quay audit --org NAME`: the registry policy (`provider/policy/rules.ts`, the rules the policy pack
 * runs) applied to what a Quay holds, with GET requests only, as `export` reads it: before adopting a
 * registry, see what the pack would flag. Exit status 1 when a mandatory rule is violated.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { collectOrganization, type FoundNamespace } from "../provider/operations/collect";
import { contextFor } from "../provider/operations/context";
import { type EnforcementLevel, optionsOf, type Rule, rules } from "../provider/policy/rules";
import { foundSubjects } from "../provider/policy/subjects";

/** How to run `pulumi-quay audit`. */
export const auditUsage = `usage: pulumi-quay audit --org NAME [--org NAME ...] [--config FILE] [--json]

Reads the organizations from the Quay named by QUAY_URL and QUAY_TOKEN (GET requests only) and checks
them against the registry policy that the policy pack (node_modules/pulumi-quay/policy) runs at preview.
--config takes the pack's configuration file (the one given to --policy-pack-config): per rule, an
enforcement level or { "enforcementLevel": ..., options }. Prints each violation, or with --json one
JSON document; exits 1 when a mandatory rule is violated, 0 otherwise.`;

/** One violation found in Quay. */
export interface Violation {
  rule: string;
  enforcementLevel: EnforcementLevel;
  /** The object (`Repository acme/app`), or the organization for a rule over all its objects. */
  where: string;
  message: string;
}

/** The enforcement level a configuration entry sets: the entry itself, or its `enforcementLevel`. */
function levelOf(entry: unknown): EnforcementLevel | undefined {
  if (typeof entry === "string") return entry as EnforcementLevel;
  return (entry as { enforcementLevel?: EnforcementLevel } | undefined)?.enforcementLevel;
}

/**
 * A rule's level and options as the pack's configuration file sets them, as Pulumi reads that file: the
 * rule's own entry, then `all` (the level of every rule), then the rule's default.
 */
function configured(rule: Rule, config: Record<string, unknown>) {
  const entry = config[rule.name];
  const given = typeof entry === "object" && entry !== null ? { ...(entry as Record<string, unknown>) } : {};
  delete given.enforcementLevel;
  return {
    level: levelOf(entry) ?? levelOf(config.all) ?? rule.enforcementLevel,
    options: optionsOf(rule, given),
  };
}

/** Every violation of the registry policy in `namespaces`, in rule order. */
export function auditNamespaces(
  namespaces: readonly FoundNamespace[],
  config: Record<string, unknown> = {},
): Violation[] {
  const violations: Violation[] = [];
  for (const namespace of namespaces) {
    const subjects = foundSubjects(namespace);
    for (const rule of rules) {
      const { level, options } = configured(rule, config);
      if (level === "disabled") continue;
      const report = (message: string, subject?: { where: string }) =>
        violations.push({ rule: rule.name, enforcementLevel: level, where: subject?.where ?? namespace.name, message });
      for (const subject of subjects) rule.check?.(subject, options, report);
      rule.checkAll?.(subjects, options, report);
    }
  }
  return violations;
}

/** Runs `audit` with `args`; resolves to the exit status. */
export async function auditCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      org: { type: "string", multiple: true, default: [] },
      config: { type: "string" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(auditUsage);
    return 0;
  }
  if (values.org.length === 0) throw new Error(`name at least one --org\n${auditUsage}`);
  const config = values.config ? (JSON.parse(readFileSync(values.config, "utf8")) as Record<string, unknown>) : {};
  const context = contextFor(undefined, {});
  const namespaces: FoundNamespace[] = [];
  for (const org of values.org) namespaces.push(await collectOrganization(context, org));
  const violations = auditNamespaces(namespaces, config);
  const mandatory = violations.some((violation) => violation.enforcementLevel === "mandatory");
  if (values.json) {
    console.log(JSON.stringify({ organizations: values.org, violations }, null, 2));
  } else if (violations.length === 0) {
    console.log(`no violations in ${values.org.join(", ")}`);
  } else {
    for (const { rule, enforcementLevel, where, message } of violations) {
      console.log(`${enforcementLevel === "mandatory" ? "mandatory" : "advisory "}  ${rule}  ${where}: ${message}`);
    }
    const counts = ["mandatory", "advisory"].map(
      (level) => `${violations.filter((violation) => violation.enforcementLevel === level).length} ${level}`,
    );
    console.log(`\n${violations.length} violations (${counts.join(", ")})`);
  }
  return mandatory ? 1 : 0;
}
