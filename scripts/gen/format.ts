/**
 * Generated TypeScript in the project's style: each file goes through Biome as `npm run format` writes
 * it (formatted, imports and exports sorted), so that the linter checks generated files like any other
 * and a generated file reads like a hand-written one.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";

/** Biome's own executable for this machine (its npm wrapper costs a Node start per file), or the wrapper. */
function biomeCommand(root: string): { command: string; prefix: string[] } {
  try {
    return { command: require.resolve(`@biomejs/cli-${process.platform}-${process.arch}/biome`), prefix: [] };
  } catch {
    return { command: process.execPath, prefix: [join(root, "node_modules/@biomejs/biome/bin/biome")] };
  }
}

/** `text` as Biome writes the file at `path` (relative to `root`), with the repository's configuration. */
function formatOne(root: string, path: string, text: string): Promise<string> {
  const { command, prefix } = biomeCommand(root);
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...prefix, "check", "--write", `--stdin-file-path=${path}`], { cwd: root });
    const output: Buffer[] = [];
    const errors: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => output.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => errors.push(chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(Buffer.concat(output).toString("utf8"));
      else reject(new Error(`biome could not format ${path}: ${Buffer.concat(errors).toString("utf8")}`));
    });
    child.stdin.end(text);
  });
}

/** The `.ts` files of `files` as Biome writes them, four at a time; other files unchanged. */
export async function formatted(root: string, files: Map<string, string>): Promise<Map<string, string>> {
  const result = new Map(files);
  const queue = [...files.keys()].filter((path) => path.endsWith(".ts"));
  const worker = async () => {
    for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
      result.set(path, await formatOne(root, path, files.get(path) ?? ""));
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return result;
}
