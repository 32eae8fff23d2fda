import type { DiagnosticsResult } from './index.js';

/** Where the bundle was attached, when it was. */
export interface AttachedArtifact {
  readonly name: string;
  readonly url?: string;
}

/**
 * Markdown for the job summary: where the bundle is, the facts most likely to explain the
 * failure, and what the collection itself could not do.
 */
export function renderDiagnosticsSummary(
  result: DiagnosticsResult,
  artifact?: AttachedArtifact,
): string {
  const lines = ['### wcow-build diagnostics', ''];
  if (artifact?.url)
    lines.push(
      `The diagnostics bundle is attached as [${escapeText(artifact.name)}](${artifact.url}).`,
    );
  else if (artifact)
    lines.push(`The diagnostics bundle is attached as artifact \`${artifact.name}\`.`);
  else if (result.folder !== '')
    lines.push(
      `The diagnostics bundle was not attached; it is in \`${result.folder}\` on the build host.`,
    );
  else lines.push('No diagnostics bundle could be made; see the step log.');

  if (result.highlights.length > 0) {
    lines.push('', '**Most likely explanations**', '');
    result.highlights.forEach((text, index) => lines.push(`${index + 1}. ${escapeText(text)}`));
  }

  const { manifest } = result;
  const count = (status: string) =>
    manifest.collectors.filter((record) => record.status === status);
  const problems = [...count('failed'), ...count('timed-out')].map(
    (record) => `${record.id} ${record.status}`,
  );
  const size = `${manifest.files.length + 1} files, ${(manifest.totalBytes / 1024 / 1024).toFixed(1)} MiB`;
  const trouble = problems.length > 0 ? `; incomplete: ${problems.join(', ')}` : '';
  const cut =
    manifest.cuts.length > 0 ? `; ${manifest.cuts.length} file(s) cut to fit the size cap` : '';
  lines.push('', `<sub>${size}${trouble}${cut}. Start with manifest.json in the bundle.</sub>`, '');
  return lines.join('\n');
}

/** Escapes HTML outside code spans, so a message cannot inject markup into the summary. */
function escapeText(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part) =>
      part.startsWith('`')
        ? part
        : part.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
    )
    .join('');
}
