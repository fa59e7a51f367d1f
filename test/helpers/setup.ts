/**
 * Set up in every test worker: the global fetch's connections are kept idle no longer than the provider's
 * (provider/quay/dispatcher.ts), so a test's own call never meets a server's idle close, on a slow Quay or
 * a busy machine.
 */
import { Agent, setGlobalDispatcher } from "undici";
import { idleConnections } from "../../provider/quay/dispatcher";

setGlobalDispatcher(new Agent(idleConnections));
