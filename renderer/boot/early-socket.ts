// Imported FIRST by main.tsx: ES modules evaluate in import order, so this runs before React,
// zod and the screens are evaluated (~100 ms on a kiosk-class CPU), and the socket handshake plus
// the shell's status push happen meanwhile instead of after.
import { openEarlySocket } from '../bridge/early-socket';

export const earlySocket = openEarlySocket(window as unknown as Parameters<typeof openEarlySocket>[0]);
