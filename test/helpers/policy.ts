/** Running the registry policy's rules as the policy SDK does, for unit tests. */
import { policyOf } from "../../provider/policy/pack";
import { type Rule, rules } from "../../provider/policy/rules";

// The policy SDK's own treatment of values unknown at preview: it wraps a resource's props in this proxy
// and reports a rule that reads an unknown as unable to run. Internal to the SDK, hence typed here.
export const { unknownCheckingProxy, UnknownValueError, unknownStringValue } = require("@pulumi/policy/proxy") as {
  unknownCheckingProxy<T>(props: T): T;
  UnknownValueError: new (...args: never[]) => Error;
  unknownStringValue: string;
};

/** The rule named `name`. */
export const rule = (name: string) => rules.find((candidate) => candidate.name === name) as Rule;

type Validate = (args: unknown, report: (message: string, urn?: string) => void) => void;

/** The violations `name` reports for one resource of `kind` with `props` (as the policy SDK hands them over). */
export function resourceViolations(
  name: string,
  kind: string,
  props: Record<string, unknown>,
  config = {},
  native = true,
) {
  const policy = policyOf(rule(name)) as unknown as { validateResource?: Validate };
  const found: string[] = [];
  policy.validateResource?.(
    {
      type: native ? `quay:index:${kind}` : `pulumi-nodejs:dynamic/quay:${kind}`,
      name: "res",
      urn: `urn:pulumi:s::p::quay:index:${kind}::res`,
      props: unknownCheckingProxy(props),
      getConfig: () => config,
    },
    (message) => found.push(message),
  );
  return found;
}

/** The violations `name` reports for a stack of `resources` ([kind, props]). */
export function stackViolations(name: string, resources: [string, Record<string, unknown>][], config = {}) {
  const policy = policyOf(rule(name)) as unknown as { validateStack?: Validate };
  const found: string[] = [];
  policy.validateStack?.(
    {
      resources: resources.map(([kind, props], index) => ({
        type: `quay:index:${kind}`,
        name: `r${index}`,
        urn: `urn:${index}`,
        props: unknownCheckingProxy(props),
      })),
      getConfig: () => config,
    },
    (message) => found.push(message),
  );
  return found;
}

/** Whether judging `props` stops on a value unknown at preview (the SDK then reports that it could not run). */
export function stopsOnUnknown(run: () => unknown): boolean {
  try {
    run();
    return false;
  } catch (error) {
    return error instanceof UnknownValueError;
  }
}
