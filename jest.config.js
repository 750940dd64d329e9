// One jest project per test layer, so `npx jest --selectProjects unit` stays fast.
// ts-jest transpiles only (tsconfig.json sets isolatedModules); `npm run typecheck` checks types.
const tsJest = { "^.+\\.ts$": "ts-jest" };
const layer = (name, extra = {}) => ({
  displayName: name,
  testEnvironment: "node",
  transform: tsJest,
  testMatch: [`<rootDir>/test/${name}/**/*.test.ts`],
  ...extra,
});

module.exports = {
  projects: [
    layer("unit"),
    layer("synth"),
    layer("emulator"),
    layer("integration"),
    layer("e2e"),
    layer("explorer"),
    // The packed library installed into the apps under test/consumer/apps (their own files,
    // compiled by their own tsc, are not tests).
    layer("consumer"),
  ],
  testTimeout: 30000,
};
