// Takes about 77 s on the emulator, and 2.4 min on a Quay answering in 1.5 s per call
// (QUAY_TEST_LATENCY_MS=1500 npm run test:quay), each measured with two files at a time.
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { LocalWorkspace, PulumiCommand, type Stack } from "@pulumi/pulumi/automation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { offlineStackEnv } from "../helpers/pulumi";
import { useTestTarget } from "../helpers/target";
import { endToEndTimeout } from "../helpers/timeouts";

const run = promisify(execFile);
const root = join(__dirname, "../..");
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
/** The oldest `@pulumi/pulumi` the package says it works with: the lower end of its peer range. */
const pulumiFloor = /^>=(\d+\.\d+\.\d+) <4$/.exec(manifest.peerDependencies["@pulumi/pulumi"])?.[1];

/** The tsconfig.json that `pulumi new typescript` writes. */
const templateTsconfig = {
  compilerOptions: {
    strict: true,
    outDir: "bin",
    target: "es2020",
    module: "commonjs",
    moduleResolution: "node",
    sourceMap: true,
    experimentalDecorators: true,
    pretty: true,
    noFallthroughCasesInSwitch: true,
    noImplicitReturns: true,
    forceConsistentCasingInFileNames: true,
  },
  files: ["index.ts"],
};

/** A program as a user writes it: an organization, a robot and a Tenant, in the mode `module` gives. */
const program = (module: string, org: string) => `import * as quay from "${module}";

const org = new quay.Organization("org", { name: "${org}" });
const ci = new quay.Robot("ci", { organization: org.name, name: "ci", description: "CI pushes" });
new quay.Tenant("tenant", {
  name: "${org}-tenant",
  teams: { devs: { robots: ["ci"] } },
  robots: { ci: {} },
});

export const robotToken = ci.token;
`;

/**
 * The package as users get it: packed from a copy of the checkout (so `prepack` builds it from nothing),
 * installed outside the repository beside the oldest `@pulumi/pulumi` its peer range allows, and a
 * TypeScript program compiled as Pulumi compiles it, in both modes, with the policy pack it ships.
 */
describe("the packed package, installed outside the repository", { timeout: endToEndTimeout }, () => {
  const target = useTestTarget();
  const scratch = mkdtempSync(join(tmpdir(), "pulumi-quay-package-"));
  const project = join(scratch, "project");
  let tarball = "";

  beforeAll(async () => {
    if (!pulumiFloor) throw new Error(`peerDependencies["@pulumi/pulumi"] is not ">=x.y.z <4"`);
    // A copy of what git tracks (and what it would), without dist/: prepack must build it.
    const checkout = join(scratch, "checkout");
    const { stdout } = await run("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], {
      cwd: root,
      maxBuffer: 64 << 20,
    });
    for (const path of stdout.split("\0").filter(Boolean)) {
      try {
        cpSync(join(root, path), join(checkout, path), { recursive: true });
      } catch (error) {
        // Tracked but deleted in this working tree: not part of what is packed.
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      }
    }
    symlinkSync(join(root, "node_modules"), join(checkout, "node_modules"));
    const packed = await run("npm", ["pack", "--pack-destination", scratch, "--json"], {
      cwd: checkout,
      maxBuffer: 64 << 20,
    });
    tarball = join(scratch, JSON.parse(packed.stdout.slice(packed.stdout.indexOf("[")))[0].filename);
    mkdirSync(project);
    writeFileSync(
      join(project, "package.json"),
      JSON.stringify({ name: "user-program", main: "index.ts", private: true }, null, 2),
    );
    await run(
      "npm",
      [
        "install",
        "--no-audit",
        "--no-fund",
        tarball,
        `@pulumi/pulumi@${pulumiFloor}`,
        "typescript@5",
        "@types/node@20",
      ],
      { cwd: project, maxBuffer: 64 << 20 },
    );
  }, endToEndTimeout);

  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("holds the built files and no test or source file", async () => {
    const { stdout } = await run("tar", ["-tzf", tarball], { maxBuffer: 64 << 20 });
    const files = stdout.split("\n").filter(Boolean);
    expect(files).toContain("package/dist/sdk/index.js");
    expect(files).toContain("package/dist/sdk/index.d.ts");
    expect(files).toContain("package/policy/index.js");
    expect(files).toContain("package/bin/pulumi-resource-quay");
    expect(files.filter((file) => /^package\/(test|\.e2e|node_modules)\//.test(file))).toEqual([]);
    const installed = JSON.parse(readFileSync(join(project, "node_modules/@pulumi/pulumi/package.json"), "utf8"));
    expect(installed.version).toBe(pulumiFloor);
  });

  it.each([
    ["dynamic", "pulumi-quay"],
    ["native", "pulumi-quay/native"],
  ])("runs a TypeScript program in %s mode on @pulumi/pulumi at the peer range's floor", async (mode, module) => {
    // A program directory inside the project, so it resolves the project's node_modules as a user's does.
    const dir = join(project, mode);
    mkdirSync(dir);
    const org = target.current.orgName(`package-${mode}`);
    writeFileSync(join(dir, "index.ts"), program(module, org));
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(templateTsconfig, null, 2));
    writeFileSync(
      join(dir, "Pulumi.yaml"),
      [
        `name: package-${mode}`,
        "runtime: nodejs",
        ...(mode === "native"
          ? ["plugins:", "  providers:", "    - name: quay", "      path: ../node_modules/pulumi-quay/bin"]
          : []),
        "",
      ].join("\n"),
    );
    const stack = await stackIn(dir, target.current.url, target.current.token);
    const up = await stack.up();
    expect(up.summary.resourceChanges).toEqual({ create: 4 });
    expect(up.outputs.robotToken.secret).toBe(true);
    expect((await stack.preview()).changeSummary).toEqual({ same: 4 });
    // The policy pack the package ships runs from where npm put it.
    const policy = await stack.preview({ policyPacks: [join(project, "node_modules/pulumi-quay/policy")] });
    expect(policy.stdout).toMatch(/\[advisory\]\s+organization-has-quota-and-prune-rules/);
    await stack.destroy();
  });
});

/** A stack of the program in `dir`, on a local backend inside it, connected to the Quay under test. */
async function stackIn(dir: string, url: string, token: string): Promise<Stack> {
  const pulumiRoot = process.env.PULUMI_ROOT;
  if (!pulumiRoot) throw new Error("PULUMI_ROOT is not set: run the end-to-end tests through `npm test`");
  mkdirSync(join(dir, ".state"));
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: "package", workDir: dir },
    {
      pulumiCommand: await PulumiCommand.get({ root: pulumiRoot }),
      envVars: offlineStackEnv(dir),
    },
  );
  await stack.setAllConfig({ "quay:url": { value: url }, "quay:token": { value: token, secret: true } });
  return stack;
}
