import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(__dirname, "../..");
const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")) as {
  packages: Record<string, { version?: string; integrity?: string; link?: boolean }>;
};

describe("package-lock.json", () => {
  it("pins every package it installs by an integrity hash", () => {
    const unpinned = Object.entries(lock.packages)
      .filter(([path, entry]) => path !== "" && !entry.link && !entry.integrity)
      .map(([path, entry]) => `${path}@${entry.version}`);
    expect(unpinned).toEqual([]);
  });
});
