/** Keys of the values the main step keeps for the post step. */
export const STATE = {
  /** The step's private work folder (logs, metadata, diagnostics). */
  workDir: 'wcow-work-dir',
  /** The JSON record of host changes made by the preparation. */
  hostChanges: 'wcow-host-changes',
  /** The private Docker config folder holding registry credentials. */
  dockerConfig: 'wcow-docker-config',
  /** The JSON attempt records so far. */
  attempts: 'wcow-attempts',
  /** Set when the main step ran to its end (the post step then has nothing to rescue). */
  finished: 'wcow-finished',
} as const;
