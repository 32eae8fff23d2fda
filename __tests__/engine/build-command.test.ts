import { buildCommand } from '../../src/engine/build-command.js';
import type { InputSpec } from '../../src/engine/inputs.js';
import { readSettings } from '../../src/engine/settings.js';

function argv(values: Record<string, string>, env: NodeJS.ProcessEnv = {}) {
  const settings = readSettings((spec: InputSpec) => values[spec.name], {
    host: 'github',
    platform: 'win32',
    env,
    cwd: '/src',
    tempDir: '/tmp',
  });
  const command = buildCommand(settings, '/work/meta.json', '/src');
  return [command.command, ...command.args];
}

const BUILDCTL_BASE = [
  'buildctl',
  '--addr',
  'npipe:////./pipe/buildkitd',
  'build',
  '--progress',
  'plain',
  '--frontend',
  'dockerfile.v0',
  '--local',
  'context=/src',
  '--local',
  'dockerfile=/src',
  '--opt',
  'filename=Dockerfile',
];

describe('buildctl argv', () => {
  it.each<[string, Record<string, string>, string[]]>([
    ['defaults', {}, [...BUILDCTL_BASE, '--metadata-file', '/work/meta.json']],
    [
      'one tag',
      { tags: 'app:1' },
      [
        ...BUILDCTL_BASE,
        '--output',
        'type=image,name=app:1,push=false',
        '--metadata-file',
        '/work/meta.json',
      ],
    ],
    [
      'several tags are one quoted name field, pushed',
      { tags: 'app:1,reg.io/app:1', push: 'true' },
      [
        ...BUILDCTL_BASE,
        '--output',
        'type=image,"name=app:1,reg.io/app:1",push=true',
        '--metadata-file',
        '/work/meta.json',
      ],
    ],
    [
      'raw outputs replace tags and push',
      { tags: 'app:1', push: 'true', outputs: 'type=oci,dest=/o/a.tar\ntype=local,dest=/o/x' },
      [
        ...BUILDCTL_BASE,
        '--output',
        'type=oci,dest=/o/a.tar',
        '--output',
        'type=local,dest=/o/x',
        '--metadata-file',
        '/work/meta.json',
      ],
    ],
    [
      'every option is its own element, values never split or joined',
      {
        context: 'app dir',
        file: 'docker/Windows.Dockerfile',
        target: 'final',
        'build-args': 'A=1 2 3\nB="quoted; & | $x"',
        labels: 'org.opencontainers.image.title=my app',
        platform: 'windows/amd64',
        'no-cache': 'true',
        'cache-from': 'type=registry,ref=reg.io/cache',
        'cache-to': 'type=registry,ref=reg.io/cache,mode=max',
        secrets: 'id=token,env=TOKEN\nid=npmrc,src=secrets/.npmrc',
        'extra-args': '--debug-json\n--opt\ncontext:base=docker-image://x',
        'buildkit-address': 'tcp://10.0.0.5:1234',
      },
      [
        'buildctl',
        '--addr',
        'tcp://10.0.0.5:1234',
        'build',
        '--progress',
        'plain',
        '--frontend',
        'dockerfile.v0',
        '--local',
        'context=/src/app dir',
        '--local',
        'dockerfile=/src/docker',
        '--opt',
        'filename=Windows.Dockerfile',
        '--opt',
        'target=final',
        '--opt',
        'build-arg:A=1 2 3',
        '--opt',
        'build-arg:B="quoted; & | $x"',
        '--opt',
        'label:org.opencontainers.image.title=my app',
        '--opt',
        'platform=windows/amd64',
        '--no-cache',
        '--import-cache',
        'type=registry,ref=reg.io/cache',
        '--export-cache',
        'type=registry,ref=reg.io/cache,mode=max',
        '--secret',
        'id=token,env=TOKEN',
        '--secret',
        'id=npmrc,src=/src/secrets/.npmrc',
        '--metadata-file',
        '/work/meta.json',
        '--debug-json',
        '--opt',
        'context:base=docker-image://x',
      ],
    ],
  ])('%s', (_name, values, expected) => {
    expect(argv(values, { TOKEN: 't' })).toEqual(expected);
  });

  it('passes the TLS folder for a remote daemon', () => {
    expect(
      argv({ 'buildkit-address': 'tcp://h:1', 'buildkit-tls-dir': '/certs' }).slice(0, 6),
    ).toEqual(['buildctl', '--addr', 'tcp://h:1', '--tlsdir', '/certs', 'build']);
  });
});

describe('docker buildx argv', () => {
  it.each<[string, Record<string, string>, string[]]>([
    [
      'defaults',
      { builder: 'buildx' },
      [
        'docker',
        'buildx',
        'build',
        '--progress',
        'plain',
        '--file',
        '/src/Dockerfile',
        '--metadata-file',
        '/work/meta.json',
        '/src',
      ],
    ],
    [
      'tags, push, builder and build args',
      {
        builder: 'buildx',
        'buildx-builder': 'win',
        tags: 'a:1\nb:2',
        push: 'true',
        'build-args': 'X=1',
        target: 't',
      },
      [
        'docker',
        'buildx',
        'build',
        '--builder',
        'win',
        '--progress',
        'plain',
        '--file',
        '/src/Dockerfile',
        '--target',
        't',
        '--build-arg',
        'X=1',
        '--tag',
        'a:1',
        '--tag',
        'b:2',
        '--push',
        '--metadata-file',
        '/work/meta.json',
        '/src',
      ],
    ],
    [
      'outputs replace tags and push; context comes last',
      {
        builder: 'buildx',
        tags: 'a:1',
        push: 'true',
        outputs: 'type=docker',
        'extra-args': '--pull',
      },
      [
        'docker',
        'buildx',
        'build',
        '--progress',
        'plain',
        '--file',
        '/src/Dockerfile',
        '--output',
        'type=docker',
        '--metadata-file',
        '/work/meta.json',
        '--pull',
        '/src',
      ],
    ],
  ])('%s', (_name, values, expected) => {
    expect(argv(values)).toEqual(expected);
  });
});
