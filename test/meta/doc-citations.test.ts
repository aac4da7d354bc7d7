// Code cites the repository's own documents only (docs/PROTOCOL.md, docs/ARCHITECTURE.md), and
// every anchor it cites exists: a renamed heading or a citation of a document a person who clones
// the repo does not have fails here instead of rotting silently.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '..', '..');
const self = path.relative(repo, import.meta.filename);

/** Tracked source files under the code folders (not docs, not this test). */
function codeFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '--', 'app', 'renderer', 'scripts', 'test'], { cwd: repo, encoding: 'utf8' });
  return out.split('\n').filter((f) => /\.(ts|tsx|mts|cts|js|mjs|cjs)$/.test(f) && f !== self);
}

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
function slugOf(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
}

function anchorsOf(doc: string): Set<string> {
  const text = readFileSync(path.join(repo, 'docs', doc), 'utf8');
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slugOf(m[1]!)));
}

// Built from parts so this file does not match itself.
const outside = [
  ['DESIGN', ' §'],
  ['xyte-device', '-api'],
  ['\\.\\./', 'shared'],
  ['OPERATORS', ' [0-9]'],
  ['(?<![A-Za-z/#-])issue', ' [0-9]'],
].map(([a, b]) => new RegExp(a! + b!));

describe('documentation citations in code', () => {
  const files = codeFiles();

  it('never cite documents outside the repository', () => {
    const offenders: string[] = [];
    for (const file of files) {
      readFileSync(path.join(repo, file), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (outside.some((re) => re.test(line))) offenders.push(`${file}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(offenders).toEqual([]);
  });

  it('point at headings that exist in docs/', () => {
    const anchors = { PROTOCOL: anchorsOf('PROTOCOL.md'), ARCHITECTURE: anchorsOf('ARCHITECTURE.md') };
    const missing: string[] = [];
    let cited = 0;
    for (const file of files) {
      const text = readFileSync(path.join(repo, file), 'utf8');
      // "docs/PROTOCOL.md#config, #licenses": the bare #x after a citation belongs to the same document.
      for (const m of text.matchAll(/docs\/(PROTOCOL|ARCHITECTURE)\.md((?:#[\w-]+)?(?:,\s*(?:\/\/\s*)?#[\w-]+)*)/g)) {
        const doc = m[1] as keyof typeof anchors;
        for (const [, anchor] of m[2]!.matchAll(/#([\w-]+)/g)) {
          cited += 1;
          if (!anchors[doc].has(anchor!)) missing.push(`${file}: docs/${doc}.md#${anchor}`);
        }
      }
    }
    expect(missing).toEqual([]);
    expect(cited).toBeGreaterThan(50);
  });
});
