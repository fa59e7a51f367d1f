/**
 * Stops a program that declares one Quay object twice (same kind, natural key and Quay), at preview:
 * otherwise `up` would create the object for one declaration and fail half-way for the other. The check
 * runs in the program on every run, so it does not load the runtime (hundreds of milliseconds of the
 * program's start-up) unless two declarations look alike; the runtime then confirms and names them. At
 * preview, the names a declaration writes out (a team's members, a permission's team) and that the
 * program does not declare are asked of Quay once each, with GET requests only.
 */
import * as pulumi from "@pulumi/pulumi";
import type * as runtime from "../provider/runtime";

/** What identifies the objects of a kind: the kind its objects count as, and its natural key. */
export interface KindIdentity {
  /** The kind, as the runtime knows it. */
  kind: string;
  /** The kind of the object it declares, for collisions: a composite declares its root (a Tenant, an Organization). */
  declares: string;
  /** The inputs that name the object in Quay. */
  naturalKey: readonly string[];
  /** Those of them a declaration must set: missing, the resource is one a targeted run leaves out. */
  required: readonly string[];
  /**
   * Where the inputs name other objects (a team's members, a permission's team), which the preview checks:
   * dotted paths from an input's name, `*` for every element or value, `#` for the keys of a map.
   */
  references: readonly string[];
}

/** What the claims of this program share, across every copy of the SDK loaded. */
interface Claims {
  /** The declarations seen so far, by identity: the name of the resource that declared each. */
  declarations: Map<string, string>;
  /** The claims whose natural key is not known yet (it waits on other resources). */
  unsettled: Set<object>;
  /** Called whenever a claim settles. */
  waiters: Set<() => void>;
}

function claims(): Claims {
  const holder = globalThis as { [key: symbol]: Claims | undefined };
  const key = Symbol.for("pulumi-quay.claims");
  holder[key] ??= { declarations: new Map(), unsettled: new Set(), waiters: new Set() };
  return holder[key];
}

const declarations = () => claims().declarations;

/** Marks `claim` settled: its key is known, or will stay unknown in this preview. */
function settle(claim: object): void {
  if (!claims().unsettled.delete(claim)) return;
  for (const waiter of [...claims().waiters]) waiter();
}

/** The program's stack configuration, as the runtime reads connection settings. */
const programConfig = {
  get(key: string): string | undefined {
    const separator = key.indexOf(":");
    return new pulumi.Config(key.slice(0, separator)).get(key.slice(separator + 1));
  },
};

/**
 * The Quay a connection namespace names: its URL as the runtime records it (`quayUrl`: origin and path, no
 * trailing slash or `/api/v1`; a test holds the two rules equal), or the namespace when it has none.
 */
export function connectionQuay(namespace: string, url: string | undefined): string {
  if (url === undefined) return `the Quay of the "${namespace}" connection`;
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname.replace(/\/+$/, "").replace(/\/api\/v1$/, "")}`;
  } catch {
    return url;
  }
}

/**
 * Guards the declaration of an object of `identity.kind` by the resource `name`: returns its first
 * natural-key input, which resolves only once no other resource of the program declares the same object,
 * and otherwise fails the program before this one is registered. Empty for a resource read by id
 * (`opts.id`): it manages nothing. `quay` names the Quay when a provider resource decides it (native mode).
 */
export function claimDeclaration(
  identity: KindIdentity,
  name: string,
  args: Record<string, pulumi.Input<unknown> | undefined>,
  opts: pulumi.CustomResourceOptions | undefined,
  quay?: pulumi.Input<string>,
): Record<string, pulumi.Output<unknown>> {
  const { kind, declares, naturalKey, required } = identity;
  if (opts?.id) return {};
  const literal = literalReferences(identity, args);
  const key = Object.fromEntries([...naturalKey, "connection"].map((field) => [field, args[field]]));
  const claim = {};
  claims().unsettled.add(claim);
  const keyed = pulumi.all([pulumi.output(key), quay]);
  // A key unknown at preview never reaches `apply`; the output says so (an SDK without `isKnown` leaves the
  // claim unsettled, and the reference checks then give up waiting: see `settled`).
  (keyed as { isKnown?: Promise<boolean> }).isKnown?.then(
    (known) => known || settle(claim),
    () => settle(claim),
  );
  const guarded = keyed.apply(([inputs, where]) => {
    settle(claim);
    if (required.some((field) => inputs[field] === undefined || inputs[field] === null)) return inputs[naturalKey[0]];
    const namespace = typeof inputs.connection === "string" ? inputs.connection : "quay";
    const url = programConfig.get(`${namespace}:url`) ?? (namespace === "quay" ? process.env.QUAY_URL : undefined);
    const identityKey = JSON.stringify([
      declares,
      where ?? connectionQuay(namespace, url),
      ...naturalKey.map((field) => inputs[field] ?? null),
    ]);
    const first = declarations().get(identityKey);
    if (first !== undefined && first !== name) {
      const found = (require("pulumi-quay/runtime") as typeof runtime).declaredIdentity(
        kind,
        inputs,
        programConfig,
        where,
      );
      throw new pulumi.RunError(
        `The resources "${first}" and "${name}" both declare ${found?.description ?? `${declares} ${identityKey}`}. ` +
          "Pulumi would create it for one and fail half-way through `up` for the other; remove one of them.",
      );
    }
    declarations().set(identityKey, name);
    // An explicit provider's Quay is reached with its own settings, which the program does not hold.
    if (literal === undefined || opts?.provider !== undefined || !pulumi.runtime.isDryRun())
      return inputs[naturalKey[0]];
    return checkReferences(kind, name, { ...inputs, ...literal }, where ?? connectionQuay(namespace, url)).then(
      () => inputs[naturalKey[0]],
    );
  });
  return { [naturalKey[0]]: guarded };
}

/** A value with what is not plain data left out: outputs and promises, which other declarations give. */
function plainPart(value: unknown): unknown {
  if (pulumi.Output.isInstance(value) || value instanceof Promise) return undefined;
  if (Array.isArray(value)) return value.map(plainPart).filter((item) => item !== undefined);
  if (value && typeof value === "object") {
    const entries = Object.entries(value).map(([key, item]) => [key, plainPart(item)] as const);
    return Object.fromEntries(entries.filter(([, item]) => item !== undefined));
  }
  return value;
}

/** Whether `value` holds a plain string at `path` (see {@link KindIdentity.references}): a name to check. */
function holdsNameAt(value: unknown, path: readonly string[]): boolean {
  if (path.length === 0) return typeof value === "string";
  if (!value || typeof value !== "object" || pulumi.Output.isInstance(value) || value instanceof Promise) return false;
  const [step, ...rest] = path;
  if (step === "#") return rest.length === 0 && Object.keys(value).length > 0;
  if (step === "*") return Object.values(value).some((item) => holdsNameAt(item, rest));
  return holdsNameAt((value as Record<string, unknown>)[step], rest);
}

/**
 * The inputs holding names written as plain values where they name other objects (a team's members, a
 * permission's team): names the program may not declare, which the preview checks. An output names a
 * declared object and is left out. Undefined when there is none, or the checks are off
 * (`quay:previewChecks false`).
 */
function literalReferences(identity: KindIdentity, args: Record<string, unknown>): Record<string, unknown> | undefined {
  const fields = [
    ...new Set(
      identity.references.filter((path) => holdsNameAt(args, path.split("."))).map((path) => path.split(".")[0]),
    ),
  ];
  if (fields.length === 0) return undefined;
  const namespace = typeof args.connection === "string" ? args.connection : "quay";
  const setting =
    programConfig.get(`${namespace}:previewChecks`) ??
    (namespace === "quay" ? process.env.QUAY_PREVIEW_CHECKS : undefined);
  if (setting === "false") return undefined;
  return Object.fromEntries(fields.map((field) => [field, plainPart(args[field])]));
}

/**
 * Resolves to true once every other claim of the program has settled (so every declaration whose key can be
 * known at preview is known), or to false after ten seconds without that: the checks then cannot tell
 * what the program declares.
 */
async function settled(): Promise<boolean> {
  const deadline = Date.now() + 10_000;
  while (claims().unsettled.size > 0) {
    const left = deadline - Date.now();
    if (left <= 0) return false;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        claims().waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, left);
      claims().waiters.add(done);
    });
  }
  return true;
}

/** Fails the preview, naming each, when `inputs` of `kind` name what Quay does not have and no declaration makes. */
async function checkReferences(
  kind: string,
  name: string,
  inputs: Record<string, unknown>,
  quay: string,
): Promise<void> {
  if (!(await settled())) return;
  const missing = await (require("pulumi-quay/runtime") as typeof runtime).missingReferences(
    kind,
    inputs,
    programConfig,
    (key) => declarations().has(key),
    quay,
  );
  if (missing.length === 0) return;
  const named = missing.map(({ field, value, what }) => `${field} names "${value}", ${what} Quay does not have`);
  throw new pulumi.RunError(
    `The resource "${name}" refers to what neither Quay nor this program has: ${named.join("; ")}. Fix the name, or ` +
      "declare the object; `pulumi config set quay:previewChecks false` turns this check off.",
  );
}
