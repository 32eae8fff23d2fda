import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { ArtifactUploadError, uploadGithubArtifact } from '../../src/hosts/github-artifact.js';
import { readZip } from '../packaging/zip.js';

const TWIRP = '/twirp/github.actions.results.api.v1.ArtifactService/';
const RUN_BACKEND = 'b9a2f1c4-7e3d-4f61-9d2a-0c5e8b7a6f13';
const JOB_BACKEND = '4d1e0b8c-2a7f-5c93-8e61-f0a9b3c2d714';

interface Recorded {
  create?: Record<string, unknown>;
  finalize?: Record<string, unknown>;
  authorization: string[];
  blocks: Map<string, Buffer>;
  blockList: string[];
  blob?: Buffer;
  blobPath?: string;
  contentType?: string;
}

/**
 * A loopback stand-in of the Actions results service (Twirp JSON) and of the Azure Blob endpoint
 * its signed URL points at (Put Block / Put Block List). It records what the client sent.
 */
function startArtifactService(options: { createStatus?: number; createBody?: object } = {}) {
  const recorded: Recorded = { authorization: [], blocks: new Map(), blockList: [] };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const json = (status: number, value: object) => {
        response.writeHead(status, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify(value));
      };
      if (request.method === 'POST' && url.pathname === `${TWIRP}CreateArtifact`) {
        recorded.authorization.push(String(request.headers.authorization));
        recorded.create = JSON.parse(body.toString()) as Record<string, unknown>;
        if (options.createStatus !== undefined)
          return json(options.createStatus, options.createBody ?? {});
        const { port } = server.address() as { port: number };
        const name = String(recorded.create.name);
        return json(200, {
          ok: true,
          signed_upload_url: `http://127.0.0.1:${port}/devstoreaccount1/actions-results/${RUN_BACKEND}/${name}.zip?sv=2023-11-03&se=2099-01-01&sr=b&sp=cw&sig=c2lnbmF0dXJl`,
        });
      }
      if (request.method === 'POST' && url.pathname === `${TWIRP}FinalizeArtifact`) {
        recorded.authorization.push(String(request.headers.authorization));
        recorded.finalize = JSON.parse(body.toString()) as Record<string, unknown>;
        return json(200, { ok: true, artifact_id: '4242' });
      }
      if (request.method === 'PUT' && url.pathname.startsWith('/devstoreaccount1/')) {
        const blobHeaders = {
          'x-ms-request-id': 'b7c8d9e0-0000-0000-0000-000000000001',
          'x-ms-version': '2023-11-03',
          'x-ms-request-server-encrypted': 'true',
          Date: new Date().toUTCString(),
        };
        if (url.searchParams.get('comp') === 'block') {
          recorded.blocks.set(url.searchParams.get('blockid') ?? '', body);
          response.writeHead(201, blobHeaders);
          return response.end();
        }
        if (url.searchParams.get('comp') === 'blocklist') {
          recorded.blockList = [
            ...body.toString().matchAll(/<(?:Latest|Uncommitted|Committed)>([^<]+)</g),
          ].map((m) => m[1]);
          recorded.blob = Buffer.concat(
            recorded.blockList.map((id) => recorded.blocks.get(id) ?? Buffer.alloc(0)),
          );
          recorded.blobPath = url.pathname;
          recorded.contentType = String(request.headers['x-ms-blob-content-type']);
          response.writeHead(201, {
            ...blobHeaders,
            ETag: '"0x8DCF1A2B3C4D5E6"',
            'Last-Modified': new Date().toUTCString(),
          });
          return response.end();
        }
      }
      json(404, { code: 'not_found', msg: `unexpected ${request.method} ${url.pathname}` });
    });
  });
  return new Promise<{ url: string; recorded: Recorded; close: () => Promise<void> }>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({
        url: `http://127.0.0.1:${port}/`,
        recorded,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

function runtimeToken(): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ typ: 'JWT', alg: 'RS256' })}.${part({
    scp: `Actions.ExampleScope Actions.Results:${RUN_BACKEND}:${JOB_BACKEND}`,
  })}.c2lnbmF0dXJl`;
}

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
