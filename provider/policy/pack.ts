/**
 * The registry policy as a Pulumi policy pack (`policy/` in the package: `pulumi preview --policy-pack
 * node_modules/pulumi-quay/policy`). Each rule of `rules.ts` becomes one policy of the same name; a Tenant is
 * judged as the objects it declares. The policy SDK stops a rule that reads a value not known at preview
 * and reports that it could not run, as advisory: nothing passes or fails on a guess.
 */
import { type Policies, PolicyPack, type ReportViolation, type StackValidationArgs } from "@pulumi/policy";
import { optionsOf, type Rule, type Subject } from "./rules";
import { resourceSubjects } from "./subjects";

/**
 * Reports a violation against the resource of `subject` (the stack when it has none); Pulumi names the
 * resource, and a Tenant's object is named by its path.
 */
function reporter(reportViolation: ReportViolation) {
  return (message: string, subject?: Subject) =>
    reportViolation(subject?.path ? `${subject.path}: ${message}` : message, subject?.urn);
}

/** The arguments the policy SDK gives a resource's validation. */
interface ResourceArgs {
  type: string;
  name: string;
  urn: string;
  props: Record<string, unknown>;
  getConfig<T extends object>(): T;
}

/** The Pulumi policy of one rule: a resource validation for `check`, a stack validation for `checkAll`. */
export function policyOf(rule: Rule): Policies[number] {
  const options = (given: object) => optionsOf(rule, given as Record<string, unknown>);
  const configSchema = rule.options && {
    properties: Object.fromEntries(
      Object.entries(rule.options).map(([key, { type, items, default: fallback, description }]) => [
        key,
        { type, ...(items ? { items } : {}), default: fallback, description },
      ]),
    ),
  };
  const validateResource = (args: ResourceArgs, reportViolation: ReportViolation) => {
    const report = reporter(reportViolation);
    for (const subject of resourceSubjects(args)) rule.check?.(subject, options(args.getConfig()), report);
  };
  const validateStack = (args: StackValidationArgs, reportViolation: ReportViolation) => {
    const subjects = args.resources.flatMap((resource) => resourceSubjects(resource));
    rule.checkAll?.(subjects, options(args.getConfig()), reporter(reportViolation));
  };
  return {
    name: rule.name,
    description: rule.description,
    enforcementLevel: rule.enforcementLevel,
    ...(configSchema ? { configSchema } : {}),
    ...(rule.check ? { validateResource } : {}),
    ...(rule.checkAll ? { validateStack } : {}),
  } as Policies[number];
}

/** Builds the pack (run by the policy analyzer when Pulumi loads `policy/`). */
export function registryPolicyPack(rules: readonly Rule[]): PolicyPack {
  return new PolicyPack("pulumi-quay", {
    description: "Registry policy for Red Hat Quay: public repositories, robot privileges, TLS, quotas and more.",
    policies: rules.map(policyOf),
  });
}
