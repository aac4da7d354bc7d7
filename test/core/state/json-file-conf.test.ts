// The state file without the conf package must be the same file: what conf writes, JsonFileConf
// reads, and the reverse, byte for byte and with the same mode; a missing file is empty, a corrupt
// one is an error (the store's recovery runs first and handles it).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Conf from 'conf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deviceStateConfOptions } from '../../../app/core/state/device-state-store';
import { JsonFileConf } from '../../../app/core/state/json-file-conf';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xk-json-conf-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const sample = { configVersion: 7, latestVer: '1.2.3', space: { name: 'Lobby ☕', maintenance: false }, list: [1, 'two', null], nested: { deep: { x: true } } };

describe('JsonFileConf', () => {
  it('writes the file conf writes: same path, same bytes, same mode', () => {
    const options = deviceStateConfOptions(dir);
    const ours = new JsonFileConf(options);
    ours.store = sample;
    const ourBytes = fs.readFileSync(ours.path);
    const ourMode = fs.statSync(ours.path).mode & 0o777;
    fs.rmSync(ours.path);
    const theirs = new Conf<Record<string, unknown>>(options);
    expect(path.resolve(theirs.path)).toBe(ours.path);
    theirs.store = sample;
    expect(fs.readFileSync(theirs.path)).toEqual(ourBytes);
    expect(fs.statSync(theirs.path).mode & 0o777).toBe(ourMode);
    expect(ourMode).toBe(0o600);
  });

  it('reads what conf wrote, and conf reads what it wrote', () => {
    const options = deviceStateConfOptions(dir);
    new Conf<Record<string, unknown>>(options).store = sample;
    const ours = new JsonFileConf(options);
    expect(ours.store).toEqual(sample);
    ours.set('configVersion', 8);
    expect(new Conf<Record<string, unknown>>(options).store).toEqual({ ...sample, configVersion: 8 });
  });

  it('a missing file is an empty store; a corrupt one or a non-object throws, never reads as empty', () => {
    const ours = new JsonFileConf(deviceStateConfOptions(dir));
    expect(ours.store).toEqual({});
    fs.writeFileSync(ours.path, '{"configVersion": 3,');
    expect(() => ours.store).toThrow(SyntaxError);
    fs.writeFileSync(ours.path, '[1, 2]');
    expect(() => ours.store).toThrow(/JSON object/);
  });

  it('leaves no temporary file behind', () => {
    const ours = new JsonFileConf(deviceStateConfOptions(dir));
    ours.store = sample;
    ours.set('latestVer', '2.0.0');
    expect(fs.readdirSync(dir)).toEqual([path.basename(ours.path)]);
  });
});
