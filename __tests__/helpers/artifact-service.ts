// A loopback stand-in of the GitHub Actions artifact service, as @actions/artifact v2+ talks to
// it: the results service's Twirp JSON calls (CreateArtifact, FinalizeArtifact) and the Azure
// Blob endpoint its signed upload URL points at (Put Block, Put Block List).
import * as http from 'node:http';
import { readZip } from '../packaging/zip.js';

export const TWIRP = '/twirp/github.actions.results.api.v1.ArtifactService/';
export const RUN_BACKEND = 'b9a2f1c4-7e3d-4f61-9d2a-0c5e8b7a6f13';
export const JOB_BACKEND = '4d1e0b8c-2a7f-5c93-8e61-f0a9b3c2d714';

/** What the client sent to the service. */
export interface RecordedUpload {
  create?: Record<string, unknown>;
  finalize?: Record<string, unknown>;
  authorization: string[];
  blocks: Map<string, Buffer>;
  blockList: string[];
  /** The committed blob: the artifact's zip. */
  blob?: Buffer;
  blobPath?: string;
  contentType?: string;
}

export interface ArtifactServiceOptions {
  /** Answer CreateArtifact with this status (and `createBody`) instead of a signed URL. */
  createStatus?: number;
  createBody?: object;
}

export interface ArtifactService {
  /** The value for ACTIONS_RESULTS_URL. */
  readonly url: string;
  readonly recorded: RecordedUpload;
  /** The uploaded zip's files by path (no leading slash); empty when nothing was committed. */
  uploadedFiles(): Map<string, Buffer>;
  close(): Promise<void>;
}

/** Starts the service on a free loopback port; it records what the client sent. */
export function startArtifactService(
  options: ArtifactServiceOptions = {},
): Promise<ArtifactService> {
  const recorded: RecordedUpload = { authorization: [], blocks: new Map(), blockList: [] };
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
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({
        url: `http://127.0.0.1:${port}/`,
        recorded,
        uploadedFiles: () => {
          const files = new Map<string, Buffer>();
          if (recorded.blob === undefined) return files;
          for (const [name, data] of readZip(recorded.blob))
            files.set(name.replace(/^\//, ''), data);
          return files;
        },
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            // The client keeps its connections alive; they must not hold the test open.
            server.closeAllConnections();
          }),
      });
    });
  });
}

/** An ACTIONS_RUNTIME_TOKEN as the runner issues it: a JWT whose `scp` names the run and job. */
export function runtimeToken(): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ typ: 'JWT', alg: 'RS256' })}.${part({
    scp: `Actions.ExampleScope Actions.Results:${RUN_BACKEND}:${JOB_BACKEND}`,
  })}.c2lnbmF0dXJl`;
}
