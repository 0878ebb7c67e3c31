import { fork } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EmulatorOptions } from '../../emulator/index.ts';
import type { OperationCounters } from '../../emulator/faults/counters.ts';

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'emulator-child.ts');

export interface EmulatorProcess {
  url: string;
  endpointTemplate: string;
  /** OCI config file (profile DEFAULT) of the emulator's API-key user. */
  configPath: string;
  homeRegion: string;
  pid: number;
  /** The emulator's request counters, keyed `service|region|operation`. */
  counters(): Promise<Record<string, OperationCounters>>;
  resetCounters(): Promise<void>;
  /** CPU time and peak RSS of the emulator's process so far. */
  usage(): Promise<{ cpuMs: number; maxRssBytes: number }>;
  close(): Promise<void>;
}

/**
 * Starts the emulator in a separate Node process, as a benchmark needs: the emulator plays the cloud,
 * and on a 2-core machine its CPU must not be charged to (or compete inside) the tool's process.
 */
export async function startEmulatorProcess(options: EmulatorOptions & { stateDir: string }): Promise<EmulatorProcess> {
  const child = fork(CHILD, [JSON.stringify(options)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let nextId = 1;
  const pending = new Map<number, (message: Record<string, unknown>) => void>();
  const ready = new Promise<Record<string, unknown>>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`emulator process exited with ${code} before it was ready`)));
    child.on('message', (message: Record<string, unknown>) => {
      if (message['type'] === 'ready') resolve(message);
      const id = message['id'];
      if (typeof id === 'number') {
        pending.get(id)?.(message);
        pending.delete(id);
      }
    });
  });
  const request = (type: string) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      child.send({ id, type });
    });
  const info = await ready;
  child.removeAllListeners('exit');
  return {
    url: String(info['url']),
    endpointTemplate: String(info['endpointTemplate']),
    configPath: String(info['configPath']),
    homeRegion: String(info['homeRegion']),
    pid: child.pid ?? -1,
    counters: async () => (await request('counters'))['counters'] as Record<string, OperationCounters>,
    usage: async () => {
      const reply = await request('usage');
      return { cpuMs: Number(reply['cpuMs']), maxRssBytes: Number(reply['maxRssBytes']) };
    },
    resetCounters: async () => {
      await request('resetCounters');
    },
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ id: nextId++, type: 'close' });
      await exited;
    },
  };
}
