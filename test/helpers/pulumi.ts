/**
 * The real Pulumi CLI through the Automation API, with a local file backend, for end-to-end tests.
 * `npm test` provides the CLI (scripts/toolchain.sh exports PULUMI_ROOT); without it the tests fail
 * loudly rather than skip.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";

const root = join(__dirname, "../..");

/**
 * The environment of a stack whose program is in `dir`: a local file backend in `dir/.state`, its own
 * Pulumi home, and no update checks or plugin downloads.
 */
export function offlineStackEnv(dir: string): Record<string, string> {
  return {
    PULUMI_BACKEND_URL: `file://${join(dir, ".state")}`,
    PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase",
    PULUMI_HOME: join(dir, ".pulumi-home"),
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_IGNORE_AMBIENT_PLUGINS: "true",
  };
}

/** A stack of a copied fixture program, in a scratch directory inside the repository (for node_modules). */
export interface TestStack {
  stack: Stack;
  dir: string;
  /** The environment the stack's CLI runs with, for driving `pulumi` directly. */
  env: Record<string, string>;
  /** The `pulumi` executable. */
  pulumi: string;
  dispose(): Promise<void>;
}

/**
 * Copies a program (`test/e2e/programs/<program>`, or a path relative to the repository such as
 * `examples/quickstart`) to a scratch directory and creates a stack for it; `renames` replaces string
 * literals in the copy's program (organization names, to keep runs on a real Quay apart), and `extraEnv`
 * adds to the environment the CLI runs with.
 */
export async function createTestStack(
  program: string,
  config: Record<string, { value: string; secret?: boolean }>,
  renames: Record<string, string> = {},
  extraEnv: Record<string, string> = {},
) {
  const pulumiRoot = process.env.PULUMI_ROOT;
  if (!pulumiRoot) {
    throw new Error(
      "PULUMI_ROOT is not set: run the end-to-end tests through `npm test`, which installs the Pulumi CLI",
    );
  }
  mkdirSync(join(root, ".e2e"), { recursive: true });
  const source = program.includes("/") ? join(root, program) : join(root, "test/e2e/programs", program);
  const dir = mkdtempSync(join(root, ".e2e", `${program.replace(/\//g, "-")}-`));
  cpSync(source, dir, { recursive: true });
  // A real Quay keeps a deleted organization's name for a while: each run there uses names of its own.
  for (const file of ["index.ts", "index.js", "__main__.py"].map((name) => join(dir, name)).filter(existsSync)) {
    let text = readFileSync(file, "utf8");
    for (const [from, to] of Object.entries(renames)) text = text.split(`"${from}"`).join(`"${to}"`);
    writeFileSync(file, text);
  }
  mkdirSync(join(dir, ".state"));
  const pulumiCommand = await PulumiCommand.get({ root: pulumiRoot });
  const env = { ...offlineStackEnv(dir), ...extraEnv };
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: "e2e", workDir: dir },
    { pulumiCommand, envVars: env },
  );
  await stack.setAllConfig(config);
  return {
    stack,
    dir,
    env,
    pulumi: join(pulumiRoot, "bin/pulumi"),
    dispose: async () => {
      rmSync(dir, { recursive: true, force: true });
    },
  } satisfies TestStack;
}
