import { readSettings } from '../../src/engine/settings.js';
import { decideCniConf, natCniConfig } from '../../src/windows/cni.js';
import { parseWorkers } from '../../src/windows/daemon.js';
import {
  adviceForRefusal,
  decideExclusions,
  manualCommand,
  missingEntries,
  type DefenderState,
} from '../../src/windows/defender.js';
import { resolveHostPaths } from '../../src/windows/host-paths.js';
import { buildPlan, freshHostFacts, type HostFacts } from '../../src/windows/plan.js';
import { parseToolVersion } from '../../src/windows/probe.js';
import type { ServiceInfo } from '../../src/windows/services.js';
import { normalizeImageRef } from '../../src/windows/warmup.js';

describe('parseToolVersion', () => {
  it.each([
    [
      'containerd github.com/containerd/containerd/v2 v2.1.4 75cb2b7193e4e490e9fbdc236c0e811ccaba3376\n',
      '2.1.4',
    ],
    [
      'containerd github.com/containerd/containerd v1.7.27 05044ec0a9a75232cad458027ca83437aae3f4da',
      '1.7.27',
    ],
    [
      'buildkitd github.com/moby/buildkit v0.23.2 40b2ede0ac0a37030f9959b4a28e9c6c8ea036e7',
      '0.23.2',
    ],
    ['buildkitd github.com/moby/buildkit v0.24.0-rc1 abc', '0.24.0-rc1'],
    ['buildkitd github.com/moby/buildkit v0.0.0+unknown', '0.0.0'],
    ['something else entirely', null],
  ])('%s', (output, version) => {
    expect(parseToolVersion(output)).toBe(version);
  });
});

const on: DefenderState = {
  available: true,
  amServiceEnabled: true,
  realTimeProtectionEnabled: true,
  amRunningMode: 'Normal',
  isTamperProtected: false,
  exclusionPath: [],
  exclusionProcess: [],
};

describe('decideExclusions', () => {
  it.each<[string, 'auto' | 'true' | 'false', Partial<DefenderState>, boolean, RegExp]>([
    ['auto, real-time on', 'auto', {}, true, /real-time protection is on/],
    [
      'auto, real-time off (hosted images)',
      'auto',
      { realTimeProtectionEnabled: false },
      false,
      /real-time protection off/,
    ],
    [
      'auto, passive mode (another antivirus)',
      'auto',
      { amRunningMode: 'Passive Mode' },
      false,
      /Passive Mode/,
    ],
    ['auto, service disabled', 'auto', { amServiceEnabled: false }, false, /does not scan/],
    [
      'true, real-time off',
      'true',
      { realTimeProtectionEnabled: false },
      true,
      /defender-exclusions is true/,
    ],
    ['false', 'false', {}, false, /defender-exclusions is false/],
    [
      'Defender absent',
      'true',
      { available: false, reason: 'the Defender cmdlets are not installed' },
      false,
      /not available \(the Defender cmdlets/,
    ],
  ])('%s', (_name, mode, change, manage, reason) => {
    const decision = decideExclusions(mode, { ...on, ...change });
    expect(decision.manage).toBe(manage);
    expect(decision.reason).toMatch(reason);
  });
});

describe('missingEntries', () => {
  it('compares like Windows: no case, no trailing separator, slashes either way', () => {
    expect(
      missingEntries(
        ['C:\\ProgramData\\containerd\\root', 'C:/ProgramData/buildkitd/', 'C:\\new', 'c:\\NEW'],
        ['c:\\programdata\\CONTAINERD\\root\\', 'C:\\ProgramData\\buildkitd'],
      ),
    ).toEqual(['C:\\new']);
  });
});

describe('Defender advice', () => {
  it('tells a non-administrator agent to run elevated', () => {
    const failures = [
      {
        kind: 'path' as const,
        value: 'C:\\x',
        message: 'Operation failed with the following error: 0x80070005.',
      },
    ];
    expect(adviceForRefusal(on, failures)).toMatch(/administrator rights/);
  });

  it('points at Defender management under tamper protection', () => {
    expect(adviceForRefusal({ ...on, isTamperProtected: true }, [])).toMatch(
      /Tamper protection is on/,
    );
  });

  it('writes the by-hand command with quoted values', () => {
    expect(
      manualCommand('remove', { paths: ["C:\\it's"], processes: ['C:\\a.exe', 'C:\\b.exe'] }),
    ).toBe(
      "Remove-MpPreference -ExclusionPath 'C:\\it''s'; Remove-MpPreference -ExclusionProcess 'C:\\a.exe', 'C:\\b.exe'",
    );
  });
});

describe('decideCniConf', () => {
  const nat = { found: true, subnet: '172.20.16.0/20', gateway: '172.20.16.1' };

  it.each([
    ['missing file', null, nat, 'create'],
    ['matching config', natCniConfig('172.20.16.0/20', '172.20.16.1'), nat, 'none'],
    ['stale NAT subnet', natCniConfig('10.0.0.0/16', '10.0.0.1'), nat, 'replace'],
    ['another plugin type', JSON.stringify({ type: 'sdnbridge' }), nat, 'none'],
    ['not JSON', 'garbage', nat, 'none'],
    ['no NAT network', null, { found: false, reason: 'no HNS network with that name' }, 'none'],
  ])('%s -> %s', (_name, existing, network, action) => {
    expect(decideCniConf(existing, network).action).toBe(action);
  });
});

describe('normalizeImageRef', () => {
  it.each([
    ['nanoserver', 'docker.io/library/nanoserver:latest'],
    ['library/nanoserver:ltsc2022', 'docker.io/library/nanoserver:ltsc2022'],
    [
      'mcr.microsoft.com/windows/servercore:ltsc2022',
      'mcr.microsoft.com/windows/servercore:ltsc2022',
    ],
    ['localhost:5000/base', 'localhost:5000/base:latest'],
    [
      'mcr.microsoft.com/windows/nanoserver@sha256:' + 'a'.repeat(64),
      'mcr.microsoft.com/windows/nanoserver@sha256:' + 'a'.repeat(64),
    ],
  ])('%s', (ref, full) => {
    expect(normalizeImageRef(ref)).toBe(full);
  });
});

describe('parseWorkers', () => {
  it('reads the list and the `null` buildctl prints for no workers', () => {
    expect(parseWorkers('null\n')).toEqual([]);
    expect(
      parseWorkers('[{"id":"w1","platforms":[{"os":"windows","architecture":"amd64"}]}]')[0].id,
    ).toBe('w1');
    expect(() => parseWorkers('{"id":"w1"}')).toThrow(/not a list/);
  });
});

describe('buildPlan service decisions', () => {
  const env = { ProgramFiles: 'C:\\Program Files', ProgramData: 'C:\\ProgramData' };
  const settings = readSettings(() => undefined, {
    host: 'cli',
    platform: 'win32',
    env,
    cwd: 'C:\\w',
    tempDir: 'C:\\t',
  });
  const paths = resolveHostPaths(env);
  const registered = (name: string, change: Partial<ServiceInfo>): ServiceInfo => ({
    name,
    exists: true,
    state: 'Running',
    startMode: 'Auto',
    processId: 10,
    dependencies: name === 'buildkitd' ? ['containerd'] : [],
    pathName: buildPlan({
      facts: freshHostFacts(),
      settings,
      paths,
      arch: 'amd64',
      urlOf: () => ({ url: 'u', fileName: 'f' }),
    }).services.find((s) => s.name === name)!.serviceCommandLine,
    ...change,
  });
  function planFor(change: Partial<ServiceInfo>): string[] {
    const facts: HostFacts = {
      ...freshHostFacts(),
      fresh: false,
      installedVersions: { containerd: '2.1.4', buildkitd: '0.23.2' },
      services: {
        containerd: registered('containerd', {}),
        buildkitd: registered('buildkitd', change),
      },
      natPluginInstalled: true,
      logDirExists: true,
    };
    return buildPlan({
      facts,
      settings,
      paths,
      arch: 'amd64',
      urlOf: () => ({ url: 'u', fileName: 'f' }),
    }).services[1].actions;
  }

  it.each<[string, Partial<ServiceInfo>, string[]]>([
    ['prepared', {}, []],
    ['stopped', { state: 'Stopped' }, ['start']],
    ['stuck starting', { state: 'Start Pending' }, ['restart']],
    ['paused', { state: 'Paused' }, ['restart']],
    ['manual start', { startMode: 'Manual' }, ['set-automatic']],
    ['no dependency', { dependencies: [] }, ['set-dependency']],
    [
      'registered without --log-file',
      { pathName: '"C:\\Program Files\\buildkit\\bin\\buildkitd.exe" --run-service' },
      ['reconfigure', 'restart'],
    ],
    [
      'foreign binary, stopped',
      { pathName: 'D:\\bk\\buildkitd.exe', state: 'Stopped', dependencies: [] },
      ['start'],
    ],
  ])('%s -> %j', (_name, change, actions) => {
    expect(planFor(change)).toEqual(actions);
  });
});
