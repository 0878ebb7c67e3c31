import { lstat, readlink, stat } from 'node:fs/promises';
import { connect } from 'node:net';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Poll interval while waiting for the FDK's socket. */
const POLL_MS = 10;

export type ListenerWait = { ready: true } | { ready: false; reason: 'exited' | 'timeout' | 'invalid'; detail: string };

/**
 * Waits until the FDK listens at `socketPath` (`lsnr.sock`): the FDK listens on `lsnr.sock.tmp`, then
 * symlinks `lsnr.sock` to it. Like the Fn agent (checkSocketDestination), a symlink must stay inside the
 * socket directory and end at a socket; then one connection must be accepted. Gives up when `hasExited()`
 * turns true or after `timeoutMs`.
 */
export async function waitForListener(socketPath: string, options: { timeoutMs: number; hasExited: () => boolean }): Promise<ListenerWait> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (options.hasExited()) return { ready: false, reason: 'exited', detail: 'the process exited before listening' };
    const check = await checkSocket(socketPath);
    if (check === 'invalid-symlink') {
      return { ready: false, reason: 'invalid', detail: `${socketPath} is a symlink that leaves its directory` };
    }
    if (check === 'socket' && (await accepts(socketPath))) return { ready: true };
    if (Date.now() >= deadline) {
      return { ready: false, reason: 'timeout', detail: `not listening at ${socketPath} after ${options.timeoutMs} ms` };
    }
    await sleep(POLL_MS);
  }
}

async function checkSocket(socketPath: string): Promise<'absent' | 'socket' | 'invalid-symlink'> {
  try {
    const link = await lstat(socketPath);
    if (link.isSymbolicLink()) {
      const target = await readlink(socketPath);
      if (dirname(target) !== '.') return 'invalid-symlink';
    }
    return (await stat(socketPath)).isSocket() ? 'socket' : 'absent';
  } catch {
    return 'absent';
  }
}

function accepts(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(socketPath);
    const done = (ok: boolean) => {
      socket.removeAllListeners();
      socket.on('error', () => {});
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
