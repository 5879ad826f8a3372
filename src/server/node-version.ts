/**
 * The oldest Node the server runs on, as package.json's `engines.node` says (a test keeps the two
 * equal). `npm install` puts Node 22 into node_modules (the `node` dependency) and every `npm run`
 * script uses it; a server started another way on an older Node stops here, saying so.
 */
export const MIN_NODE = '22.12';

/** Why this Node cannot run the server, or null when it can. */
export function nodeVersionProblem(version = process.versions.node): string | null {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const [minMajor = 0, minMinor = 0] = MIN_NODE.split('.').map(Number);
  if (major > minMajor || (major === minMajor && minor >= minMinor)) return null;
  return (
    `SALUS Setup needs Node >= ${MIN_NODE}; this is Node ${version} (${process.execPath}). ` +
    'Start it with `npm start`, which uses the Node 22 that `npm install` puts in node_modules.'
  );
}
