/**
 * Generates everything that follows from the kind declarations: the kind and handler indexes, the SDK
 * classes (`sdk/`), `schema.json`, the resource docs and the README's resource section. The kinds are
 * loaded from the compiled files of `provider/resources/` directly, so a new kind file is picked up
 * before its index exists. `--check` writes nothing and fails when any generated file is stale.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { AnyCompositeDefinition } from "../provider/composites/_shared/define";
import type { AnyResourceDefinition } from "../provider/resources/_shared/define";
import { orderKinds } from "../provider/resources/_shared/references";
import { docsFile, readmeWithResources } from "./gen/docs";
import { fileName } from "./gen/fields";
import { compositesIndex, familiesIndex, kindsIndex } from "./gen/indexes";
import { schemaFile } from "./gen/schema";
import { lookupsFile, nativeIndex, sdkFile, sdkIndex } from "./gen/sdk";

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
  files.set("schema.json", schemaFile(definitions, packageVersion));
  files.set("README.md", readmeWithResources(readFileSync(join(root, "README.md"), "utf8"), definitions));
  return files;
}

function main(): void {
  const check = process.argv.includes("--check");
  const stale: string[] = [];
  for (const [path, content] of generatedFiles()) {
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

main();
