// Names and versions refused (or cleaned) before anything is fetched.
import { describe, expect, it } from 'vitest';
import { checkVersion, pickFileName, sanitiseFileName } from '../../../app/core/firmware/checks';

describe('sanitiseFileName', () => {
  it.each([
    ['xyte-kiosk-2.0.0.AppImage', 'xyte-kiosk-2.0.0.AppImage'],
    ['Xyte Kiosk Setup 2.0.0.exe', 'Xyte_Kiosk_Setup_2.0.0.exe'],
    ['fw(1)+ü.bin', 'fw_1_+_.bin'],
  ])('keeps %j as %j', (name, expected) => expect(sanitiseFileName(name)).toBe(expected));

  it.each(['../evil', 'a/b', 'a\\b', '.hidden', 'x..y', 'C:evil.exe', 'nul\u0000byte', '', 'a'.repeat(129), 'fw.bin.part'])('refuses %j', (name) => {
    expect(() => sanitiseFileName(name)).toThrow(expect.objectContaining({ code: 'bad-file-name' }));
  });

  it('takes the name from the URL when the file has none, and refuses odd URLs', () => {
    expect(pickFileName({ url: 'https://s3.example/bucket/kiosk%202.0.0.AppImage?X-Amz=1', version: '2.0.0' })).toBe('kiosk_2.0.0.AppImage');
    expect(pickFileName({ url: 'https://s3.example/', version: '2.0.0' })).toBe('firmware-2.0.0');
    expect(() => pickFileName({ url: 'file:///etc/passwd', version: '2.0.0' })).toThrow(expect.objectContaining({ code: 'bad-url' }));
    expect(() => pickFileName({ url: 'https://user:pw@s3.example/fw', version: '2.0.0' })).toThrow(expect.objectContaining({ code: 'bad-url' }));
  });
});

describe('checkVersion', () => {
  it('allows only newer versions unless the command names the exact one', () => {
    expect(() => checkVersion({ appVersion: '1.2.0', fileVersion: '1.10.0' })).not.toThrow();
    expect(() => checkVersion({ appVersion: '1.2.0', fileVersion: '1.2.0-beta.1' })).toThrow(expect.objectContaining({ code: 'downgrade-refused' }));
    expect(() => checkVersion({ appVersion: '1.2.0', fileVersion: '1.1.0', exactVersionRequested: true, requestedVersion: '1.1.0' })).not.toThrow();
    expect(() => checkVersion({ appVersion: '1.2.0', fileVersion: '1.1.0', exactVersionRequested: true, requestedVersion: '1.0.0' })).toThrow(expect.objectContaining({ code: 'version-mismatch' }));
  });
});
