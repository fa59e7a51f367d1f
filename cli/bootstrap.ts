/**
 * `pulumi-quay bootstrap`: the first user of a fresh Quay, and an OAuth token with every scope for it,
 * through Quay's `POST /api/v1/user/initialize` (FEATURE_USER_INITIALIZE, database authentication). The
 * password is read from a prompt or standard input, never from an argument; the token is printed once, or
 * stored as a secret in a Pulumi stack's configuration (`quay:token`) and never shown.
 */
import { execFileSync } from "node:child_process";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { z } from "zod";
import { QuayClient } from "../provider/quay/client";
import { readConnectionSettings } from "../provider/quay/config";
import { hasQuayMessage, isQuayError } from "../provider/quay/errors";
import { commonRoutes } from "../provider/quay/routes";

/** Quay gives the first user's token 9000 s (`create_user_access_token`'s default): say what lasts. */
const lifetimeNote =
  "Quay expires this token after 2.5 hours. For a lasting one, sign in to Quay as this user, create an " +
  "organization and an OAuth application in it, generate a token with the scopes you need, and set it " +
  "as quay:token.";

/** How to run `pulumi-quay bootstrap`. */
export const bootstrapUsage = `usage: pulumi-quay bootstrap --url URL --username NAME [--email ADDRESS]
                           [--stack-config [--stack NAME] [--cwd DIR]]

bootstrap creates the first user of a fresh Quay (an empty database, with FEATURE_USER_INITIALIZE on
and database authentication) and an OAuth token with every scope for it. The password is read from
standard input (a prompt on a terminal; one line when piped), never from an argument. The token is
printed once; with --stack-config it is stored instead as the secret quay:token (and --url as quay:url)
of the Pulumi stack in DIR (default: here), never shown. QUAY_CA_CERTIFICATE and the other QUAY_*
TLS settings apply. To be a superuser, the user must be named in Quay's SUPER_USERS.`;

const initialized = z.object({ username: z.string(), access_token: z.string() });

/** Reads one line from standard input: a password, without echo when it is a terminal. */
async function readPassword(): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) {
    const lines = createInterface({ input });
    for await (const line of lines) return line;
    return "";
  }
  process.stderr.write("Password for the first user: ");
  input.setRawMode(true);
  input.resume();
  return new Promise((resolve, reject) => {
    let typed = "";
    const onData = (chunk: Buffer) => {
      for (const character of chunk.toString("utf8")) {
        if (character === "\r" || character === "\n") {
          input.setRawMode(false);
          input.pause();
          input.off("data", onData);
          process.stderr.write("\n");
          resolve(typed);
          return;
        }
        if (character === "\u0003") {
          input.setRawMode(false);
          reject(new Error("interrupted"));
          return;
        }
        typed = character === "\u007f" ? typed.slice(0, -1) : typed + character;
      }
    };
    input.on("data", onData);
  });
}

/** Runs `pulumi-quay bootstrap` with `args`. */
export async function bootstrapCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      url: { type: "string" },
      username: { type: "string" },
      email: { type: "string" },
      password: { type: "string" },
      "stack-config": { type: "boolean", default: false },
      stack: { type: "string" },
      cwd: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(bootstrapUsage);
    return;
  }
  if (values.password !== undefined) {
    throw new Error(
      `the password is never an argument (it would stay in the shell's history): pipe it in, or type it at the prompt\n${bootstrapUsage}`,
    );
  }
  if (!values.url || !values.username) throw new Error(`--url and --username are required\n${bootstrapUsage}`);
  const pulumi = process.env.PULUMI_QUAY_PULUMI ?? "pulumi";
  const stack = values.stack ? ["--stack", values.stack] : [];
  const cwd = values.cwd ?? process.cwd();
  // The first user can be made once only: make sure its token has somewhere to go before making it.
  if (values["stack-config"]) {
    try {
      execFileSync(pulumi, ["stack", "--show-name", ...stack], { cwd, stdio: ["ignore", "ignore", "pipe"] });
    } catch (error) {
      const reason = String((error as { stderr?: Buffer }).stderr ?? (error as Error).message).trim();
      throw new Error(`no Pulumi stack to store the token in (in ${cwd}); nothing was made in Quay: ${reason}`);
    }
  }
  const password = await readPassword();
  if (password === "") throw new Error("no password given on standard input");
  const settings = readConnectionSettings(
    { get: (key) => (key === "quay:url" ? values.url : undefined) },
    "quay",
    process.env,
    {
      withoutToken: true,
    },
  );
  const client = new QuayClient({ ...settings, maxRetries: 0 });
  const reply = await client
    .requestParsed(commonRoutes.initializeUser, initialized, {
      body: { username: values.username, password, email: values.email, access_token: true },
    })
    .catch((error: unknown) => {
      if (hasQuayMessage(error, /non-empty database/)) {
        throw new Error(
          "this Quay already has users: bootstrap makes the first user of an empty database only. Ask an " +
            "administrator of this Quay for a token (an OAuth application's token with the scopes you need)",
        );
      }
      if (hasQuayMessage(error, /non-database auth/)) {
        throw new Error("this Quay does not use database authentication: its users come from its identity provider");
      }
      if (isQuayError(error)) throw new Error(`Quay refused to make the first user: ${(error as Error).message}`);
      throw error;
    });
  if (!values["stack-config"]) {
    console.error(`made the first user ${reply.username}; its token, with every scope (shown once, keep it secret):`);
    console.log(reply.access_token);
    console.error(lifetimeNote);
    return;
  }
  execFileSync(pulumi, ["config", "set", "quay:url", values.url, ...stack], { cwd, stdio: "inherit" });
  // The token goes in on standard input, so no process list or shell history ever holds it.
  execFileSync(pulumi, ["config", "set", "--secret", "quay:token", ...stack], {
    cwd,
    input: reply.access_token,
    stdio: ["pipe", "inherit", "inherit"],
  });
  console.error(`made the first user ${reply.username}; its token is the stack's secret quay:token`);
  console.error(lifetimeNote);
}
