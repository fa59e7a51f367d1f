/** Drives one resource kind through the runtime exactly as the dynamic provider would, against the emulator. */
import { expect } from "vitest";
import type { Emulator } from "../../emulator";
import * as operations from "../../provider/operations/dispatch";
import { plainValue } from "../../provider/operations/secrets";
import * as runtime from "../../provider/runtime";
import { configFor } from "./emulator";

type Bag = Record<string, unknown>;

/** A created object: its id and full state (inputs echoed plus outputs). */
export interface Created {
  id: string;
  outs: Bag;
}

/** check → create/read/update/diff/delete for `kind`, with the checked inputs the engine would pass. */
export function lifecycle(kind: string, emulator: { current: Emulator }) {
  const config = () => configFor(emulator.current);
  // The engine keeps the secrets check marks, and hands the dynamic provider plain values.
  const checked = async (news: Bag) => {
    const result = await runtime.check(kind, {}, news);
    expect(result.failures).toEqual([]);
    return plainValue(result.inputs) as Bag;
  };
  return {
    /** The inputs as check records them, as the engine hands them to the provider. */
    checked,
    /** The changed paths of a composite's diff, as the native provider names them. */
    paths: async (state: Created, news: Bag) =>
      (await operations.diff(kind, state.outs, await checked(news), config(), state.id)).paths ?? {},
    /** The failures `check` reports, by property. */
    failures: async (news: Bag) =>
      Object.fromEntries(
        (await runtime.check(kind, {}, news)).failures.map((failure) => [failure.property, failure.reason]),
      ),
    create: async (news: Bag): Promise<Created> => runtime.create(kind, config(), await checked(news)),
    read: (created: Created) => runtime.read(kind, config(), created.id, created.outs),
    /** The diff of the current state against new inputs. */
    diff: async (state: Created, news: Bag) => runtime.diff(kind, state.id, state.outs, await checked(news)),
    update: async (state: Created, news: Bag): Promise<Created> => ({
      id: state.id,
      outs: (await runtime.update(kind, config(), state.id, state.outs, await checked(news))).outs,
    }),
    delete: (state: Created) => runtime.deleteResource(kind, config(), state.id, state.outs),
    /**
     * Reads back and expects no difference from `news`: a second `pulumi up` would do nothing. The inputs
     * the read records are those check gives, so after a refresh the engine sees each resource the same.
     */
    expectConverged: async (state: Created, news: Bag) => {
      const read = await runtime.read(kind, config(), state.id, state.outs);
      expect(read.id).toBe(state.id);
      const inputs = await checked(news);
      const diff = await runtime.diff(kind, state.id, read.props!, inputs);
      expect(diff.changes).toBe(false);
      expect(Object.keys(read.inputs ?? {}).sort()).toEqual(
        Object.keys(inputs)
          .filter((key) => inputs[key] !== undefined)
          .sort(),
      );
      return read;
    },
  };
}
