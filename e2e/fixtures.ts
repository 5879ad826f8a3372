import AxeBuilder from '@axe-core/playwright';
import {
  test as base,
  expect,
  type Frame,
  type FrameLocator,
  type Locator,
  type Page,
} from '@playwright/test';
import type { ScenarioName } from '../src/fake-procore/scenario-names.ts';
import type { ScenarioFacts } from '../src/fake-procore/state.ts';
import { startDemoStack, type DemoStack } from './support/demo-stack.ts';

/**
 * Fixtures for the e2e specs: one demo stack per worker (or per test, with `ownStack`), the
 * fake Procore reset to the test's scenario before every test
 * (`test.use({ scenario: 'enterprise' })`), and `salus`, the simulated Procore page with the app
 * framed in it.
 */

declare global {
  interface Window {
    __cspViolations?: { directive: string; blockedURI: string; source: string }[];
  }
}

/** Runs in every frame of every page (the app's iframe and the popup included). */
function recordCspViolations() {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (event) => {
    window.__cspViolations?.push({
      directive: event.effectiveDirective,
      blockedURI: event.blockedURI,
      source: `${event.sourceFile}:${event.lineNumber}`,
    });
  });
}

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export class SalusPage {
  /** The SALUS app inside the simulated Procore page. */
  readonly app: FrameLocator;

  constructor(
    readonly page: Page,
    readonly stack: DemoStack,
    readonly facts: ScenarioFacts,
  ) {
    this.app = page.frameLocator('iframe[title="SALUS Setup"]');
  }

  /** Opens the simulated Company Tools → Apps page, which frames the app for the company. */
  async open(): Promise<void> {
    await this.page.goto(this.stack.demoUrl);
    await expect(this.page.locator('iframe[title="SALUS Setup"]')).toHaveAttribute(
      'src',
      `${this.stack.appUrl}/?company_id=${this.facts.companyId}`,
    );
  }

  /** Closes this page and opens Company Tools → Apps again in a new one (same browser). */
  async closeAndReopen(): Promise<SalusPage> {
    const context = this.page.context();
    await this.page.close();
    const reopened = new SalusPage(await context.newPage(), this.stack, this.facts);
    await reopened.open();
    return reopened;
  }

  /** The app's frame, for evaluating script in it. */
  frame(): Frame {
    const frame = this.page.frames().find((f) => f.url().startsWith(`${this.stack.appUrl}/`));
    if (!frame) throw new Error('The SALUS app frame is not loaded');
    return frame;
  }

  button(name: string | RegExp): Locator {
    return this.app.getByRole('button', { name, exact: typeof name === 'string' });
  }

  /** The completion badge: the one place the phrase "Setup complete" appears. */
  badge(): Locator {
    return this.app.getByRole('region', { name: /Setup complete/ });
  }

  /**
   * Signs in through Procore's consent popup. `as` picks the user on the consent page by their
   * login (the scenario's default user otherwise).
   */
  async signIn(options: { as?: string } = {}): Promise<void> {
    const popupOpened = this.page.waitForEvent('popup');
    await this.button('Sign in with Procore').click();
    await this.allowInPopup(await popupOpened, options.as);
  }

  async allowInPopup(popup: Page, login?: string): Promise<void> {
    await expect(popup).toHaveTitle(/Procore/);
    if (login) {
      const choice = popup.getByRole('combobox', { name: 'Signed in as' });
      const label = await choice.locator('option', { hasText: login }).textContent();
      await choice.selectOption({ label: label ?? login });
    }
    const closed = popup.waitForEvent('close');
    await popup.getByRole('button', { name: 'Allow' }).click();
    await closed;
    await expect(this.app.getByRole('heading', { level: 1 })).toHaveText(
      `SALUS setup for ${this.facts.companyName}`,
    );
  }

  /** Waits until the live checks have answered (no step still "Checking"). */
  async checked(): Promise<void> {
    await expect(this.app.getByText(/^Last checked on /)).toBeVisible();
  }

  /** Fix permissions → the review's Apply changes. */
  async applyFix(): Promise<void> {
    await this.button('Fix permissions').click();
    const review = this.app.getByRole('dialog', { name: 'Review the changes' });
    await review.getByRole('button', { name: 'Apply changes' }).click();
    await expect(review).toBeHidden();
  }

  /** The newcomer's path to the badge: open, sign in, the checks, Fix permissions → Apply. */
  async completeSetup(): Promise<void> {
    await this.open();
    await this.signIn();
    await this.checked();
    await this.applyFix();
    await expect(this.badge()).toBeVisible({ timeout: 30_000 });
  }

  /**
   * Presses Tab (Shift+Tab with `backwards`) until `target` has the keyboard focus; returns how
   * many presses it took. Focus crosses from the Procore page into the app's iframe like a user's.
   */
  async tabTo(target: Locator, options: { max?: number; backwards?: boolean } = {}) {
    const { max = 60, backwards = false } = options;
    await expect(target).toBeVisible();
    const focused = () =>
      target.evaluate((el) => el === document.activeElement && document.hasFocus(), undefined, {
        timeout: 1_000,
      });
    for (let presses = 0; presses <= max; presses++) {
      if (await focused()) return presses;
      await this.page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    }
    throw new Error(`Tab never reached ${target.toString()}`);
  }

  /** axe-core on the simulated Procore page and the framed app, WCAG 2.1 A and AA. */
  async expectNoAxeViolations(screen: string): Promise<void> {
    const results = await new AxeBuilder({ page: this.page }).withTags(WCAG_TAGS).analyze();
    const violations = results.violations.map((v) => ({
      rule: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
    }));
    expect(violations, `axe violations on the ${screen} screen`).toEqual([]);
  }

  async cspViolations() {
    return this.frame().evaluate(() => window.__cspViolations ?? null);
  }
}

// Fixture functions name their callback `provide`: eslint's React hooks rule takes `use` for a hook.
export const test = base.extend<
  {
    scenario: ScenarioName;
    ownStack: boolean;
    stack: DemoStack;
    facts: ScenarioFacts;
    salus: SalusPage;
  },
  { workerStack: DemoStack }
>({
  workerStack: [
    // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their deps this way.
    async ({}, provide) => {
      const stack = await startDemoStack();
      await provide(stack);
      await stack.stop();
    },
    { scope: 'worker', timeout: 150_000 },
  ],
  scenario: ['fresh-install', { option: true }],
  /**
   * The server remembers companies (completions, runs, evidence) across fake resets. Tests that
   * fix a company another test also fixes take a stack of their own, with a fresh DATA_DIR.
   */
  ownStack: [false, { option: true }],
  stack: [
    async ({ workerStack, ownStack }, provide) => {
      if (!ownStack) return provide(workerStack);
      const stack = await startDemoStack();
      await provide(stack);
      await stack.stop();
    },
    { timeout: 60_000 },
  ],
  facts: [
    async ({ stack, scenario }, provide) => provide(await stack.reset(scenario)),
    { auto: true },
  ],
  salus: async ({ page, stack, facts }, provide) => {
    await page.context().addInitScript(recordCspViolations);
    await provide(new SalusPage(page, stack, facts));
  },
});

export { expect };
