// package.json `engines` is what the README promises, and the Node running the tests is inside it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');

describe('supported Node versions', () => {
  it('the running Node satisfies engines.node', () => {
    expect(semver.satisfies(process.version, pkg.engines.node)).toBe(true);
  });

  it('engines.node admits exactly the lines the README states (20.19+, 22.12+)', () => {
    expect(readme).toMatch(/Node\.js \*\*20\.19\+ or 22\.12\+\*\*/);
    for (const ok of ['20.19.0', '20.20.0', '22.12.0', '24.1.0']) expect(semver.satisfies(ok, pkg.engines.node), ok).toBe(true);
    for (const no of ['18.20.0', '20.18.1', '22.11.0']) expect(semver.satisfies(no, pkg.engines.node), no).toBe(false);
  });
});
