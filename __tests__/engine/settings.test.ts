import { readSettings, type SettingsContext } from '../../src/engine/settings.js';
import type { InputSpec } from '../../src/engine/inputs.js';

const linux: SettingsContext = {
  host: 'github',
  platform: 'linux',
  env: {},
  cwd: '/work',
  tempDir: '/tmp',
};

function settingsFrom(values: Record<string, string>, context: SettingsContext = linux) {
  return readSettings((spec: InputSpec) => values[spec.name], context);
}

describe('readSettings', () => {
  it('applies the manifest defaults', () => {
    const settings = settingsFrom({});
    expect(settings.builder).toBe('buildctl');
    expect(settings.maxAttempts).toBe(3);
    expect(settings.retryOn).toEqual(['lock', 'transient']);
    expect(settings.retryDelayMs).toBe(5000);
    expect(settings.buildSpacingMs).toBe(10000);
    expect(settings.buildkitAddress).toBe('unix:///run/buildkit/buildkitd.sock');
    expect(settings.stateDir).toBe('/tmp/wcow-build');
  });

  it('uses the named pipe and ProgramData on Windows', () => {
    const settings = settingsFrom(
      {},
      { ...linux, platform: 'win32', env: { ProgramData: 'D:\\PD' } },
    );
    expect(settings.buildkitAddress).toBe('npipe:////./pipe/buildkitd');
    expect(settings.stateDir).toBe('D:\\PD\\wcow-build');
  });

  it.each([
    [
      'max-attempts',
      'three',
      /Input max-attempts: 'three' is not accepted; expected a whole number from 1 to 10/,
    ],
    ['max-attempts', '0', /max-attempts/],
    ['retry-delay', '-1', /Input retry-delay: '-1'.*a number from 0 to 3600/],
    [
      'retry-on',
      'lock,flaky',
      /Input retry-on: 'flaky'.*lock, transient, unknown, timeout, or none/,
    ],
    ['builder', 'kaniko', /Input builder: 'kaniko'.*one of buildctl, buildx/],
    ['build-args', 'NOEQUALS', /Input build-args: 'NOEQUALS'.*KEY=VALUE/],
    ['push', 'yes', /Input push: 'yes'.*`true` or `false`/],
    ['secrets', 'id=a', /Input secrets/],
    ['fatal-patterns', '(unclosed', /Input fatal-patterns: '\(unclosed'/],
    [
      'push',
      'true',
      /Input push: 'true' is not accepted; expected push: true only together with tags/,
    ],
  ])('rejects %s=%s', (name, value, message) => {
    expect(() => settingsFrom({ [name]: value })).toThrow(message);
  });

  it('refuses a relative Defender exclusion path on Windows', () => {
    expect(() =>
      settingsFrom({ 'exclusion-paths': 'D:\\cache\nbuild\\out' }, { ...linux, platform: 'win32' }),
    ).toThrow(
      /Input exclusion-paths: 'build\\out' is not accepted; expected absolute Windows paths/,
    );
  });

  it('names Azure inputs in camelCase', () => {
    expect(() => settingsFrom({ 'max-attempts': 'x' }, { ...linux, host: 'azure' })).toThrow(
      /Input maxAttempts/,
    );
  });

  it('parses lists, lines and secrets', () => {
    const settings = settingsFrom(
      {
        tags: 'a:1, b:2\nc:3',
        'build-args': 'A=1\n\nB=x=y',
        secrets: 'id=tok,env=TOKEN\nid=f,src=./s.txt',
      },
      { ...linux, env: { TOKEN: 'x' } },
    );
    expect(settings.tags).toEqual(['a:1', 'b:2', 'c:3']);
    expect(settings.buildArgs).toEqual(['A=1', 'B=x=y']);
    expect(settings.secrets).toEqual([
      { id: 'tok', env: 'TOKEN' },
      { id: 'f', src: './s.txt' },
    ]);
  });
});
