import {
  defaultArtifactName,
  renderDiagnosticsSummary,
  type Manifest,
} from '../../../src/engine/diagnostics/index.js';

describe('defaultArtifactName', () => {
  it.each([
    [['12345', 'build', '1'], 'wcow-diagnostics-12345-build-1'],
    [['12345', 'build', '2', 'windows-2022'], 'wcow-diagnostics-12345-build-windows-2022-2'],
    [['7', 'Build: Windows/"x64" <LTSC>|*?', '1'], 'wcow-diagnostics-7-Build-Windows-x64-LTSC-1'],
    [['20261203.4', 'Job 1\\phase\r\n', '1'], 'wcow-diagnostics-20261203.4-Job-1-phase-1'],
  ] as const)('%j -> %s', (args, expected) => {
    const name = defaultArtifactName(...(args as unknown as [string, string, string, string?]));
    expect(name).toBe(expected);
    expect(name).not.toMatch(/["<>:|*?\\/\r\n]/);
  });

  it('keeps names to 200 characters', () => {
    expect(defaultArtifactName('1', 'j'.repeat(400), '1')).toHaveLength(200);
  });
});

const manifest: Manifest = {
  schema: 1,
  tool: 'wcow-build',
  reason: 'failure',
  platform: 'win32',
  createdAt: '2026-12-03T12:00:00.000Z',
  jobStartedAt: '2026-12-03T11:50:00.000Z',
  durationMs: 4200,
  maxBytes: 50 * 1024 * 1024,
  totalBytes: 3 * 1024 * 1024,
  collectors: [
    {
      id: 'services',
      title: 's',
      status: 'timed-out',
      durationMs: 30000,
      limitMs: 30000,
      files: [],
    },
    { id: 'versions', title: 'v', status: 'ok', durationMs: 300, limitMs: 30000, files: [] },
  ],
  files: [
    { path: 'attempt-1.log', bytes: 3 * 1024 * 1024, collector: 'build-logs', redactions: 0 },
  ],
  cuts: [],
  missing: [],
  redaction: { values: 1, patterns: 6, shortValues: 0, replacements: 0 },
  highlights: [],
};

describe('renderDiagnosticsSummary', () => {
  const result = {
    folder: '/tmp/wcow-diagnostics-x',
    manifest,
    highlights: ['`C:\\a<b>` was held by MsMpEng.exe (pid 3120).', 'Host <b>build</b> 20348.3091.'],
  };

  it('links the artifact and numbers the highlights', () => {
    expect(
      renderDiagnosticsSummary(result, {
        name: 'wcow-diagnostics-1-build-1',
        url: 'https://github.com/o/r/actions/runs/1/artifacts/9',
      }),
    ).toBe(
      [
        '### wcow-build diagnostics',
        '',
        'The diagnostics bundle is attached as [wcow-diagnostics-1-build-1](https://github.com/o/r/actions/runs/1/artifacts/9).',
        '',
        '**Most likely explanations**',
        '',
        '1. `C:\\a<b>` was held by MsMpEng.exe (pid 3120).',
        '2. Host &lt;b&gt;build&lt;/b&gt; 20348.3091.',
        '',
        '<sub>2 files, 3.0 MiB; incomplete: services timed-out. Start with manifest.json in the bundle.</sub>',
        '',
      ].join('\n'),
    );
  });

  it('names the folder when the bundle was not attached', () => {
    expect(renderDiagnosticsSummary(result)).toContain(
      'The diagnostics bundle was not attached; it is in `/tmp/wcow-diagnostics-x` on the build host.',
    );
    expect(renderDiagnosticsSummary(result, { name: 'n' })).toContain('attached as artifact `n`.');
  });
});
