import { describe, expect, it } from 'vitest';
import { commandLinePlan } from '../../app/electron/command-line';

describe('commandLinePlan', () => {
  it('strips debugging and sandbox-weakening switches from a packaged run', () => {
    const plan = commandLinePlan(false);
    for (const name of ['remote-debugging-port', 'inspect', 'inspect-brk', 'no-sandbox', 'disable-web-security', 'ignore-certificate-errors', 'js-flags']) {
      expect(plan.remove).toContain(name);
    }
  });

  it('keeps them for a developer', () => {
    expect(commandLinePlan(true).remove).toEqual([]);
  });

  it('never removes proxy switches (operators rely on them) and appends the kiosk switches', () => {
    const plan = commandLinePlan(false);
    expect(plan.remove.some((s) => s.includes('proxy'))).toBe(false);
    expect(plan.append).toContainEqual(['autoplay-policy', 'no-user-gesture-required']);
    expect(plan.append).toContainEqual(['disable-pinch']);
    expect(plan.append).toContainEqual(['overscroll-history-navigation', '0']);
  });
});
