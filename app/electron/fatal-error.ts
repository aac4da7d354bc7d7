// What the main process does with an error nobody caught. Electron's default is a modal "A
// JavaScript error occurred in the main process" dialog: on a signage screen it would sit there
// until someone walks up with a keyboard, with the agent possibly half-dead behind it. A kiosk
// must leave instead and come back in a known state.
export type FatalAction = { kind: 'exit'; code: number } | { kind: 'relaunch-then-exit'; code: number };

export function fatalErrorAction(platform: NodeJS.Platform, isPackaged: boolean): FatalAction {
  // A developer run: stop, the log says why.
  if (!isPackaged) return { kind: 'exit', code: 1 };
  switch (platform) {
    case 'win32':
    case 'darwin':
      // Only a login item starts us there: nothing would bring the kiosk back after an exit.
      return { kind: 'relaunch-then-exit', code: 1 };
    default:
      // Linux: the systemd user unit (Restart=always) restarts us; a relaunch would race it for
      // the single-instance lock.
      return { kind: 'exit', code: 1 };
  }
}
