import { readFileSync } from 'node:fs';
import { MIN_NODE, nodeVersionProblem } from './node-version.ts';

test('the minimum is the one package.json promises', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } };
  expect(pkg.engines.node).toBe(`>=${MIN_NODE}`);
});

test('Node 20 is refused with what to do; 22.12 and later run', () => {
  expect(nodeVersionProblem('20.20.2')).toMatch(
    /needs Node >= 22\.12; this is Node 20\.20\.2.*npm start/,
  );
  expect(nodeVersionProblem('22.11.0')).not.toBeNull();
  expect(nodeVersionProblem('22.12.0')).toBeNull();
  expect(nodeVersionProblem('24.1.0')).toBeNull();
});

test('the tests themselves run on the Node the app runs on', () => {
  expect(nodeVersionProblem()).toBeNull();
});
