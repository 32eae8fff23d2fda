export const id = 647;
export const ids = [647];
export const modules = {

/***/ 90647:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   uploadGithubArtifact: () => (/* binding */ uploadGithubArtifact)
/* harmony export */ });
/* unused harmony export ArtifactUploadError */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var _actions_artifact__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(67458);



/** The artifact could not be uploaded; the bundle folder is still on the runner. */
class ArtifactUploadError extends Error {
    name = 'ArtifactUploadError';
}
/**
 * Uploads every file under `folder` (paths kept relative to it) as one artifact of this job.
 * `retentionDays` 0 keeps the repository's default. Throws ArtifactUploadError when the job has
 * no artifact service (no runtime token) or the upload fails.
 */
async function uploadGithubArtifact(name, folder, retentionDays) {
    const env = process.env;
    if (!env.ACTIONS_RUNTIME_TOKEN || !env.ACTIONS_RESULTS_URL) {
        throw new ArtifactUploadError(`Cannot upload artifact ${name}: ACTIONS_RUNTIME_TOKEN or ACTIONS_RESULTS_URL is not set, so this step ` +
            `is not running in a GitHub Actions job that can store artifacts. The files stay in ${folder}.`);
    }
    const files = listFiles(folder);
    if (files.length === 0)
        throw new ArtifactUploadError(`Cannot upload artifact ${name}: ${folder} holds no files.`);
    let uploaded;
    try {
        const client = new _actions_artifact__WEBPACK_IMPORTED_MODULE_2__/* .DefaultArtifactClient */ .t9();
        uploaded = await client.uploadArtifact(name, files, folder, retentionDays > 0 ? { retentionDays } : {});
    }
    catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new ArtifactUploadError(`Uploading artifact ${name} failed: ${reason}. The files stay in ${folder}.`);
    }
    return { name, id: uploaded.id, url: artifactUrl(env, uploaded.id), size: uploaded.size };
}
/** Every regular file under `folder`, depth first, in a stable order. */
function listFiles(folder) {
    const files = [];
    for (const entry of node_fs__WEBPACK_IMPORTED_MODULE_0__.readdirSync(folder, { withFileTypes: true })
        .sort((a, b) => a.name.localeCompare(b.name))) {
        const full = node_path__WEBPACK_IMPORTED_MODULE_1__.join(folder, entry.name);
        if (entry.isDirectory())
            files.push(...listFiles(full));
        else if (entry.isFile())
            files.push(full);
    }
    return files;
}
function artifactUrl(env, id) {
    const server = env.GITHUB_SERVER_URL || 'https://github.com';
    if (id === undefined || !env.GITHUB_REPOSITORY || !env.GITHUB_RUN_ID)
        return undefined;
    return `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}/artifacts/${id}`;
}


/***/ })

};
