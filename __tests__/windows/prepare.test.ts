import * as fs from 'node:fs';
import * as path from 'node:path';
import { SetupError } from '../../src/engine/errors.js';
import { splitWindowsCommandLine } from '../../src/windows/command-line.js';
import {
  HostPreparationError,
  prepareHost,
  restoreHost,
  type HostChanges,
} from '../../src/windows/prepare.js';
import {
  BUILDKIT_FILE,
  BUILDKIT_PATH,
  CNI_PATH,
  CONTAINERD_FILE,
  CONTAINERD_PATH,
  createFakeHost,
  folderDownloadCache,
  launcher,
  sha256,
  type FakeHost,
} from './helpers/fake-host.js';

let host: FakeHost;

beforeEach(async () => {
  host = await createFakeHost();
});

afterEach(async () => {
  await host.close();
});

const WARMUP = 'mcr.microsoft.com/windows/nanoserver:ltsc2022';

function service(name: string) {
  const found = host.readState().services[name];
  if (!found) throw new Error(`service ${name} is not registered`);
  return found;
}

/** Brings the fake host to the prepared state the way the step itself does. */
async function prepareOnce(values: Record<string, string> = {}): Promise<HostChanges> {
  const changes = await prepareHost(host.options({ 'warmup-images': WARMUP, ...values }));
  host.clearCalls();
  return changes;
}

describe('prepareHost on a fresh Windows host', () => {
  it('downloads, verifies, installs, registers with log files, starts, waits, excludes and warms up', async () => {
    const cache = folderDownloadCache(path.join(host.root, 'actions-cache'));
    const options = host.options({ 'warmup-images': WARMUP }, { downloadCache: cache });

    const changes = await prepareHost(options);

    // Downloads: each archive once, each with its published checksum (the CNI one is pinned).
    expect(host.server.requests).toEqual([
      `${CONTAINERD_PATH}.sha256sum`,
      CONTAINERD_PATH,
      `${BUILDKIT_PATH.replace('.tar.gz', '.sbom.json')}`,
      BUILDKIT_PATH,
      CNI_PATH,
    ]);
    expect(changes.installed.map((i) => [i.tool, i.version, i.sha256, i.source])).toEqual([
      ['containerd', '2.1.4', sha256(host.archives.containerd), 'download'],
      ['buildkit', '0.23.2', sha256(host.archives.buildkit), 'download'],
      ['cni', '0.3.1', sha256(host.archives.cni), 'download'],
    ]);
    const pf = host.programFiles;
    for (const file of [
      'containerd/bin/containerd.exe',
      'containerd/bin/ctr.exe',
      'containerd/bin/containerd-shim-runhcs-v1.exe',
      'buildkit/bin/buildkitd.exe',
      'buildkit/bin/buildctl.exe',
      'containerd/cni/bin/nat.exe',
    ]) {
      expect(fs.existsSync(path.join(pf, file))).toBe(true);
    }
    expect(
      fs.existsSync(
        path.join(host.toolCache, 'wcow-build', 'containerd', '2.1.4', 'amd64', CONTAINERD_FILE),
      ),
    ).toBe(true);
    expect(
      fs.existsSync(
        path.join(host.toolCache, 'wcow-build', 'buildkit', '0.23.2', 'amd64', BUILDKIT_FILE),
      ),
    ).toBe(true);
    expect(cache.calls.filter((call) => call.startsWith('save'))).toHaveLength(3);

    // Services: registered by the daemons themselves, with log files in the known folder.
    const logDir = path.join(host.programData, 'wcow-build', 'logs');
    const containerd = service('containerd');
    expect(splitWindowsCommandLine(containerd.binPath)).toEqual([
      path.join(pf, 'containerd', 'bin', 'containerd.exe'),
      '--run-service',
      '--log-file',
      path.join(logDir, 'containerd.log'),
    ]);
    const buildkitd = service('buildkitd');
    const buildkitdArgs = splitWindowsCommandLine(buildkitd.binPath);
    expect(buildkitdArgs).toEqual(
      expect.arrayContaining([
        '--run-service',
        '--containerd-worker=true',
        '--containerd-worker-addr=npipe:////./pipe/containerd-containerd',
        `--containerd-cni-config-path=${path.join(pf, 'containerd', 'cni', 'conf', '0-containerd-nat.conf')}`,
        '--debug',
        '--log-file',
        path.join(logDir, 'buildkitd.log'),
      ]),
    );
    expect(buildkitd.dependencies).toEqual(['containerd']);
    expect([containerd.state, buildkitd.state]).toEqual(['Running', 'Running']);
    expect([containerd.startMode, buildkitd.startMode]).toEqual(['Auto', 'Auto']);
    expect(fs.statSync(logDir).isDirectory()).toBe(true);
    expect(changes.services.map((s) => `${s.action} ${s.name}`)).toEqual([
      'registered containerd',
      'started containerd',
      'registered buildkitd',
      'set-dependency buildkitd',
      'started buildkitd',
    ]);

    // Network config from the live HNS NAT network.
    const conf = JSON.parse(
      fs.readFileSync(path.join(pf, 'containerd', 'cni', 'conf', '0-containerd-nat.conf'), 'utf8'),
    );
    expect(conf).toMatchObject({
      type: 'nat',
      ipam: { subnet: '172.20.16.0/20', routes: [{ gateway: '172.20.16.1' }] },
    });

    // Defender: every wanted exclusion was missing, so every one was added and recorded.
    const defender = host.readState().defender;
    expect(changes.exclusions.paths).toEqual([
      path.join(host.programData, 'containerd', 'root'),
      path.join(host.programData, 'containerd', 'state'),
      path.join(host.programData, 'buildkitd'),
      path.join(pf, 'containerd'),
      path.join(pf, 'buildkit'),
      logDir,
    ]);
    expect(changes.exclusions.processes).toEqual([
      path.join(pf, 'containerd', 'bin', 'containerd.exe'),
      path.join(pf, 'containerd', 'bin', 'containerd-shim-runhcs-v1.exe'),
      path.join(pf, 'buildkit', 'bin', 'buildkitd.exe'),
      path.join(pf, 'buildkit', 'bin', 'buildctl.exe'),
    ]);
    expect(defender.exclusionPath).toEqual(changes.exclusions.paths);
    expect(defender.exclusionProcess).toEqual(changes.exclusions.processes);

    // Warm-up into BuildKit's namespace.
    expect(changes.warmedUp).toEqual([WARMUP]);
    expect(host.readState().images).toEqual([WARMUP]);
    expect(changes.tools.buildctl).toBe(path.join(pf, 'buildkit', 'bin', 'buildctl.exe'));

    // One group per phase; every change logged with what changed.
    expect(options.log.groups).toEqual([
      'Prepare host: inspect',
      'Prepare host: Defender exclusions',
      'Prepare host: install',
      'Prepare host: network and logs',
      'Prepare host: services',
      'Prepare host: warm-up',
    ]);
    const info = options.log.text('info');
    expect(info).toContain(`Registered service containerd: ${containerd.binPath}`);
    expect(info).toContain(`Added Defender exclusion path ${logDir}.`);
    expect(info).toMatch(
      /BuildKit answers at npipe:\/\/\/\/\.\/pipe\/buildkitd after \d+ s: worker zcy8j5dyjn3gztjv6gv9kn037 for windows\/amd64/,
    );
    expect(options.log.text('warning')).toBe('');
  });

  it('uses the Actions cache instead of downloading when a previous job saved the archives', async () => {
    const cache = folderDownloadCache(path.join(host.root, 'actions-cache'));
    await prepareHost(host.options({}, { downloadCache: cache }));
    // A new job on a new machine: empty tool cache and Program Files, same Actions cache.
    fs.rmSync(host.toolCache, { recursive: true, force: true });
    fs.rmSync(path.join(host.programFiles, 'containerd'), { recursive: true, force: true });
    fs.rmSync(path.join(host.programFiles, 'buildkit'), { recursive: true, force: true });
    host.patchState((state) => {
      state.services = {};
    });
    host.clearCalls();

    const changes = await prepareHost(host.options({}, { downloadCache: cache }));

    expect(changes.installed.map((i) => `${i.tool}:${i.source}`)).toEqual([
      'containerd:download-cache',
      'buildkit:download-cache',
      'cni:download-cache',
    ]);
    expect(
      host.server.requests.filter((request) => !/\.(sha256sum|sbom\.json)$/.test(request)),
    ).toEqual([]);
  });
});

describe('prepareHost on a prepared host', () => {
  it('changes nothing: no download, no file, no mutating call', async () => {
    await prepareOnce();
    const before = snapshot(host.programFiles);
    const options = host.options({ 'warmup-images': WARMUP });

    const changes = await prepareHost(options);

    expect(host.mutatingCalls()).toEqual([]);
    expect(host.server.requests).toEqual([]);
    expect(snapshot(host.programFiles)).toEqual(before);
    expect(changes).toMatchObject({ installed: [], files: [], services: [], warmedUp: [] });
    expect(changes.exclusions).toEqual({ paths: [], processes: [] });
    expect(options.log.text('info')).toContain('Nothing to install or configure.');
    expect(options.log.text('info')).toContain('Defender exclusions: all already present');
    expect(options.log.text('warning')).toBe('');
  });

  it('upgrades its own older containerd: stops buildkitd first, replaces, starts both again', async () => {
    await prepareOnce();
    const exe = path.join(host.programFiles, 'containerd', 'bin', 'containerd.exe');
    fs.writeFileSync(exe, launcher('containerd', '2.0.3'));

    const changes = await prepareHost(host.options({ 'warmup-images': WARMUP }));

    expect(changes.installed.map((i) => `${i.tool} ${i.version}`)).toEqual(['containerd 2.1.4']);
    expect(changes.services.map((s) => `${s.action} ${s.name}: ${s.detail}`)).toEqual([
      "stopped buildkitd: to replace containerd's binaries",
      'stopped containerd: to replace its binaries',
      'started containerd: after replacing its binaries',
      "started buildkitd: after replacing containerd's binaries",
    ]);
    expect(fs.readFileSync(exe, 'utf8')).toContain("'2.1.4'".replace(/'/g, '"'));
    expect(fs.readdirSync(path.dirname(exe)).filter((f) => f.includes('wcow'))).toEqual([]);
    expect([service('containerd').state, service('buildkitd').state]).toEqual([
      'Running',
      'Running',
    ]);
  });

  it('starts a stopped service and changes nothing else', async () => {
    await prepareOnce();
    host.patchState((state) => {
      state.services.containerd.state = 'Stopped';
      state.services.containerd.processId = 0;
    });
    const options = host.options({ 'warmup-images': WARMUP });

    const changes = await prepareHost(options);

    expect(changes.services).toEqual([
      { name: 'containerd', action: 'started', detail: 'it was stopped' },
    ]);
    expect(host.mutatingCalls().map((call) => `${call.tool} ${call.args.join(' ')}`)).toEqual([
      'sc start containerd',
    ]);
    expect(service('containerd').state).toBe('Running');
  });

  it('restarts a service stuck in Start Pending by ending its process', async () => {
    await prepareOnce();
    host.patchState((state) => {
      state.services.buildkitd.state = 'Start Pending';
      state.services.buildkitd.processId = 4242;
    });

    const changes = await prepareHost(host.options());

    expect(changes.services).toEqual([
      { name: 'buildkitd', action: 'restarted', detail: 'it was stuck in state Start Pending' },
    ]);
    expect(host.mutatingCalls().map((call) => `${call.tool} ${call.args.join(' ')}`)).toEqual([
      'sc stop buildkitd',
      'powershell stop-process 4242',
      'sc start buildkitd',
    ]);
    expect(service('buildkitd').state).toBe('Running');
  });

  it('restarts a service that stays stuck after it was started', async () => {
    await prepareOnce();
    host.patchState((state) => {
      state.services.buildkitd.state = 'Stopped';
      state.services.buildkitd.stuckOnStart = true;
    });
    const options = host.options({ 'service-timeout': '8' });

    const changes = await prepareHost(options);

    // Started, still pending after the state wait; halfway through the daemon wait it is restarted.
    expect(changes.services.map((s) => s.action)).toEqual(['started', 'restarted']);
    expect(changes.services[1].detail).toBe('it was stuck in state Start Pending');
    expect(options.log.text('info')).toContain('Service buildkitd is still Start Pending');
    expect(service('buildkitd').state).toBe('Running');
  });

  it('polls a daemon that answers late with the injected clock until it answers', async () => {
    await prepareOnce();
    host.patchState((state) => {
      state.daemon = { answerAfter: 7 };
    });
    const options = host.options();

    const changes = await prepareHost(options);

    const probes = host.readState().calls.filter((call) => call.tool === 'buildctl');
    expect(probes).toHaveLength(8);
    expect(options.clock.slept.filter((ms) => ms === 1000)).toHaveLength(7);
    expect(options.log.text('info')).toMatch(
      /BuildKit answers at npipe:\/\/\/\/\.\/pipe\/buildkitd after 7 s/,
    );
    expect(changes.services).toEqual([]);
  });

  it('fails with the log files named when the daemon never answers, after one restart', async () => {
    await prepareOnce();
    host.patchState((state) => {
      state.daemon = { answerAfter: 1_000_000 };
    });
    const options = host.options({ 'service-timeout': '6' });

    const error = await prepareHost(options).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SetupError);
    expect(error).toBeInstanceOf(HostPreparationError);
    const message = (error as Error).message;
    expect(message).toContain('did not list a Windows worker within 6 s (service-timeout)');
    expect(message).toContain('The system cannot find the file specified.');
    expect(message).toContain(path.join(host.programData, 'wcow-build', 'logs', 'buildkitd.log'));
    expect(
      (error as HostPreparationError).changes.services.map((s) => `${s.action} ${s.name}`),
    ).toEqual(['restarted buildkitd']);
  });
});

describe('prepareHost when a download is wrong', () => {
  it('refuses an archive whose SHA-256 differs from the published one and extracts nothing', async () => {
    host.server.set(`${CONTAINERD_PATH}.sha256sum`, `${'0'.repeat(64)}  ${CONTAINERD_FILE}\n`);

    const error = await prepareHost(host.options()).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SetupError);
    expect((error as Error).message).toMatch(
      new RegExp(
        `containerd 2\\.1\\.4 could not be installed: .*has SHA-256 ${sha256(host.archives.containerd)}, expected 0{64}`,
      ),
    );
    expect(fs.existsSync(path.join(host.programFiles, 'containerd'))).toBe(false);
    const cacheDir = path.join(host.toolCache, 'wcow-build', 'containerd', '2.1.4', 'amd64');
    expect(fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir) : []).toEqual([]);
    expect(host.readState().services).toEqual({});
    // The exclusions added before the failure travel with the error, so the post step can undo them.
    expect((error as HostPreparationError).changes.exclusions.paths).toHaveLength(6);
  });

  it('refuses BuildKit when its published checksum cannot be had (fail closed)', async () => {
    host.server.remove(BUILDKIT_PATH.replace('.tar.gz', '.sbom.json'));

    const error = await prepareHost(host.options()).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SetupError);
    expect((error as Error).message).toMatch(
      /buildkit 0\.23\.2 could not be installed: the published checksum of buildkit-v0\.23\.2\.windows-amd64\.tar\.gz could not be read from .*HTTP 404/,
    );
    expect(host.server.requests).not.toContain(BUILDKIT_PATH);
    expect(fs.existsSync(path.join(host.programFiles, 'buildkit'))).toBe(false);
  });

  it('checks the CNI archive against the built-in pin and only warns when it differs', async () => {
    const options = host.options({}, { pinnedSha256: {} });

    const changes = await prepareHost(options);

    expect(options.log.text('warning')).toMatch(
      new RegExp(
        `NAT CNI plugin was not installed: .*has SHA-256 ${sha256(host.archives.cni)}, expected 4f36ee69`,
      ),
    );
    expect(fs.existsSync(path.join(host.programFiles, 'containerd', 'cni', 'bin', 'nat.exe'))).toBe(
      false,
    );
    expect(changes.installed.map((i) => i.tool)).toEqual(['containerd', 'buildkit']);
  });
});

describe('prepareHost and Defender', () => {
  it('adds nothing when real-time protection is off (GitHub-hosted images)', async () => {
    host.patchState((state) => {
      state.defender.realTimeProtectionEnabled = false;
    });
    const options = host.options();

    const changes = await prepareHost(options);

    expect(changes.exclusions).toEqual({ paths: [], processes: [] });
    expect(host.readState().calls.some((call) => call.args[0] === 'defender-change')).toBe(false);
    expect(options.log.text('info')).toContain(
      'Defender exclusions: none added; Defender does not scan files in real time (real-time protection off',
    );
  });

  it('warns with what to do when tamper protection drops the change, and does not fail', async () => {
    host.patchState((state) => {
      state.defender.isTamperProtected = true;
      state.defender.refuse = 'tamper';
    });
    const options = host.options();

    const changes = await prepareHost(options);

    expect(changes.exclusions).toEqual({ paths: [], processes: [] });
    const warning = options.log.text('warning');
    expect(warning).toContain('Defender refused 10 exclusion(s)');
    expect(warning).toContain('Tamper protection is on');
    expect(warning).toContain(
      `Add-MpPreference -ExclusionPath '${path.join(host.programData, 'containerd', 'root')}'`,
    );
  });

  it('warns about missing rights when Defender answers access denied', async () => {
    host.patchState((state) => {
      state.defender.refuse = 'access-denied';
    });
    const options = host.options();

    const changes = await prepareHost(options);

    expect(changes.exclusions).toEqual({ paths: [], processes: [] });
    expect(options.log.text('warning')).toMatch(/0x80070005.*administrator rights/s);
  });

  it('keeps pre-existing exclusions out of the record, and restore removes exactly what was added', async () => {
    const existingRoot = path.join(host.programData, 'containerd', 'root');
    host.patchState((state) => {
      state.defender.exclusionPath = ['D:\\agent\\_work', existingRoot.toUpperCase()];
      state.defender.exclusionProcess = ['C:\\tools\\scanner-helper.exe'];
    });
    const changes = await prepareHost(host.options());
    expect(changes.exclusions.paths).not.toContain(existingRoot);
    expect(changes.exclusions.paths).toHaveLength(5);
    expect(changes.exclusions.processes).toHaveLength(4);

    const post = host.options();
    await restoreHost(post, JSON.parse(JSON.stringify(changes)) as HostChanges);

    expect(host.readState().defender.exclusionPath).toEqual([
      'D:\\agent\\_work',
      existingRoot.toUpperCase(),
    ]);
    expect(host.readState().defender.exclusionProcess).toEqual(['C:\\tools\\scanner-helper.exe']);
    expect(post.log.groups).toEqual(['Restore host: Defender exclusions']);
    expect(post.log.text('info').split('\n')).toHaveLength(9);
    expect(post.log.text('info')).toContain(
      `Removed Defender exclusion path ${path.join(host.programFiles, 'buildkit')}.`,
    );
  });

  it('keeps the exclusions with keep-exclusions: true', async () => {
    const changes = await prepareHost(host.options());
    host.clearCalls();
    const post = host.options({ 'keep-exclusions': 'true' });

    await restoreHost(post, changes);

    expect(host.mutatingCalls()).toEqual([]);
    expect(post.log.text('info')).toMatch(
      /keep-exclusions is true: the 10 Defender exclusions added earlier stay/,
    );
  });

  it('never throws in the post step, and says how to undo by hand', async () => {
    const changes = await prepareHost(host.options());
    const post = host.options({}, { env: { ...host.env, PATH: '/nonexistent' } });

    await expect(restoreHost(post, changes)).resolves.toBeUndefined();

    expect(post.log.text('warning')).toMatch(
      /did not remove 10 exclusion\(s\).*Remove-MpPreference -ExclusionPath/s,
    );
  });
});

describe('prepareHost does nothing where it does not apply', () => {
  it('on Linux it says so once and changes nothing', async () => {
    const options = host.options({}, { platform: 'linux' });
    const changes = await prepareHost(options);
    expect(changes.skipped).toBe('not-windows');
    expect(options.log.entries).toEqual([
      expect.objectContaining({
        level: 'info',
        message: expect.stringContaining('applies to Windows hosts'),
      }),
    ]);
    expect(host.readState().calls).toEqual([]);
  });

  it('with setup: false it touches nothing', async () => {
    const options = host.options({ setup: 'false' });
    const changes = await prepareHost(options);
    expect(changes.skipped).toBe('setup-false');
    expect(host.readState().calls).toEqual([]);
    expect(host.server.requests).toEqual([]);
  });
});

function snapshot(dir: string): Record<string, number> {
  const result: Record<string, number> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const file = path.join(entry.parentPath ?? entry.path, entry.name);
      result[path.relative(dir, file)] = fs.statSync(file).mtimeMs;
    }
  }
  return result;
}
