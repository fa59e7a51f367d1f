/**
 * Generates everything that follows from the kind declarations: the kind and handler indexes, the SDK
 * classes (`sdk/`), `schema.json`, the resource docs and the README's resource section (and the policy
 * pack's `package.json`, which carries the package's version). The kinds are
 * loaded from the compiled files of `provider/resources/` directly, so a new kind file is picked up
 * before its index exists, and the TypeScript is formatted as the linter expects. `--check` writes nothing
 * and fails when any generated file is stale.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { AnyCompositeDefinition } from "../provider/composites/_shared/define";
import type { AnyResourceDefinition } from "../provider/resources/_shared/define";
import { orderKinds } from "../provider/resources/_shared/references";
import { docsFile, readmeWithPolicy, readmeWithResources, readmeWithSettings } from "./gen/docs";
import { fileName } from "./gen/fields";
import { formatted } from "./gen/format";
import { compositesIndex, familiesIndex, kindsIndex } from "./gen/indexes";
import { schemaFile } from "./gen/schema";
import { lookupsFile, nativeIndex, sdkFile, sdkIndex, settingsFile } from "./gen/sdk";

const root = resolve(__dirname, "../..");
const packageVersion: string = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version;

/** Every generated file, by path relative to the repository root. */
function generatedFiles(): Map<string, string> {
  const files = new Map<string, string>();
  const index = kindsIndex(root);
  files.set("provider/resources/index.ts", index.text);
  files.set("emulator/handlers/index.ts", familiesIndex(root));
  const compositeIndex = compositesIndex(root);
  files.set("provider/composites/index.ts", compositeIndex.text);
  const kinds = orderKinds(
    index.exports.map(
      ({ file, name }) => require(join(__dirname, "../provider/resources", file))[name] as AnyResourceDefinition,
    ),
  );
  const composites = compositeIndex.exports.map(
    ({ file, name }) => require(join(__dirname, "../provider/composites", file))[name] as AnyCompositeDefinition,
  );
  const definitions = [...kinds, ...composites];
  for (const definition of definitions) {
    files.set(`sdk/${fileName(definition.kind)}.ts`, sdkFile(definition));
    files.set(`sdk/native/${fileName(definition.kind)}.ts`, sdkFile(definition, "native"));
    files.set(`docs/resources/${fileName(definition.kind)}.md`, docsFile(definition));
  }
  files.set("sdk/index.ts", sdkIndex(definitions));
  files.set("sdk/native/index.ts", nativeIndex(definitions));
  files.set("sdk/lookups.ts", lookupsFile(kinds));
  files.set("sdk/settings.ts", settingsFile());
  files.set("schema.json", schemaFile(definitions, packageVersion));
  // The policy pack's own package.json: the policy SDK reports the pack under this version.
  files.set(
    "policy/package.json",
    `${JSON.stringify({ name: "pulumi-quay-policy", version: packageVersion, private: true, main: "index.js" }, null, 2)}\n`,
  );
  const readme = readFileSync(join(root, "README.md"), "utf8");
  files.set("README.md", readmeWithPolicy(readmeWithSettings(readmeWithResources(readme, definitions))));
  return files;
}

async function main(): Promise<void> {
  const check = process.argv.includes("--check");
  const stale: string[] = [];
  for (const [path, content] of await formatted(root, generatedFiles())) {
    const target = join(root, path);
    const current = existsSync(target) ? readFileSync(target, "utf8") : undefined;
    if (current === content) continue;
    if (check) {
      stale.push(path);
    } else {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, content);
      console.log(`wrote ${path}`);
    }
  }
  if (stale.length > 0) {
    console.error(`generated files are stale; run \`npm run gen\` and commit:\n  ${stale.join("\n  ")}`);
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
