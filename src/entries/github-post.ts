import { systemDeps } from '../engine/deps.js';
import { runPost } from '../engine/post.js';
import { createGithubHost } from '../hosts/github.js';

await runPost(createGithubHost(), systemDeps());
