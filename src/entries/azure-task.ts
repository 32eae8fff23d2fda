import { cancelOnSignals } from '../engine/cancel.js';
import { systemDeps } from '../engine/deps.js';
import { runMain } from '../engine/main.js';
import { createAzureHost } from '../hosts/azure.js';

await runMain(createAzureHost(), systemDeps(cancelOnSignals()));
