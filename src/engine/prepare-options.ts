import type { Host } from '../hosts/host.js';
import type { PrepareOptions } from '../windows/prepare.js';
import type { EngineDeps } from './deps.js';
import type { Settings } from './settings.js';

/** What host preparation, its undo and its plan need from the host and the engine. */
export function prepareOptions(
  host: Host,
  settings: Settings,
  deps: EngineDeps,
  tempDir: string,
): PrepareOptions {
  return {
    settings,
    platform: deps.platform,
    arch: deps.arch,
    env: host.env,
    exec: deps.exec,
    clock: deps.clock,
    log: host,
    toolCacheDir: host.context.toolCacheDir,
    tempDir,
    downloadCache: host.downloadCache,
    // A mirror with the same <owner>/<repo>/releases/download/... paths as github.com.
    releasesBaseUrl: host.env.WCOW_BUILD_RELEASES_URL || undefined,
  };
}
