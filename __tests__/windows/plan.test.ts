import type { Exec } from '../../src/engine/exec.js';
import { planHostPreparation, prepareHost } from '../../src/windows/prepare.js';
import {
  BUILDKIT_FILE,
  CONTAINERD_FILE,
  createFakeHost,
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

/** An Exec that fails the test if anything is run: a plan for a fresh host runs nothing. */
const noExec: Exec = async (command, args) => {
  throw new Error(`the plan ran ${command} ${args.join(' ')}`);
};

describe('planHostPreparation for a fresh Windows host (setup --plan --os windows)', () => {
  it('names each download with its checksum, the services with --log-file, the exclusions and the CNI files', async () => {
    const options = host.options(
      { 'warmup-images': 'mcr.microsoft.com/windows/servercore:ltsc2022' },
      {
        env: {},
        exec: noExec,
        pinnedSha256: {},
      },
    );

    const plan = await planHostPreparation({ ...options, assumeFreshHost: true });

    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
    expect(plan.freshHostAssumed).toBe(true);
    expect(
      plan.downloads.map((d) => ({ url: d.url, sha256: d.sha256, source: d.checksumSource })),
    ).toEqual([
      {
        url: `${host.server.baseUrl}/containerd/containerd/releases/download/v2.1.4/${CONTAINERD_FILE}`,
        sha256: sha256(host.archives.containerd),
        source: expect.stringMatching(/^published checksum file .*\.sha256sum$/),
      },
      {
        url: `${host.server.baseUrl}/moby/buildkit/releases/download/v0.23.2/${BUILDKIT_FILE}`,
        sha256: sha256(host.archives.buildkit),
        source: expect.stringMatching(/^published in-toto statement .*\.sbom\.json/),
      },
      {
        url: `${host.server.baseUrl}/microsoft/windows-container-networking/releases/download/v0.3.1/windows-container-networking-cni-amd64-v0.3.1.zip`,
        sha256: '4f36ee6905ada238ca2a9e1bfb8a1fb2912c2d88c4b6e5af4c41a42db70d7d68',
        source: expect.stringMatching(/^pinned/),
      },
    ]);
    expect(plan.downloads.map((d) => d.installDir)).toEqual([
      'C:\\Program Files\\containerd',
      'C:\\Program Files\\buildkit',
      'C:\\Program Files\\containerd\\cni\\bin',
    ]);

    const [containerd, buildkitd] = plan.services;
    expect(containerd.actions).toEqual(['register', 'start']);
    expect(containerd.registerCommand).toEqual([
      'C:\\Program Files\\containerd\\bin\\containerd.exe',
      '--register-service',
      '--log-file',
      'C:\\ProgramData\\wcow-build\\logs\\containerd.log',
    ]);
    expect(containerd.serviceCommandLine).toBe(
      '"C:\\Program Files\\containerd\\bin\\containerd.exe" --run-service --log-file C:\\ProgramData\\wcow-build\\logs\\containerd.log',
    );
    expect(buildkitd.actions).toEqual(['register', 'set-dependency', 'start']);
    expect(buildkitd.dependsOn).toBe('containerd');
    expect(buildkitd.serviceCommandLine).toBe(
      '"C:\\Program Files\\buildkit\\bin\\buildkitd.exe" --run-service --service-name buildkitd ' +
        '--containerd-worker=true --containerd-worker-addr=npipe:////./pipe/containerd-containerd ' +
        '"--containerd-cni-config-path=C:\\Program Files\\containerd\\cni\\conf\\0-containerd-nat.conf" ' +
        '"--containerd-cni-binary-dir=C:\\Program Files\\containerd\\cni\\bin" --debug ' +
        '--log-file C:\\ProgramData\\wcow-build\\logs\\buildkitd.log',
    );

    expect(plan.exclusions).toEqual({
      condition: 'only when Defender real-time protection is on',
      paths: [
        'C:\\ProgramData\\containerd\\root',
        'C:\\ProgramData\\containerd\\state',
        'C:\\ProgramData\\buildkitd',
        'C:\\Program Files\\containerd',
        'C:\\Program Files\\buildkit',
        'C:\\ProgramData\\wcow-build\\logs',
      ],
      processes: [
        'C:\\Program Files\\containerd\\bin\\containerd.exe',
        'C:\\Program Files\\containerd\\bin\\containerd-shim-runhcs-v1.exe',
        'C:\\Program Files\\buildkit\\bin\\buildkitd.exe',
        'C:\\Program Files\\buildkit\\bin\\buildctl.exe',
      ],
    });
    expect(plan.files.map((f) => `${f.action} ${f.path}`)).toEqual([
      'create-folder C:\\ProgramData\\wcow-build\\logs',
      'create C:\\Program Files\\containerd\\cni\\conf\\0-containerd-nat.conf',
    ]);
    expect(plan.waitFor).toEqual({
      command: [
        'C:\\Program Files\\buildkit\\bin\\buildctl.exe',
        '--addr',
        'npipe:////./pipe/buildkitd',
        'debug',
        'workers',
        '--format',
        '{{json .}}',
      ],
      timeoutSeconds: 120,
      until: 'the daemon lists a worker for os windows',
    });
    expect(plan.warmup).toEqual([
      {
        image: 'mcr.microsoft.com/windows/servercore:ltsc2022',
        command: [
          'C:\\Program Files\\containerd\\bin\\ctr.exe',
          '--namespace',
          'buildkit',
          'images',
          'pull',
          'mcr.microsoft.com/windows/servercore:ltsc2022',
        ],
      },
    ]);
  });

  it('adds --group and a non-default pipe to the buildkitd command line', async () => {
    const options = host.options(
      {
        'buildkit-group': 'BUILDHOST\\buildkit-users',
        'buildkit-address': 'npipe:////./pipe/buildkitd-ci',
      },
      { env: {}, exec: noExec },
    );
    const plan = await planHostPreparation({ ...options, assumeFreshHost: true });
    expect(plan.services[1].registerCommand.slice(-4)).toEqual([
      '--group',
      'BUILDHOST\\buildkit-users',
      '--addr',
      'npipe:////./pipe/buildkitd-ci',
    ]);
  });

  it('shows a checksum that cannot be had as an error instead of a value', async () => {
    host.server.remove(
      `/containerd/containerd/releases/download/v2.1.4/${CONTAINERD_FILE}.sha256sum`,
    );
    const options = host.options({}, { env: {}, exec: noExec });
    const plan = await planHostPreparation({ ...options, assumeFreshHost: true });
    expect(plan.downloads[0].sha256).toBeNull();
    expect(plan.downloads[0].checksumError).toMatch(/could not be read from .*HTTP 404/);
  });

  it('is skipped, with the reason, on Linux without --os windows', async () => {
    const options = host.options({}, { platform: 'linux', exec: noExec });
    const plan = await planHostPreparation(options);
    expect(plan.skipped).toMatch(/applies to Windows hosts/);
    expect(plan.downloads).toEqual([]);
  });
});

describe('planHostPreparation on this host', () => {
  it('plans nothing for a prepared host and changes nothing while planning', async () => {
    await prepareHost(host.options());
    host.clearCalls();

    const plan = await planHostPreparation(host.options());

    expect(host.mutatingCalls()).toEqual([]);
    expect(plan.downloads).toEqual([]);
    expect(plan.files).toEqual([]);
    expect(plan.services.map((s) => s.actions)).toEqual([[], []]);
    expect(plan.exclusions).toEqual({
      condition: 'Defender real-time protection is on',
      paths: [],
      processes: [],
    });
  });

  it('leaves a service it did not install alone and says why', async () => {
    host.patchState((state) => {
      state.services.containerd = {
        name: 'containerd',
        binPath: '"D:\\tools\\containerd\\containerd.exe" --run-service',
        state: 'Running',
        startMode: 'Manual',
        dependencies: [],
        processId: 5000,
      };
    });

    const plan = await planHostPreparation(host.options());

    expect(plan.services[0]).toMatchObject({ name: 'containerd', managed: false, actions: [] });
    expect(plan.downloads.map((d) => d.tool)).toEqual(['buildkit', 'cni']);
    expect(plan.warnings.join('\n')).toContain(
      'Service containerd runs D:\\tools\\containerd\\containerd.exe (version unknown), not 2.1.4',
    );
    expect(plan.warnings.join('\n')).toContain('Service containerd runs without --log-file');
    expect(plan.exclusions?.processes).toContain(
      'D:\\tools\\containerd\\containerd-shim-runhcs-v1.exe',
    );
    expect(plan.tools.ctr).toBe('D:\\tools\\containerd\\ctr.exe');
  });
});
