import type { Host } from '../hosts/host.js';
import type { AttemptRecord } from './attempt-record.js';
import type { EngineDeps } from './deps.js';
import {
  collectDiagnostics,
  defaultArtifactName,
  renderDiagnosticsSummary,
  sanitizeArtifactName,
} from './diagnostics/index.js';
import { describeError } from './errors.js';
import type { Settings } from './settings.js';

export interface DiagnosticsRequest {
  /** The environment the build tools ran with (installed tools on PATH). */
  readonly env?: NodeJS.ProcessEnv;
  readonly attempts: readonly AttemptRecord[];
  readonly outDir: string;
  readonly secrets: readonly string[];
  readonly reason: 'failure' | 'always' | 'cancelled';
}

/**
 * The per-collector limit: WCOW_BUILD_COLLECTOR_TIMEOUT_MS when set (slow hosts, tests),
 * otherwise the engine's default.
 */
function collectorTimeout(env: NodeJS.ProcessEnv): number | undefined {
  const value = Number(env.WCOW_BUILD_COLLECTOR_TIMEOUT_MS);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

/**
 * Collects the bundle and attaches it to the run. Best effort: nothing here changes the step's
 * result; an upload that fails leaves the folder in place and says where.
 */
export async function collectAndAttach(
  host: Host,
  settings: Settings,
  deps: EngineDeps,
  request: DiagnosticsRequest,
): Promise<void> {
  await host.group('Diagnostics', async () => {
    try {
      const result = await collectDiagnostics({
        settings,
        attempts: request.attempts,
        outDir: request.outDir,
        platform: deps.platform,
        env: request.env ?? host.env,
        exec: deps.exec,
        clock: deps.clock,
        secrets: request.secrets,
        jobStartedAt: host.context.jobStartedAt,
        maxBytes: settings.diagnosticsMaxBytes,
        reason: request.reason,
        log: host,
        collectorTimeoutMs: collectorTimeout(host.env),
      });
      host.setOutput('diagnostics-path', result.folder);
      host.info(`Diagnostics bundle: ${result.folder}`);
      let artifact: { name: string; url?: string } | undefined;
      if (host.kind !== 'cli') {
        const name = settings.diagnosticsName
          ? sanitizeArtifactName(settings.diagnosticsName)
          : defaultArtifactName(
              host.context.runId,
              host.context.job,
              host.context.attempt,
              host.context.instance,
            );
        try {
          artifact = await host.uploadArtifact(
            name,
            result.folder,
            settings.diagnosticsRetentionDays,
          );
          host.setOutput('diagnostics-artifact', artifact.name);
          host.info(`Diagnostics attached to the run as artifact ${artifact.name}.`);
        } catch (error) {
          host.warning(
            `Could not upload the diagnostics artifact ${name}: ${describeError(error)}. The bundle is kept at ${result.folder}.`,
          );
        }
      }
      await host.writeSummary(renderDiagnosticsSummary(result, artifact));
    } catch (error) {
      host.warning(`Diagnostics could not be collected: ${describeError(error)}`);
    }
  });
}
