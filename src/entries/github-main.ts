import { cancelOnSignals } from '../engine/cancel.js';
import { systemDeps } from '../engine/deps.js';
import { runMain } from '../engine/main.js';
import { createGithubHost } from '../hosts/github.js';

await runMain(createGithubHost(), systemDeps(cancelOnSignals()));
