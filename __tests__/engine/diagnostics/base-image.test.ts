import {
  baseImagesOf,
  processIsolationCompatible,
  windowsBuildOfRef,
} from '../../../src/engine/diagnostics/base-image.js';

describe('windowsBuildOfRef', () => {
  it.each([
    ['mcr.microsoft.com/windows/servercore:ltsc2019', 17763],
    ['mcr.microsoft.com/windows/nanoserver:ltsc2022', 20348],
    ['mcr.microsoft.com/windows/servercore:ltsc2025-amd64', 26100],
    ['mcr.microsoft.com/dotnet/framework/sdk:4.8.1-windowsservercore-ltsc2022', 20348],
    ['mcr.microsoft.com/windows/nanoserver:1809', 17763],
    ['mcr.microsoft.com/windows/servercore:10.0.17763.6532', 17763],
    ['mcr.microsoft.com/windows/servercore:20H2', 19042],
    ['mcr.microsoft.com/windows/server:ltsc2022@sha256:0f4b4fa6c3d2', 20348],
    ['mcr.microsoft.com/windows/servercore', undefined],
    ['node:20-alpine', undefined],
    ['registry.example.com:5000/team/windows-app:2004', 19041],
    ['ubuntu:2004', undefined],
  ])('%s -> %s', (ref, build) => {
    expect(windowsBuildOfRef(ref)).toBe(build);
  });
});

describe('processIsolationCompatible', () => {
  it.each([
    [17763, 17763, true],
    [17763, 20348, false],
    [20348, 17763, false],
    [20348, 20348, true],
    [22621, 20348, true],
    [22621, 17763, false],
    [26100, 20348, true],
    [26100, 26100, true],
    [26100, 17763, false],
    [20348, 26100, false],
  ])('host %i runs image %i: %s', (host, image, expected) => {
    expect(processIsolationCompatible(host, image)).toBe(expected);
  });
});

describe('baseImagesOf', () => {
  it('substitutes ARG defaults and build args, skips stages and scratch, honours escape', () => {
    const dockerfile = [
      '# escape=`',
      '# syntax=docker/dockerfile:1',
      'ARG WINDOWS_VERSION=ltsc2022',
      'ARG SDK',
      'FROM --platform=windows/amd64 mcr.microsoft.com/dotnet/framework/sdk:${SDK:-4.8.1}-windowsservercore-$WINDOWS_VERSION AS build',
      'RUN msbuild `',
      '    /p:Configuration=Release',
      'FROM build AS test',
      'FROM scratch AS empty',
      'FROM mcr.microsoft.com/windows/nanoserver:${WINDOWS_VERSION}',
      'ARG LATE=ignored',
      'COPY --from=build C:/out C:/app',
    ].join('\r\n');
    expect(baseImagesOf(dockerfile, ['WINDOWS_VERSION=ltsc2019'])).toEqual([
      {
        ref: 'mcr.microsoft.com/dotnet/framework/sdk:4.8.1-windowsservercore-ltsc2019',
        build: 17763,
      },
      { ref: 'mcr.microsoft.com/windows/nanoserver:ltsc2019', build: 17763 },
    ]);
  });

  it('joins backslash continuations by default', () => {
    expect(baseImagesOf('FROM \\\n  mcr.microsoft.com/windows/servercore:ltsc2025\n', [])).toEqual([
      { ref: 'mcr.microsoft.com/windows/servercore:ltsc2025', build: 26100 },
    ]);
  });
});
