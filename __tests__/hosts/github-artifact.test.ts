import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { ArtifactUploadError, uploadGithubArtifact } from '../../src/hosts/github-artifact.js';
import {
  JOB_BACKEND,
  RUN_BACKEND,
  runtimeToken,
  startArtifactService,
} from '../helpers/artifact-service.js';
import { readZip } from '../packaging/zip.js';

const ENV_KEYS = [
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_RESULTS_URL',
  'GITHUB_SERVER_URL',
  'GITHUB_REPOSITORY',
  'GITHUB_RUN_ID',
  'GITHUB_RETENTION_DAYS',
] as const;

describe('uploadGithubArtifact', () => {
  const saved = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));
  let folder: string;

  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'wcow-artifact-'));
    fs.writeFileSync(path.join(folder, 'manifest.json'), '{"schema":1}\n');
    fs.writeFileSync(
      path.join(folder, 'attempt-1.log'),
      '#4 ERROR: hcsshim::ActivateLayer failed (0x20)\n'.repeat(2000),
    );
    fs.mkdirSync(path.join(folder, 'event-logs'));
    fs.writeFileSync(path.join(folder, 'event-logs', 'system.json'), '{"events":[]}\n');
    for (const key of ENV_KEYS) delete process.env[key];
  });

  afterEach(() => {
    for (const key of ENV_KEYS) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });

  it('uploads every file of the folder as one zip through the artifact service protocol', async () => {
    const service = await startArtifactService();
    try {
      process.env.ACTIONS_RUNTIME_TOKEN = runtimeToken();
      process.env.ACTIONS_RESULTS_URL = service.url;
      process.env.GITHUB_REPOSITORY = 'octo-org/windows-images';
      process.env.GITHUB_RUN_ID = '987654321';

      const result = await uploadGithubArtifact('wcow-diagnostics-987654321-build-1', folder, 5);

      const { recorded } = service;
      expect(recorded.create).toMatchObject({
        workflow_run_backend_id: RUN_BACKEND,
        workflow_job_run_backend_id: JOB_BACKEND,
        name: 'wcow-diagnostics-987654321-build-1',
        version: 7,
        mime_type: 'application/zip',
      });
      const expires = Date.parse(String(recorded.create!.expires_at));
      expect(Math.round((expires - Date.now()) / 86_400_000)).toBe(5);
      expect(recorded.authorization).toEqual([
        `Bearer ${runtimeToken()}`,
        `Bearer ${runtimeToken()}`,
      ]);
      expect(recorded.blobPath).toBe(
        `/devstoreaccount1/actions-results/${RUN_BACKEND}/wcow-diagnostics-987654321-build-1.zip`,
      );
      expect(recorded.contentType).toBe('application/zip');
      expect(recorded.blockList.length).toBeGreaterThan(0);

      const files = readZip(recorded.blob!);
      const names = [...files.keys()].map((name) => name.replace(/^\//, '')).sort();
      expect(names).toEqual(['attempt-1.log', 'event-logs/system.json', 'manifest.json']);
      for (const name of names) {
        const entry = files.get(name) ?? files.get(`/${name}`);
        expect(entry!.equals(fs.readFileSync(path.join(folder, name)))).toBe(true);
      }

      expect(recorded.finalize).toEqual({
        workflow_run_backend_id: RUN_BACKEND,
        workflow_job_run_backend_id: JOB_BACKEND,
        name: 'wcow-diagnostics-987654321-build-1',
        size: String(recorded.blob!.length),
        hash: `sha256:${createHash('sha256').update(recorded.blob!).digest('hex')}`,
      });
      expect(result).toEqual({
        name: 'wcow-diagnostics-987654321-build-1',
        id: 4242,
        url: 'https://github.com/octo-org/windows-images/actions/runs/987654321/artifacts/4242',
        size: recorded.blob!.length,
      });
    } finally {
      await service.close();
    }
  });

  it('leaves the expiry to the repository when retention is 0', async () => {
    const service = await startArtifactService();
    try {
      process.env.ACTIONS_RUNTIME_TOKEN = runtimeToken();
      process.env.ACTIONS_RESULTS_URL = service.url;
      const result = await uploadGithubArtifact('diag', folder, 0);
      expect(service.recorded.create).not.toHaveProperty('expires_at');
      expect(result).toMatchObject({ name: 'diag', id: 4242, url: undefined });
    } finally {
      await service.close();
    }
  });

  it('throws a clear error without a runtime token, and contacts nothing', async () => {
    const service = await startArtifactService();
    try {
      process.env.ACTIONS_RESULTS_URL = service.url;
      const upload = uploadGithubArtifact('diag', folder, 0);
      await expect(upload).rejects.toThrow(ArtifactUploadError);
      await expect(upload).rejects.toThrow(
        `Cannot upload artifact diag: ACTIONS_RUNTIME_TOKEN or ACTIONS_RESULTS_URL is not set, so this step is not running in a GitHub Actions job that can store artifacts. The files stay in ${folder}.`,
      );
      expect(service.recorded.create).toBeUndefined();
    } finally {
      await service.close();
    }
  });

  it('reports a full artifact quota as an upload error naming the folder', async () => {
    const service = await startArtifactService({
      createStatus: 403,
      createBody: { code: 'permission_denied', msg: 'insufficient usage to create artifact' },
    });
    try {
      process.env.ACTIONS_RUNTIME_TOKEN = runtimeToken();
      process.env.ACTIONS_RESULTS_URL = service.url;
      await expect(uploadGithubArtifact('diag', folder, 0)).rejects.toThrow(
        new RegExp(
          `^Uploading artifact diag failed: Failed to CreateArtifact: Artifact storage quota has been hit[\\s\\S]*The files stay in ${folder.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.$`,
        ),
      );
    } finally {
      await service.close();
    }
  });
});
