/**
 * Child-process side of `startEmulatorProcess`: runs the emulator in its own process (its CPU is the
 * cloud's, not the tool's), writes an OCI config for it, and answers counter queries over IPC.
 */
import { startEmulator, type EmulatorOptions } from '../../emulator/index.ts';

type Request = { id: number; type: 'counters' | 'resetCounters' | 'usage' | 'close' };

const options = JSON.parse(process.argv[2] ?? '{}') as EmulatorOptions & { stateDir: string };
const { stateDir, ...emulatorOptions } = options;
const emulator = await startEmulator(emulatorOptions);
const { configPath } = await emulator.writeOciConfig(stateDir);
const send = (message: unknown) => process.send?.(message);
send({ type: 'ready', url: emulator.url, endpointTemplate: emulator.endpointTemplate, configPath, homeRegion: emulator.tenancy.homeRegion });
process.on('message', (message: Request) => {
  if (message.type === 'counters') send({ id: message.id, counters: emulator.counters.snapshot() });
  else if (message.type === 'usage') {
    const usage = process.resourceUsage();
    send({ id: message.id, cpuMs: Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000), maxRssBytes: usage.maxRSS * 1024 });
  } else if (message.type === 'resetCounters') {
    emulator.counters.reset();
    send({ id: message.id });
  } else if (message.type === 'close') {
    void emulator.close().then(() => {
      send({ id: message.id });
      process.exit(0);
    });
  }
});
process.on('disconnect', () => process.exit(0));
