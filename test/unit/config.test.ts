import { describe, expect, it } from "vitest";
import { readConnectionSettings } from "../../provider/quay/config";

const source = (values: Record<string, string>) => ({ get: (key: string) => values[key] });

describe("readConnectionSettings", () => {
  it("reads the quay namespace with defaults", () => {
    const settings = readConnectionSettings(
      source({ "quay:url": "https://quay.example.com", "quay:token": "t0k" }),
      "quay",
      {},
    );
    expect(settings).toMatchObject({
      url: "https://quay.example.com/",
      token: "t0k",
      insecureSkipTlsVerify: false,
      timeoutMs: 30_000,
      maxRetries: 5,
      maxConcurrency: 8,
    });
  });

  it("falls back to QUAY_URL and QUAY_TOKEN for the default namespace only", () => {
    const env = { QUAY_URL: "https://env.example.com", QUAY_TOKEN: "envtok" };
    expect(readConnectionSettings(source({}), "quay", env).url).toBe("https://env.example.com/");
    expect(() => readConnectionSettings(source({}), "quay-eu", env)).toThrow(/"quay-eu:url" is not set/);
  });

  it("names the missing or invalid setting", () => {
    expect(() => readConnectionSettings(source({}), "quay", {})).toThrow(
      '"quay:url" is not set: run `pulumi config set quay:url https://quay.example.com` (or the environment variable QUAY_URL)',
    );
    expect(() => readConnectionSettings(source({ "quay:url": "https://q" }), "quay", {})).toThrow(
      /"quay:token" is not set/,
    );
    const base = { "quay:url": "https://q", "quay:token": "t" };
    expect(() => readConnectionSettings(source({ ...base, "quay:url": "ftp://q" }), "quay", {})).toThrow(
      /https or http/,
    );
    expect(() => readConnectionSettings(source({ ...base, "quay:maxRetries": "-1" }), "quay", {})).toThrow(
      '"quay:maxRetries" must be a whole number of at least 0, got "-1"',
    );
    expect(() => readConnectionSettings(source({ ...base, "quay:insecureSkipTlsVerify": "yes" }), "quay", {})).toThrow(
      /must be true or false/,
    );
  });

  it("never puts the token in an error message", () => {
    try {
      readConnectionSettings(source({ "quay:url": "not a url", "quay:token": "SUPERSECRET" }), "quay", {});
    } catch (error) {
      expect(String(error)).not.toContain("SUPERSECRET");
      return;
    }
    throw new Error("expected an error");
  });
});
