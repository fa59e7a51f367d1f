/**
 * Stacks of the `declared` fixture program, whose resources each test lists in stack configuration:
 * `{ kind, name, args }`, with "@other.field" (at any depth) for a reference to an earlier resource's
 * output and "secret:key" for the secret stack config value `key`.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll } from "vitest";
import { createTestStack, type TestStack } from "./pulumi";
import type { TestTarget } from "./target";
import { endToEndTimeout } from "./timeouts";

/** One resource of the `declared` program. */
export interface Declaration {
  kind: string;
  name: string;
  args: Record<string, unknown>;
  /** Whether it uses the explicit provider (native mode, config `providerUrl`). */
  provider?: boolean;
}

/**
 * Makes stacks of the `declared` program for a test file, against the file's target, with `config`
 * besides the connection; destroys and removes them after the file.
 */
export function useDeclaredStacks(target: { current: TestTarget }) {
  const stacks: TestStack[] = [];
  afterAll(async () => {
    for (const test of stacks) {
      await test.stack.destroy().catch(() => undefined);
      await test.dispose();
    }
  }, endToEndTimeout);
  return async (config: Record<string, string> = {}): Promise<TestStack> => {
    const test = await createTestStack("declared", {
      "quay:url": { value: target.current.url },
      "quay:token": { value: target.current.token, secret: true },
      ...Object.fromEntries(Object.entries(config).map(([key, value]) => [key, { value }])),
    });
    stacks.push(test);
    return test;
  };
}

/** Makes the program declare `resources` from now on. */
export function declare(test: TestStack, resources: Declaration[]): Promise<void> {
  return test.stack.setConfig("resources", { value: JSON.stringify(resources) });
}

/** The text a failed Automation API operation carries: its message, and the CLI's output. */
export function failureText(error: unknown): string {
  const { message, stdout, stderr } = error as { message?: string; stdout?: string; stderr?: string };
  return `${message ?? ""}\n${stdout ?? ""}\n${stderr ?? ""}`;
}

/** Runs `operation`, which must fail; resolves to its {@link failureText}. */
export async function failing(operation: Promise<unknown>): Promise<string> {
  try {
    await operation;
  } catch (error) {
    return failureText(error);
  }
  throw new Error("the operation succeeded; it was expected to fail");
}

/** Runs the stack's `pulumi` CLI directly (for commands the Automation API lacks), failing on a non-zero exit. */
export async function pulumiCli(test: TestStack, args: string[], env: Record<string, string> = {}): Promise<string> {
  const { stdout } = await promisify(execFile)(test.pulumi, [...args, "--non-interactive", "--stack", "e2e"], {
    cwd: test.dir,
    env: { ...process.env, ...test.env, ...env },
  });
  return stdout;
}
