import * as fs from 'node:fs/promises';
import type { Settings } from '../engine/settings.js';
import { readNatNetwork } from './cni.js';
import { readDefenderState } from './defender.js';
import type { HostPaths } from './host-paths.js';
import { DAEMONS, isManaged, resolveBinaries, type DaemonName, type HostFacts } from './plan.js';
import {
  queryServices,
  serviceCommand,
  type ServiceInfo,
  type WindowsContext,
} from './services.js';
import { listImages } from './warmup.js';
import { exists } from './archive.js';

/**
 * Reads the version from `containerd --version` or `buildkitd --version`, which print
 * `<name> <module path> v<version> <revision>`; a `+unknown` build suffix is dropped.
 */
export function parseToolVersion(output: string): string | null {
  for (const token of output.trim().split(/\s+/).slice(1)) {
    const match = /^v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?)(?:\+\S*)?$/.exec(token);
    if (match) return match[1];
  }
  return null;
}

/** Runs `<exe> --version`; null when the file is missing or prints no version. */
export async function readToolVersion(exe: string, ctx: WindowsContext): Promise<string | null> {
  if (!(await exists(exe))) return null;
  const result = await ctx.exec(exe, ['--version'], { env: ctx.env, timeoutMs: 30_000 });
  if (result.exitCode !== 0) {
    ctx.log.debug(`${exe} --version failed: ${result.startError ?? result.stderr.trim()}`);
    return null;
  }
  return parseToolVersion(result.stdout);
}

/** Reads everything the plan depends on; changes nothing. */
export async function probeHost(
  ctx: WindowsContext,
  paths: HostPaths,
  settings: Settings,
): Promise<HostFacts> {
  const found = await queryServices(DAEMONS, ctx);
  const services = {
    containerd: found.get('containerd') as ServiceInfo,
    buildkitd: found.get('buildkitd') as ServiceInfo,
  };
  const installedVersions = {
    containerd: await readToolVersion(paths.containerdExe, ctx),
    buildkitd: await readToolVersion(paths.buildkitdExe, ctx),
  };
  const foreignVersions: Partial<Record<DaemonName, string | null>> = {};
  for (const name of DAEMONS) {
    const ourDir = name === 'containerd' ? paths.containerdDir : paths.buildkitDir;
    if (!isManaged(services[name], ourDir)) {
      foreignVersions[name] = await readToolVersion(serviceCommand(services[name]).program, ctx);
    }
  }
  const facts: HostFacts = {
    fresh: false,
    installedVersions,
    services,
    foreignVersions,
    natPluginInstalled: await exists(paths.natPluginExe),
    cniConf: await readText(paths.cniConfPath),
    nat: await readNatNetwork(ctx),
    logDirExists: await exists(paths.logDir),
    defender: settings.defenderExclusions === 'false' ? null : await readDefenderState(ctx),
    images: null,
  };
  if (settings.warmupImages.length === 0 || services.containerd.state !== 'Running') return facts;
  return { ...facts, images: await listImages(resolveBinaries(facts, paths).ctr, ctx) };
}

async function readText(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch {
    return null;
  }
}
