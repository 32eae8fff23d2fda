import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  eventFacts,
  flagValue,
  isExcluded,
  lockFacts,
  normalizeLockedPath,
  parseFltmc,
  serviceFacts,
  splitCommandLine,
} from '../../../src/engine/diagnostics/collectors/windows.js';
import { diskFacts } from '../../../src/engine/diagnostics/collectors/common.js';

const REPLIES = path.join(path.dirname(new URL(import.meta.url).pathname), 'fixtures', 'replies');

describe('parseFltmc', () => {
  it('reads name, instances and altitude of every filter', () => {
    const drivers = parseFltmc(
      fs.readFileSync(path.join(REPLIES, 'fltmc-filters.txt'), 'utf8').replace(/\n/g, '\r\n'),
    );
    expect(drivers).toHaveLength(11);
    expect(drivers[2]).toEqual({ name: 'CSAgent', instances: 5, altitude: '321410' });
  });
});

describe('splitCommandLine and flagValue', () => {
  it('reads flags from a service command line', () => {
    const args = splitCommandLine(
      '"C:\\Program Files\\containerd\\bin\\containerd.exe" --run-service --log-file "C:\\Program Data\\c.log" --root=C:\\data\\root ""',
    );
    expect(args).toEqual([
      'C:\\Program Files\\containerd\\bin\\containerd.exe',
      '--run-service',
      '--log-file',
      'C:\\Program Data\\c.log',
      '--root=C:\\data\\root',
      '',
    ]);
    expect(flagValue(args, '--log-file')).toBe('C:\\Program Data\\c.log');
    expect(flagValue(args, '--root')).toBe('C:\\data\\root');
    expect(flagValue(args, '--config')).toBeUndefined();
  });
});

describe('isExcluded', () => {
  const env = { ProgramData: 'C:\\ProgramData' };
  it.each([
    ['C:\\ProgramData\\containerd', ['C:\\ProgramData\\containerd'], true],
    ['C:\\ProgramData\\containerd', ['c:\\programdata\\'], true],
    ['C:\\ProgramData\\containerd', ['%ProgramData%\\containerd\\'], true],
    ['C:\\ProgramData\\containerd', ['C:\\ProgramData\\container'], false],
    ['C:\\ProgramData\\containerd', ['C:\\ProgramData\\containerd\\root'], false],
    ['C:\\ProgramData\\containerd', [], false],
  ])('%s under %j: %s', (folder, exclusions, expected) => {
    expect(isExcluded(folder, exclusions, env)).toBe(expected);
  });
});

describe('normalizeLockedPath', () => {
  it.each([
    [
      '\\\\?\\C:\\ProgramData\\containerd\\root\\snapshots\\4',
      'C:\\ProgramData\\containerd\\root\\snapshots\\4',
    ],
    ['"C:\\x\\layer.vhdx".', 'C:\\x\\layer.vhdx'],
    [
      'C:\\\\ProgramData\\\\Docker\\\\windowsfilter\\\\ae7e',
      'C:\\ProgramData\\Docker\\windowsfilter\\ae7e',
    ],
    ['  C:\\x\\sandbox.vhdx: ', 'C:\\x\\sandbox.vhdx'],
  ])('%s -> %s', (input, expected) => {
    expect(normalizeLockedPath(input)).toBe(expected);
  });
});

describe('lockFacts', () => {
  it('names holders, or says that none held the file any more', () => {
    const facts = lockFacts([
      {
        path: 'C:\\a',
        files: 3,
        holders: [
          {
            pid: 3120,
            app: 'Antimalware Service Executable',
            service: 'WinDefend',
            type: 'Service',
            processName: 'MsMpEng',
          },
          { pid: 77, app: 'backup agent', service: '', type: 'Console', processName: null },
        ],
      },
      { path: 'C:\\b', files: 1, holders: [] },
      { path: 'C:\\c', files: 0, holders: [], error: 'The file no longer exists.' },
    ]);
    expect(facts.map((fact) => [fact.kind, fact.text])).toEqual([
      [
        'lock-holder',
        '`C:\\a` was held by MsMpEng.exe (pid 3120, service WinDefend), backup agent (pid 77) when diagnostics ran.',
      ],
      ['lock-no-holder', expect.stringMatching(/^No process held `C:\\b` when diagnostics ran/)],
      ['lock-no-holder', 'Could not check `C:\\c`: The file no longer exists.'],
    ]);
  });
});

describe('serviceFacts', () => {
  const jobStartedAt = Date.parse('2026-12-03T11:50:00Z');
  it.each([
    [{ name: 'buildkitd', found: false }, /buildkitd service is not installed/],
    [
      { name: 'buildkitd', found: true, state: 'Stopped', exitCode: 1067 },
      /buildkitd service is Stopped \(exit code 1067\)/,
    ],
    [
      {
        name: 'containerd',
        found: true,
        state: 'Running',
        processStartedAt: '2026-12-03T11:57:31Z',
      },
      /started during the job/,
    ],
  ])('%j', (service, text) => {
    expect(serviceFacts(service, jobStartedAt)[0].text).toMatch(text);
  });

  it('says nothing of a service that has run since before the job', () => {
    expect(
      serviceFacts(
        {
          name: 'containerd',
          found: true,
          state: 'Running',
          processStartedAt: '2026-12-03T08:00:00Z',
        },
        jobStartedAt,
      ),
    ).toEqual([]);
  });
});

describe('eventFacts', () => {
  it('reports detections, daemon errors and services that died, not information events', () => {
    const reply = JSON.parse(fs.readFileSync(path.join(REPLIES, 'event-logs.json'), 'utf8'));
    const facts = eventFacts(reply.queries);
    expect(facts.map((fact) => fact.kind)).toEqual(['daemon-error', 'service-state']);
    expect(facts[1].text).toMatch(
      /^The service manager saw a daemon terminate unexpectedly \(event 7031/,
    );

    const detection = {
      time: 't',
      id: 1116,
      level: 3,
      levelName: 'Warning',
      provider: 'Defender',
      message: 'Microsoft Defender Antivirus has detected malware.\r\nName: EICAR',
    };
    expect(eventFacts([{ name: 'defender', logName: 'x', events: [detection] }])[0]).toMatchObject({
      kind: 'defender-detection',
      text: expect.stringMatching(
        /1 detection event\(s\).*Microsoft Defender Antivirus has detected malware\.$/,
      ),
    });
  });
});

describe('diskFacts', () => {
  it('flags a nearly full volume and otherwise reports the tightest one', () => {
    const volumes = [
      {
        root: 'C:\\',
        path: 'C:\\ProgramData',
        totalBytes: 128 * 1024 ** 3,
        freeBytes: 3 * 1024 ** 3,
      },
      { root: 'D:\\', path: 'D:\\a', totalBytes: 256 * 1024 ** 3, freeBytes: 200 * 1024 ** 3 },
    ];
    expect(diskFacts(volumes)).toEqual([
      {
        kind: 'disk-low',
        text: 'Disk nearly full: 3.0 GiB free of 128.0 GiB on C:\\ (holds C:\\ProgramData).',
        weight: 75,
      },
    ]);
    expect(diskFacts([volumes[1]])[0].kind).toBe('disk-free');
    expect(diskFacts([{ root: 'E:\\', path: 'E:\\', error: 'not ready' }])).toEqual([]);
  });
});
