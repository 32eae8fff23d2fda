import { systemDeps } from '../engine/deps.js';
import { runPost } from '../engine/post.js';
import { createAzureHost } from '../hosts/azure.js';

await runPost(createAzureHost(), systemDeps());
