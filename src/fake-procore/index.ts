/**
 * The stateful, strict fake Procore (DESIGN.md §4). Public entry points:
 * - `createFakeProcore({ scenario, clock, random, knobs, redirectUris })`: state, knobs, logs;
 * - `createProcoreHandlers(fake, { baseUrl })`: the msw handlers (login and API);
 * - `startFakeProcoreServer({ host, port, scenario, … })`: the same over loopback HTTP;
 * - company webhooks: hooks and triggers on the API, deliveries by real HTTP (`webhooks.ts`);
 * - `changeSalusTemplate`, `updateSalusApp`, `createProjectInUi`: changes made in Procore's UI.
 */
export { createFakeProcore, FakeProcore } from './fake.ts';
export type { Clock, FailRule, FakeProcoreOptions, RequestLogEntry } from './fake.ts';
export { createProcoreHandlers, type ProcoreHandlerOptions } from './handlers.ts';
export { startFakeProcoreServer } from './server.ts';
export type { FakeProcoreServer, FakeProcoreServerOptions } from './server.ts';
export { defaultKnobs, type Knobs, type KnobsPatch } from './knobs.ts';
export {
  SCENARIO_DESCRIPTIONS,
  SCENARIO_NAMES,
  SCENARIOS,
  buildScenario,
  isScenarioName,
  type ScenarioName,
  type ScenarioOverrides,
} from './scenarios.ts';
export {
  SALUS_APP_NAME,
  SALUS_APP_VERSION_ID,
  SALUS_CLIENT_ID,
  SALUS_CLIENT_SECRET,
  SALUS_COMPANY_TEMPLATE,
  SALUS_PROJECT_TEMPLATE,
  DEFAULT_REDIRECT_URIS,
} from './scenario-kit.ts';
export type { ScenarioData, ScenarioFacts, WriteLogEntry, WriteOrigin } from './state.ts';
export type { DeliveryOutcome, FakeWebhookEvent, WebhookDeliveryRecord } from './webhooks.ts';
export {
  changeSalusTemplate,
  createProjectInUi,
  updateSalusApp,
  type AppUpdate,
  type TemplateChange,
  type UiActionProblem,
  type UiActionResult,
} from './ui-actions.ts';
