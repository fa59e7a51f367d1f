/**
 * How long an end-to-end test or hook may take. One bound for every file, set by a hung run rather than by
 * the speed of the Quay: the tier runs whole against a Quay that takes 1.5 s per call
 * (`QUAY_TEST_LATENCY_MS=1500 npm run test:quay`), and against the emulator in a fraction of that.
 */
export const endToEndTimeout = 2_700_000;
