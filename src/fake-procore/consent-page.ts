import { escapeHtml as e } from './http-kit.ts';

export interface ConsentPageInput {
  appName: string;
  users: { id: string; label: string }[];
  selectedUserId: string;
  hidden: Record<string, string>;
  action: string;
}

const STYLE = `
  body { font-family: system-ui, sans-serif; background: #f4f5f6; margin: 0; }
  main { max-width: 28rem; margin: 4rem auto; background: #fff; padding: 2rem; border-radius: 8px;
         box-shadow: 0 1px 4px rgba(0,0,0,.15); }
  .brand { color: #f47e42; font-weight: 700; letter-spacing: .02em; }
  .fake { font-size: .8rem; color: #6a767c; }
  label { display: block; margin: 1.25rem 0 .25rem; font-weight: 600; }
  select { width: 100%; padding: .5rem; }
  .actions { display: flex; gap: .75rem; margin-top: 1.5rem; }
  button { padding: .6rem 1.4rem; border-radius: 4px; border: 1px solid #c5cbcd; font-size: 1rem; }
  button[value="allow"] { background: #f47e42; border-color: #f47e42; color: #fff; }
`;

/** The simulated login.procore.com consent page: choose who signs in, then Allow or Deny. */
export function renderConsentPage(input: ConsentPageInput): string {
  const options = input.users
    .map(
      (u) =>
        `<option value="${e(u.id)}"${u.id === input.selectedUserId ? ' selected' : ''}>${e(u.label)}</option>`,
    )
    .join('\n        ');
  const hidden = Object.entries(input.hidden)
    .map(([name, value]) => `<input type="hidden" name="${e(name)}" value="${e(value)}">`)
    .join('\n      ');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Authorize ${e(input.appName)} | Procore</title>
  <style>${STYLE}</style>
</head>
<body>
  <main>
    <p class="brand">PROCORE</p>
    <p class="fake">Simulated Procore login (fake, for tests and demos)</p>
    <h1>${e(input.appName)} would like to access your Procore account</h1>
    <form method="post" action="${e(input.action)}">
      ${hidden}
      <label for="user_id">Signed in as</label>
      <select id="user_id" name="user_id">
        ${options}
      </select>
      <div class="actions">
        <button type="submit" name="decision" value="allow">Allow</button>
        <button type="submit" name="decision" value="deny">Deny</button>
      </div>
    </form>
  </main>
</body>
</html>`;
}

export function renderErrorPage(title: string, message: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${e(title)} | Procore</title><style>${STYLE}</style></head>
<body>
  <main>
    <p class="brand">PROCORE</p>
    <h1>${e(title)}</h1>
    <p role="alert">${e(message)}</p>
  </main>
</body>
</html>`;
}
