/** Characters an artifact name may not hold on either host, and control characters. */
const INVALID = /["<>:|*?\\/\r\n\t\x00-\x1f]+/g;

/** Longest name kept; both hosts accept more, but a name is for reading. */
const MAX_LENGTH = 200;

/**
 * The default diagnostics artifact name, unique per run, job and attempt. `extra` separates jobs
 * that share a job id (matrix legs). Characters no artifact name may hold become `-`.
 */
export function defaultArtifactName(
  runId: string,
  job: string,
  attempt: string,
  extra = '',
): string {
  const parts = ['wcow-diagnostics', runId, job, extra, attempt].filter(
    (part) => part.trim() !== '',
  );
  return sanitizeArtifactName(parts.join('-'));
}

/** A name with every character that artifact services refuse replaced by `-`. */
export function sanitizeArtifactName(name: string): string {
  const clean = name
    .replace(INVALID, '-')
    .replace(/\s+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  return (clean || 'wcow-diagnostics').slice(0, MAX_LENGTH);
}
