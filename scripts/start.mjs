// `npm start`. From a checkout (`npm install`): the server from its TypeScript sources through
// tsx, building the SPA when it is missing or stale (demo mode without PROCORE_CLIENT_ID). With
// NODE_ENV=production, or in a production install (`npm ci --omit=dev`, no tsx): the compiled
// server from `npm run build` (dist-server/ on dist/), with plain node, or a clear refusal.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
const compiled = path.join(root, 'dist-server', 'start.js');

function hasTsx() {
  try {
    import.meta.resolve('tsx/esm/api');
    return true;
  } catch {
    return false;
  }
}

if (process.env.NODE_ENV === 'production' || !hasTsx()) {
  if (!existsSync(compiled) || !existsSync(path.join(root, 'dist', 'index.html'))) {
    console.error(
      'Cannot start: there is no production build here (dist-server/start.js and dist/). ' +
        'Run `npm run build` first' +
        (hasTsx() ? ', or start without NODE_ENV=production for the development server.' : '.'),
    );
    process.exit(1);
  }
  await import(pathToFileURL(compiled).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(path.join(root, 'src', 'server', 'start.ts')).href);
}
