import {
  ChecksumUnavailableError,
  parseInTotoSubject,
  parseSha256Sum,
  PINNED_SHA256,
  releaseArch,
  releaseArtifact,
  resolveChecksum,
} from '../../src/windows/releases.js';

const HEX = 'ab'.repeat(32);

describe('releaseArtifact', () => {
  it('names the official containerd archive and its .sha256sum', () => {
    const artifact = releaseArtifact('containerd', '2.1.4', 'amd64');
    expect(artifact.url).toBe(
      'https://github.com/containerd/containerd/releases/download/v2.1.4/containerd-2.1.4-windows-amd64.tar.gz',
    );
    expect(artifact.checksum).toEqual({ kind: 'sha256sum', url: `${artifact.url}.sha256sum` });
  });

  it('names the official BuildKit archive and the in-toto statement published next to it', () => {
    const artifact = releaseArtifact('buildkit', '0.23.2', 'arm64', 'https://mirror.example/gh/');
    expect(artifact.url).toBe(
      'https://mirror.example/gh/moby/buildkit/releases/download/v0.23.2/buildkit-v0.23.2.windows-arm64.tar.gz',
    );
    expect(artifact.checksum).toEqual({
      kind: 'in-toto',
      url: 'https://mirror.example/gh/moby/buildkit/releases/download/v0.23.2/buildkit-v0.23.2.windows-arm64.sbom.json',
    });
  });

  it('uses the built-in pin for the CNI plugin and has none for other versions', () => {
    expect(releaseArtifact('cni', '0.3.1', 'amd64').checksum).toMatchObject({
      kind: 'pinned',
      sha256: PINNED_SHA256['windows-container-networking-cni-amd64-v0.3.1.zip'].sha256,
    });
    expect(releaseArtifact('cni', '0.3.0', 'amd64').checksum.kind).toBe('none');
  });

  it('lets a pin given by the caller win over everything else', () => {
    const artifact = releaseArtifact('containerd', '2.1.4', 'amd64', undefined, {
      'containerd-2.1.4-windows-amd64.tar.gz': HEX.toUpperCase(),
    });
    expect(artifact.checksum).toEqual({
      kind: 'pinned',
      sha256: HEX,
      origin: 'given by the caller',
    });
  });

  it.each([
    ['x64', 'amd64'],
    ['arm64', 'arm64'],
    ['ia32', undefined],
  ])('maps process.arch %s to %s', (arch, expected) => {
    expect(releaseArch(arch)).toBe(expected);
  });
});

describe('checksum documents', () => {
  it('reads a sha256sum line, with or without the binary marker', () => {
    expect(
      parseSha256Sum(
        `${HEX}  containerd-2.1.4-windows-amd64.tar.gz\n`,
        'containerd-2.1.4-windows-amd64.tar.gz',
      ),
    ).toBe(HEX);
    expect(parseSha256Sum(`${HEX} *release/x.tar.gz`, 'x.tar.gz')).toBe(HEX);
    expect(() => parseSha256Sum(`${HEX}  other.tar.gz`, 'x.tar.gz')).toThrow(
      ChecksumUnavailableError,
    );
  });

  it('reads the subject digest of an in-toto statement', () => {
    const statement = JSON.stringify({
      _type: 'https://in-toto.io/Statement/v0.1',
      subject: [
        { name: 'buildkit-v0.23.2.windows-arm64.tar.gz', digest: { sha256: '00'.repeat(32) } },
        { name: 'buildkit-v0.23.2.windows-amd64.tar.gz', digest: { sha256: HEX } },
      ],
    });
    expect(parseInTotoSubject(statement, 'buildkit-v0.23.2.windows-amd64.tar.gz')).toBe(HEX);
    expect(() => parseInTotoSubject(statement, 'other.tar.gz')).toThrow(
      /names no sha256 digest for other.tar.gz/,
    );
    expect(() => parseInTotoSubject('{', 'x')).toThrow(/not valid JSON/);
    expect(() => parseInTotoSubject('{}', 'x')).toThrow(/no subject list/);
  });
});

describe('resolveChecksum', () => {
  it('fails closed, naming the archive, when there is no checksum at all', async () => {
    const artifact = releaseArtifact('cni', '0.2.0', 'amd64');
    await expect(resolveChecksum(artifact, async () => '')).rejects.toThrow(
      /windows-container-networking-cni-amd64-v0.2.0.zip cannot be verified: .*publishes no checksum/,
    );
  });

  it('fails closed when the published document cannot be read', async () => {
    const artifact = releaseArtifact('containerd', '2.1.4', 'amd64');
    await expect(
      resolveChecksum(artifact, async () => {
        throw new Error('HTTP 404');
      }),
    ).rejects.toThrow(
      /published checksum of containerd-2.1.4-windows-amd64.tar.gz could not be read from .*HTTP 404/,
    );
  });

  it('does not fetch anything for a pinned archive', async () => {
    const artifact = releaseArtifact('cni', '0.3.1', 'amd64');
    await expect(
      resolveChecksum(artifact, async () => {
        throw new Error('no fetch expected');
      }),
    ).resolves.toMatch(/^[0-9a-f]{64}$/);
  });
});
