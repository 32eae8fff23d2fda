/**
 * An AbortSignal that fires when the runner cancels the step (SIGINT then SIGTERM; on Windows
 * Ctrl-C then Ctrl-Break, which Node reports as SIGINT and SIGBREAK), so the build
 * is killed and no retry starts; the post step then collects diagnostics. The listeners stay, so
 * a second signal does not end the process half way through its cleanup (the runner kills the
 * process itself if it takes too long).
 */
export function cancelOnSignals(): AbortSignal {
  const controller = new AbortController();
  for (const name of ['SIGINT', 'SIGTERM', 'SIGBREAK'] as const) {
    process.on(name, () => controller.abort(new Error(`received ${name}`)));
  }
  return controller.signal;
}
