// Takes about 52 s on the emulator, and 3.2 min on a Quay answering in 1.5 s per call
// (QUAY_TEST_LATENCY_MS=1500 npm run test:quay), each measured with two files at a time.
import { describe, expect, it } from "vitest";
import { type Declaration, declare, failing, pulumiCli, useDeclaredStacks } from "../helpers/declared";
import { emulatorOnly, useTestTarget } from "../helpers/target";
import { endToEndTimeout } from "../helpers/timeouts";

/**
 * Targeted runs (`--target`, `--exclude`, `--target-dependents`) are ordinary Pulumi use, and finishing a
 * partial destroy depends on them: the resources a run leaves out have no outputs, and must not look like
 * declarations of one object.
 */
describe("targeted runs", { timeout: endToEndTimeout }, () => {
  const target = useTestTarget({ gcAfterRequests: 5 });
  const stack = useDeclaredStacks(target);

  const registry = (org: string, forceDelete: boolean): Declaration[] => [
    { kind: "Organization", name: "org", args: { name: org } },
    { kind: "Robot", name: "puller", args: { organization: "@org.name", name: "puller" } },
    { kind: "Team", name: "devs", args: { organization: "@org.name", name: "devs" } },
    ...["api", "web"].flatMap((name): Declaration[] => [
      {
        kind: "Repository",
        name,
        args: { namespace: "@org.name", name, ...(name === "api" && forceDelete ? { forceDelete: true } : {}) },
      },
      {
        kind: "RepositoryPermission",
        name: `puller-read-${name}`,
        args: { repository: `@${name}.fullName`, user: "@puller.fullName", role: "read" },
      },
      {
        kind: "RepositoryPermission",
        name: `devs-write-${name}`,
        args: { repository: `@${name}.fullName`, team: "@devs.name", role: "write" },
      },
    ]),
  ];

  // The destroy stops at a repository that holds an image: pushing one needs the emulator's control (or a
  // registry client, which the tier does not drive).
  emulatorOnly(
    "finishes a destroy that stopped at a repository holding tags, with an up targeting it",
    "image pushes",
    async () => {
      const org = target.current.orgName("targeted");
      const test = await stack();
      await declare(test, registry(org, false));
      await test.stack.up();
      await target.current.controls!.pushTag(`${org}/api`, "v1");
      expect(await failing(test.stack.destroy())).toContain("it still holds tag v1");
      await declare(test, registry(org, true));
      const urn = (await test.stack.exportStack()).deployment.resources.find((resource: { urn: string }) =>
        resource.urn.endsWith("::api"),
      )?.urn;
      expect(urn).toBeDefined();
      const output = await pulumiCli(test, ["up", "--yes", "--skip-preview", "--target", urn]);
      expect(output).not.toContain("both declare");
      expect(output).toMatch(/1 updated/);
      await test.stack.destroy();
      expect((await target.current.api("GET", `/organization/${org}`)).status).not.toBe(200);
    },
  );

  it("previews and applies with --exclude and --target-dependents, without false duplicates", async () => {
    const org = target.current.orgName("targeted-2");
    const test = await stack();
    await declare(test, registry(org, false));
    await test.stack.up();
    const urns = (await test.stack.exportStack()).deployment.resources.map((resource: { urn: string }) => resource.urn);
    const robot = urns.find((urn: string) => urn.endsWith("::puller"));
    await declare(
      test,
      registry(org, false).map((declaration) =>
        declaration.name === "puller"
          ? { ...declaration, args: { ...declaration.args, description: "Pulls" } }
          : declaration,
      ),
    );
    const preview = await pulumiCli(test, ["preview", "--target", robot, "--target-dependents"]);
    expect(preview).not.toContain("both declare");
    const excluded = await pulumiCli(test, ["up", "--yes", "--skip-preview", "--exclude", robot]);
    expect(excluded).not.toContain("both declare");
    const up = await pulumiCli(test, ["up", "--yes", "--skip-preview", "--target", robot, "--target-dependents"]);
    expect(up).not.toContain("both declare");
    expect((await target.current.ok("GET", `/organization/${org}/robots/puller`)).body.description).toBe("Pulls");
  });
});
