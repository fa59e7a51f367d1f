/**
 * `pulumi-quay install-plugin`: installs the native provider plugin `pulumi-resource-quay` of this package
 * with `pulumi plugin install`, so every program on the machine can use `pulumi-quay/native`, Python
 * and YAML programs included. The installed plugin runs this package with this Node.js.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The package root: this file is `dist/cli/install-plugin.js`. */
const root = join(__dirname, "../..");

/** Installs the plugin at this package's version; `pulumi` is the CLI to install with. */
export function installPlugin(pulumi = "pulumi"): string {
  const version = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version as string;
  const dir = mkdtempSync(join(tmpdir(), "pulumi-resource-quay-"));
  try {
    const launcher = join(dir, "pulumi-resource-quay");
    // Absolute paths: Pulumi copies the launcher into its plugin cache, away from this package.
    writeFileSync(
      launcher,
      `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(join(root, "dist/provider/native/main.js"))} "$@"\n`,
    );
    chmodSync(launcher, 0o755);
    execFileSync(pulumi, ["plugin", "install", "resource", "quay", version, "--file", launcher, "--reinstall"], {
      stdio: "inherit",
    });
    return version;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
