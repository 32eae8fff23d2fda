import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  DOCKER_CONFIG_PREFIX,
  DOCKER_HUB_CONFIG_KEY,
  RegistryLoginError,
  checkRegistryLogin,
  encodeDockerAuth,
  normaliseRegistryServer,
  removeDockerConfig,
  writeDockerConfig,
} from '../../src/engine/registry-login.js';

const login = { server: 'ghcr.io', username: 'octo', password: 's3cr:et-p@ss' };

let parent: string;
let home: string;

beforeEach(async () => {
  parent = await fs.mkdtemp(path.join(os.tmpdir(), 'registry-login-parent-'));
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'registry-login-home-'));
});

afterEach(async () => {
  await fs.rm(parent, { recursive: true, force: true });
  await fs.rm(home, { recursive: true, force: true });
});

async function readConfig(dir: string): Promise<Record<string, unknown>> {
  return JSON.parse(await fs.readFile(path.join(dir, 'config.json'), 'utf8')) as Record<
    string,
    unknown
  >;
}

describe('normaliseRegistryServer', () => {
  it.each([
    ['', DOCKER_HUB_CONFIG_KEY],
    ['docker.io', DOCKER_HUB_CONFIG_KEY],
    ['Docker.IO', DOCKER_HUB_CONFIG_KEY],
    ['index.docker.io', DOCKER_HUB_CONFIG_KEY],
    ['registry-1.docker.io', DOCKER_HUB_CONFIG_KEY],
    ['registry.hub.docker.com', DOCKER_HUB_CONFIG_KEY],
    ['https://index.docker.io/v1/', DOCKER_HUB_CONFIG_KEY],
    ['ghcr.io', 'ghcr.io'],
    ['  ghcr.io  ', 'ghcr.io'],
    ['https://myacr.azurecr.io', 'myacr.azurecr.io'],
    ['https://myacr.azurecr.io/', 'myacr.azurecr.io'],
    ['registry.example.com:5000/team/image', 'registry.example.com:5000'],
    ['http://localhost:5000', 'localhost:5000'],
    ['[::1]:5000', '[::1]:5000'],
  ])('stores %j under %j', (server, key) => {
    expect(normaliseRegistryServer(server)).toBe(key);
  });

  it.each(['ghcr .io', 'https://', '-bad.example', 'host:port', 'bad!host'])(
    'rejects %j with a message that names the server',
    (server) => {
      expect(() => normaliseRegistryServer(server)).toThrow(RegistryLoginError);
      expect(() => normaliseRegistryServer(server)).toThrow(/Registry login: server '.*' is not/);
    },
  );
});

describe('checkRegistryLogin', () => {
  it('returns the config key of a good login and writes nothing', async () => {
    expect(checkRegistryLogin({ ...login, server: 'https://index.docker.io/v1/' })).toBe(
      DOCKER_HUB_CONFIG_KEY,
    );
    expect(checkRegistryLogin(login)).toBe('ghcr.io');
    expect(await fs.readdir(parent)).toEqual([]);
  });

  it('throws the same errors writeDockerConfig would', () => {
    expect(() => checkRegistryLogin({ ...login, password: '' })).toThrow(RegistryLoginError);
    expect(() => checkRegistryLogin({ ...login, server: 'a b' })).toThrow(/server 'a b'/);
  });
});

describe('writeDockerConfig', () => {
  it('writes one login into a private folder that only the owner can read', async () => {
    const handle = await writeDockerConfig(login, parent, { env: {}, homeDir: home });

    expect(path.dirname(handle.dir)).toBe(parent);
    expect(path.basename(handle.dir).startsWith(DOCKER_CONFIG_PREFIX)).toBe(true);
    expect((await fs.stat(handle.dir)).mode & 0o777).toBe(0o700);
    expect((await fs.stat(path.join(handle.dir, 'config.json'))).mode & 0o777).toBe(0o600);
    expect(await fs.readdir(handle.dir)).toEqual(['config.json']);

    const auth = Buffer.from('octo:s3cr:et-p@ss').toString('base64');
    expect(await readConfig(handle.dir)).toEqual({ auths: { 'ghcr.io': { auth } } });
    expect(handle.server).toBe('ghcr.io');
    expect(handle.secrets).toEqual(['s3cr:et-p@ss', auth]);
    expect(handle.env).toEqual({
      DOCKER_CONFIG: handle.dir,
      BUILDX_CONFIG: path.join(home, '.docker', 'buildx'),
    });
  });

  it('stores Docker Hub under the legacy key the tools look up', async () => {
    const handle = await writeDockerConfig({ ...login, server: 'docker.io' }, parent, {
      env: {},
      homeDir: home,
    });
    const config = await readConfig(handle.dir);
    expect(Object.keys(config.auths as object)).toEqual(['https://index.docker.io/v1/']);
  });

  it('keeps buildx and its plugins findable from the user config without copying secrets', async () => {
    const userConfig = path.join(home, 'custom-docker');
    await fs.mkdir(path.join(userConfig, 'cli-plugins'), { recursive: true });
    await fs.writeFile(
      path.join(userConfig, 'config.json'),
      '\uFEFF' +
        JSON.stringify({
          auths: { 'ghcr.io': { auth: 'b2xkOm9sZA==' } },
          credsStore: 'wincred',
          credHelpers: { 'myacr.azurecr.io': 'acr' },
          currentContext: 'remote',
          cliPluginsExtraDirs: ['C:\\Tools\\docker-plugins', 42],
          proxies: { default: { httpProxy: 'http://proxy:3128' } },
        }),
    );

    const handle = await writeDockerConfig(login, parent, {
      env: { DOCKER_CONFIG: userConfig },
      homeDir: home,
    });

    expect(await readConfig(handle.dir)).toEqual({
      auths: { 'ghcr.io': { auth: encodeDockerAuth(login) } },
      cliPluginsExtraDirs: [path.join(userConfig, 'cli-plugins'), 'C:\\Tools\\docker-plugins'],
      proxies: { default: { httpProxy: 'http://proxy:3128' } },
    });
    expect(handle.env.BUILDX_CONFIG).toBe(path.join(userConfig, 'buildx'));
  });

  it('leaves a BUILDX_CONFIG the user set to the environment', async () => {
    const handle = await writeDockerConfig(login, parent, {
      env: { BUILDX_CONFIG: '/opt/buildx' },
      homeDir: home,
    });
    expect(handle.env).toEqual({ DOCKER_CONFIG: handle.dir });
  });

  it('ignores a user config that is not JSON', async () => {
    await fs.mkdir(path.join(home, '.docker'));
    await fs.writeFile(path.join(home, '.docker', 'config.json'), '{ not json');
    const handle = await writeDockerConfig(login, parent, { env: {}, homeDir: home });
    expect(await readConfig(handle.dir)).toEqual({
      auths: { 'ghcr.io': { auth: encodeDockerAuth(login) } },
    });
  });

  it.each([
    [{ ...login, username: '' }, /user name is empty/],
    [{ ...login, username: 'a:b' }, /user name contains a colon/],
    [{ ...login, username: 'a\nb' }, /control character/],
    [{ ...login, password: '' }, /password is empty/],
    [{ ...login, server: 'not a host' }, /server 'not a host'/],
  ])('rejects a bad login before writing anything (%#)', async (bad, message) => {
    await expect(writeDockerConfig(bad, parent, { env: {}, homeDir: home })).rejects.toThrow(
      message,
    );
    expect(await fs.readdir(parent)).toEqual([]);
  });

  it('never puts the password into an error message', async () => {
    const error = await writeDockerConfig({ ...login, username: 'x:y' }, parent).catch(
      (caught: unknown) => caught as Error,
    );
    expect(error).toBeInstanceOf(RegistryLoginError);
    expect((error as Error).message).not.toContain(login.password);
  });

  it('fails with a clear message when the parent folder is missing', async () => {
    const missing = path.join(parent, 'missing');
    await expect(writeDockerConfig(login, missing, { env: {}, homeDir: home })).rejects.toThrow(
      /could not create a private Docker config folder in .*missing/,
    );
  });
});

describe('removing the config', () => {
  it('deletes the folder, and a second remove does nothing and does not throw', async () => {
    const handle = await writeDockerConfig(login, parent, { env: {}, homeDir: home });
    const problems: string[] = [];

    await handle.remove((message) => problems.push(message));
    await expect(fs.stat(handle.dir)).rejects.toMatchObject({ code: 'ENOENT' });
    await handle.remove((message) => problems.push(message));

    expect(problems).toEqual([]);
    expect(await fs.readdir(parent)).toEqual([]);
  });

  it('lets the post step delete the folder from its path alone', async () => {
    const handle = await writeDockerConfig(login, parent, { env: {}, homeDir: home });
    // The build tool may leave files behind (buildx writes into its config folder).
    await fs.mkdir(path.join(handle.dir, 'buildx', 'activity'), { recursive: true });
    await fs.writeFile(path.join(handle.dir, 'buildx', 'activity', 'default'), 'x');

    expect(await removeDockerConfig(handle.dir)).toBe(true);
    expect(await fs.readdir(parent)).toEqual([]);
    expect(await removeDockerConfig(handle.dir)).toBe(true);
    expect(await removeDockerConfig('')).toBe(true);
  });

  it('refuses to delete a folder that is not one of its own', async () => {
    const foreign = path.join(parent, 'important');
    await fs.mkdir(foreign);
    const problems: string[] = [];

    expect(await removeDockerConfig(foreign, (message) => problems.push(message))).toBe(false);

    expect((await fs.stat(foreign)).isDirectory()).toBe(true);
    expect(problems).toEqual([
      `Left ${foreign} alone: it is not a wcow-build Docker config folder.`,
    ]);
  });

  it('refuses to follow a link that carries its prefix', async () => {
    const target = path.join(parent, 'target');
    await fs.mkdir(target);
    await fs.writeFile(path.join(target, 'keep.txt'), 'keep');
    const link = path.join(parent, `${DOCKER_CONFIG_PREFIX}link`);
    await fs.symlink(target, link, 'dir');
    const problems: string[] = [];

    expect(await removeDockerConfig(link, (message) => problems.push(message))).toBe(false);

    expect(await fs.readFile(path.join(target, 'keep.txt'), 'utf8')).toBe('keep');
    expect(problems).toEqual([`Left ${link} alone: it is not a folder.`]);
  });

  it('reports instead of throwing when the folder cannot be deleted', async () => {
    const handle = await writeDockerConfig(login, parent, { env: {}, homeDir: home });
    const problems: string[] = [];
    const release = lockAgainstDeletion(handle.dir);
    try {
      await expect(handle.remove((message) => problems.push(message))).resolves.toBeUndefined();
    } finally {
      release();
    }

    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^Could not delete the private Docker config .*E(PERM|ACCES|NOTDIR)/,
    );
    expect(problems[0]).not.toContain(login.password);
    await handle.remove();
    expect(await fs.readdir(parent)).toEqual([]);
  });
});

/**
 * Makes a folder's entries undeletable for real: a read-only folder stops a normal user, and the
 * immutable attribute stops root (who ignores permissions). Returns the undo.
 */
function lockAgainstDeletion(dir: string): () => void {
  if (process.getuid?.() !== 0) {
    spawnSync('chmod', ['0500', dir]);
    return () => spawnSync('chmod', ['0700', dir]);
  }
  const locked = spawnSync('chattr', ['+i', dir], { encoding: 'utf8' });
  if (locked.status !== 0) {
    throw new Error(
      `chattr +i ${dir} failed (${locked.stderr}); this test needs it when run as root`,
    );
  }
  return () => spawnSync('chattr', ['-i', dir]);
}

describe('what the build tool sees', () => {
  // A stand-in build tool that resolves credentials the way docker/cli's file store does: the
  // exact key first, then every key reduced to its host name. It reports what it found and the
  // whole argv and environment it was started with.
  const standIn = `
const fs = require('node:fs');
const path = require('node:path');
const host = process.argv[2] === 'registry-1.docker.io' ? 'https://index.docker.io/v1/' : process.argv[2];
const config = JSON.parse(fs.readFileSync(path.join(process.env.DOCKER_CONFIG, 'config.json'), 'utf8'));
const toHost = (key) => key.includes('://') ? new URL(key).host : key.split('/')[0];
let entry = config.auths[host];
if (!entry) for (const [key, value] of Object.entries(config.auths)) if (toHost(key) === host) entry = value;
const decoded = entry ? Buffer.from(entry.auth, 'base64').toString('utf8') : '';
const at = decoded.indexOf(':');
process.stdout.write(JSON.stringify({
  username: decoded.slice(0, at),
  password: decoded.slice(at + 1),
  argv: process.argv,
  env: process.env,
}));
`;

  it.each([
    ['ghcr.io', 'ghcr.io'],
    ['https://index.docker.io/v1/', 'registry-1.docker.io'],
    ['', 'registry-1.docker.io'],
  ])(
    'a login for %j is found by a tool asking for %j, through DOCKER_CONFIG only',
    async (server, asked) => {
      const handle = await writeDockerConfig({ ...login, server }, parent, {
        env: {},
        homeDir: home,
      });
      const script = path.join(parent, 'stand-in.cjs');
      await fs.writeFile(script, standIn);

      const result = spawnSync(process.execPath, [script, asked], {
        env: { PATH: process.env.PATH, ...handle.env },
        encoding: 'utf8',
      });
      const seen = JSON.parse(result.stdout) as {
        username: string;
        password: string;
        argv: string[];
        env: Record<string, string>;
      };

      expect(seen.username).toBe('octo');
      expect(seen.password).toBe(login.password);
      const auth = encodeDockerAuth(login);
      for (const secret of [login.password, auth]) {
        expect(seen.argv.join('\n')).not.toContain(secret);
        expect(Object.values(seen.env).join('\n')).not.toContain(secret);
      }
      await handle.remove();
    },
  );
});
