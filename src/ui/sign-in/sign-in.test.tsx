import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import type { SignInMessage } from '../../api/contract.ts';
import { buildSession, buildStatus, COMPANY_ID } from '../test/builders.ts';
import { renderApp, renderUi } from '../test/render.tsx';
import { apiError, recordRequests, server } from '../test/server.ts';
import { SignInScreen } from './sign-in-screen.tsx';
import type { SignInTiming } from './use-sign-in.ts';

const user = buildSession().user!;

interface FakePopup {
  closed: boolean;
  close: () => void;
}

function fakePopup(): FakePopup {
  const popup: FakePopup = {
    closed: false,
    close: vi.fn(() => {
      popup.closed = true;
    }),
  };
  return popup;
}

/** Our server's sign-in endpoints, remembering what the app sent. */
function signInServer() {
  const sent = { prepare: [] as unknown[], redeem: [] as unknown[], authorization: [] as string[] };
  let signedIn = false;
  server.use(
    http.get('/api/session', () =>
      HttpResponse.json(buildSession({ user: signedIn ? user : null })),
    ),
    http.post('/auth/prepare', async ({ request }) => {
      sent.prepare.push(await request.json());
      return HttpResponse.json({ state: 'state-1', startUrl: '/auth/start?state=state-1' });
    }),
    http.post('/auth/redeem', async ({ request }) => {
      sent.redeem.push(await request.json());
      signedIn = true;
      return HttpResponse.json({ sessionId: 'sess-1', user });
    }),
    http.get(`/api/companies/${COMPANY_ID}/status`, ({ request }) => {
      sent.authorization.push(request.headers.get('Authorization') ?? '');
      return HttpResponse.json(buildStatus());
    }),
  );
  return sent;
}

function post(data: unknown, init: { origin?: string; source?: unknown } = {}) {
  act(() => {
    window.dispatchEvent(
      new MessageEvent('message', {
        data,
        origin: init.origin ?? window.location.origin,
        source: (init.source ?? null) as Window | null,
      }),
    );
  });
}

const success = (state = 'state-1'): SignInMessage => ({
  type: 'authentication.success',
  payload: { state, handoff: 'handoff-1' },
});

async function clickSignIn(popup: FakePopup | null) {
  const open = vi.spyOn(window, 'open').mockReturnValue(popup as unknown as Window);
  const button = await screen.findByRole('button', { name: 'Sign in with Procore' });
  await waitFor(() => expect(button).toBeEnabled());
  await act(async () => button.click());
  return open;
}

test('the signed-out screen explains the app and opens the popup synchronously on click', async () => {
  const sent = signInServer();
  renderApp();
  expect(await screen.findByRole('heading', { name: 'Connect SALUS to Procore' })).toBeVisible();
  const open = await clickSignIn(fakePopup());
  expect(open).toHaveBeenCalledWith(
    '/auth/start?state=state-1',
    'procore-sign-in',
    'popup,width=560,height=640',
  );
  const [prepared] = sent.prepare as { nonce: string; companyId: string }[];
  expect(prepared?.companyId).toBe(COMPANY_ID);
  expect(prepared?.nonce).toMatch(/^[A-Za-z0-9_-]{43}$/);
});

test('messages from the wrong origin, source, state or shape are ignored without a request; the right one is redeemed', async () => {
  const sent = signInServer();
  renderApp();
  const popup = fakePopup();
  await clickSignIn(popup);
  const requests = recordRequests();

  post(success(), { origin: 'https://evil.example', source: popup });
  post(success(), { source: fakePopup() });
  post(success(), { source: null });
  post(success('another-state'), { source: popup });
  post({ type: 'authentication.success', payload: { handoff: 'h' } }, { source: popup });
  post({ type: 'something.else', payload: { state: 'state-1' } }, { source: popup });
  post('authentication.success', { source: popup });
  await act(async () => {});

  expect(requests.filter((r) => r !== 'POST /auth/poll')).toEqual([]);
  expect(screen.getByText('Waiting for you to sign in in the Procore window…')).toBeVisible();

  post(success(), { source: popup });
  expect(
    await screen.findByRole('heading', { level: 1, name: 'SALUS setup for Acme Builders' }),
  ).toBeVisible();
  const nonce = (sent.prepare[0] as { nonce: string }).nonce;
  expect(sent.redeem).toEqual([{ handoff: 'handoff-1', state: 'state-1', nonce }]);
  expect(sent.authorization).toContain('Bearer sess-1');
  expect(popup.close).toHaveBeenCalled();
});

test('a blocked popup says so and the button stays ready to retry', async () => {
  signInServer();
  renderApp();
  await clickSignIn(null);
  expect(await screen.findByRole('alert')).toHaveTextContent(
    'Your browser blocked the sign-in window',
  );
  expect(screen.getByRole('button', { name: 'Sign in with Procore' })).toBeEnabled();
});

test("Procore's refusal is shown with its reason", async () => {
  const sent = signInServer();
  renderApp();
  const popup = fakePopup();
  await clickSignIn(popup);
  post(
    {
      type: 'authentication.failure',
      payload: {
        state: 'state-1',
        error: 'You chose not to allow SALUS Setup to access Procore.',
      },
    } satisfies SignInMessage,
    { source: popup },
  );
  // One full stop between the popup's sentence and ours.
  expect(await screen.findByRole('alert')).toHaveTextContent(
    /^You chose not to allow SALUS Setup to access Procore\. Try again when ready\.$/,
  );
  expect(sent.redeem).toEqual([]);
});

test('a poll never signs in by itself: when the popup cannot post back, the person types its code', async () => {
  const sent = signInServer();
  server.use(http.post('/auth/poll', () => HttpResponse.json({ status: 'ready' })));
  renderApp();
  await clickSignIn(fakePopup());
  const input = await screen.findByRole('textbox', { name: 'Sign-in code' });
  expect(sent.redeem).toEqual([]);
  await userEvent.type(input, 'abcd-2345');
  await userEvent.click(screen.getByRole('button', { name: 'Continue' }));
  expect(
    await screen.findByRole('heading', { level: 1, name: 'SALUS setup for Acme Builders' }),
  ).toBeVisible();
  const nonce = (sent.prepare[0] as { nonce: string }).nonce;
  expect(sent.redeem).toEqual([{ code: 'abcd-2345', state: 'state-1', nonce }]);
});

test('a wrong code says so and lets the person try again; too many end the sign-in', async () => {
  const sent = signInServer();
  server.use(
    http.post('/auth/poll', () => HttpResponse.json({ status: 'ready' })),
    http.post('/auth/redeem', async ({ request }) => {
      sent.redeem.push(await request.json());
      return sent.redeem.length < 2
        ? apiError(400, 'wrong-code', 'That is not the code the sign-in window shows.')
        : apiError(401, 'too-many-attempts', 'Too many wrong codes. Sign in again.');
    }),
  );
  renderApp();
  await clickSignIn(fakePopup());
  const input = await screen.findByRole('textbox', { name: 'Sign-in code' });
  await userEvent.type(input, 'WRONG000');
  await userEvent.click(screen.getByRole('button', { name: 'Continue' }));
  expect(await screen.findByRole('alert')).toHaveTextContent(
    'That is not the code the Procore window shows.',
  );
  await userEvent.click(screen.getByRole('button', { name: 'Continue' }));
  expect(await screen.findByRole('alert')).toHaveTextContent('Too many wrong codes.');
  expect(screen.queryByRole('textbox', { name: 'Sign-in code' })).not.toBeInTheDocument();
  expect(screen.getByRole('button', { name: 'Sign in with Procore' })).toBeEnabled();
});

const fast: SignInTiming = {
  pollMs: 20,
  cutWindowMs: 1000,
  pollsAfterClose: 3,
  refreshMs: 300_000,
  lifetimeMs: 600_000,
};

test('a popup that reads closed at once (COOP) is not a cancel: finish in the Procore window', async () => {
  const sent = signInServer();
  // The sign-in finishes in the popup only once the test has seen the waiting state: a count of
  // polls would race the screen on a loaded machine.
  let finished = false;
  server.use(
    http.post('/auth/poll', () => HttpResponse.json({ status: finished ? 'ready' : 'pending' })),
  );
  // "At once" is whatever a loaded machine makes of it: any reading within the window is a cut.
  renderUi(<SignInScreen companyId={COMPANY_ID} timing={{ ...fast, cutWindowMs: 60_000 }} />);
  const popup = fakePopup();
  popup.closed = true;
  await clickSignIn(popup);
  expect(
    await screen.findByText(
      'Finish signing in in the Procore window. This page will continue by itself.',
    ),
  ).toBeVisible();
  finished = true;
  await userEvent.type(await screen.findByRole('textbox', { name: 'Sign-in code' }), 'K7QM-2XWP');
  await userEvent.click(screen.getByRole('button', { name: 'Continue' }));
  await waitFor(() =>
    expect(sent.redeem).toEqual([expect.objectContaining({ code: 'K7QM-2XWP', state: 'state-1' })]),
  );
  expect(screen.queryByText(/closed|cancel/i)).not.toBeInTheDocument();
});

test('a popup closed later is reported closed only after a few polls still say pending', async () => {
  signInServer();
  const requests = recordRequests();
  renderUi(<SignInScreen companyId={COMPANY_ID} timing={{ ...fast, cutWindowMs: 0 }} />);
  const popup = fakePopup();
  await clickSignIn(popup);
  await waitFor(() => expect(requests).toContain('POST /auth/poll'));
  expect(screen.queryByRole('alert')).not.toBeInTheDocument();

  popup.closed = true;
  expect(await screen.findByRole('alert')).toHaveTextContent('The sign-in window was closed');
  expect(requests.filter((r) => r === 'POST /auth/poll').length).toBeGreaterThanOrEqual(4);
  expect(screen.getByRole('button', { name: 'Sign in with Procore' })).toBeEnabled();
});

test('an expired session returns to sign-in, keeping the company', async () => {
  const sent = signInServer();
  server.use(
    http.get('/api/session', () => HttpResponse.json(buildSession())),
    http.get(`/api/companies/${COMPANY_ID}/status`, () =>
      apiError(401, 'session-expired', 'Procore refused the refresh.'),
    ),
  );
  renderApp();
  expect(
    await screen.findByText('Your session expired — sign in again; nothing was lost.'),
  ).toBeVisible();
  expect(screen.getByRole('button', { name: 'Sign in with Procore' })).toBeInTheDocument();
  await waitFor(() => expect(sent.prepare).toHaveLength(1));
  expect(sent.prepare[0]).toMatchObject({ companyId: COMPANY_ID });
});
