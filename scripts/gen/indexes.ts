/**
 * The discovered lists: the kinds in `provider/resources/`, the composite kinds in `provider/composites/`
 * and the handler families in `emulator/handlers/`. Each file there declares one export named after the file, so adding a kind or
 * a family is adding a file; these indexes follow from the folder listings.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { generatedHeader } from "./fields";

/** `repository-permission` → `repositoryPermission`. */
function camelCase(file: string): string {
  return file.replace(/-([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

/**
 * The module files of `dir` (without extension): the index, `_shared` and companion files
 * (`robot.routes.ts`, part of a kind or family that outgrew one file) left out.
 */
function modules(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => /^[a-z0-9-]+\.ts$/.test(name) && name !== "index.ts")
    .map((name) => name.slice(0, -3))
    .sort();
}

/** The declarations of `folder`: every file's `export const <camelCase> = <declare>(`, and the index listing them. */
function declarationsIndex(
  root: string,
  folder: string,
  declare: string,
  list: { name: string; description: string },
): { text: string; exports: { file: string; name: string }[] } {
  const dir = join(root, folder);
  const exports = modules(dir).map((file) => {
    const name = camelCase(file);
    if (!readFileSync(join(dir, `${file}.ts`), "utf8").includes(`export const ${name} = ${declare}(`)) {
      throw new Error(`${folder}/${file}.ts must declare \`export const ${name} = ${declare}(...)\``);
    }
    return { file, name };
  });
  let text = generatedHeader(`the files in ${folder}/`);
  text += exports.map(({ file, name }) => `import { ${name} } from "./${file}";\n`).join("");
  // As the formatter writes it: on one line when it fits.
  const oneLine = `export const ${list.name} = [${exports.map(({ name }) => name).join(", ")}] as const;`;
  const listed =
    oneLine.length <= 120
      ? oneLine
      : `export const ${list.name} = [\n${exports.map(({ name }) => `  ${name},\n`).join("")}] as const;`;
  text += `\n/** ${list.description} */\n${listed}\n`;
  return { text, exports };
}

/** `provider/resources/index.ts`: every kind file's `export const <camelCase> = defineResource(`. */
export function kindsIndex(root: string) {
  return declarationsIndex(root, "provider/resources", "defineResource", {
    name: "declaredKinds",
    description: "Every kind declared in this folder.",
  });
}

/** `provider/composites/index.ts`: every composite file's `export const <camelCase> = defineComposite(`. */
export function compositesIndex(root: string) {
  return declarationsIndex(root, "provider/composites", "defineComposite", {
    name: "declaredComposites",
    description: "Every composite kind declared in this folder.",
  });
}

/** `emulator/handlers/index.ts`: every handler file's `export const family: HandlerFamily`. */
export function familiesIndex(root: string): string {
  const dir = join(root, "emulator/handlers");
  const files = modules(dir);
  for (const file of files) {
    if (!readFileSync(join(dir, `${file}.ts`), "utf8").includes("export const family: HandlerFamily = {")) {
      throw new Error(`emulator/handlers/${file}.ts must declare \`export const family: HandlerFamily = {...}\``);
    }
  }
  let text = generatedHeader("the files in emulator/handlers/");
  text += 'import type { HandlerFamily } from "../context";\n';
  text += files.map((file) => `import { family as ${camelCase(file)} } from "./${file}";\n`).join("");
  text += `\n/** Every handler family in this folder. */\nexport const families: readonly HandlerFamily[] = [\n${files.map((file) => `  ${camelCase(file)},\n`).join("")}];\n`;
  return text;
}
