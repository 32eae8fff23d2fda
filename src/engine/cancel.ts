/**
 * An AbortSignal that fires when the runner cancels the step (SIGINT, then SIGTERM), so the build
 * is killed and no retry starts; the post step then collects diagnostics.
 */
export function cancelOnSignals(): AbortSignal {
  const controller = new AbortController();
  for (const name of ['SIGINT', 'SIGTERM'] as const) {
    process.once(name, () => controller.abort(new Error(`received ${name}`)));
  }
  return controller.signal;
}
