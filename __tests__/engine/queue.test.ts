import { readFile, stat, utimes, writeFile, rm, mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import * as path from 'node:path';
import {
  acquireBuildSlot,
  formatDuration,
  QueueStateError,
  type BuildSlot,
  type QueueOptions,
} from '../../src/engine/queue.js';
import { QueueTimeoutError } from '../../src/engine/errors.js';
import type { Exec } from '../../src/engine/exec.js';
import { findQueuePaths, queueFolderName } from '../../src/engine/queue/store.js';
import { parseState, type QueueEntry, type QueueState } from '../../src/engine/queue/state.js';
import { VirtualClock, RecordingLog, findDeadPid, makeTempDir } from './queue/helpers.js';

const ADDRESS = 'npipe:////./pipe/buildkitd';
const SPACING = 10_000;

let stateDir: string;
let removeDir: () => Promise<void>;
let clock: VirtualClock;

beforeEach(async () => {
  const temp = await makeTempDir('wcow-queue-');
  stateDir = path.join(temp.dir, 'state');
  removeDir = temp.remove;
  clock = new VirtualClock();
});

afterEach(async () => {
  await removeDir();
});

function optionsFor(
  step: string,
  extra: Partial<QueueOptions> = {},
): QueueOptions & { log: RecordingLog } {
  return {
    stateDir,
    daemonAddress: ADDRESS,
    spacingMs: SPACING,
    timeoutMs: 0,
    holder: { pid: process.pid, step, host: 'github' },
    clock,
    log: new RecordingLog(clock),
    ...extra,
    // Polls every 250 ms of virtual time keep long virtual waits quick; production uses 25 ms.
    tuning: { pollMs: 250, ...extra.tuning },
  } as QueueOptions & { log: RecordingLog };
}

const paths = () => findQueuePaths(stateDir, ADDRESS);

async function readState(): Promise<QueueState> {
  const parsed = parseState(await readFile(paths().stateFile, 'utf8'));
  if (!('state' in parsed)) throw new Error(parsed.problem);
  return parsed.state;
}

/** Asks for the slot without moving the clock; resolves with the virtual time it was taken. */
function enqueue(options: QueueOptions): Promise<{ slot: BuildSlot; at: number }> {
  return acquireBuildSlot(options).then((slot) => ({ slot, at: clock.now() }));
}

/** Acquires, moving the virtual clock as needed. */
function take(options: QueueOptions): Promise<{ slot: BuildSlot; at: number }> {
  return clock.run(enqueue(options));
}

/** Releases and returns the virtual time of the release. */
async function release(slot: BuildSlot): Promise<number> {
  const at = clock.now();
  await clock.run(slot.release());
  return at;
}

function holderEntry(extra: Partial<QueueEntry>): QueueEntry {
  return {
    id: 'other',
    pid: process.pid,
    step: 'someone-else',
    host: 'azure',
    hostname: hostname(),
    requestedAt: clock.now() - 1000,
    renewedAt: clock.now(),
    startedAt: clock.now() - 1000,
    ...extra,
  };
}

async function writeState(entries: QueueEntry[], extra: Partial<QueueState> = {}): Promise<void> {
  await mkdir(paths().dir, { recursive: true });
  const state: QueueState = {
    version: 1,
    address: ADDRESS,
    revision: 3,
    lastEndAt: 0,
    entries,
    ...extra,
  };
  await writeFile(paths().stateFile, JSON.stringify(state));
}

describe('acquireBuildSlot', () => {
  it('takes a free slot at once and records the holder in a shared folder', async () => {
    const options = optionsFor('web');
    const { slot } = await take(options);

    expect(slot.waitedMs).toBe(0);
    const state = await readState();
    expect(state.entries).toEqual([
      expect.objectContaining({
        pid: process.pid,
        step: 'web',
        host: 'github',
        startedAt: clock.now(),
      }),
    ]);
    expect((await stat(stateDir)).mode & 0o777).toBe(0o777);
    expect((await stat(paths().dir)).mode & 0o777).toBe(0o777);
    expect(options.log.messages('info')).toContain(
      `Took the build slot of daemon ${ADDRESS} after 0 ms.`,
    );
    await slot.release();
  });

  it('records the end on release, once, and leaves an empty line', async () => {
    const { slot } = await take(optionsFor('web'));
    await clock.advance(60_000);
    const end = clock.now();
    await Promise.all([slot.release(), slot.release()]);
    await slot.release();

    const state = await readState();
    expect(state.entries).toEqual([]);
    expect(state.lastEndAt).toBe(end);
    expect(JSON.parse(await readFile(paths().lastEndFile, 'utf8'))).toEqual({
      at: end,
      iso: new Date(end).toISOString(),
    });
  });

  it('keeps the spacing after the previous build, also for a retry of the same step', async () => {
    const first = await take(optionsFor('web'));
    const ended = await release(first.slot);
    const retry = optionsFor('web');
    const second = await take(retry);

    expect(second.at).toBeGreaterThanOrEqual(ended + SPACING);
    expect(second.at - (ended + SPACING)).toBeLessThan(100);
    expect(second.slot.waitedMs).toBeGreaterThanOrEqual(SPACING);
    expect(retry.log.messages('info')[0]).toMatch(
      new RegExp(
        `^Waiting 10\\.0 s before starting: build-spacing \\(10\\.0 s\\) after the previous build on daemon npipe:////\\./pipe/buildkitd, which ended at ${new Date(ended).toISOString()}`,
      ),
    );
    await second.slot.release();
  });

  it('does not wait when spacing is off', async () => {
    const first = await take(optionsFor('web', { spacingMs: 0 }));
    await first.slot.release();
    const second = await take(optionsFor('web', { spacingMs: 0 }));
    expect(second.slot.waitedMs).toBe(0);
    await second.slot.release();
  });

  it('makes a second step wait for the holder and then for the spacing', async () => {
    const first = await take(optionsFor('web'));
    const waiting = optionsFor('api', { holder: { pid: process.pid, step: 'api', host: 'azure' } });
    const second = enqueue(waiting);
    const line = await clock.run(waiting.log.waitFor(/^Waiting for the build slot/));
    expect(line.message).toMatch(
      /^Waiting for the build slot of daemon npipe:\/\/\/\/\.\/pipe\/buildkitd: position 1 in line\. Building now: pid \d+ \(step 'web', github\) since \d{4}-\d\d-\d\dT[\d:.]+Z \([^)]+\)\. Each start comes at least 10\.0 s after the previous build ends \(build-spacing\)\.$/,
    );

    await clock.advance(120_000);
    const ended = await release(first.slot);
    const { slot, at } = await clock.run(second);

    expect(at).toBeGreaterThanOrEqual(ended + SPACING);
    expect(slot.waitedMs).toBeGreaterThanOrEqual(120_000 + SPACING);
    await slot.release();
  });

  it('repeats the waiting message at most every 30 s', async () => {
    const first = await take(optionsFor('web'));
    const waiting = optionsFor('api');
    const second = enqueue(waiting);
    await clock.run(waiting.log.waitFor(/^Waiting/));
    await clock.advance(95_000);
    await release(first.slot);
    await (await clock.run(second)).slot.release();

    const waits = waiting.log.lines.filter((line) => line.message.startsWith('Waiting'));
    // About 95 s of waiting plus the spacing: the first line and then one per 30 s at most.
    expect(waits.length).toBeGreaterThanOrEqual(3);
    expect(waits.length).toBeLessThanOrEqual(5);
    for (let index = 1; index < waits.length; index += 1) {
      expect(waits[index].at - waits[index - 1].at).toBeGreaterThanOrEqual(30_000);
    }
  });

  it('serves waiting steps first come, first served', async () => {
    const holder = await take(optionsFor('first'));
    const order: string[] = [];
    const waiters = [];
    for (const step of ['b', 'c', 'd']) {
      const options = optionsFor(step);
      waiters.push(
        enqueue(options).then(async ({ slot, at }) => {
          order.push(step);
          return { slot, at };
        }),
      );
      await clock.run(options.log.waitFor(/^Waiting/));
    }
    expect((await readState()).entries.map((item) => item.step)).toEqual(['first', 'b', 'c', 'd']);

    let ended = await release(holder.slot);
    for (const waiter of waiters) {
      const { slot, at } = await clock.run(waiter);
      expect(at).toBeGreaterThanOrEqual(ended + SPACING);
      ended = await release(slot);
    }
    expect(order).toEqual(['b', 'c', 'd']);
  });

  it('keeps one queue per daemon address', async () => {
    const first = await take(optionsFor('web'));
    const other = await take(optionsFor('web', { daemonAddress: 'tcp://10.0.0.5:1234' }));
    expect(other.slot.waitedMs).toBe(0);
    await Promise.all([first.slot.release(), other.slot.release()]);
  });

  it('fails after queue-timeout, naming the holder and what to do, and leaves the line', async () => {
    const first = await take(optionsFor('web'));
    const startedAt = clock.now();
    const waiting = optionsFor('api', { timeoutMs: 5 * 60_000, tuning: { pollMs: 1000 } });
    const error = await clock.run(acquireBuildSlot(waiting)).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(QueueTimeoutError);
    expect((error as Error).message).toMatch(
      new RegExp(
        `^Waited 5 min( \\d+ s)? for the build slot of daemon npipe:////\\./pipe/buildkitd and gave up \\(queue-timeout 5 min\\)\\. ` +
          `The slot is held by pid ${process.pid} \\(step 'web', github\\) since ${new Date(startedAt).toISOString()} \\(5 min( \\d+ s)?\\)\\. ` +
          `Raise queue-timeout, or look at process ${process.pid} on this machine: if it hangs, stop it; the queue notices a stopped holder within a second\\.$`,
      ),
    );
    expect((await readState()).entries.map((item) => item.step)).toEqual(['web']);
    await first.slot.release();
  });

  it('names the spacing when only the spacing made it time out', async () => {
    const first = await take(optionsFor('web'));
    await first.slot.release();
    const error = await clock
      .run(acquireBuildSlot(optionsFor('api', { spacingMs: 3_600_000, timeoutMs: 60_000 })))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(QueueTimeoutError);
    expect((error as Error).message).toMatch(
      /No build is running, but build-spacing \(1 h\) did not allow a start before .*Lower build-spacing or raise queue-timeout\.$/,
    );
  });

  it('stops waiting when the signal aborts and leaves the line', async () => {
    const first = await take(optionsFor('web'));
    const controller = new AbortController();
    const waiting = optionsFor('api', { signal: controller.signal });
    const second = acquireBuildSlot(waiting);
    await clock.run(waiting.log.waitFor(/^Waiting/));
    controller.abort(new Error('job cancelled'));

    await expect(clock.run(second)).rejects.toThrow('job cancelled');
    expect((await readState()).entries.map((item) => item.step)).toEqual(['web']);
    await first.slot.release();
  });

  it('removes a holder whose process is gone and counts its build as ending then', async () => {
    const deadPid = await findDeadPid();
    await writeState([holderEntry({ pid: deadPid })], { lastEndAt: clock.now() - 3_600_000 });
    const options = optionsFor('api');
    const prunedAt = clock.now();
    const { slot, at } = await take(options);

    expect(options.log.messages('info')[0]).toBe(
      `Removed the build slot holder pid ${deadPid} (step 'someone-else', azure) from the queue of daemon ${ADDRESS}: its process is gone; its build counts as ended now for build-spacing.`,
    );
    expect(at).toBeGreaterThanOrEqual(prunedAt + SPACING);
    expect(at - prunedAt).toBeLessThan(SPACING + 1000);
    await slot.release();
  });

  it('never removes a live holder that renews its lease', async () => {
    const first = await take(optionsFor('web'));
    const waiting = optionsFor('api');
    const second = enqueue(waiting);
    await clock.run(waiting.log.waitFor(/^Waiting/));
    // Three minutes of virtual time, six leases: the holder keeps renewing, so it stays.
    await clock.advance(180_000);
    expect((await readState()).entries.map((item) => item.step)).toEqual(['web', 'api']);
    expect(waiting.log.messages('info').some((message) => message.startsWith('Removed'))).toBe(
      false,
    );

    await first.slot.release();
    await (await clock.run(second)).slot.release();
  });

  it('removes a live but silent holder once its lease runs out', async () => {
    await writeState([holderEntry({ pid: process.pid })]);
    const leaseStart = clock.now();
    const options = optionsFor('api', { tuning: { leaseMs: 30_000 } });
    const { slot, at } = await take(options);

    expect(options.log.messages('info')).toContain(
      `Removed the build slot holder pid ${process.pid} (step 'someone-else', azure) from the queue of daemon ${ADDRESS}: it showed no sign of life for 30.0 s (lease); its build counts as ended now for build-spacing.`,
    );
    expect(at).toBeGreaterThanOrEqual(leaseStart + 30_000 + SPACING);
    await slot.release();
  });

  it('does not judge the pid of another machine, only its lease', async () => {
    const deadPid = await findDeadPid();
    await writeState([holderEntry({ pid: deadPid, hostname: 'other-machine' })]);
    const leaseStart = clock.now();
    const options = optionsFor('api');
    const { slot, at } = await take(options);

    expect(at).toBeGreaterThanOrEqual(leaseStart + 30_000 + SPACING);
    expect(options.log.messages('info').find((message) => message.startsWith('Removed'))).toMatch(
      /machine other-machine\).*no sign of life/,
    );
    await slot.release();
  });

  it.each([
    ['an empty file', ''],
    ['half a file', '{"version":1,"address":"npipe:////./pipe/buildkitd","revision":4,"lastEn'],
    ['garbage', '\u0000\u0000\u0000\u0000'],
    ['another version', '{"version":99,"entries":[]}'],
  ])('recovers from a state file holding %s', async (_name, text) => {
    await mkdir(paths().dir, { recursive: true });
    await writeFile(paths().stateFile, text);
    const options = optionsFor('api', { spacingMs: 0 });
    const recoveredAt = clock.now();
    const { slot, at } = await take(options);

    expect(options.log.messages('warning')[0]).toMatch(
      new RegExp(
        `^The build queue state file .*queue\\.json was unreadable \\(.+\\) and was rebuilt\\. Starts wait 5\\.0 s so that running builds re-register\\.`,
      ),
    );
    // The grace period lets builds that were running put themselves back before anyone starts.
    expect(at).toBeGreaterThanOrEqual(recoveredAt + 5000);
    expect((await readState()).entries).toEqual([expect.objectContaining({ step: 'api' })]);
    await slot.release();
  });

  it('lets a running holder put itself back after its state file was damaged', async () => {
    const holderOptions = optionsFor('web');
    const first = await take(holderOptions);
    await writeFile(paths().stateFile, '{"version":1,"entr');
    const waiting = optionsFor('api', { tuning: { recoveryGraceMs: 60_000 } });
    const second = enqueue(waiting);

    await clock.run(
      waiting.log.waitFor(/^Waiting for the build slot.*Building now: pid \d+ \(step 'web'/),
    );
    expect(waiting.log.messages('warning')[0]).toMatch(/queue\.json was unreadable/);
    expect(holderOptions.log.messages('info')).toContain(
      'The build slot entry of this step had gone from the queue; it put itself back as holder.',
    );
    const ended = await release(first.slot);
    const { slot, at } = await clock.run(second);
    expect(at).toBeGreaterThanOrEqual(ended + SPACING);
    await slot.release();
  });

  it('keeps the spacing from the last-end file when the state file was removed by hand', async () => {
    const first = await take(optionsFor('web'));
    const ended = await release(first.slot);
    await rm(paths().stateFile);
    const { slot, at } = await take(optionsFor('api'));
    expect(at).toBeGreaterThanOrEqual(ended + SPACING);
    await slot.release();
  });

  it('falls back to the time the last-end file was written when its content is damaged', async () => {
    const first = await take(optionsFor('web'));
    const ended = await release(first.slot);
    await rm(paths().stateFile);
    await writeFile(paths().lastEndFile, '{"at":');
    await utimes(paths().lastEndFile, ended / 1000, ended / 1000);
    const { slot, at } = await take(optionsFor('api'));
    expect(at).toBeGreaterThanOrEqual(ended + SPACING);
    await slot.release();
  });

  it('waits no longer than the spacing after the system clock was set back', async () => {
    await writeState([], { lastEndAt: clock.now() + 3_600_000 });
    const askedAt = clock.now();
    const { slot, at } = await take(optionsFor('api'));
    expect(at - askedAt).toBeGreaterThanOrEqual(SPACING);
    expect(at - askedAt).toBeLessThan(SPACING + 1000);
    await slot.release();
  });

  it('never throws from release, even when its folder is gone', async () => {
    const options = optionsFor('web');
    const { slot } = await take(options);
    await rm(stateDir, { recursive: true, force: true });
    await expect(slot.release()).resolves.toBeUndefined();
    expect(options.log.messages('warning').join('\n')).toMatch(
      /^Could not give the build slot back/,
    );
  });

  it('explains a state folder that cannot be created', async () => {
    await mkdir(path.dirname(stateDir), { recursive: true });
    await writeFile(stateDir, 'a file where the folder should be');
    const error = await clock
      .run(acquireBuildSlot(optionsFor('web')))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(QueueStateError);
    expect((error as Error).message).toMatch(
      /^Cannot create the queue folder .*\(.*\)\. Create .* writable for every build account, or set state-dir to a folder they share\.$/,
    );
  });

  it('rejects options that make no sense before touching the disk', async () => {
    await expect(
      acquireBuildSlot(optionsFor('web', { spacingMs: -1, daemonAddress: ' ' })),
    ).rejects.toThrow(
      'Build queue options: daemonAddress is empty; spacingMs -1 is not a number of 0 or more.',
    );
    await expect(stat(stateDir)).rejects.toThrow(/ENOENT/);
  });

  it('opens a new state folder to every account on Windows with icacls', async () => {
    const calls: (readonly string[])[] = [];
    const exec: Exec = async (command, args) => {
      calls.push([command, ...args]);
      return {
        exitCode: 0,
        stdout: 'Successfully processed 1 files',
        stderr: '',
        timedOut: false,
        durationMs: 5,
      };
    };
    const options = optionsFor('web', { tuning: { platform: 'win32', exec } });
    const first = await take(options);
    await first.slot.release();
    const second = await take(optionsFor('web', { tuning: { platform: 'win32', exec } }));
    await second.slot.release();

    expect(calls).toEqual([['icacls', stateDir, '/grant', '*S-1-5-11:(OI)(CI)M', '/Q']]);
    expect(options.log.messages('info')[0]).toBe(
      `Created the queue state folder ${stateDir}, writable for every signed-in account.`,
    );
  });

  it('warns with the command to run when icacls fails', async () => {
    const exec: Exec = async () => ({
      exitCode: 5,
      stdout: '',
      stderr: 'Access is denied.',
      timedOut: false,
      durationMs: 5,
    });
    const options = optionsFor('web', { tuning: { platform: 'win32', exec } });
    const { slot } = await take(options);
    await slot.release();
    expect(options.log.messages('warning')).toEqual([
      `Could not open the queue state folder ${stateDir} to other accounts (icacls: Access is denied.). Builds under other accounts may fail to join the queue; run as an administrator: icacls "${stateDir}" /grant "*S-1-5-11:(OI)(CI)M"`,
    ]);
  });
});

describe('queueFolderName', () => {
  it.each([
    ['npipe:////./pipe/buildkitd', /^queue-npipe-pipe-buildkitd-[0-9a-f]{12}$/],
    [
      'unix:///run/buildkit/buildkitd.sock',
      /^queue-unix-run-buildkit-buildkitd-sock-[0-9a-f]{12}$/,
    ],
    ['tcp://build-host.example:1234', /^queue-tcp-build-host-example-1234-[0-9a-f]{12}$/],
    ['!!!', /^queue-daemon-[0-9a-f]{12}$/],
  ])('gives %s a safe name', (address, pattern) => {
    expect(queueFolderName(address)).toMatch(pattern);
  });

  it('keeps addresses apart and ignores the case of Windows pipe names only', () => {
    expect(queueFolderName('npipe:////./pipe/BuildKitD')).toBe(
      queueFolderName('npipe:////./pipe/buildkitd'),
    );
    expect(queueFolderName('unix:///run/A.sock')).not.toBe(queueFolderName('unix:///run/a.sock'));
    expect(queueFolderName('tcp://a:1')).not.toBe(queueFolderName('tcp://a:2'));
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0 ms'],
    [850, '850 ms'],
    [12_345, '12.3 s'],
    [60_000, '1 min'],
    [303_000, '5 min 3 s'],
    [3_600_000, '1 h'],
    [7_500_000, '2 h 5 min'],
  ])('%d ms reads %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
