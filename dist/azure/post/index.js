import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 37:
/***/ (function(__unused_webpack_module, exports, __nccwpck_require__) {


// Copyright (c) Microsoft. All rights reserved.
// Licensed under the MIT license. See LICENSE file in the project root for full license information.
var __extends = (this && this.__extends) || (function () {
    var extendStatics = function (d, b) {
        extendStatics = Object.setPrototypeOf ||
            ({ __proto__: [] } instanceof Array && function (d, b) { d.__proto__ = b; }) ||
            function (d, b) { for (var p in b) if (Object.prototype.hasOwnProperty.call(b, p)) d[p] = b[p]; };
        return extendStatics(d, b);
    };
    return function (d, b) {
        if (typeof b !== "function" && b !== null)
            throw new TypeError("Class extends value " + String(b) + " is not a constructor or null");
        extendStatics(d, b);
        function __() { this.constructor = d; }
        d.prototype = b === null ? Object.create(b) : (__.prototype = b.prototype, new __());
    };
})();
var __assign = (this && this.__assign) || function () {
    __assign = Object.assign || function(t) {
        for (var s, i = 1, n = arguments.length; i < n; i++) {
            s = arguments[i];
            for (var p in s) if (Object.prototype.hasOwnProperty.call(s, p))
                t[p] = s[p];
        }
        return t;
    };
    return __assign.apply(this, arguments);
};
Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.errorExternalOutput = exports.warningExternalOutput = exports.debugExternalOutput = exports.writeExternalOutput = exports.createFilteredWriter = exports.filterExternalOutput = exports.createExternalOutputStream = exports.ExternalOutputStream = exports.MarkerFilter = exports.defaultAllowedVsoCommands = void 0;
var stream = __nccwpck_require__(203);
var im = __nccwpck_require__(202);
//
// External output filtering.
//
// Azure Pipelines treats a task's stdout both as log text and as a command channel:
// a line containing the marker "##vso[area.event ...]data" is parsed and executed by the
// agent. When a task echoes output that originates from an untrusted source (a remote
// server, a child process, a repository filename, compiler/test output, ...), that source
// can smuggle a "##vso[" marker and make the agent run a command on its behalf.
//
// This module neutralizes markers in such external output before it reaches the agent's
// command parser. By default every marker is blocked (rewritten "##vso[" -> "##_vso[").
// A task may opt a compatibility-sensitive path into a small, explicit allowlist of
// command names; unknown, malformed, or future commands stay blocked.
//
// The filter works on raw bytes (Buffer) so it never corrupts invalid UTF-8, binary
// output, or multibyte characters split across chunk boundaries. It matches the marker
// byte-for-byte, mirroring the agent's Ordinal comparison, so the two agree exactly on
// what a marker is.
//
/** The exact marker bytes the agent recognizes as the start of a command: "##vso[". */
var MARKER = Buffer.from('##vso[', 'ascii');
/** Neutralized form written in place of a blocked marker: "##_vso[". */
var NEUTRALIZED = Buffer.from('##_vso[', 'ascii');
var EMPTY = Buffer.alloc(0);
var SPACE = 0x20;
var RBRACKET = 0x5D; // ]
var CR = 0x0D;
var LF = 0x0A;
// Maximum command-name bytes retained while waiting for a terminator.
var MAX_HEADER = 256;
/** Commands allowed by default once VSO commands are enabled for a path. */
exports.defaultAllowedVsoCommands = Object.freeze(['task.debug', 'task.setprogress']);
function resolveAllowed(options) {
    if (!options.enableVsoCommands) {
        return new Set();
    }
    var list = options.allowedVsoCommands !== undefined
        ? options.allowedVsoCommands
        : exports.defaultAllowedVsoCommands;
    // Command-name comparison is case-insensitive to match the agent's command lookup.
    return new Set(list.map(function (c) { return c.toLowerCase(); }));
}
/**
 * Normalizes a raw command-name token to the agent's canonical "area.event" form, or null
 * when it is not a valid command name. Mirrors the agent's Split('.', RemoveEmptyEntries)
 * with a required length of exactly two non-empty segments.
 */
function canonicalCommandName(raw) {
    var parts = raw.split('.').filter(function (p) { return p.length > 0; });
    if (parts.length !== 2) {
        return null;
    }
    return (parts[0] + '.' + parts[1]).toLowerCase();
}
/** Returns the longest suffix of buf that is a proper marker prefix. */
function partialMarkerSuffixLength(buf) {
    var max = Math.min(MARKER.length - 1, buf.length);
    for (var k = max; k >= 1; k--) {
        if (buf.compare(MARKER, 0, k, buf.length - k, buf.length) === 0) {
            return k;
        }
    }
    return 0;
}
/**
 * Locates the end of a command-name header that starts at `start` (the byte after a marker).
 * The name ends at the first space or ']'. A CR or LF is also reported as a terminator with
 * newline=true so the caller can fail closed. Scans at most MAX_HEADER bytes; term is -1 when
 * no terminator is found within that bound (or before the buffer ends).
 */
function scanHeader(buf, start) {
    var limit = Math.min(buf.length, start + MAX_HEADER);
    for (var k = start; k < limit; k++) {
        var b = buf[k];
        if (b === SPACE || b === RBRACKET) {
            return { term: k, newline: false };
        }
        if (b === CR || b === LF) {
            return { term: k, newline: true };
        }
    }
    return { term: -1, newline: false };
}
/**
 * Stateful, byte-level marker filter. Feed bytes with push() and finish with flush().
 * Retains only the minimal bytes needed to resolve a marker that straddles a chunk
 * boundary, so memory stays bounded regardless of input size.
 */
var MarkerFilter = /** @class */ (function () {
    function MarkerFilter(enabled, allowed) {
        this.enabled = enabled;
        this.allowed = allowed;
        this.pending = EMPTY;
    }
    MarkerFilter.prototype.push = function (chunk) {
        var buf = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
        this.pending = EMPTY;
        var out = [];
        var pos = 0;
        while (pos < buf.length) {
            var idx = buf.indexOf(MARKER, pos);
            if (idx === -1) {
                // No complete marker remains. Retain a possible partial marker at the tail so
                // it can be completed by the next chunk; emit everything before it.
                var keep = Math.min(partialMarkerSuffixLength(buf), buf.length - pos);
                var emitEnd = buf.length - keep;
                if (emitEnd > pos) {
                    out.push(pos === 0 && emitEnd === buf.length ? buf : buf.subarray(pos, emitEnd));
                }
                this.pending = keep ? buf.subarray(buf.length - keep) : EMPTY;
                break;
            }
            if (idx > pos) {
                out.push(buf.subarray(pos, idx));
            }
            var afterMarker = idx + MARKER.length;
            if (!this.enabled) {
                out.push(NEUTRALIZED);
                pos = afterMarker;
                continue;
            }
            // Enabled: read the command name (up to the first space or ']') and allow the marker
            // only when that name is allowlisted.
            var _a = scanHeader(buf, afterMarker), term = _a.term, newline = _a.newline;
            if (term === -1) {
                if (buf.length - afterMarker >= MAX_HEADER) {
                    // No terminator within the bound: fail closed.
                    out.push(NEUTRALIZED);
                    pos = afterMarker;
                    continue;
                }
                // Header may complete in a later chunk; retain from the marker start.
                this.pending = buf.subarray(idx);
                break;
            }
            // A CR/LF before the terminator means the agent (which parses per line) would never
            // treat this as a command, so we fail closed and neutralize.
            if (newline) {
                out.push(NEUTRALIZED);
                pos = afterMarker;
                continue;
            }
            var name_1 = canonicalCommandName(buf.toString('utf8', afterMarker, term));
            // Allowlisted markers pass unchanged; the header/data after them flow through as
            // ordinary bytes and any later markers are evaluated independently.
            out.push(name_1 && this.allowed.has(name_1) ? MARKER : NEUTRALIZED);
            pos = afterMarker;
        }
        if (out.length === 0) {
            return EMPTY;
        }
        if (out.length === 1) {
            var only = out[0];
            // Never expose module-level buffers that callers could mutate globally.
            return only === NEUTRALIZED || only === MARKER ? Buffer.from(only) : only;
        }
        return Buffer.concat(out);
    };
    MarkerFilter.prototype.flush = function () {
        var p = this.pending;
        this.pending = EMPTY;
        if (p.length === 0) {
            return EMPTY;
        }
        // An incomplete command candidate that begins with the full marker is neutralized.
        if (this.enabled && p.length >= MARKER.length && p.subarray(0, MARKER.length).equals(MARKER)) {
            return Buffer.concat([NEUTRALIZED, p.subarray(MARKER.length)]);
        }
        // A partial marker (fewer than the full bytes) cannot be executed by the agent, so it
        // is safe to emit unchanged.
        return p;
    };
    return MarkerFilter;
}());
exports.MarkerFilter = MarkerFilter;
/**
 * A Transform stream that neutralizes VSO command markers in external output. Pipe untrusted
 * output into it; it writes filtered bytes to its readable side (and, via
 * createExternalOutputStream, on to the destination).
 */
var ExternalOutputStream = /** @class */ (function (_super) {
    __extends(ExternalOutputStream, _super);
    function ExternalOutputStream(options) {
        var _this = _super.call(this) || this;
        _this.markerFilter = new MarkerFilter(!!options.enableVsoCommands, resolveAllowed(options));
        return _this;
    }
    ExternalOutputStream.prototype._transform = function (chunk, _encoding, callback) {
        try {
            var buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk), 'utf8');
            var out = this.markerFilter.push(buf);
            if (out.length) {
                this.push(out);
            }
            callback();
        }
        catch (err) {
            // Fail closed: never recover by emitting the original marker.
            callback(err);
        }
    };
    ExternalOutputStream.prototype._flush = function (callback) {
        try {
            var out = this.markerFilter.flush();
            if (out.length) {
                this.push(out);
            }
            callback();
        }
        catch (err) {
            callback(err);
        }
    };
    return ExternalOutputStream;
}(stream.Transform));
exports.ExternalOutputStream = ExternalOutputStream;
/**
 * Creates a filtering stream for external output and pipes it to the destination
 * (default process.stdout). Pipe untrusted output into the returned stream, e.g.
 * `jenkinsResponse.pipe(tl.createExternalOutputStream({ source: 'remote' }))`.
 */
function createExternalOutputStream(options) {
    var filterStream = new ExternalOutputStream(options);
    var destination = options.destination || process.stdout;
    // Do not end the shared destination (e.g. process.stdout) when the source ends.
    filterStream.pipe(destination, { end: false });
    return filterStream;
}
exports.createExternalOutputStream = createExternalOutputStream;
/** Filters one complete value for internal task-lib consumers. */
function filterExternalOutput(data, options) {
    var filter = new MarkerFilter(!!options.enableVsoCommands, resolveAllowed(options));
    var buf = Buffer.isBuffer(data) ? data : Buffer.from(String(data), 'utf8');
    var filtered = filter.push(buf);
    var pending = filter.flush();
    return pending.length ? Buffer.concat([filtered, pending]) : filtered;
}
exports.filterExternalOutput = filterExternalOutput;
/** Creates a stateful writer for internal consumers that receive output in chunks. */
function createFilteredWriter(options, destination) {
    var filter = new MarkerFilter(!!options.enableVsoCommands, resolveAllowed(options));
    var ended = false;
    return {
        write: function (data) {
            if (ended) {
                throw new Error('Cannot write after end');
            }
            var buf = Buffer.isBuffer(data) ? data : Buffer.from(String(data), 'utf8');
            var filtered = filter.push(buf);
            if (filtered.length) {
                destination.write(filtered);
            }
        },
        end: function () {
            if (ended) {
                return;
            }
            ended = true;
            var pending = filter.flush();
            if (pending.length) {
                destination.write(pending);
            }
        }
    };
}
exports.createFilteredWriter = createFilteredWriter;
/** Filters external output before writing it or submitting it through a task-lib logger. */
function logExternalOutput(message, options) {
    var filtered = filterExternalOutput(message, options);
    switch (options.type) {
        case 'raw':
            var destination = options.destination || process.stdout;
            destination.write(filtered);
            break;
        case 'debug':
            im._debug(filtered.toString('utf8'));
            break;
        case 'warning':
            im._warning(filtered.toString('utf8'), options.issueSource, options.auditAction);
            break;
        case 'error':
            im._error(filtered.toString('utf8'), options.issueSource, options.auditAction);
            break;
    }
}
/** Filters external output and writes it directly to the configured destination. */
function writeExternalOutput(message, options) {
    logExternalOutput(message, __assign(__assign({}, options), { type: 'raw' }));
}
exports.writeExternalOutput = writeExternalOutput;
/** Filters external output and submits it through the task-lib debug logger. */
function debugExternalOutput(message, options) {
    logExternalOutput(message, __assign(__assign({}, options), { type: 'debug' }));
}
exports.debugExternalOutput = debugExternalOutput;
/** Filters external output and submits it through the task-lib warning logger. */
function warningExternalOutput(message, options) {
    logExternalOutput(message, __assign(__assign({}, options), { type: 'warning' }));
}
exports.warningExternalOutput = warningExternalOutput;
/** Filters external output and submits it through the task-lib error logger. */
function errorExternalOutput(message, options) {
    logExternalOutput(message, __assign(__assign({}, options), { type: 'error' }));
}
exports.errorExternalOutput = errorExternalOutput;


/***/ }),

/***/ 202:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


var _a, _b;
Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.isSigPipeError = exports._exposeCertSettings = exports._exposeProxySettings = exports._normalizeSeparators = exports._isRooted = exports._getDirectoryName = exports._ensureRooted = exports._isUncPath = exports._loadData = exports._ensurePatternRooted = exports._getFindInfoFromPattern = exports._cloneMatchOptions = exports._legacyFindFiles_convertPatternToRegExp = exports._which = exports._checkPath = exports._exist = exports._debug = exports._error = exports._warning = exports._command = exports._getVariableKey = exports._getVariable = exports._loc = exports._setResourcePath = exports._setErrStream = exports._setStdStream = exports._writeLine = exports._truncateBeforeSensitiveKeyword = exports._endsWith = exports._startsWith = exports.IssueAuditAction = exports.IssueSource = exports._vault = exports._knownVariableMap = void 0;
var fs = __nccwpck_require__(896);
var path = __nccwpck_require__(928);
var os = __nccwpck_require__(857);
var minimatch = __nccwpck_require__(533);
var util = __nccwpck_require__(23);
var tcm = __nccwpck_require__(373);
var vm = __nccwpck_require__(59);
var semver = __nccwpck_require__(763);
var crypto = __nccwpck_require__(982);
var libResource = __nccwpck_require__(137);
/**
 * Hash table of known variable info. The formatted env var name is the lookup key.
 *
 * The purpose of this hash table is to keep track of known variables. The hash table
 * needs to be maintained for multiple reasons:
 *  1) to distinguish between env vars and job vars
 *  2) to distinguish between secret vars and public
 *  3) to know the real variable name and not just the formatted env var name.
 */
exports._knownVariableMap = {};
var _commandCorrelationId;
//-----------------------------------------------------
// Enums
//-----------------------------------------------------
var IssueSource;
(function (IssueSource) {
    IssueSource["CustomerScript"] = "CustomerScript";
    IssueSource["TaskInternal"] = "TaskInternal";
})(IssueSource = exports.IssueSource || (exports.IssueSource = {}));
var IssueAuditAction;
(function (IssueAuditAction) {
    IssueAuditAction[IssueAuditAction["Unknown"] = 0] = "Unknown";
    IssueAuditAction[IssueAuditAction["ShellTasksValidation"] = 1] = "ShellTasksValidation";
})(IssueAuditAction = exports.IssueAuditAction || (exports.IssueAuditAction = {}));
//-----------------------------------------------------
// Validation Checks
//-----------------------------------------------------
// async await needs generators in node 4.x+
if (semver.lt(process.versions.node, '4.2.0')) {
    _warning('Tasks require a new agent.  Upgrade your agent or node to 4.2.0 or later', IssueSource.TaskInternal);
}
//-----------------------------------------------------
// String convenience
//-----------------------------------------------------
function _startsWith(str, start) {
    return str.slice(0, start.length) == start;
}
exports._startsWith = _startsWith;
function _endsWith(str, end) {
    return str.slice(-end.length) == end;
}
exports._endsWith = _endsWith;
function _truncateBeforeSensitiveKeyword(str, sensitiveKeywordsPattern) {
    if (!str) {
        return str;
    }
    var index = str.search(sensitiveKeywordsPattern);
    if (index <= 0) {
        return str;
    }
    return "".concat(str.substring(0, index), "...");
}
exports._truncateBeforeSensitiveKeyword = _truncateBeforeSensitiveKeyword;
//-----------------------------------------------------
// General Helpers
//-----------------------------------------------------
var _outStream = process.stdout;
var _errStream = process.stderr;
function _writeLine(str) {
    _outStream.write(str + os.EOL);
}
exports._writeLine = _writeLine;
function _setStdStream(stdStream) {
    _outStream = stdStream;
}
exports._setStdStream = _setStdStream;
function _setErrStream(errStream) {
    _errStream = errStream;
}
exports._setErrStream = _setErrStream;
//-----------------------------------------------------
// Loc Helpers
//-----------------------------------------------------
var _locStringCache = {};
var _resourceFiles = {};
var _libResourceFileLoaded = false;
var _resourceCulture = 'en-US';
function _getLocStrings(resourceJson, locResourceJson) {
    var locStrings = {};
    if (resourceJson && resourceJson.hasOwnProperty('messages')) {
        for (var key in resourceJson.messages) {
            if (locResourceJson && locResourceJson.hasOwnProperty('loc.messages.' + key)) {
                locStrings[key] = locResourceJson['loc.messages.' + key];
            }
            else {
                locStrings[key] = resourceJson.messages[key];
            }
        }
    }
    return locStrings;
}
function _loadResJson(resjsonFile) {
    var resJson;
    if (_exist(resjsonFile)) {
        var resjsonContent = fs.readFileSync(resjsonFile, 'utf8').toString();
        // remove BOM
        if (resjsonContent.indexOf('\uFEFF') == 0) {
            resjsonContent = resjsonContent.slice(1);
        }
        try {
            resJson = JSON.parse(resjsonContent);
        }
        catch (err) {
            _debug('unable to parse resjson with err: ' + err.message);
        }
    }
    else {
        _debug('.resjson file not found: ' + resjsonFile);
    }
    return resJson;
}
function _loadLocStrings(resourceFile, culture) {
    var locStrings = {};
    if (_exist(resourceFile)) {
        var resourceJson = __WEBPACK_EXTERNAL_createRequire(import.meta.url)(resourceFile);
        if (resourceJson && resourceJson.hasOwnProperty('messages')) {
            var locResourceJson;
            // load up resource resjson for different culture
            var localizedResourceFile = path.join(path.dirname(resourceFile), 'Strings', 'resources.resjson');
            var upperCulture = culture.toUpperCase();
            var cultures = [];
            try {
                cultures = fs.readdirSync(localizedResourceFile);
            }
            catch (ex) { }
            for (var i = 0; i < cultures.length; i++) {
                if (cultures[i].toUpperCase() == upperCulture) {
                    localizedResourceFile = path.join(localizedResourceFile, cultures[i], 'resources.resjson');
                    if (_exist(localizedResourceFile)) {
                        locResourceJson = _loadResJson(localizedResourceFile);
                    }
                    break;
                }
            }
            locStrings = _getLocStrings(resourceJson, locResourceJson);
        }
    }
    else {
        _warning('LIB_ResourceFile does not exist', IssueSource.TaskInternal);
    }
    return locStrings;
}
function _loadEmbeddedLocStrings(resourceData, culture) {
    var localizedResource;
    var upperCulture = culture.toUpperCase();
    var localizedResources = resourceData.localizedMessages || {};
    for (var localizedCulture in localizedResources) {
        if (localizedCulture.toUpperCase() == upperCulture) {
            localizedResource = localizedResources[localizedCulture];
            break;
        }
    }
    return _getLocStrings(resourceData, localizedResource);
}
/**
 * Sets the location of the resources json.  This is typically the task.json file.
 * Call once at the beginning of the script before any calls to loc.
 * @param     path      Full path to the json.
 * @param     ignoreWarnings  Won't throw warnings if path already set.
 * @returns   void
 */
function _setResourcePath(path, ignoreWarnings) {
    if (ignoreWarnings === void 0) { ignoreWarnings = false; }
    if (process.env['TASKLIB_INPROC_UNITS']) {
        _resourceFiles = {};
        _libResourceFileLoaded = false;
        _locStringCache = {};
        _resourceCulture = 'en-US';
    }
    if (!_resourceFiles[path]) {
        _checkPath(path, 'resource file path');
        _resourceFiles[path] = path;
        _debug('adding resource file: ' + path);
        _resourceCulture = _getVariable('system.culture') || _resourceCulture;
        var locStrs = _loadLocStrings(path, _resourceCulture);
        for (var key in locStrs) {
            //cache loc string
            _locStringCache[key] = locStrs[key];
        }
    }
    else {
        if (ignoreWarnings) {
        }
        else {
            _warning(_loc('LIB_ResourceFileAlreadySet', path), IssueSource.TaskInternal);
        }
    }
}
exports._setResourcePath = _setResourcePath;
/**
 * Gets the localized string from the json resource file.  Optionally formats with additional params.
 *
 * @param     key      key of the resources string in the resource file
 * @param     param    additional params for formatting the string
 * @returns   string
 */
function _loc(key) {
    var param = [];
    for (var _i = 1; _i < arguments.length; _i++) {
        param[_i - 1] = arguments[_i];
    }
    if (!_libResourceFileLoaded) {
        // merge loc strings from azure-pipelines-task-lib.
        var libLocStrs = _loadEmbeddedLocStrings(libResource, _resourceCulture);
        for (var libKey in libLocStrs) {
            //cache azure-pipelines-task-lib loc string
            _locStringCache[libKey] = libLocStrs[libKey];
        }
        _libResourceFileLoaded = true;
    }
    var locString;
    ;
    if (_locStringCache.hasOwnProperty(key)) {
        locString = _locStringCache[key];
    }
    else {
        if (Object.keys(_resourceFiles).length <= 0) {
            _warning("Resource file haven't been set, can't find loc string for key: ".concat(key), IssueSource.TaskInternal);
        }
        else {
            _warning("Can't find loc string for key: ".concat(key));
        }
        locString = key;
    }
    if (param.length > 0) {
        return util.format.apply(this, [locString].concat(param));
    }
    else {
        return locString;
    }
}
exports._loc = _loc;
//-----------------------------------------------------
// Input Helpers
//-----------------------------------------------------
/**
 * Gets a variable value that is defined on the build/release definition or set at runtime.
 *
 * @param     name     name of the variable to get
 * @returns   string
 */
function _getVariable(name) {
    var varval;
    // get the metadata
    var info;
    var key = _getVariableKey(name);
    if (exports._knownVariableMap.hasOwnProperty(key)) {
        info = exports._knownVariableMap[key];
    }
    if (info && info.secret) {
        // get the secret value
        varval = exports._vault.retrieveSecret('SECRET_' + key);
    }
    else {
        // get the public value
        varval = process.env[key];
        // fallback for pre 2.104.1 agent
        if (!varval && name.toUpperCase() == 'AGENT.JOBSTATUS') {
            varval = process.env['agent.jobstatus'];
        }
    }
    _debug(name + '=' + varval);
    return varval;
}
exports._getVariable = _getVariable;
function _getVariableKey(name) {
    if (!name) {
        throw new Error(_loc('LIB_ParameterIsRequired', 'name'));
    }
    return name.replace(/\./g, '_').replace(/ /g, '_').toUpperCase();
}
exports._getVariableKey = _getVariableKey;
//-----------------------------------------------------
// Cmd Helpers
//-----------------------------------------------------
function _command(command, properties, message) {
    var taskCmd = new tcm.TaskCommand(command, properties, message);
    _writeLine(taskCmd.toString());
}
exports._command = _command;
function _warning(message, source, auditAction) {
    if (source === void 0) { source = IssueSource.TaskInternal; }
    _command('task.issue', {
        'type': 'warning',
        'source': source,
        'correlationId': _commandCorrelationId,
        'auditAction': auditAction
    }, message);
}
exports._warning = _warning;
function _error(message, source, auditAction) {
    if (source === void 0) { source = IssueSource.TaskInternal; }
    _command('task.issue', {
        'type': 'error',
        'source': source,
        'correlationId': _commandCorrelationId,
        'auditAction': auditAction
    }, message);
}
exports._error = _error;
var debugMode = ((_a = _getVariable('system.debug')) === null || _a === void 0 ? void 0 : _a.toLowerCase()) === 'true';
var shouldCheckDebugMode = ((_b = _getVariable('DistributedTask.Tasks.Node.SkipDebugLogsWhenDebugModeOff')) === null || _b === void 0 ? void 0 : _b.toLowerCase()) === 'true';
function _debug(message) {
    if (!shouldCheckDebugMode
        || (shouldCheckDebugMode && debugMode)) {
        _command('task.debug', null, message);
    }
}
exports._debug = _debug;
// //-----------------------------------------------------
// // Disk Functions
// //-----------------------------------------------------
/**
 * Returns whether a path exists.
 *
 * @param     path      path to check
 * @returns   boolean
 */
function _exist(path) {
    var exist = false;
    try {
        exist = !!(path && fs.statSync(path) != null);
    }
    catch (err) {
        if (err && err.code === 'ENOENT') {
            exist = false;
        }
        else {
            throw err;
        }
    }
    return exist;
}
exports._exist = _exist;
/**
 * Checks whether a path exists.
 * If the path does not exist, it will throw.
 *
 * @param     p         path to check
 * @param     name      name only used in error message to identify the path
 * @returns   void
 */
function _checkPath(p, name) {
    _debug('check path : ' + p);
    if (!_exist(p)) {
        throw new Error(_loc('LIB_PathNotFound', name, p));
    }
}
exports._checkPath = _checkPath;
/**
 * Returns path of a tool had the tool actually been invoked.  Resolves via paths.
 * If you check and the tool does not exist, it will throw.
 *
 * @param     tool       name of the tool
 * @param     check      whether to check if tool exists
 * @returns   string
 */
function _which(tool, check) {
    if (!tool) {
        throw new Error('parameter \'tool\' is required');
    }
    // recursive when check=true
    if (check) {
        var result = _which(tool, false);
        if (result) {
            return result;
        }
        else {
            if (process.platform == 'win32') {
                throw new Error(_loc('LIB_WhichNotFound_Win', tool));
            }
            else {
                throw new Error(_loc('LIB_WhichNotFound_Linux', tool));
            }
        }
    }
    _debug("which '".concat(tool, "'"));
    try {
        // build the list of extensions to try
        var extensions = [];
        if (process.platform == 'win32' && process.env['PATHEXT']) {
            for (var _i = 0, _a = process.env['PATHEXT'].split(path.delimiter); _i < _a.length; _i++) {
                var extension = _a[_i];
                if (extension) {
                    extensions.push(extension);
                }
            }
        }
        // if it's rooted, return it if exists. otherwise return empty.
        if (_isRooted(tool)) {
            var filePath = _tryGetExecutablePath(tool, extensions);
            if (filePath) {
                _debug("found: '".concat(filePath, "'"));
                return filePath;
            }
            _debug('not found');
            return '';
        }
        // if any path separators, return empty
        if (tool.indexOf('/') >= 0 || (process.platform == 'win32' && tool.indexOf('\\') >= 0)) {
            _debug('not found');
            return '';
        }
        // build the list of directories
        //
        // Note, technically "where" checks the current directory on Windows. From a task lib perspective,
        // it feels like we should not do this. Checking the current directory seems like more of a use
        // case of a shell, and the which() function exposed by the task lib should strive for consistency
        // across platforms.
        var directories = [];
        if (process.env['PATH']) {
            for (var _b = 0, _c = process.env['PATH'].split(path.delimiter); _b < _c.length; _b++) {
                var p = _c[_b];
                if (p) {
                    directories.push(p);
                }
            }
        }
        // return the first match
        for (var _d = 0, directories_1 = directories; _d < directories_1.length; _d++) {
            var directory = directories_1[_d];
            var filePath = _tryGetExecutablePath(directory + path.sep + tool, extensions);
            if (filePath) {
                _debug("found: '".concat(filePath, "'"));
                return filePath;
            }
        }
        _debug('not found');
        return '';
    }
    catch (err) {
        throw new Error(_loc('LIB_OperationFailed', 'which', err.message));
    }
}
exports._which = _which;
/**
 * Best effort attempt to determine whether a file exists and is executable.
 * @param filePath    file path to check
 * @param extensions  additional file extensions to try
 * @return if file exists and is executable, returns the file path. otherwise empty string.
 */
function _tryGetExecutablePath(filePath, extensions) {
    try {
        // test file exists
        var stats = fs.statSync(filePath);
        if (stats.isFile()) {
            if (process.platform == 'win32') {
                // on Windows, test for valid extension
                var isExecutable = false;
                var fileName = path.basename(filePath);
                var dotIndex = fileName.lastIndexOf('.');
                if (dotIndex >= 0) {
                    var upperExt_1 = fileName.substr(dotIndex).toUpperCase();
                    if (extensions.some(function (validExt) { return validExt.toUpperCase() == upperExt_1; })) {
                        return filePath;
                    }
                }
            }
            else {
                if (isUnixExecutable(stats)) {
                    return filePath;
                }
            }
        }
    }
    catch (err) {
        if (err.code != 'ENOENT') {
            _debug("Unexpected error attempting to determine if executable file exists '".concat(filePath, "': ").concat(err));
        }
    }
    // try each extension
    var originalFilePath = filePath;
    for (var _i = 0, extensions_1 = extensions; _i < extensions_1.length; _i++) {
        var extension = extensions_1[_i];
        var found = false;
        var filePath_1 = originalFilePath + extension;
        try {
            var stats = fs.statSync(filePath_1);
            if (stats.isFile()) {
                if (process.platform == 'win32') {
                    // preserve the case of the actual file (since an extension was appended)
                    try {
                        var directory = path.dirname(filePath_1);
                        var upperName = path.basename(filePath_1).toUpperCase();
                        for (var _a = 0, _b = fs.readdirSync(directory); _a < _b.length; _a++) {
                            var actualName = _b[_a];
                            if (upperName == actualName.toUpperCase()) {
                                filePath_1 = path.join(directory, actualName);
                                break;
                            }
                        }
                    }
                    catch (err) {
                        _debug("Unexpected error attempting to determine the actual case of the file '".concat(filePath_1, "': ").concat(err));
                    }
                    return filePath_1;
                }
                else {
                    if (isUnixExecutable(stats)) {
                        return filePath_1;
                    }
                }
            }
        }
        catch (err) {
            if (err.code != 'ENOENT') {
                _debug("Unexpected error attempting to determine if executable file exists '".concat(filePath_1, "': ").concat(err));
            }
        }
    }
    return '';
}
// on Mac/Linux, test the execute bit
//     R   W  X  R  W X R W X
//   256 128 64 32 16 8 4 2 1
function isUnixExecutable(stats) {
    return (stats.mode & 1) > 0 || ((stats.mode & 8) > 0 && stats.gid === process.getgid()) || ((stats.mode & 64) > 0 && stats.uid === process.getuid());
}
function _legacyFindFiles_convertPatternToRegExp(pattern) {
    pattern = (process.platform == 'win32' ? pattern.replace(/\\/g, '/') : pattern) // normalize separator on Windows
        .replace(/[-\/\\^$*+?.()|[\]{}]/g, '\\$&') // regex escape - from http://stackoverflow.com/questions/3561493/is-there-a-regexp-escape-function-in-javascript
        .replace(/\\\/\\\*\\\*\\\//g, '((\/.+/)|(\/))') // replace directory globstar, e.g. /hello/**/world
        .replace(/\\\*\\\*/g, '.*') // replace remaining globstars with a wildcard that can span directory separators, e.g. /hello/**dll
        .replace(/\\\*/g, '[^\/]*') // replace asterisks with a wildcard that cannot span directory separators, e.g. /hello/*.dll
        .replace(/\\\?/g, '[^\/]'); // replace single character wildcards, e.g. /hello/log?.dll
    pattern = "^".concat(pattern, "$");
    var flags = process.platform == 'win32' ? 'i' : '';
    return new RegExp(pattern, flags);
}
exports._legacyFindFiles_convertPatternToRegExp = _legacyFindFiles_convertPatternToRegExp;
function _cloneMatchOptions(matchOptions) {
    return {
        debug: matchOptions.debug,
        nobrace: matchOptions.nobrace,
        noglobstar: matchOptions.noglobstar,
        dot: matchOptions.dot,
        noext: matchOptions.noext,
        nocase: matchOptions.nocase,
        nonull: matchOptions.nonull,
        matchBase: matchOptions.matchBase,
        nocomment: matchOptions.nocomment,
        nonegate: matchOptions.nonegate,
        flipNegate: matchOptions.flipNegate
    };
}
exports._cloneMatchOptions = _cloneMatchOptions;
function _getFindInfoFromPattern(defaultRoot, pattern, matchOptions) {
    // parameter validation
    if (!defaultRoot) {
        throw new Error('getFindRootFromPattern() parameter defaultRoot cannot be empty');
    }
    if (!pattern) {
        throw new Error('getFindRootFromPattern() parameter pattern cannot be empty');
    }
    if (!matchOptions.nobrace) {
        throw new Error('getFindRootFromPattern() expected matchOptions.nobrace to be true');
    }
    // for the sake of determining the findPath, pretend nocase=false
    matchOptions = _cloneMatchOptions(matchOptions);
    matchOptions.nocase = false;
    // check if basename only and matchBase=true
    if (matchOptions.matchBase &&
        !_isRooted(pattern) &&
        (process.platform == 'win32' ? pattern.replace(/\\/g, '/') : pattern).indexOf('/') < 0) {
        return {
            adjustedPattern: pattern,
            findPath: defaultRoot,
            statOnly: false,
        };
    }
    // the technique applied by this function is to use the information on the Minimatch object determine
    // the findPath. Minimatch breaks the pattern into path segments, and exposes information about which
    // segments are literal vs patterns.
    //
    // note, the technique currently imposes a limitation for drive-relative paths with a glob in the
    // first segment, e.g. C:hello*/world. it's feasible to overcome this limitation, but is left unsolved
    // for now.
    var minimatchObj = new minimatch.Minimatch(pattern, matchOptions);
    // the "set" property is an array of arrays of parsed path segment info. the outer array should only
    // contain one item, otherwise something went wrong. brace expansion can result in multiple arrays,
    // but that should be turned off by the time this function is reached.
    if (minimatchObj.set.length != 1) {
        throw new Error('getFindRootFromPattern() expected Minimatch(...).set.length to be 1. Actual: ' + minimatchObj.set.length);
    }
    var literalSegments = [];
    for (var _i = 0, _a = minimatchObj.set[0]; _i < _a.length; _i++) {
        var parsedSegment = _a[_i];
        if (typeof parsedSegment == 'string') {
            // the item is a string when the original input for the path segment does not contain any
            // unescaped glob characters.
            //
            // note, the string here is already unescaped (i.e. glob escaping removed), so it is ready
            // to pass to find() as-is. for example, an input string 'hello\\*world' => 'hello*world'.
            literalSegments.push(parsedSegment);
            continue;
        }
        break;
    }
    // join the literal segments back together. Minimatch converts '\' to '/' on Windows, then squashes
    // consequetive slashes, and finally splits on slash. this means that UNC format is lost, but can
    // be detected from the original pattern.
    var joinedSegments = literalSegments.join('/');
    if (joinedSegments && process.platform == 'win32' && _startsWith(pattern.replace(/\\/g, '/'), '//')) {
        joinedSegments = '/' + joinedSegments; // restore UNC format
    }
    // determine the find path
    var findPath;
    if (_isRooted(pattern)) { // the pattern was rooted
        findPath = joinedSegments;
    }
    else if (joinedSegments) { // the pattern was not rooted, and literal segments were found
        findPath = _ensureRooted(defaultRoot, joinedSegments);
    }
    else { // the pattern was not rooted, and no literal segments were found
        findPath = defaultRoot;
    }
    // clean up the path
    if (findPath) {
        findPath = _getDirectoryName(_ensureRooted(findPath, '_')); // hack to remove unnecessary trailing slash
        findPath = _normalizeSeparators(findPath); // normalize slashes
    }
    return {
        adjustedPattern: _ensurePatternRooted(defaultRoot, pattern),
        findPath: findPath,
        statOnly: literalSegments.length == minimatchObj.set[0].length,
    };
}
exports._getFindInfoFromPattern = _getFindInfoFromPattern;
function _ensurePatternRooted(root, p) {
    if (!root) {
        throw new Error('ensurePatternRooted() parameter "root" cannot be empty');
    }
    if (!p) {
        throw new Error('ensurePatternRooted() parameter "p" cannot be empty');
    }
    if (_isRooted(p)) {
        return p;
    }
    // normalize root
    root = _normalizeSeparators(root);
    // escape special glob characters
    root = (process.platform == 'win32' ? root : root.replace(/\\/g, '\\\\')) // escape '\' on OSX/Linux
        .replace(/(\[)(?=[^\/]+\])/g, '[[]') // escape '[' when ']' follows within the path segment
        .replace(/\?/g, '[?]') // escape '?'
        .replace(/\*/g, '[*]') // escape '*'
        .replace(/\+\(/g, '[+](') // escape '+('
        .replace(/@\(/g, '[@](') // escape '@('
        .replace(/!\(/g, '[!]('); // escape '!('
    return _ensureRooted(root, p);
}
exports._ensurePatternRooted = _ensurePatternRooted;
//-------------------------------------------------------------------
// Populate the vault with sensitive data.  Inputs and Endpoints
//-------------------------------------------------------------------
function _loadData() {
    // in agent, prefer TempDirectory then workFolder.
    // In interactive dev mode, it won't be
    var keyPath = _getVariable("agent.TempDirectory") || _getVariable("agent.workFolder") || process.cwd();
    exports._vault = new vm.Vault(keyPath);
    exports._knownVariableMap = {};
    _debug('loading inputs and endpoints');
    var loaded = 0;
    for (var envvar in process.env) {
        if (_startsWith(envvar, 'INPUT_') ||
            _startsWith(envvar, 'ENDPOINT_AUTH_') ||
            _startsWith(envvar, 'SECUREFILE_TICKET_') ||
            _startsWith(envvar, 'SECRET_') ||
            _startsWith(envvar, 'VSTS_TASKVARIABLE_')) {
            // Record the secret variable metadata. This is required by getVariable to know whether
            // to retrieve the value from the vault. In a 2.104.1 agent or higher, this metadata will
            // be overwritten when the VSTS_SECRET_VARIABLES env var is processed below.
            if (_startsWith(envvar, 'SECRET_')) {
                var variableName = envvar.substring('SECRET_'.length);
                if (variableName) {
                    // This is technically not the variable name (has underscores instead of dots),
                    // but it's good enough to make getVariable work in a pre-2.104.1 agent where
                    // the VSTS_SECRET_VARIABLES env var is not defined.
                    exports._knownVariableMap[_getVariableKey(variableName)] = { name: variableName, secret: true };
                }
            }
            // store the secret
            var value = process.env[envvar];
            if (value) {
                ++loaded;
                _debug('loading ' + envvar);
                exports._vault.storeSecret(envvar, value);
                delete process.env[envvar];
            }
        }
    }
    _debug('loaded ' + loaded);
    var correlationId = process.env["COMMAND_CORRELATION_ID"];
    delete process.env["COMMAND_CORRELATION_ID"];
    _commandCorrelationId = correlationId ? String(correlationId) : "";
    // store public variable metadata
    var names;
    try {
        names = JSON.parse(process.env['VSTS_PUBLIC_VARIABLES'] || '[]');
    }
    catch (err) {
        throw new Error('Failed to parse VSTS_PUBLIC_VARIABLES as JSON. ' + err); // may occur during interactive testing
    }
    names.forEach(function (name) {
        exports._knownVariableMap[_getVariableKey(name)] = { name: name, secret: false };
    });
    delete process.env['VSTS_PUBLIC_VARIABLES'];
    // store secret variable metadata
    try {
        names = JSON.parse(process.env['VSTS_SECRET_VARIABLES'] || '[]');
    }
    catch (err) {
        throw new Error('Failed to parse VSTS_SECRET_VARIABLES as JSON. ' + err); // may occur during interactive testing
    }
    names.forEach(function (name) {
        exports._knownVariableMap[_getVariableKey(name)] = { name: name, secret: true };
    });
    delete process.env['VSTS_SECRET_VARIABLES'];
    // avoid loading twice (overwrites .taskkey)
    global['_vsts_task_lib_loaded'] = true;
}
exports._loadData = _loadData;
//--------------------------------------------------------------------------------
// Internal path helpers.
//--------------------------------------------------------------------------------
/**
 * Defines if path is unc-path.
 *
 * @param path  a path to a file.
 * @returns     true if path starts with double backslash, otherwise returns false.
 */
function _isUncPath(path) {
    return /^\\\\[^\\]/.test(path);
}
exports._isUncPath = _isUncPath;
function _ensureRooted(root, p) {
    if (!root) {
        throw new Error('ensureRooted() parameter "root" cannot be empty');
    }
    if (!p) {
        throw new Error('ensureRooted() parameter "p" cannot be empty');
    }
    if (_isRooted(p)) {
        return p;
    }
    if (process.platform == 'win32' && root.match(/^[A-Z]:$/i)) { // e.g. C:
        return root + p;
    }
    // ensure root ends with a separator
    if (_endsWith(root, '/') || (process.platform == 'win32' && _endsWith(root, '\\'))) {
        // root already ends with a separator
    }
    else {
        root += path.sep; // append separator
    }
    return root + p;
}
exports._ensureRooted = _ensureRooted;
/**
 * Determines the parent path and trims trailing slashes (when safe). Path separators are normalized
 * in the result. This function works similar to the .NET System.IO.Path.GetDirectoryName() method.
 * For example, C:\hello\world\ returns C:\hello\world (trailing slash removed). Returns empty when
 * no higher directory can be determined.
 */
function _getDirectoryName(p) {
    // short-circuit if empty
    if (!p) {
        return '';
    }
    // normalize separators
    p = _normalizeSeparators(p);
    // on Windows, the goal of this function is to match the behavior of
    // [System.IO.Path]::GetDirectoryName(), e.g.
    //      C:/             =>
    //      C:/hello        => C:\
    //      C:/hello/       => C:\hello
    //      C:/hello/world  => C:\hello
    //      C:/hello/world/ => C:\hello\world
    //      C:              =>
    //      C:hello         => C:
    //      C:hello/        => C:hello
    //      /               =>
    //      /hello          => \
    //      /hello/         => \hello
    //      //hello         =>
    //      //hello/        =>
    //      //hello/world   =>
    //      //hello/world/  => \\hello\world
    //
    // unfortunately, path.dirname() can't simply be used. for example, on Windows
    // it yields different results from Path.GetDirectoryName:
    //      C:/             => C:/
    //      C:/hello        => C:/
    //      C:/hello/       => C:/
    //      C:/hello/world  => C:/hello
    //      C:/hello/world/ => C:/hello
    //      C:              => C:
    //      C:hello         => C:
    //      C:hello/        => C:
    //      /               => /
    //      /hello          => /
    //      /hello/         => /
    //      //hello         => /
    //      //hello/        => /
    //      //hello/world   => //hello/world
    //      //hello/world/  => //hello/world/
    //      //hello/world/again => //hello/world/
    //      //hello/world/again/ => //hello/world/
    //      //hello/world/again/again => //hello/world/again
    //      //hello/world/again/again/ => //hello/world/again
    if (process.platform == 'win32') {
        if (/^[A-Z]:\\?[^\\]+$/i.test(p)) { // e.g. C:\hello or C:hello
            return p.charAt(2) == '\\' ? p.substring(0, 3) : p.substring(0, 2);
        }
        else if (/^[A-Z]:\\?$/i.test(p)) { // e.g. C:\ or C:
            return '';
        }
        var lastSlashIndex = p.lastIndexOf('\\');
        if (lastSlashIndex < 0) { // file name only
            return '';
        }
        else if (p == '\\') { // relative root
            return '';
        }
        else if (lastSlashIndex == 0) { // e.g. \\hello
            return '\\';
        }
        else if (/^\\\\[^\\]+(\\[^\\]*)?$/.test(p)) { // UNC root, e.g. \\hello or \\hello\ or \\hello\world
            return '';
        }
        return p.substring(0, lastSlashIndex); // e.g. hello\world => hello or hello\world\ => hello\world
        // note, this means trailing slashes for non-root directories
        // (i.e. not C:\, \, or \\unc\) will simply be removed.
    }
    // OSX/Linux
    if (p.indexOf('/') < 0) { // file name only
        return '';
    }
    else if (p == '/') {
        return '';
    }
    else if (_endsWith(p, '/')) {
        return p.substring(0, p.length - 1);
    }
    return path.dirname(p);
}
exports._getDirectoryName = _getDirectoryName;
/**
 * On OSX/Linux, true if path starts with '/'. On Windows, true for paths like:
 * \, \hello, \\hello\share, C:, and C:\hello (and corresponding alternate separator cases).
 */
function _isRooted(p) {
    p = _normalizeSeparators(p);
    if (!p) {
        throw new Error('isRooted() parameter "p" cannot be empty');
    }
    if (process.platform == 'win32') {
        return _startsWith(p, '\\') || // e.g. \ or \hello or \\hello
            /^[A-Z]:/i.test(p); // e.g. C: or C:\hello
    }
    return _startsWith(p, '/'); // e.g. /hello
}
exports._isRooted = _isRooted;
function _normalizeSeparators(p) {
    p = p || '';
    if (process.platform == 'win32') {
        // convert slashes on Windows
        p = p.replace(/\//g, '\\');
        // remove redundant slashes
        var isUnc = /^\\\\+[^\\]/.test(p); // e.g. \\hello
        return (isUnc ? '\\' : '') + p.replace(/\\\\+/g, '\\'); // preserve leading // for UNC
    }
    // remove redundant slashes
    return p.replace(/\/\/+/g, '/');
}
exports._normalizeSeparators = _normalizeSeparators;
//-----------------------------------------------------
// Expose proxy information to vsts-node-api
//-----------------------------------------------------
function _exposeProxySettings() {
    var proxyUrl = _getVariable('Agent.ProxyUrl');
    if (proxyUrl && proxyUrl.length > 0) {
        var proxyUsername = _getVariable('Agent.ProxyUsername');
        var proxyPassword = _getVariable('Agent.ProxyPassword');
        var proxyBypassHostsJson = _getVariable('Agent.ProxyBypassList');
        global['_vsts_task_lib_proxy_url'] = proxyUrl;
        global['_vsts_task_lib_proxy_username'] = proxyUsername;
        global['_vsts_task_lib_proxy_bypass'] = proxyBypassHostsJson;
        global['_vsts_task_lib_proxy_password'] = _exposeTaskLibSecret('proxy', proxyPassword || '');
        _debug('expose agent proxy configuration.');
        global['_vsts_task_lib_proxy'] = true;
    }
}
exports._exposeProxySettings = _exposeProxySettings;
//-----------------------------------------------------
// Expose certificate information to vsts-node-api
//-----------------------------------------------------
function _exposeCertSettings() {
    var ca = _getVariable('Agent.CAInfo');
    if (ca) {
        global['_vsts_task_lib_cert_ca'] = ca;
    }
    var clientCert = _getVariable('Agent.ClientCert');
    if (clientCert) {
        var clientCertKey = _getVariable('Agent.ClientCertKey');
        var clientCertArchive = _getVariable('Agent.ClientCertArchive');
        var clientCertPassword = _getVariable('Agent.ClientCertPassword');
        global['_vsts_task_lib_cert_clientcert'] = clientCert;
        global['_vsts_task_lib_cert_key'] = clientCertKey;
        global['_vsts_task_lib_cert_archive'] = clientCertArchive;
        global['_vsts_task_lib_cert_passphrase'] = _exposeTaskLibSecret('cert', clientCertPassword || '');
    }
    if (ca || clientCert) {
        _debug('expose agent certificate configuration.');
        global['_vsts_task_lib_cert'] = true;
    }
    var skipCertValidation = _getVariable('Agent.SkipCertValidation') || 'false';
    if (skipCertValidation) {
        global['_vsts_task_lib_skip_cert_validation'] = skipCertValidation.toUpperCase() === 'TRUE';
    }
}
exports._exposeCertSettings = _exposeCertSettings;
// We store the encryption key on disk and hold the encrypted content and key file in memory
// return base64encoded<keyFilePath>:base64encoded<encryptedContent>
// downstream vsts-node-api will retrieve the secret later
function _exposeTaskLibSecret(keyFile, secret) {
    if (secret) {
        var encryptKey = crypto.randomBytes(32);
        var iv = crypto.randomBytes(16);
        var cipher = crypto.createCipheriv("aes-256-ctr", encryptKey, iv);
        var encryptedContent = cipher.update(secret, "utf8", "hex"); // CodeQL [SM01511] agent need to retrieve password later to connect to proxy server
        encryptedContent += cipher.final("hex");
        var storageFile = path.join(_getVariable('Agent.TempDirectory') || _getVariable("agent.workFolder") || process.cwd(), keyFile);
        var keyAndIv = encryptKey.toString('base64') + ':' + iv.toString('base64');
        fs.writeFileSync(storageFile, keyAndIv, { encoding: 'utf8' });
        return Buffer.from(storageFile).toString('base64') + ':' + Buffer.from(encryptedContent).toString('base64');
    }
}
function isSigPipeError(e) {
    var _a;
    if (!e || typeof e !== 'object') {
        return false;
    }
    return e.code === 'EPIPE' && ((_a = e.syscall) === null || _a === void 0 ? void 0 : _a.toUpperCase()) === 'WRITE';
}
exports.isSigPipeError = isSigPipeError;


/***/ }),

/***/ 137:
/***/ ((module) => {

// Copyright (c) Microsoft. All rights reserved.
// Licensed under the MIT license. See LICENSE file in the project root for full license information.

// Generated by make.js from lib.json and Strings/resources.resjson.
module.exports = {
  "messages": {
    "LIB_CopyDirectoryWithoutRecursiveOption": "cp: cannot copy a directory '%s' without the recursive option",
    "LIB_CopyFileFailed": "Error while copying the file. Attempts left: %s",
    "LIB_DirectoryStackEmpty": "Directory stack is empty",
    "LIB_EndpointAuthNotExist": "Endpoint auth data not present: %s",
    "LIB_EndpointDataNotExist": "Endpoint data parameter %s not present: %s",
    "LIB_EndpointNotExist": "Endpoint not present: %s",
    "LIB_FailOnCode": "Failure return code: %d",
    "LIB_InputRequired": "Input required: %s",
    "LIB_InvalidEndpointAuth": "Invalid endpoint auth: %s",
    "LIB_InvalidPattern": "Invalid pattern: '%s'",
    "LIB_InvalidSecureFilesInput": "Invalid secure file input: %s",
    "LIB_LocStringNotFound": "Can\\'t find loc string for key: %s",
    "LIB_MergeTestResultNotSupported": "Merging test results from multiple files to one test run is not supported on this version of build agent for OSX/Linux, each test result file will be published as a separate test run in VSO/TFS.",
    "LIB_MkdirFailed": "Unable to create directory '%s'. %s",
    "LIB_MkdirFailedFileExists": "Unable to create directory '%s'. Conflicting file exists: '%s'",
    "LIB_MkdirFailedInvalidDriveRoot": "Unable to create directory '%s'. Root directory does not exist: '%s'",
    "LIB_MkdirFailedInvalidShare": "Unable to create directory '%s'. Unable to verify the directory exists: '%s'. If directory is a file share, please verify the share name is correct, the share is online, and the current process has permission to access the share.",
    "LIB_MultilineSecret": "Secrets cannot contain multiple lines",
    "LIB_NotFoundPreviousDirectory": "Could not find previous directory",
    "LIB_OperationFailed": "Failed %s: %s",
    "LIB_ParameterIsRequired": "%s not supplied",
    "LIB_PathHasNullByte": "Path cannot contain null bytes",
    "LIB_PathIsNotADirectory": "Path is not a directory: %s",
    "LIB_PathNotFound": "Not found %s: %s",
    "LIB_PlatformNotSupported": "Platform not supported: %s",
    "LIB_ProcessError": "There was an error when attempting to execute the process '%s'. This may indicate the process failed to start. Error: %s",
    "LIB_ProcessExitCode": "The process '%s' failed with exit code %s",
    "LIB_ProcessStderr": "The process '%s' failed because one or more lines were written to the STDERR stream",
    "LIB_ResourceFileAlreadySet": "Resource file has already set to: %s",
    "LIB_ResourceFileNotExist": "Resource file doesn\\'t exist: %s",
    "LIB_ResourceFileNotSet": "Resource file haven\\'t set, can\\'t find loc string for key: %s",
    "LIB_ReturnCode": "Return code: %d",
    "LIB_StdioNotClosed": "The STDIO streams did not close within %s seconds of the exit event from process '%s'. This may indicate a child process inherited the STDIO streams and has not yet exited.",
    "LIB_UndefinedNodeVersion": "Node version is undefined.",
    "LIB_UnhandledEx": "Unhandled: %s",
    "LIB_UseFirstGlobMatch": "Multiple workspace matches. using first.",
    "LIB_WhichNotFound_Linux": "Unable to locate executable file: '%s'. Please verify either the file path exists or the file can be found within a directory specified by the PATH environment variable. Also check the file mode to verify the file is executable.",
    "LIB_WhichNotFound_Win": "Unable to locate executable file: '%s'. Please verify either the file path exists or the file can be found within a directory specified by the PATH environment variable. Also verify the file has a valid extension for an executable file."
  },
  "localizedMessages": {
    "de-DE": {
      "loc.messages.LIB_CopyFileFailed": "Fehler beim Kopieren der Datei. Verbleibende Versuche: %s",
      "loc.messages.LIB_DirectoryStackEmpty": "Der Verzeichnisstapel ist leer.",
      "loc.messages.LIB_EndpointAuthNotExist": "Die Endpunkt-Authentifizierungsdatensind nicht vorhanden: %s",
      "loc.messages.LIB_EndpointDataNotExist": "Der Endpunkt-Datenparameter %s ist nicht vorhanden: %s",
      "loc.messages.LIB_EndpointNotExist": "Der Endpunkt ist nicht vorhanden: %s",
      "loc.messages.LIB_FailOnCode": "Fehler beim Rückgabecode: %d",
      "loc.messages.LIB_InputRequired": "Eingabe erforderlich: %s",
      "loc.messages.LIB_InvalidEndpointAuth": "Ungültige Endpunktauthentifizierung: %s",
      "loc.messages.LIB_InvalidPattern": "Ungültiges Muster: \"%s\"",
      "loc.messages.LIB_InvalidSecureFilesInput": "Ungültige sichere Dateiausgabe: %s",
      "loc.messages.LIB_LocStringNotFound": "Die Lokalisierungszeichenfolge für den folgenden Schlüssel wurde nicht gefunden: %s",
      "loc.messages.LIB_MergeTestResultNotSupported": "Das Mergen von Testergebnissen aus mehreren Dateien in einen Testlauf wird von dieser Version des Build-Agents für OSX/Linux nicht unterstützt. Jede Testergebnisdatei wird als separater Testlauf in VSO/TFS veröffentlicht.",
      "loc.messages.LIB_MkdirFailed": "Das Verzeichnis \"%s\" kann nicht erstellt werden. %s",
      "loc.messages.LIB_MkdirFailedFileExists": "Das Verzeichnis \"%s\" kann nicht erstellt werden. Eine in Konflikt stehende Datei ist vorhanden: \"%s\"",
      "loc.messages.LIB_MkdirFailedInvalidDriveRoot": "Das Verzeichnis \"%s\" kann nicht erstellt werden. Das Stammverzeichnis ist nicht vorhanden: %s",
      "loc.messages.LIB_MkdirFailedInvalidShare": "Das Verzeichnis \"%s\" kann nicht erstellt werden. Es kann nicht überprüft werden, ob das Verzeichnis vorhanden ist: {%s}. Wenn das Verzeichnis eine Dateifreigabe ist, stellen Sie sicher, dass der Freigabename richtig, die Freigabe online und der aktuelle Prozess berechtigt ist, auf die Freigabe zuzugreifen.",
      "loc.messages.LIB_MultilineSecret": "Geheimnisse dürfen nicht mehrere Zeilen enthalten",
      "loc.messages.LIB_NotFoundPreviousDirectory": "Vorheriges Verzeichnis wurde nicht gefunden.",
      "loc.messages.LIB_OperationFailed": "Fehler %s: %s",
      "loc.messages.LIB_ParameterIsRequired": "\"%s\" wurde nicht angegeben.",
      "loc.messages.LIB_PathHasNullByte": "Der Pfad darf keine NULL-Bytes enthalten.",
      "loc.messages.LIB_PathIsNotADirectory": "Der Pfad ist kein Verzeichnis: %s",
      "loc.messages.LIB_PathNotFound": "Nicht gefunden %s: %s",
      "loc.messages.LIB_PlatformNotSupported": "Plattform wird nicht unterstützt: %s",
      "loc.messages.LIB_ProcessError": "Fehler beim Ausführen des Prozesses \"%s\". Möglicherweise konnte der Prozess nicht gestartet werden. Fehler: %s",
      "loc.messages.LIB_ProcessExitCode": "Fehler beim Prozess \"%s\" mit Exitcode %s.",
      "loc.messages.LIB_ProcessStderr": "Fehler beim Prozess \"%s\": Mindestens eine Zeile wurde in den STDERR-Datenstrom geschrieben.",
      "loc.messages.LIB_ResourceFileAlreadySet": "Die Ressourcendatei wurde bereits festgelegt auf: %s",
      "loc.messages.LIB_ResourceFileNotExist": "Die Ressourcendatei ist nicht vorhanden: %s",
      "loc.messages.LIB_ResourceFileNotSet": "Die Ressourcendatei wurde nicht festgelegt. Die Lokalisierungszeichenfolge für den folgenden Schlüssel wurde nicht gefunden: %s",
      "loc.messages.LIB_ReturnCode": "Rückgabecode: %d",
      "loc.messages.LIB_StdioNotClosed": "Die STDIO-Datenströme wurden nicht innerhalb von %s Sekunden nach dem Beendigungsereignis aus dem Prozess \"%s\" geschlossen. Möglicherweise hat ein untergeordneter Prozess die STDIO-Datenströme geerbt und wurde noch nicht beendet.",
      "loc.messages.LIB_UndefinedNodeVersion": "Die Knotenversion ist nicht definiert.",
      "loc.messages.LIB_UnhandledEx": "Ausnahmefehler: %s",
      "loc.messages.LIB_UseFirstGlobMatch": "Mehrere Arbeitsbereichübereinstimmungen. Die erste Übereinstimmung wird verwendet.",
      "loc.messages.LIB_WhichNotFound_Linux": "Ausführbare Datei nicht gefunden: '%s'. Prüfen Sie, ob der Dateipfad vorhanden ist oder sich die Datei in einem von der PATH-Umgebungsvariablen angegebenen Verzeichnis befindet. Prüfen Sie zudem den Dateimodus, um sicherzustellen, dass die Datei ausführbar ist.",
      "loc.messages.LIB_WhichNotFound_Win": "Ausführbare Datei nicht gefunden: \"%s\". Prüfen Sie, ob der Dateipfad vorhanden ist oder sich die Datei in einem von der PATH-Umgebungsvariablen angegebenen Verzeichnis befindet. Prüfen Sie zudem, ob die Datei eine gültige Erweiterung für eine ausführbare Datei aufweist."
    },
    "en-US": {
      "loc.messages.LIB_CopyDirectoryWithoutRecursiveOption": "cp: cannot copy a directory '%s' without the recursive option",
      "loc.messages.LIB_CopyFileFailed": "Error while copying the file. Attempts left: %s",
      "loc.messages.LIB_DirectoryStackEmpty": "Directory stack is empty",
      "loc.messages.LIB_EndpointAuthNotExist": "Endpoint auth data not present: %s",
      "loc.messages.LIB_EndpointDataNotExist": "Endpoint data parameter %s not present: %s",
      "loc.messages.LIB_EndpointNotExist": "Endpoint not present: %s",
      "loc.messages.LIB_FailOnCode": "Failure return code: %d",
      "loc.messages.LIB_InputRequired": "Input required: %s",
      "loc.messages.LIB_InvalidEndpointAuth": "Invalid endpoint auth: %s",
      "loc.messages.LIB_InvalidPattern": "Invalid pattern: '%s'",
      "loc.messages.LIB_InvalidSecureFilesInput": "Invalid secure file input: %s",
      "loc.messages.LIB_LocStringNotFound": "Can\\'t find loc string for key: %s",
      "loc.messages.LIB_MergeTestResultNotSupported": "Merging test results from multiple files to one test run is not supported on this version of build agent for OSX/Linux, each test result file will be published as a separate test run in VSO/TFS.",
      "loc.messages.LIB_MkdirFailed": "Unable to create directory '%s'. %s",
      "loc.messages.LIB_MkdirFailedFileExists": "Unable to create directory '%s'. Conflicting file exists: '%s'",
      "loc.messages.LIB_MkdirFailedInvalidDriveRoot": "Unable to create directory '%s'. Root directory does not exist: '%s'",
      "loc.messages.LIB_MkdirFailedInvalidShare": "Unable to create directory '%s'. Unable to verify the directory exists: '%s'. If directory is a file share, please verify the share name is correct, the share is online, and the current process has permission to access the share.",
      "loc.messages.LIB_MultilineSecret": "Secrets cannot contain multiple lines",
      "loc.messages.LIB_NotFoundPreviousDirectory": "Could not find previous directory",
      "loc.messages.LIB_OperationFailed": "Failed %s: %s",
      "loc.messages.LIB_ParameterIsRequired": "%s not supplied",
      "loc.messages.LIB_PathHasNullByte": "Path cannot contain null bytes",
      "loc.messages.LIB_PathIsNotADirectory": "Path is not a directory: %s",
      "loc.messages.LIB_PathNotFound": "Not found %s: %s",
      "loc.messages.LIB_PlatformNotSupported": "Platform not supported: %s",
      "loc.messages.LIB_ProcessError": "There was an error when attempting to execute the process '%s'. This may indicate the process failed to start. Error: %s",
      "loc.messages.LIB_ProcessExitCode": "The process '%s' failed with exit code %s",
      "loc.messages.LIB_ProcessStderr": "The process '%s' failed because one or more lines were written to the STDERR stream",
      "loc.messages.LIB_ResourceFileAlreadySet": "Resource file has already set to: %s",
      "loc.messages.LIB_ResourceFileNotExist": "Resource file doesn\\'t exist: %s",
      "loc.messages.LIB_ResourceFileNotSet": "Resource file haven\\'t set, can\\'t find loc string for key: %s",
      "loc.messages.LIB_ReturnCode": "Return code: %d",
      "loc.messages.LIB_StdioNotClosed": "The STDIO streams did not close within %s seconds of the exit event from process '%s'. This may indicate a child process inherited the STDIO streams and has not yet exited.",
      "loc.messages.LIB_UndefinedNodeVersion": "Node version is undefined.",
      "loc.messages.LIB_UnhandledEx": "Unhandled: %s",
      "loc.messages.LIB_UseFirstGlobMatch": "Multiple workspace matches. using first.",
      "loc.messages.LIB_WhichNotFound_Linux": "Unable to locate executable file: '%s'. Please verify either the file path exists or the file can be found within a directory specified by the PATH environment variable. Also check the file mode to verify the file is executable.",
      "loc.messages.LIB_WhichNotFound_Win": "Unable to locate executable file: '%s'. Please verify either the file path exists or the file can be found within a directory specified by the PATH environment variable. Also verify the file has a valid extension for an executable file."
    },
    "es-ES": {
      "loc.messages.LIB_CopyFileFailed": "Error al copiar el archivo. Intentos restantes: %s",
      "loc.messages.LIB_DirectoryStackEmpty": "La pila de directorios está vacía",
      "loc.messages.LIB_EndpointAuthNotExist": "Los datos de autenticación del punto de conexión no existen: %s.",
      "loc.messages.LIB_EndpointDataNotExist": "El parámetro %s de datos del punto de conexión no existe: %s.",
      "loc.messages.LIB_EndpointNotExist": "No hay punto de conexión: %s",
      "loc.messages.LIB_FailOnCode": "Código de retorno de error: %d",
      "loc.messages.LIB_InputRequired": "Entrada requerida: %s",
      "loc.messages.LIB_InvalidEndpointAuth": "Autenticación de punto de conexión no válida: %s",
      "loc.messages.LIB_InvalidPattern": "Patrón no válido: '%s'",
      "loc.messages.LIB_InvalidSecureFilesInput": "Entrada de archivo seguro no válida: %s",
      "loc.messages.LIB_LocStringNotFound": "No se encuentra la cadena localizada para la clave: %s",
      "loc.messages.LIB_MergeTestResultNotSupported": "Esta versión del agente de compilación para OSX/Linux no admite la fusión mediante combinación de resultados de pruebas de varios archivos en una serie de pruebas. Cada archivo de resultados de pruebas se publicará como una serie de pruebas diferente en VSO/TFS.",
      "loc.messages.LIB_MkdirFailed": "No se puede crear el directorio '%s'. %s",
      "loc.messages.LIB_MkdirFailedFileExists": "No se puede crear el directorio '%s'. Hay un conflicto entre archivos: '%s'",
      "loc.messages.LIB_MkdirFailedInvalidDriveRoot": "No se puede crear el directorio '%s'. El directorio raíz no existe: '%s'",
      "loc.messages.LIB_MkdirFailedInvalidShare": "No se puede crear el directorio '%s'. No se puede comprobar si el directorio existe: '%s'. Si el directorio es un recurso compartido de archivos, compruebe que el nombre es correcto, que está en línea y que el proceso actual tiene permiso de acceso a este.",
      "loc.messages.LIB_MultilineSecret": "Los secretos no pueden contener varias líneas.",
      "loc.messages.LIB_NotFoundPreviousDirectory": "No se ha encontrado el directorio anterior",
      "loc.messages.LIB_OperationFailed": "Error de %s: %s",
      "loc.messages.LIB_ParameterIsRequired": "No se ha proporcionado %s",
      "loc.messages.LIB_PathHasNullByte": "La ruta de acceso no puede tener bytes nulos",
      "loc.messages.LIB_PathIsNotADirectory": "La ruta de acceso no es un directorio: %s",
      "loc.messages.LIB_PathNotFound": "No se encuentra %s: %s",
      "loc.messages.LIB_PlatformNotSupported": "No se admite la plataforma: %s",
      "loc.messages.LIB_ProcessError": "Error al intentar ejecutar el proceso \"%s\". Esto puede indicar que no se pudo iniciar el proceso. Error: %s",
      "loc.messages.LIB_ProcessExitCode": "Error del proceso \"%s\" con el código de salida %s",
      "loc.messages.LIB_ProcessStderr": "Error del proceso \"%s\" porque se escribieron una o varias líneas en la secuencia STDERR",
      "loc.messages.LIB_ResourceFileAlreadySet": "El archivo de recursos se ha establecido ya en: %s",
      "loc.messages.LIB_ResourceFileNotExist": "El archivo de recursos no existe: %s",
      "loc.messages.LIB_ResourceFileNotSet": "No se ha establecido el archivo de recursos. No se encuentra la cadena localizada para la clave: %s",
      "loc.messages.LIB_ReturnCode": "Código de retorno: %d",
      "loc.messages.LIB_StdioNotClosed": "Las secuencias STDIO no se cerraron en un plazo de %s segundos desde el evento de salida del proceso \"%s\". Esto puede indicar que un proceso secundario ha heredado las secuencias STDIO y aún no se ha cerrado.",
      "loc.messages.LIB_UndefinedNodeVersion": "La versión del nodo no está definida.",
      "loc.messages.LIB_UnhandledEx": "No controlada: %s",
      "loc.messages.LIB_UseFirstGlobMatch": "Hay varias coincidencias en el área de trabajo. Se usará la primera.",
      "loc.messages.LIB_WhichNotFound_Linux": "No se puede encontrar el archivo ejecutable: \"%s\". Compruebe que la ruta de acceso del archivo existe o que el archivo se puede encontrar en un directorio especificado en la variable de entorno PATH. Revise también el modo de archivo para comprobar que el archivo es ejecutable.",
      "loc.messages.LIB_WhichNotFound_Win": "No se puede encontrar el archivo ejecutable: \"%s\". Compruebe que la ruta de acceso del archivo existe o que el archivo se puede encontrar en un directorio especificado en la variable de entorno PATH. Revise también que el archivo tenga una extensión válida para un archivo ejecutable."
    },
    "fr-FR": {
      "loc.messages.LIB_CopyFileFailed": "Erreur durant la copie du fichier. Tentatives restantes : %s",
      "loc.messages.LIB_DirectoryStackEmpty": "La pile de répertoires est vide",
      "loc.messages.LIB_EndpointAuthNotExist": "Données d'authentification du point de terminaison absentes : %s",
      "loc.messages.LIB_EndpointDataNotExist": "Paramètre de données du point de terminaison %s absent : %s",
      "loc.messages.LIB_EndpointNotExist": "Point de terminaison absent : %s",
      "loc.messages.LIB_FailOnCode": "Code de retour de l'échec : %d",
      "loc.messages.LIB_InputRequired": "Entrée nécessaire : %s",
      "loc.messages.LIB_InvalidEndpointAuth": "Authentification du point de terminaison non valide : %s",
      "loc.messages.LIB_InvalidPattern": "Modèle non valide : '%s'",
      "loc.messages.LIB_InvalidSecureFilesInput": "Entrée de fichier sécurisé non valide : %s",
      "loc.messages.LIB_LocStringNotFound": "Chaîne localisée introuvable pour la clé : %s",
      "loc.messages.LIB_MergeTestResultNotSupported": "La fusion des résultats des tests de plusieurs fichiers en une seule série de tests n'est pas prise en charge dans cette version de l'agent de build pour OSX/Linux. Chaque fichier de résultats des tests est publié en tant que série de tests distincte dans VSO/TFS.",
      "loc.messages.LIB_MkdirFailed": "Impossible de créer le répertoire '%s'. %s",
      "loc.messages.LIB_MkdirFailedFileExists": "Impossible de créer le répertoire '%s'. Présence d'un fichier en conflit : '%s'",
      "loc.messages.LIB_MkdirFailedInvalidDriveRoot": "Impossible de créer le répertoire '%s'. Le répertoire racine n'existe pas : '%s'",
      "loc.messages.LIB_MkdirFailedInvalidShare": "Impossible de créer le répertoire '%s'. Impossible de vérifier l'existence du répertoire : '%s'. Si le répertoire est un partage de fichiers, vérifiez que le nom du partage est correct, que le partage est en ligne, et que le processus actuel est autorisé à accéder au partage.",
      "loc.messages.LIB_MultilineSecret": "Les secrets ne peuvent pas contenir plusieurs lignes",
      "loc.messages.LIB_NotFoundPreviousDirectory": "Désolé, nous n’avons pas pu trouver le répertoire précédent",
      "loc.messages.LIB_OperationFailed": "Échec de %s : %s",
      "loc.messages.LIB_ParameterIsRequired": "%s non fourni",
      "loc.messages.LIB_PathHasNullByte": "Le chemin ne peut pas contenir d'octets de valeur Null",
      "loc.messages.LIB_PathIsNotADirectory": "Le chemin d’accès n’est pas un répertoire : %s",
      "loc.messages.LIB_PathNotFound": "%s : %s introuvable",
      "loc.messages.LIB_PlatformNotSupported": "Plateforme non prise en charge : %s",
      "loc.messages.LIB_ProcessError": "Erreur durant la tentative d'exécution du processus '%s'. Cela peut indiquer que le processus n'a pas réussi à démarrer. Erreur : %s",
      "loc.messages.LIB_ProcessExitCode": "Échec du processus '%s'. Code de sortie : %s",
      "loc.messages.LIB_ProcessStderr": "Échec du processus '%s', car une ou plusieurs lignes ont été écrites dans le flux STDERR",
      "loc.messages.LIB_ResourceFileAlreadySet": "Le fichier de ressources est déjà défini : %s",
      "loc.messages.LIB_ResourceFileNotExist": "Le fichier de ressources n'existe pas : %s",
      "loc.messages.LIB_ResourceFileNotSet": "Le fichier de ressources n'est pas défini. La chaîne localisée de la clé est introuvable : %s",
      "loc.messages.LIB_ReturnCode": "Code de retour : %d",
      "loc.messages.LIB_StdioNotClosed": "Les flux STDIO ne se sont pas fermés dans les %s secondes qui ont suivi l'événement exit du processus '%s'. Cela peut indiquer qu'un processus enfant a hérité des flux STDIO et qu'il n'est pas encore sorti.",
      "loc.messages.LIB_UndefinedNodeVersion": "La version du nœud n’est pas définie.",
      "loc.messages.LIB_UnhandledEx": "Non géré : %s",
      "loc.messages.LIB_UseFirstGlobMatch": "Plusieurs espaces de travail correspondants. Utilisation du premier d'entre eux.",
      "loc.messages.LIB_WhichNotFound_Linux": "Impossible de localiser le fichier exécutable : '%s'. Vérifiez si le chemin du fichier existe ou si le fichier peut se trouver dans un répertoire spécifié par la variable d'environnement PATH. Vérifiez également le Mode de Fichier pour déterminer si le fichier est exécutable.",
      "loc.messages.LIB_WhichNotFound_Win": "Impossible de localiser le fichier exécutable : '%s'. Vérifiez si le chemin du fichier existe ou si le fichier peut se trouver dans un répertoire spécifié par la variable d'environnement PATH. Vérifiez également si le fichier a une extension de fichier exécutable valide."
    },
    "it-IT": {
      "loc.messages.LIB_CopyFileFailed": "Si è verificato un errore durante la copia del file. Tentativi rimasti: %s",
      "loc.messages.LIB_DirectoryStackEmpty": "Lo stack della directory è vuoto",
      "loc.messages.LIB_EndpointAuthNotExist": "I dati di autenticazione endpoint non sono presenti: %s",
      "loc.messages.LIB_EndpointDataNotExist": "Il parametro %s dei dati dell'endpoint non è presente: %s",
      "loc.messages.LIB_EndpointNotExist": "Endpoint non presente: %s",
      "loc.messages.LIB_FailOnCode": "Codice restituito dell'errore: %d",
      "loc.messages.LIB_InputRequired": "Input richiesto: %s",
      "loc.messages.LIB_InvalidEndpointAuth": "Autenticazione endpoint non valida: %s",
      "loc.messages.LIB_InvalidPattern": "Criterio non valido: '%s'",
      "loc.messages.LIB_InvalidSecureFilesInput": "L'input del file protetto non è valido: %s",
      "loc.messages.LIB_LocStringNotFound": "La stringa localizzata per la chiave %s non è stata trovata",
      "loc.messages.LIB_MergeTestResultNotSupported": "L'unione di più file risultanti da un'unica esecuzione dei test non è supportata in questa versione dell'agente di compilazione per OS X/Linux. Ogni file dei risultati del test verrà pubblicato come esecuzione dei test separata in VSO/TFS.",
      "loc.messages.LIB_MkdirFailed": "Non è possibile creare la directory '%s'. %s",
      "loc.messages.LIB_MkdirFailedFileExists": "Non è possibile creare la directory '%s'. Esiste un file in conflitto: '%s'",
      "loc.messages.LIB_MkdirFailedInvalidDriveRoot": "Non è possibile creare la directory '%s'. La directory radice non esiste: '%s'",
      "loc.messages.LIB_MkdirFailedInvalidShare": "Non è possibile creare la directory '%s' perché non è possibile verificarne l'esistenza: '%s'. Se la directory è una condivisione file, verificare che il nome della condivisione sia corretto, che la condivisione sia online e che il processo corrente sia autorizzato ad accedervi.",
      "loc.messages.LIB_MultilineSecret": "I segreti non possono contenere più righe",
      "loc.messages.LIB_NotFoundPreviousDirectory": "Non è stato possibile trovare la directory precedente",
      "loc.messages.LIB_OperationFailed": "Operazione %s non riuscita: %s",
      "loc.messages.LIB_ParameterIsRequired": "Parametro %s non fornito",
      "loc.messages.LIB_PathHasNullByte": "Il percorso non può contenere byte Null",
      "loc.messages.LIB_PathIsNotADirectory": "Il percorso non è una directory: %s",
      "loc.messages.LIB_PathNotFound": "Percorso %s non trovato: %s",
      "loc.messages.LIB_PlatformNotSupported": "Piattaforma non supportata: %s",
      "loc.messages.LIB_ProcessError": "Si è verificato un errore durante il tentativo di eseguire il processo '%s'. Questo errore può indicare che non è stato possibile avviare il processo. Errore: %s",
      "loc.messages.LIB_ProcessExitCode": "Il processo '%s' non è riuscito. Codice di uscita: %s",
      "loc.messages.LIB_ProcessStderr": "Il processo '%s' non è riuscito perché una o più righe sono state scritte nel flusso STDERR",
      "loc.messages.LIB_ResourceFileAlreadySet": "Il file di risorse è già stato impostato su %s",
      "loc.messages.LIB_ResourceFileNotExist": "Il file di risorse non esiste: %s",
      "loc.messages.LIB_ResourceFileNotSet": "Il file di risorse non è stato impostato. La stringa localizzata per la chiave %s non è stata trovata",
      "loc.messages.LIB_ReturnCode": "Codice restituito: %d",
      "loc.messages.LIB_StdioNotClosed": "I flussi STDIO non si sono chiusi entro %s secondi dall'evento di uscita dal processo '%s'. Questa condizione può indicare che un processo figlio ha ereditato i flussi STDIO e non è ancora stato terminato.",
      "loc.messages.LIB_UndefinedNodeVersion": "La versione del nodo non è definita.",
      "loc.messages.LIB_UnhandledEx": "Eccezione non gestita: %s",
      "loc.messages.LIB_UseFirstGlobMatch": "Sono presenti più corrispondenze dell'area di lavoro. Verrà usata la prima.",
      "loc.messages.LIB_WhichNotFound_Linux": "Il file eseguibile '%s' non è stato trovato. Verificare se il percorso di file esiste o il file è presente in una directory specificata dalla variabile di ambiente PATH. Controllare anche la modalità file per verificare che il file sia eseguibile.",
      "loc.messages.LIB_WhichNotFound_Win": "Il file eseguibile '%s' non è stato trovato. Verificare se il percorso di file esiste o il file è presente in una directory specificata dalla variabile di ambiente PATH. Controllare anche che l'estensione sia valida per un file eseguibile."
    },
    "ja-JP": {
      "loc.messages.LIB_CopyFileFailed": "ファイルのコピー中にエラーが発生しました。残りの試行回数: %s",
      "loc.messages.LIB_DirectoryStackEmpty": "ディレクトリ スタックが空です",
      "loc.messages.LIB_EndpointAuthNotExist": "エンドポイントの認証データがありません: %s",
      "loc.messages.LIB_EndpointDataNotExist": "エンドポイントのデータ パラメーター %s がありません: %s",
      "loc.messages.LIB_EndpointNotExist": "エンドポイントが存在しません: %s",
      "loc.messages.LIB_FailOnCode": "失敗のリターン コード: %d",
      "loc.messages.LIB_InputRequired": "入力が必要です: %s",
      "loc.messages.LIB_InvalidEndpointAuth": "エンドポイントの認証が無効です: %s",
      "loc.messages.LIB_InvalidPattern": "無効なパターン: '%s'",
      "loc.messages.LIB_InvalidSecureFilesInput": "無効なセキュア ファイル入力: %s",
      "loc.messages.LIB_LocStringNotFound": "キーの loc 文字列が見つかりません: %s",
      "loc.messages.LIB_MergeTestResultNotSupported": "複数のファイルからのテスト結果を 1 つのテスト実行にマージする処理は、OSX/Linux 用のビルド エージェントのこのバージョンではサポートされていません。各テスト結果ファイルが VSO/TFS で別個のテスト実行として発行されます。",
      "loc.messages.LIB_MkdirFailed": "ディレクトリ '%s' を作成できません。%s",
      "loc.messages.LIB_MkdirFailedFileExists": "ディレクトリ '%s' を作成できません。競合するファイルが存在します: '%s'",
      "loc.messages.LIB_MkdirFailedInvalidDriveRoot": "ディレクトリ '%s' を作成できません。ルート ディレクトリが存在しません: '%s'",
      "loc.messages.LIB_MkdirFailedInvalidShare": "ディレクトリ '%s' を作成できません。ディレクトリが存在することを確認できません: '%s'。ディレクトリがファイル共有である場合、その共有名が正しいこと、その共有がオンラインであること、そして現在のプロセスにその共有へのアクセス許可があることをご確認ください。",
      "loc.messages.LIB_MultilineSecret": "シークレットに複数の行を含めることはできません",
      "loc.messages.LIB_NotFoundPreviousDirectory": "前のディレクトリが見つかりませんでした",
      "loc.messages.LIB_OperationFailed": "失敗しました %s: %s",
      "loc.messages.LIB_ParameterIsRequired": "%s が提供されていません",
      "loc.messages.LIB_PathHasNullByte": "パスに null バイトを含めることはできません",
      "loc.messages.LIB_PathIsNotADirectory": "パスがディレクトリではありません: %s",
      "loc.messages.LIB_PathNotFound": "見つかりませんでした %s: %s",
      "loc.messages.LIB_PlatformNotSupported": "プラットフォームがサポートされていません: %s",
      "loc.messages.LIB_ProcessError": "プロセス '%s' を実行しようとしているときにエラーが発生しました。プロセスの開始に失敗したおそれがあります。エラー: %s",
      "loc.messages.LIB_ProcessExitCode": "プロセス '%s' が終了コード %s で失敗しました",
      "loc.messages.LIB_ProcessStderr": "1 つ以上の行が STDERR ストリームに書き込まれたため、プロセス '%s' が失敗しました",
      "loc.messages.LIB_ResourceFileAlreadySet": "リソース ファイルは既に %s に設定されています",
      "loc.messages.LIB_ResourceFileNotExist": "リソース ファイルが存在しません: %s",
      "loc.messages.LIB_ResourceFileNotSet": "リソース ファイルが設定されておらず、キーの loc 文字列が見つかりません: %s",
      "loc.messages.LIB_ReturnCode": "リターン コード: %d",
      "loc.messages.LIB_StdioNotClosed": "STDIO ストリームが、プロセス '%s' の終了イベントから %s 秒以内に終了しませんでした。これは、子プロセスが STDIO ストリームを継承し、まだ終了していないことを示している可能性があります。",
      "loc.messages.LIB_UndefinedNodeVersion": "ノードのバージョンが定義されていません。",
      "loc.messages.LIB_UnhandledEx": "未処理: %s",
      "loc.messages.LIB_UseFirstGlobMatch": "複数のワークスペースが一致します。最初のワークスペースが使用されます。",
      "loc.messages.LIB_WhichNotFound_Linux": "実行可能ファイルが見つかりません: '%s'。ファイル パスが存在すること、またはそのファイルが PATH 環境変数で指定されたディレクトリ内にあることをご確認ください。ファイルが実行可能かどうかについてファイル モードもご確認ください。",
      "loc.messages.LIB_WhichNotFound_Win": "実行可能ファイルが見つかりません: '%s'。ファイル パスが存在すること、またはそのファイルが PATH 環境変数で指定されたディレクトリ内にあることをご確認ください。そのファイルに実行可能ファイルの有効な拡張子がついていることもご確認ください。"
    },
    "ko-KR": {
      "loc.messages.LIB_CopyFileFailed": "파일을 복사하는 동안 오류가 발생했습니다. 남은 시도 횟수: %s",
      "loc.messages.LIB_DirectoryStackEmpty": "디렉터리 스택이 비어 있습니다.",
      "loc.messages.LIB_EndpointAuthNotExist": "엔드포인트 인증 데이터가 없음: %s",
      "loc.messages.LIB_EndpointDataNotExist": "엔드포인트 데이터 매개 변수 %s이(가) 없음: %s",
      "loc.messages.LIB_EndpointNotExist": "엔드포인트가 없음: %s",
      "loc.messages.LIB_FailOnCode": "실패 반환 코드: %d",
      "loc.messages.LIB_InputRequired": "입력 필요: %s",
      "loc.messages.LIB_InvalidEndpointAuth": "잘못된 엔드포인트 인증: %s",
      "loc.messages.LIB_InvalidPattern": "잘못된 패턴: '%s'",
      "loc.messages.LIB_InvalidSecureFilesInput": "보안 파일 입력이 잘못됨: %s",
      "loc.messages.LIB_LocStringNotFound": "키에 대한 loc 문자열을 찾을 수 없음: %s",
      "loc.messages.LIB_MergeTestResultNotSupported": "이 OSX/Linux용 빌드 에이전트 버전에서 여러 파일의 테스트 결과를 하나의 테스트 실행으로 병합하는 것을 지원하지 않습니다. 각 테스트 결과 파일은 VSO/TFS에서 별도의 테스트 실행으로 게시됩니다.",
      "loc.messages.LIB_MkdirFailed": "'%s' 디렉터리를 만들 수 없습니다. %s",
      "loc.messages.LIB_MkdirFailedFileExists": "'%s' 디렉터리를 만들 수 없습니다. 충돌하는 파일 '%s'이(가) 있습니다.",
      "loc.messages.LIB_MkdirFailedInvalidDriveRoot": "'%s' 디렉터리를 만들 수 없습니다. 루트 디렉터리 '%s'이(가) 없습니다.",
      "loc.messages.LIB_MkdirFailedInvalidShare": "'%s' 디렉터리를 만들 수 없습니다. '%s' 디렉터리가 있는지 확인할 수 없습니다. 디렉터리가 파일 공유인 경우 공유 이름이 올바르고, 공유가 온라인 상태이며, 현재 프로세스에 공유에 액세스할 수 있는 권한이 있는지 확인하세요.",
      "loc.messages.LIB_MultilineSecret": "비밀에 여러 줄을 사용할 수 없습니다.",
      "loc.messages.LIB_NotFoundPreviousDirectory": "이전 디렉터리를 찾을 수 없습니다.",
      "loc.messages.LIB_OperationFailed": "%s 실패: %s",
      "loc.messages.LIB_ParameterIsRequired": "%s이(가) 제공되지 않음",
      "loc.messages.LIB_PathHasNullByte": "경로에 null 바이트를 포함할 수 없음",
      "loc.messages.LIB_PathIsNotADirectory": "경로가 디렉터리가 아닙니다. %s",
      "loc.messages.LIB_PathNotFound": "%s을(를) 찾을 수 없음: %s",
      "loc.messages.LIB_PlatformNotSupported": "지원되지 않는 플랫폼: %s",
      "loc.messages.LIB_ProcessError": "'%s' 프로세스를 실행할 때 오류가 발생했습니다. 이는 프로세스를 시작하지 못했음을 나타낼 수 있습니다. 오류: %s",
      "loc.messages.LIB_ProcessExitCode": "'%s' 프로세스가 실패함(종료 코드 %s)",
      "loc.messages.LIB_ProcessStderr": "하나 이상의 줄이 STDERR 스트림에 쓰였으므로 '%s' 프로세스가 실패함",
      "loc.messages.LIB_ResourceFileAlreadySet": "리소스 파일이 이미 다음으로 설정됨: %s",
      "loc.messages.LIB_ResourceFileNotExist": "리소스 파일이 없음: %s",
      "loc.messages.LIB_ResourceFileNotSet": "리소스 파일이 설정되지 않았고 키에 대한 loc 문자열을 찾을 수 없음: %s",
      "loc.messages.LIB_ReturnCode": "반환 코드: %d",
      "loc.messages.LIB_StdioNotClosed": "STDIO 스트림이 %s초 이내('%s' 프로세스의 종료 이벤트 후)에 닫히지 않았습니다. 이는 자식 프로세스가 STDIO 스트림을 상속했으며 아직 종료되지 않았음을 나타낼 수 있습니다.",
      "loc.messages.LIB_UndefinedNodeVersion": "노드 버전이 정의되지 않았습니다.",
      "loc.messages.LIB_UnhandledEx": "처리되지 않음: %s",
      "loc.messages.LIB_UseFirstGlobMatch": "여러 작업 영역이 일치합니다. 첫 번째 작업 영역을 사용하세요.",
      "loc.messages.LIB_WhichNotFound_Linux": "실행 파일 '%s'을(를) 찾을 수 없습니다. 파일 경로가 있는지 또는 PATH 환경 변수에서 지정한 디렉터리 내에서 파일을 찾을 수 있는지 확인하세요. 또한 파일 모드를 확인하여 파일을 실행할 수 있는지 확인하세요.",
      "loc.messages.LIB_WhichNotFound_Win": "실행 파일 '%s'을(를) 찾을 수 없습니다. 파일 경로가 있는지 또는 PATH 환경 변수에서 지정한 디렉터리 내에서 파일을 찾을 수 있는지 확인하세요. 또한 파일이 실행 파일에 대해 올바른 확장명을 가지고 있는지 확인하세요."
    },
    "ru-RU": {
      "loc.messages.LIB_CopyFileFailed": "Ошибка при копировании файла. Оставшееся число попыток: %s.",
      "loc.messages.LIB_DirectoryStackEmpty": "Стек каталога пуст",
      "loc.messages.LIB_EndpointAuthNotExist": "Отсутствуют данные для проверки подлинности конечной точки: %s",
      "loc.messages.LIB_EndpointDataNotExist": "Отсутствует параметр %s данных конечной точки: %s",
      "loc.messages.LIB_EndpointNotExist": "Конечная точка отсутствует: %s.",
      "loc.messages.LIB_FailOnCode": "Код возврата при сбое: %d.",
      "loc.messages.LIB_InputRequired": "Требуется ввести данные: %s.",
      "loc.messages.LIB_InvalidEndpointAuth": "Недопустимая проверка подлинности конечной точки: %s.",
      "loc.messages.LIB_InvalidPattern": "Недопустимый шаблон: \"%s\"",
      "loc.messages.LIB_InvalidSecureFilesInput": "Недопустимые входные данные защитного файла: %s",
      "loc.messages.LIB_LocStringNotFound": "Не удается найти локализованную строку для ключа: %s.",
      "loc.messages.LIB_MergeTestResultNotSupported": "Объединение результатов тестов из нескольких файлов в один тестовый запуск не поддерживается в этой версии агента сборки для OSX/Linux. Каждый файл результатов теста будет опубликован в качестве отдельного тестового запуска в VSO/TFS.",
      "loc.messages.LIB_MkdirFailed": "Не удается создать каталог \"%s\". %s",
      "loc.messages.LIB_MkdirFailedFileExists": "Не удается создать каталог \"%s\". Существует конфликтующий файл: \"%s\"",
      "loc.messages.LIB_MkdirFailedInvalidDriveRoot": "Не удалось создать каталог \"%s\". Корневой каталог не существует: \"%s\"",
      "loc.messages.LIB_MkdirFailedInvalidShare": "Не удалось создать каталог \"%s\". Не удалось проверить, существует ли каталог \"%s\". Если каталог является файловым ресурсом, убедитесь, что имя ресурса указано правильно, он работает и текущий процесс имеет разрешение на доступ к нему.",
      "loc.messages.LIB_MultilineSecret": "Секрет не может быть многострочным",
      "loc.messages.LIB_NotFoundPreviousDirectory": "Не удалось найти предыдущий каталог",
      "loc.messages.LIB_OperationFailed": "Сбой %s: %s.",
      "loc.messages.LIB_ParameterIsRequired": "Не указан %s.",
      "loc.messages.LIB_PathHasNullByte": "Путь не может содержать пустые байты.",
      "loc.messages.LIB_PathIsNotADirectory": "Путь не является каталогом: %s",
      "loc.messages.LIB_PathNotFound": "Не найден %s: %s.",
      "loc.messages.LIB_PlatformNotSupported": "Платформа не поддерживается: %s",
      "loc.messages.LIB_ProcessError": "Произошла ошибка при попытке выполнить процесс \"%s\". Это может означать, что процесс не удалось запустить. Ошибка: %s",
      "loc.messages.LIB_ProcessExitCode": "Произошел сбой процесса \"%s\" с кодом выхода %s.",
      "loc.messages.LIB_ProcessStderr": "Произошел сбой процесса \"%s\", так как одна или несколько строк были записаны в поток STDERR.",
      "loc.messages.LIB_ResourceFileAlreadySet": "Файл ресурсов уже задан: %s.",
      "loc.messages.LIB_ResourceFileNotExist": "Файл ресурсов не существует: %s.",
      "loc.messages.LIB_ResourceFileNotSet": "Файл ресурсов не задан, не удается найти локализованную строку для ключа: %s.",
      "loc.messages.LIB_ReturnCode": "Код возврата: %d",
      "loc.messages.LIB_StdioNotClosed": "Потоки STDIO не были закрыты в течение %s с после получения события выхода от процесса \"%s\". Это может свидетельствовать о том, что дочерний процесс унаследовал потоки STDIO и еще не завершил работу.",
      "loc.messages.LIB_UndefinedNodeVersion": "Версия узла не определена.",
      "loc.messages.LIB_UnhandledEx": "Не обработано: %s",
      "loc.messages.LIB_UseFirstGlobMatch": "Несколько рабочих областей совпадает, использована первая рабочая область.",
      "loc.messages.LIB_WhichNotFound_Linux": "Не удалось найти исполняемый файл: \"%s\". Убедитесь, что путь к файлу существует и файл можно найти в каталоге, указанном переменной окружения PATH. Также проверьте режим файла, чтобы убедиться, что файл является исполняемым.",
      "loc.messages.LIB_WhichNotFound_Win": "Не удалось найти исполняемый файл: \"%s\". Убедитесь, что путь к файлу существует и что файл можно найти в каталоге, указанном переменной окружения PATH. Также убедитесь, что у файла есть допустимое расширение для исполняемого файла."
    },
    "zh-CN": {
      "loc.messages.LIB_CopyFileFailed": "复制文件时出错。剩余尝试次数: %s",
      "loc.messages.LIB_DirectoryStackEmpty": "目录堆栈为空",
      "loc.messages.LIB_EndpointAuthNotExist": "终结点授权数据不存在: %s",
      "loc.messages.LIB_EndpointDataNotExist": "终结点数据参数 %s 不存在: %s",
      "loc.messages.LIB_EndpointNotExist": "终结点不存在: %s",
      "loc.messages.LIB_FailOnCode": "故障返回代码: %d",
      "loc.messages.LIB_InputRequired": "输入必需项: %s",
      "loc.messages.LIB_InvalidEndpointAuth": "终结点验证无效: %s",
      "loc.messages.LIB_InvalidPattern": "无效的模式: \"%s\"",
      "loc.messages.LIB_InvalidSecureFilesInput": "无效的安全文件输入: %s",
      "loc.messages.LIB_LocStringNotFound": "无法找到关键字的本地字符串: %s",
      "loc.messages.LIB_MergeTestResultNotSupported": "此版本的 OSX/Linux 生成代理不支持来自某个测试运行的多文件合并测试结果，在 VSO/TFS 中，每个测试结果文件都将作为单独的测试运行进行发布。",
      "loc.messages.LIB_MkdirFailed": "无法创建目录“%s”。%s",
      "loc.messages.LIB_MkdirFailedFileExists": "无法创建目录“%s”。存在冲突文件:“%s”",
      "loc.messages.LIB_MkdirFailedInvalidDriveRoot": "无法创建目录“%s”。根目录不存在:“%s”",
      "loc.messages.LIB_MkdirFailedInvalidShare": "无法创建目录“%s”。无法验证“%s”目录是否存在。如果目录是文件共享，请验证共享名称是否正确、共享是否已联机以及当前进程是否有权访问该共享。",
      "loc.messages.LIB_MultilineSecret": "密码不能包含多个行",
      "loc.messages.LIB_NotFoundPreviousDirectory": "找不到以前的目录",
      "loc.messages.LIB_OperationFailed": "%s 失败: %s",
      "loc.messages.LIB_ParameterIsRequired": "未提供 %s",
      "loc.messages.LIB_PathHasNullByte": "路径不能包含 null 字节",
      "loc.messages.LIB_PathIsNotADirectory": "路径不是目录： %s",
      "loc.messages.LIB_PathNotFound": "找不到 %s: %s",
      "loc.messages.LIB_PlatformNotSupported": "平台不受支持: %s",
      "loc.messages.LIB_ProcessError": "尝试执行进程“%s”时出错。这可能表示进程启动失败。错误: %s",
      "loc.messages.LIB_ProcessExitCode": "进程“%s”失败，退出代码为 %s",
      "loc.messages.LIB_ProcessStderr": "进程“%s”失败，因为已将一行或多行写入 STDERR 流",
      "loc.messages.LIB_ResourceFileAlreadySet": "资源文件已被设置为 %s",
      "loc.messages.LIB_ResourceFileNotExist": "资源文件不存在: %s",
      "loc.messages.LIB_ResourceFileNotSet": "资源文件尚未设置，无法找到关键字的本地字符串: %s",
      "loc.messages.LIB_ReturnCode": "返回代码: %d",
      "loc.messages.LIB_StdioNotClosed": "STDIO 流在进程“%s”中发生退出事件 %s 秒内未关闭 。这可能表示子进程继承了 STDIO 流且尚未退出。",
      "loc.messages.LIB_UndefinedNodeVersion": "节点版本未定义。",
      "loc.messages.LIB_UnhandledEx": "未处理: %s",
      "loc.messages.LIB_UseFirstGlobMatch": "出现多个工作区匹配时，使用第一个。",
      "loc.messages.LIB_WhichNotFound_Linux": "无法定位可执行文件: \"%s\"。请验证文件路径是否存在或文件是否可在 PATH 环境变量指定的目录内找到。另请检查文件模式以验证文件是否可执行。",
      "loc.messages.LIB_WhichNotFound_Win": "无法定位可执行文件: \"%s\"。请验证文件路径是否存在或文件是否可在 PATH 环境变量指定的目录内找到。另请验证该文件是否具有可执行文件的有效扩展名。"
    },
    "zh-TW": {
      "loc.messages.LIB_CopyFileFailed": "複製檔案時發生錯誤。剩餘嘗試次數: %s",
      "loc.messages.LIB_DirectoryStackEmpty": "目錄堆疊是空的",
      "loc.messages.LIB_EndpointAuthNotExist": "端點驗證資料不存在: %s",
      "loc.messages.LIB_EndpointDataNotExist": "端點資料參數 %s 不存在: %s",
      "loc.messages.LIB_EndpointNotExist": "端點不存在: %s",
      "loc.messages.LIB_FailOnCode": "傳回程式碼失敗: %d",
      "loc.messages.LIB_InputRequired": "需要輸入內容: %s",
      "loc.messages.LIB_InvalidEndpointAuth": "端點驗證無效: %s",
      "loc.messages.LIB_InvalidPattern": "模式無效: '%s'",
      "loc.messages.LIB_InvalidSecureFilesInput": "安全檔案輸入無效: %s",
      "loc.messages.LIB_LocStringNotFound": "找不到索引鍵的 loc 字串: %s",
      "loc.messages.LIB_MergeTestResultNotSupported": "OSX/Linux 的此版本組建代理程式不支援將多個檔案的測試結果合併至單一測試回合，每個測試結果檔案將作為個別測試回合在 VSO/TFS 中發行。",
      "loc.messages.LIB_MkdirFailed": "無法建立目錄 '%s'。%s",
      "loc.messages.LIB_MkdirFailedFileExists": "無法建立目錄 '%s'。存在衝突的檔案: '%s'",
      "loc.messages.LIB_MkdirFailedInvalidDriveRoot": "無法建立目錄 '%s'。根目錄不存在: '%s'",
      "loc.messages.LIB_MkdirFailedInvalidShare": "無法建立目錄 '%s'。無法驗證目錄是否存在: '%s'。如果目錄是檔案共用，請驗證共用名稱正確、共用在線上，而且目前的流程具有存取共用的權限。",
      "loc.messages.LIB_MultilineSecret": "祕密不得包含多個行",
      "loc.messages.LIB_NotFoundPreviousDirectory": "找不到之前的目錄",
      "loc.messages.LIB_OperationFailed": "%s 失敗: %s",
      "loc.messages.LIB_ParameterIsRequired": "未提供 %s",
      "loc.messages.LIB_PathHasNullByte": "路徑不能包含 null 位元組",
      "loc.messages.LIB_PathIsNotADirectory": "路徑不是目錄： %s",
      "loc.messages.LIB_PathNotFound": "找不到 %s: %s",
      "loc.messages.LIB_PlatformNotSupported": "不支援的平台: %s",
      "loc.messages.LIB_ProcessError": "嘗試執行處理序 '%s' 時發生錯誤。這可能表示處理序無法啟動。錯誤: %s",
      "loc.messages.LIB_ProcessExitCode": "處理序 '%s' 失敗，結束代碼為 %s",
      "loc.messages.LIB_ProcessStderr": "因為 STDERR 資料流中寫入了一或多行程式碼，所以處理序 '%s' 失敗",
      "loc.messages.LIB_ResourceFileAlreadySet": "資源檔案已設定至: %s",
      "loc.messages.LIB_ResourceFileNotExist": "資源檔案不存在: %s",
      "loc.messages.LIB_ResourceFileNotSet": "尚未設定資源檔案，找不到索引鍵的 loc 字串: %s",
      "loc.messages.LIB_ReturnCode": "傳回程式碼: %d",
      "loc.messages.LIB_StdioNotClosed": "STDIO 資料流未在 %s 秒內關閉 (從處理序 '%s' 結束事件發生後算起)。這可能表示子處理序繼承了 STDIO 資料流且尚未結束。",
      "loc.messages.LIB_UndefinedNodeVersion": "未定義節點版本。",
      "loc.messages.LIB_UnhandledEx": "未經處理: %s",
      "loc.messages.LIB_UseFirstGlobMatch": "多個工作區相符。請先使用。",
      "loc.messages.LIB_WhichNotFound_Linux": "找不到可執行檔: '%s'。請確認檔案路徑存在，或檔案可以在 PATH 環境變數指定的目錄中找到。另請檢查檔案模式，確認檔案可以執行。",
      "loc.messages.LIB_WhichNotFound_Win": "找不到可執行檔: '%s'。請確認檔案路徑存在，或檔案可以在 PATH 環境變數指定的目錄中找到。另請確認檔案具備有效的可執行檔副檔名。"
    }
  }
};


/***/ }),

/***/ 115:
/***/ ((module) => {


module.exports = balanced;
function balanced(a, b, str) {
  if (a instanceof RegExp) a = maybeMatch(a, str);
  if (b instanceof RegExp) b = maybeMatch(b, str);

  var r = range(a, b, str);

  return r && {
    start: r[0],
    end: r[1],
    pre: str.slice(0, r[0]),
    body: str.slice(r[0] + a.length, r[1]),
    post: str.slice(r[1] + b.length)
  };
}

function maybeMatch(reg, str) {
  var m = str.match(reg);
  return m ? m[0] : null;
}

balanced.range = range;
function range(a, b, str) {
  var begs, beg, left, right, result;
  var ai = str.indexOf(a);
  var bi = str.indexOf(b, ai + 1);
  var i = ai;

  if (ai >= 0 && bi > 0) {
    if(a===b) {
      return [ai, bi];
    }
    begs = [];
    left = str.length;

    while (i >= 0 && !result) {
      if (i == ai) {
        begs.push(i);
        ai = str.indexOf(a, i + 1);
      } else if (begs.length == 1) {
        result = [ begs.pop(), bi ];
      } else {
        beg = begs.pop();
        if (beg < left) {
          left = beg;
          right = bi;
        }

        bi = str.indexOf(b, i + 1);
      }

      i = ai < bi && ai >= 0 ? ai : bi;
    }

    if (begs.length) {
      result = [ left, right ];
    }
  }

  return result;
}


/***/ }),

/***/ 138:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

var concatMap = __nccwpck_require__(87)
var balanced = __nccwpck_require__(115)

module.exports = expandTop

var escSlash = '\0SLASH' + Math.random().toFixed(16) + '\0'
var escOpen = '\0OPEN' + Math.random().toFixed(16) + '\0'
var escClose = '\0CLOSE' + Math.random().toFixed(16) + '\0'
var escComma = '\0COMMA' + Math.random().toFixed(16) + '\0'
var escPeriod = '\0PERIOD' + Math.random().toFixed(16) + '\0'

var EXPANSION_MAX = 100000

// `EXPANSION_MAX` caps the *number* of expansions, but not their length. An
// input like `'{a,b}'.repeat(1500)` stays under that count - its output is
// truncated to 100k results - while making every result ~1500 characters
// long. The result set, and the intermediate arrays built while combining
// brace sets, then grow large enough to exhaust memory and crash the process
// (CVE-2026-14257). `EXPANSION_MAX_LENGTH` bounds the total number of
// characters the accumulator may hold at any point, so memory stays flat no
// matter how many brace groups are chained. The limit sits well above any
// realistic expansion (100k results hitting `EXPANSION_MAX` measure ~1M
// characters) so legitimate input is unaffected.
var EXPANSION_MAX_LENGTH = 4000000

// `expand` recurses once per level of brace *nesting* - both when expanding a
// set's comma members and when re-wrapping a set whose body is a single part.
// The CVE-2026-14257 fix made the *tail* iterative (recursion on `m.post`, one
// level per chained group), which left nesting depth unbounded: about 3,100
// levels of `{{{...a,b...}}}` - only ~6KB of input - exhausted the native stack
// and crashed the process. `EXPANSION_MAX_DEPTH` bounds how deep the parser
// will follow nesting. It sits far above any realistic pattern and well below
// the depth at which the stack runs out.
var EXPANSION_MAX_DEPTH = 1000

// Bash keeps a quirk where a brace group followed by a comma set still expands
// (`{a},b}`). The parser implements it by rewriting the string and restarting
// the scan, absorbing one `}` per pass. `n` trailing braces therefore cost `n`
// full passes over a string that itself grows by one `escClose` sentinel each
// time - quadratic in `n`, with a ~26x constant from the sentinel's length.
// 128KB of `'{a}' + '}'.repeat(n) + ',z}'` blocked the event loop for 27
// seconds to produce two results. `EXPANSION_MAX_REWRITES` bounds how many
// times the scan may restart. Real `{a},b}` input needs a handful.
var EXPANSION_MAX_REWRITES = 1000

// `EXPANSION_MAX_STEPS` bounds the work one `expandTop` call does, which `max`,
// `maxLength` and `maxDepth` don't: nested sets are rescanned at every level
// and chained groups each rebuild up to `max` results, so 2KB of input could
// block the event loop for over 30 seconds. Each character scanned, result
// built and sequence value generated is a step, and each `expand` call costs
// `CALL_STEPS` more. Past the budget, the set being expanded and everything
// after it stay literal. A glob needs a few hundred steps, and nesting all the
// way to `EXPANSION_MAX_DEPTH` about 4M.
var EXPANSION_MAX_STEPS = 20000000

// What one `expand` call costs on top of what it scans and builds. Setting
// one up takes about as long as scanning 16 characters, and a set whose
// results are wrapped to be expanded again makes one call per result, each
// scanning and building next to nothing: 64KB of
// `('{{' + ','.repeat(316) + '}{' + ','.repeat(316) + '}}').repeat(n)` made
// 4M such calls, which spent the budget three times as slowly as anything
// else.
var CALL_STEPS = 16

function numeric(str) {
  return parseInt(str, 10) == str ? parseInt(str, 10) : str.charCodeAt(0)
}

function escapeBraces(str) {
  return str
    .split('\\\\')
    .join(escSlash)
    .split('\\{')
    .join(escOpen)
    .split('\\}')
    .join(escClose)
    .split('\\,')
    .join(escComma)
    .split('\\.')
    .join(escPeriod)
}

function unescapeBraces(str) {
  return str
    .split(escSlash)
    .join('\\')
    .split(escOpen)
    .join('{')
    .split(escClose)
    .join('}')
    .split(escComma)
    .join(',')
    .split(escPeriod)
    .join('.')
}

// Like `target.push(...items)` but doesn't overflow the stack
function pushAll(target, items) {
  for (var i = 0; i < items.length; i++) {
    target.push(items[i])
  }
}

// `balanced`, run on `masked` (see `maskUnmatchedOpens`), sliced from `str`
// and charged for the characters it walks: up to the group's `}`, or the
// whole string when there is no match or unmatched `{` come first, which
// `unmatched` then flags for masking. Once a call overdraws the budget, it
// and every later one return undefined, so the rest stays literal.
//
// `budget` is `{ remaining }`, one counter shared by every level and group of
// an `expandTop` call, so the bound holds for the call as a whole.
function balancedWithBudget(str, masked, budget) {
  if (budget.remaining < 0) {
    return undefined
  }
  var r = balanced.range('{', '}', masked)
  var unmatched = r !== undefined && masked.indexOf('{') < r[0]
  budget.remaining -= r && !unmatched ? r[1] + 1 : str.length
  if (!r || budget.remaining < 0) {
    return undefined
  }
  return {
    end: r[1],
    pre: str.slice(0, r[0]),
    body: str.slice(r[0] + 1, r[1]),
    post: str.slice(r[1] + 1),
    unmatched: unmatched,
  }
}

// `masked` with every `{` that has no matching `}` swapped for a `\0`, which
// keeps the length, so a scan of it still lines up with the string it was
// made from. Such a `{` is literal either way, but `balanced` only learns that
// one is unmatched by reading to the end of the string, so with one at the
// head of every group (`'{a,{b,c}'.repeat(n)`) each scan read the rest of the
// input. That was quadratic, and once the step budget charged for it, it ran
// out partway through and left the rest literal. A scan of the masked copy
// stops at the group's `}`. It is one pass, charged as such.
function maskUnmatchedOpens(masked, budget) {
  budget.remaining -= masked.length
  var open = []
  for (var i = 0; i < masked.length; i++) {
    var c = masked.charCodeAt(i)
    if (c === 0x7b) {
      open.push(i)
    } else if (c === 0x7d && open.length) {
      open.pop()
    }
  }
  var out = ''
  var last = 0
  for (var j = 0; j < open.length; j++) {
    out += masked.slice(last, open[j]) + '\0'
    last = open[j] + 1
  }
  return out + masked.slice(last)
}

// Whether `str` has a `,` not followed by another `,`, with a `}` after it on
// the same line - what `/,(?!,).*\}/.test(str)` asks, answered in one pass from
// the end. The regex tries every `,` and backtracks through the rest of its
// line from each, which is quadratic, and the `{a},b}` rewrite asks again on
// every pass. Like a scan, it is charged for the whole string and refused if
// that overdraws the budget.
function commaSetFollows(str, budget) {
  budget.remaining -= str.length
  if (budget.remaining < 0) {
    return false
  }
  // Whether a `}` follows the current position before the line ends
  var close = false
  for (var i = str.length - 1; i >= 0; i--) {
    var c = str.charCodeAt(i)
    if (c === 0x7d) {
      close = true
    } else if (c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029) {
      // A line terminator, which `.` does not match
      close = false
    } else if (c === 0x2c && close && str.charCodeAt(i + 1) !== 0x2c) {
      return true
    }
  }
  return false
}

// Basically just str.split(","), but handling cases
// where we have nested braced sections, which should be
// treated as individual members, like {a,{b,c},d}
//
// Returns `undefined` if the step budget runs out before the whole set is
// split, since splitting what is left on every comma would tear apart the
// nested sets it still holds.
function parseCommaParts(str, budget) {
  var parts = []

  // Walk the brace groups iteratively. Recursing on `post` once per group let a
  // chain of them exhaust the stack - the parsing-side counterpart to
  // the `expand` overflow fixed for CVE-2026-14257, and not something `max` or
  // `maxLength` can bound, since it happens before expansion.
  //
  // The part the next chunk continues
  var carry = ''

  for (;;) {
    // A set's body holds no unmatched `{`, so there is nothing to mask.
    var m = balancedWithBudget(str, str, budget)

    if (budget.remaining < 0) {
      return undefined
    }

    if (!m) {
      var tail = str.split(',')
      tail[0] = carry + tail[0]
      pushAll(parts, tail)
      return parts
    }

    var pre = m.pre
    var body = m.body
    var post = m.post
    var p = pre.split(',')

    p[0] = carry + p[0]
    p[p.length - 1] += '{' + body + '}'

    if (!post.length) {
      pushAll(parts, p)
      return parts
    }

    carry = p.pop()
    pushAll(parts, p)
    str = post
  }
}

// An option that is left out or null, or that is NaN, gets its default. Every
// comparison against NaN is false, so a NaN bound would never be reached:
// `{ maxSteps: NaN }` let 15KB of input block the event loop for 16 seconds,
// and `{ maxDepth: NaN }` overflowed the stack again (CVE-2026-102278). Pass
// `Infinity` to lift a bound.
function bound(value, fallback) {
  return value == null || isNaN(value) ? fallback : value
}

function expandTop(str, options) {
  if (!str) return []

  options = options || {}
  var max = bound(options.max, EXPANSION_MAX)
  var maxLength = bound(options.maxLength, EXPANSION_MAX_LENGTH)
  var maxDepth = bound(options.maxDepth, EXPANSION_MAX_DEPTH)
  var maxRewrites = bound(options.maxRewrites, EXPANSION_MAX_REWRITES)
  var maxSteps = bound(options.maxSteps, EXPANSION_MAX_STEPS)

  // I don't know why Bash 4.3 does this, but it does.
  // Anything starting with {} will have the first two bytes preserved
  // but *only* at the top level, so {},a}b will not expand to anything,
  // but a{},b}c will be expanded to [a}c,abc].
  // One could argue that this is a bug in Bash, but since the goal of
  // this module is to match Bash's rules, we escape a leading {}
  if (str.substr(0, 2) === '{}') {
    str = '\\{\\}' + str.substr(2)
  }

  return expand(
    escapeBraces(str),
    max,
    maxLength,
    maxDepth,
    0,
    maxRewrites,
    { remaining: maxSteps },
    true
  ).map(unescapeBraces)
}

function identity(e) {
  return e
}

function embrace(str) {
  return '{' + str + '}'
}
function isPadded(el) {
  return /^-?0\d/.test(el)
}

function lte(i, y) {
  return i <= y
}
function gte(i, y) {
  return i >= y
}

// Build `{ acc[a] + pre + values[v] }` for every combination, capping the
// number of results at `max` and the total number of characters at `maxLength`.
// This is the one place output grows, so bounding it here keeps the single
// accumulator - and therefore memory - flat regardless of how many brace groups
// are combined (CVE-2026-14257). Each result built is a step, since `max` and
// `maxLength` bound one combination, not how many brace groups are combined.
//
// `base[a]` is the length of the part of `acc[a]` that predates the current
// empty-drop baseline (see `expand`). The matching baselines for the results
// are appended to `outBase`, which the caller carries forward alongside them.
function combine(
  acc,
  base,
  pre,
  values,
  max,
  maxLength,
  dropEmpties,
  outBase,
  budget
) {
  var out = []
  var length = 0
  // Bash drops empty results at the top level, and they don't count against
  // `max`, so `max` bounds the number of *kept* results. "Empty" means "adds
  // nothing past the baseline", not "empty overall", and only an `acc[a] + pre`
  // that adds nothing can make one, so for those the empty values are skipped
  // without being visited. Visiting them one at a time let a set of empties
  // cost `acc.length * values.length` while keeping nothing.
  var nonEmpty
  outer: for (var a = 0; a < acc.length; a++) {
    var prefix = acc[a] + pre
    var vs = values
    if (dropEmpties && prefix.length === base[a]) {
      if (!nonEmpty) nonEmpty = values.filter(Boolean)
      vs = nonEmpty
    }
    for (var v = 0; v < vs.length; v++) {
      if (out.length >= max) break outer
      var expansion = prefix + vs[v]
      if (length + expansion.length > maxLength) break outer
      out.push(expansion)
      outBase.push(base[a])
      length += expansion.length
    }
  }
  budget.remaining -= out.length
  return out
}

// The expansion values of a single numeric (`1..5`) or alphabetic (`a..e..2`)
// sequence body, or `undefined` if the step budget runs out generating them.
function expandSequence(body, isAlphaSequence, max, maxLength, budget) {
  var n = body.split(/\.\./)
  var N = []
  // A sequence body always splits into two or three parts, but the compiler
  // can't know that.
  /* c8 ignore start */
  if (n[0] === undefined || n[1] === undefined) {
    return N
  }
  /* c8 ignore stop */
  var x = numeric(n[0])
  var y = numeric(n[1])
  var width = Math.max(n[0].length, n[1].length)
  var incr =
    n.length === 3 && n[2] !== undefined ?
      Math.max(Math.abs(numeric(n[2])), 1)
    : 1
  var test = lte
  var reverse = y < x
  if (reverse) {
    incr *= -1
    test = gte
  }
  var pad = n.some(isPadded)
  // A padded value is built a character at a time to `width`, which the input
  // sets, so it costs one step per character: 64KB of
  // `('{' + '0'.repeat(100) + '..99999}').repeat(n)` took 7 seconds charged
  // one step per value.
  var cost = pad ? width : 1

  var length = 0
  for (var i = x; test(i, y) && N.length < max; i += incr) {
    // Each value is a step. `max` and `maxLength` bound one sequence, but a
    // chain of them still generated up to `max` values each, however few
    // combining could keep.
    budget.remaining -= cost
    if (budget.remaining < 0) {
      return undefined
    }
    var c
    if (isAlphaSequence) {
      c = String.fromCharCode(i)
      if (c === '\\') {
        c = ''
      }
    } else {
      c = String(i)
      if (pad) {
        var need = width - c.length
        if (need > 0) {
          var z = new Array(need + 1).join('0')
          if (i < 0) {
            c = '-' + z + c.slice(1)
          } else {
            c = z + c
          }
        }
      }
    }
    if (length + c.length > maxLength) break
    N.push(c)
    length += c.length
  }
  return N
}

function expand(
  str,
  max,
  maxLength,
  maxDepth,
  depth,
  maxRewrites,
  budget,
  isTop
) {
  // An overdraft here makes the first scan refuse, so `str` stays literal.
  budget.remaining -= CALL_STEPS

  // Too deeply nested to keep following: treat the rest as literal, the same
  // way a group that cannot expand is already handled. Truncating rather than
  // throwing keeps expansion total, matching `max` and `maxLength`.
  if (depth > maxDepth) {
    return [str]
  }

  // Consume the string's top-level brace groups left to right, threading a
  // running set of combined prefixes (`acc`). Expanding the tail iteratively -
  // rather than recursing on `m.post` once per group - keeps the native stack
  // depth constant, so deeply chained input (`'{a,b}'.repeat(3000)`) can no
  // longer overflow the stack, and leaves a single accumulator whose size
  // `maxLength` bounds directly (CVE-2026-14257).
  var acc = ['']

  // Bash drops empty results, but only when the *first* group of the run is a
  // comma set - a sequence like `{a..\}` may legitimately yield ''. The drop
  // is on the final strings, so it is applied to whichever `combine` produces
  // them (the one with no brace set left in the tail).
  //
  // The old implementation recursed on `m.post`, so the drop tested only the
  // expansion of the current call's substring. The `{a},b}` rewrite below turns
  // `isTop` back on part-way through a string, starting a fresh such run, so
  // the drop must ignore whatever `acc` already holds from earlier groups.
  // `accBase[a]` records how much of `acc[a]` predates the current run;
  // `combine` treats an expansion as empty when it adds nothing past that.
  var accBase = [0]
  // How many times the `{a},b}` rewrite below has restarted the scan. Each pass
  // re-reads the whole string, so leaving this unbounded is quadratic.
  var rewrites = 0
  var dropEmpties = false
  var firstGroup = true
  // `str` with its unmatched `{` masked, once a scan has run into them
  var masked = str
  var nextBase

  for (;;) {
    var m = balancedWithBudget(str, masked, budget)

    // No brace set left, or no step budget left to look for one: the rest of
    // the string is literal.
    if (!m) {
      return combine(
        acc,
        accBase,
        str,
        [''],
        max,
        maxLength,
        dropEmpties,
        [],
        budget
      )
    }
    if (m.unmatched) {
      masked = maskUnmatchedOpens(masked, budget)
    }

    // no need to expand pre, since it is guaranteed to be free of brace-sets
    var pre = m.pre

    // This set and the rest of the string, literal: for a set that cannot
    // expand, and for one the step budget runs out on. Once it is overdrawn,
    // every set still being expanded, at every level, stays literal like this -
    // otherwise each level above would go on combining, and wrapping and
    // expanding again, results the budget was too small for.
    var literal = function () {
      return combine(
        acc,
        accBase,
        pre + '{' + m.body + '}' + m.post,
        [''],
        max,
        maxLength,
        dropEmpties,
        [],
        budget
      )
    }

    // For compatibility reasons, `${` is not eligible for brace expansion, and
    // on the 1.x line it suppresses expansion of the rest of the string too:
    // the whole remainder is literal. The 2.x and 5.x lines instead keep
    // expanding the tail, which is what bash does, but changing that here would
    // be a breaking change for 1.x consumers. Routed through `combine` so the
    // result is still bounded by `max` and `maxLength`.
    if (/\$$/.test(pre)) {
      return combine(
        acc,
        accBase,
        str,
        [''],
        max,
        maxLength,
        dropEmpties,
        [],
        budget
      )
    }

    var isNumericSequence = /^-?\d+\.\.-?\d+(?:\.\.-?\d+)?$/.test(m.body)
    var isAlphaSequence = /^[a-zA-Z]\.\.[a-zA-Z](?:\.\.-?\d+)?$/.test(
      m.body
    )
    var isSequence = isNumericSequence || isAlphaSequence
    var isOptions = m.body.indexOf(',') >= 0
    if (!isSequence && !isOptions) {
      // {a},b}
      if (rewrites < maxRewrites && commaSetFollows(m.post, budget)) {
        rewrites++
        str = m.pre + '{' + m.body + escClose + m.post
        // Taking a `}` away never gives an unmatched `{` a partner, so what
        // is masked stays unmatched. The `{` it closed can be left without
        // one, and the next scan masks it.
        masked =
          masked.slice(0, m.end) + escClose + masked.slice(m.end + 1)
        // The rewritten string is expanded as if it were a fresh top-level one,
        // so start a new empty-drop run: anchor the baseline at what `acc`
        // holds now, and let the next expanding group decide whether to drop.
        isTop = true
        firstGroup = true
        dropEmpties = false
        accBase = []
        for (var b = 0; b < acc.length; b++) {
          accBase.push(acc[b].length)
        }
        continue
      }
      // Nothing here expands, so the whole remaining string is literal.
      return literal()
    }

    if (firstGroup) {
      dropEmpties = isTop && !isSequence
      firstGroup = false
    }

    var values
    if (isSequence) {
      values = expandSequence(
        m.body,
        isAlphaSequence,
        max,
        maxLength,
        budget
      )
      if (!values) {
        return literal()
      }
    } else {
      var n = parseCommaParts(m.body, budget)
      // The step budget ran out partway through the set.
      if (!n) {
        return literal()
      }
      if (n.length === 1 && n[0] !== undefined) {
        // x{{a,b}}y ==> x{a}y x{b}y
        n = expand(
          n[0],
          max,
          maxLength,
          maxDepth,
          depth + 1,
          maxRewrites,
          budget,
          false
        ).map(embrace)
        // The step budget ran out expanding the set's only part.
        if (budget.remaining < 0) {
          return literal()
        }
        //XXX is this necessary? Can't seem to hit it in tests.
        /* c8 ignore start */
        if (n.length === 1) {
          nextBase = []
          var single = combine(
            acc,
            accBase,
            pre + n[0],
            [''],
            max,
            maxLength,
            dropEmpties && !m.post.length,
            nextBase,
            budget
          )
          if (budget.remaining < 0) {
            return literal()
          }
          acc = single
          accBase = nextBase
          if (!m.post.length) break
          str = m.post
          masked = masked.slice(m.end + 1)
          continue
        }
        /* c8 ignore stop */
      }

      // Values that `combine` is going to drop as empty produce no result, so
      // they must not count against `max` - otherwise `{a,,b}` with `max: 2`
      // would stop at `['a', '']` and yield one result instead of two. Skipping
      // them outright keeps `values` bounded while leaving `max` a bound on
      // *kept* results. A value is dropped when it adds nothing past the
      // baseline, which is what `combine` tests.
      var dropsEmpties = dropEmpties && !m.post.length && !pre
      for (var d = 0; dropsEmpties && d < acc.length; d++) {
        if (acc[d].length !== accBase[d]) {
          dropsEmpties = false
        }
      }

      values = []
      var valuesLength = 0
      outer: for (var j = 0; j < n.length; j++) {
        var expanded = expand(
          n[j],
          max,
          maxLength,
          maxDepth,
          depth + 1,
          maxRewrites,
          budget,
          false
        )
        // The step budget ran out expanding a member.
        if (budget.remaining < 0) {
          return literal()
        }
        for (var k = 0; k < expanded.length; k++) {
          var v = expanded[k]
          if (dropsEmpties && !v) continue
          if (
            values.length >= max ||
            valuesLength + v.length > maxLength
          ) {
            break outer
          }
          values.push(v)
          valuesLength += v.length
        }
      }
    }

    nextBase = []
    var next = combine(
      acc,
      accBase,
      pre,
      values,
      max,
      maxLength,
      dropEmpties && !m.post.length,
      nextBase,
      budget
    )
    // The step budget ran out combining the set's values in.
    if (budget.remaining < 0) {
      return literal()
    }
    acc = next
    accBase = nextBase
    if (!m.post.length) break
    str = m.post
    masked = masked.slice(m.end + 1)
  }

  return acc
}


/***/ }),

/***/ 533:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

module.exports = minimatch
minimatch.Minimatch = Minimatch

var path = (function () { try { return __nccwpck_require__(928) } catch (e) {}}()) || {
  sep: '/'
}
minimatch.sep = path.sep

var GLOBSTAR = minimatch.GLOBSTAR = Minimatch.GLOBSTAR = {}
var expand = __nccwpck_require__(138)

var plTypes = {
  '!': { open: '(?:(?!(?:', close: '))[^/]*?)'},
  '?': { open: '(?:', close: ')?' },
  '+': { open: '(?:', close: ')+' },
  '*': { open: '(?:', close: ')*' },
  '@': { open: '(?:', close: ')' }
}

// any single thing other than /
// don't need to escape / when using new RegExp()
var qmark = '[^/]'

// * => any number of characters
var star = qmark + '*?'

// ** when dots are allowed.  Anything goes, except .. and .
// not (^ or / followed by one or two dots followed by $ or /),
// followed by anything, any number of times.
var twoStarDot = '(?:(?!(?:\\\/|^)(?:\\.{1,2})($|\\\/)).)*?'

// not a ^ or / followed by a dot,
// followed by anything, any number of times.
var twoStarNoDot = '(?:(?!(?:\\\/|^)\\.).)*?'

// characters that need to be escaped in RegExp.
var reSpecials = charSet('().*{}+?[]^$\\!')

// "abc" -> { a:true, b:true, c:true }
function charSet (s) {
  return s.split('').reduce(function (set, c) {
    set[c] = true
    return set
  }, {})
}

// normalizes slashes.
var slashSplit = /\/+/

minimatch.filter = filter
function filter (pattern, options) {
  options = options || {}
  return function (p, i, list) {
    return minimatch(p, pattern, options)
  }
}

function ext (a, b) {
  b = b || {}
  var t = {}
  Object.keys(a).forEach(function (k) {
    t[k] = a[k]
  })
  Object.keys(b).forEach(function (k) {
    t[k] = b[k]
  })
  return t
}

minimatch.defaults = function (def) {
  if (!def || typeof def !== 'object' || !Object.keys(def).length) {
    return minimatch
  }

  var orig = minimatch

  var m = function minimatch (p, pattern, options) {
    return orig(p, pattern, ext(def, options))
  }

  m.Minimatch = function Minimatch (pattern, options) {
    return new orig.Minimatch(pattern, ext(def, options))
  }
  m.Minimatch.defaults = function defaults (options) {
    return orig.defaults(ext(def, options)).Minimatch
  }

  m.filter = function filter (pattern, options) {
    return orig.filter(pattern, ext(def, options))
  }

  m.defaults = function defaults (options) {
    return orig.defaults(ext(def, options))
  }

  m.makeRe = function makeRe (pattern, options) {
    return orig.makeRe(pattern, ext(def, options))
  }

  m.braceExpand = function braceExpand (pattern, options) {
    return orig.braceExpand(pattern, ext(def, options))
  }

  m.match = function (list, pattern, options) {
    return orig.match(list, pattern, ext(def, options))
  }

  return m
}

Minimatch.defaults = function (def) {
  return minimatch.defaults(def).Minimatch
}

function minimatch (p, pattern, options) {
  assertValidPattern(pattern)

  if (!options) options = {}

  // shortcut: comments match nothing.
  if (!options.nocomment && pattern.charAt(0) === '#') {
    return false
  }

  return new Minimatch(pattern, options).match(p)
}

function Minimatch (pattern, options) {
  if (!(this instanceof Minimatch)) {
    return new Minimatch(pattern, options)
  }

  assertValidPattern(pattern)

  if (!options) options = {}

  pattern = pattern.trim()

  // windows support: need to use /, not \
  if (!options.allowWindowsEscape && path.sep !== '/') {
    pattern = pattern.split(path.sep).join('/')
  }

  this.options = options
  this.maxGlobstarRecursion = options.maxGlobstarRecursion !== undefined
    ? options.maxGlobstarRecursion : 200
  this.set = []
  this.pattern = pattern
  this.regexp = null
  this.negate = false
  this.comment = false
  this.empty = false
  this.partial = !!options.partial

  // make the set of regexps etc.
  this.make()
}

Minimatch.prototype.debug = function () {}

Minimatch.prototype.make = make
function make () {
  var pattern = this.pattern
  var options = this.options

  // empty patterns and comments match nothing.
  if (!options.nocomment && pattern.charAt(0) === '#') {
    this.comment = true
    return
  }
  if (!pattern) {
    this.empty = true
    return
  }

  // step 1: figure out negation, etc.
  this.parseNegate()

  // step 2: expand braces
  var set = this.globSet = this.braceExpand()

  if (options.debug) this.debug = function debug() { console.error.apply(console, arguments) }

  this.debug(this.pattern, set)

  // step 3: now we have a set, so turn each one into a series of path-portion
  // matching patterns.
  // These will be regexps, except in the case of "**", which is
  // set to the GLOBSTAR object for globstar behavior,
  // and will not contain any / characters
  set = this.globParts = set.map(function (s) {
    return s.split(slashSplit)
  })

  this.debug(this.pattern, set)

  // glob --> regexps
  set = set.map(function (s, si, set) {
    return s.map(this.parse, this)
  }, this)

  this.debug(this.pattern, set)

  // filter out everything that didn't compile properly.
  set = set.filter(function (s) {
    return s.indexOf(false) === -1
  })

  this.debug(this.pattern, set)

  this.set = set
}

Minimatch.prototype.parseNegate = parseNegate
function parseNegate () {
  var pattern = this.pattern
  var negate = false
  var options = this.options
  var negateOffset = 0

  if (options.nonegate) return

  for (var i = 0, l = pattern.length
    ; i < l && pattern.charAt(i) === '!'
    ; i++) {
    negate = !negate
    negateOffset++
  }

  if (negateOffset) this.pattern = pattern.substr(negateOffset)
  this.negate = negate
}

// Brace expansion:
// a{b,c}d -> abd acd
// a{b,}c -> abc ac
// a{0..3}d -> a0d a1d a2d a3d
// a{b,c{d,e}f}g -> abg acdfg acefg
// a{b,c}d{e,f}g -> abdeg acdeg abdeg abdfg
//
// Invalid sets are not expanded.
// a{2..}b -> a{2..}b
// a{b}c -> a{b}c
minimatch.braceExpand = function (pattern, options) {
  return braceExpand(pattern, options)
}

Minimatch.prototype.braceExpand = braceExpand

function braceExpand (pattern, options) {
  if (!options) {
    if (this instanceof Minimatch) {
      options = this.options
    } else {
      options = {}
    }
  }

  pattern = typeof pattern === 'undefined'
    ? this.pattern : pattern

  assertValidPattern(pattern)

  // Thanks to Yeting Li <https://github.com/yetingli> for
  // improving this regexp to avoid a ReDOS vulnerability.
  if (options.nobrace || !/\{(?:(?!\{).)*\}/.test(pattern)) {
    // shortcut. no need to expand.
    return [pattern]
  }

  return expand(pattern)
}

var MAX_PATTERN_LENGTH = 1024 * 64
var assertValidPattern = function (pattern) {
  if (typeof pattern !== 'string') {
    throw new TypeError('invalid pattern')
  }

  if (pattern.length > MAX_PATTERN_LENGTH) {
    throw new TypeError('pattern is too long')
  }
}

// parse a component of the expanded set.
// At this point, no pattern may contain "/" in it
// so we're going to return a 2d array, where each entry is the full
// pattern, split on '/', and then turned into a regular expression.
// A regexp is made at the end which joins each array with an
// escaped /, and another full one which joins each regexp with |.
//
// Following the lead of Bash 4.1, note that "**" only has special meaning
// when it is the *only* thing in a path portion.  Otherwise, any series
// of * is equivalent to a single *.  Globstar behavior is enabled by
// default, and can be disabled by setting options.noglobstar.
Minimatch.prototype.parse = parse
var SUBPARSE = {}
function parse (pattern, isSub) {
  assertValidPattern(pattern)

  var options = this.options

  // shortcuts
  if (pattern === '**') {
    if (!options.noglobstar)
      return GLOBSTAR
    else
      pattern = '*'
  }
  if (pattern === '') return ''

  var re = ''
  var hasMagic = !!options.nocase
  var escaping = false
  // ? => one single character
  var patternListStack = []
  var negativeLists = []
  var stateChar
  var inClass = false
  var reClassStart = -1
  var classStart = -1
  // . and .. never match anything that doesn't start with .,
  // even when options.dot is set.
  var patternStart = pattern.charAt(0) === '.' ? '' // anything
  // not (start or / followed by . or .. followed by / or end)
  : options.dot ? '(?!(?:^|\\\/)\\.{1,2}(?:$|\\\/))'
  : '(?!\\.)'
  var self = this

  function clearStateChar () {
    if (stateChar) {
      // we had some state-tracking character
      // that wasn't consumed by this pass.
      switch (stateChar) {
        case '*':
          re += star
          hasMagic = true
        break
        case '?':
          re += qmark
          hasMagic = true
        break
        default:
          re += '\\' + stateChar
        break
      }
      self.debug('clearStateChar %j %j', stateChar, re)
      stateChar = false
    }
  }

  for (var i = 0, len = pattern.length, c
    ; (i < len) && (c = pattern.charAt(i))
    ; i++) {
    this.debug('%s\t%s %s %j', pattern, i, re, c)

    // skip over any that are escaped.
    if (escaping && reSpecials[c]) {
      re += '\\' + c
      escaping = false
      continue
    }

    switch (c) {
      /* istanbul ignore next */
      case '/': {
        // completely not allowed, even escaped.
        // Should already be path-split by now.
        return false
      }

      case '\\':
        clearStateChar()
        escaping = true
      continue

      // the various stateChar values
      // for the "extglob" stuff.
      case '?':
      case '*':
      case '+':
      case '@':
      case '!':
        this.debug('%s\t%s %s %j <-- stateChar', pattern, i, re, c)

        // all of those are literals inside a class, except that
        // the glob [!a] means [^a] in regexp
        if (inClass) {
          this.debug('  in class')
          if (c === '!' && i === classStart + 1) c = '^'
          re += c
          continue
        }

        // coalesce consecutive non-globstar * characters
        if (c === '*' && stateChar === '*') continue

        // if we already have a stateChar, then it means
        // that there was something like ** or +? in there.
        // Handle the stateChar, then proceed with this one.
        self.debug('call clearStateChar %j', stateChar)
        clearStateChar()
        stateChar = c
        // if extglob is disabled, then +(asdf|foo) isn't a thing.
        // just clear the statechar *now*, rather than even diving into
        // the patternList stuff.
        if (options.noext) clearStateChar()
      continue

      case '(':
        if (inClass) {
          re += '('
          continue
        }

        if (!stateChar) {
          re += '\\('
          continue
        }

        patternListStack.push({
          type: stateChar,
          start: i - 1,
          reStart: re.length,
          open: plTypes[stateChar].open,
          close: plTypes[stateChar].close
        })
        // negation is (?:(?!js)[^/]*)
        re += stateChar === '!' ? '(?:(?!(?:' : '(?:'
        this.debug('plType %j %j', stateChar, re)
        stateChar = false
      continue

      case ')':
        if (inClass || !patternListStack.length) {
          re += '\\)'
          continue
        }

        clearStateChar()
        hasMagic = true
        var pl = patternListStack.pop()
        // negation is (?:(?!js)[^/]*)
        // The others are (?:<pattern>)<type>
        re += pl.close
        if (pl.type === '!') {
          negativeLists.push(pl)
        }
        pl.reEnd = re.length
      continue

      case '|':
        if (inClass || !patternListStack.length || escaping) {
          re += '\\|'
          escaping = false
          continue
        }

        clearStateChar()
        re += '|'
      continue

      // these are mostly the same in regexp and glob
      case '[':
        // swallow any state-tracking char before the [
        clearStateChar()

        if (inClass) {
          re += '\\' + c
          continue
        }

        inClass = true
        classStart = i
        reClassStart = re.length
        re += c
      continue

      case ']':
        //  a right bracket shall lose its special
        //  meaning and represent itself in
        //  a bracket expression if it occurs
        //  first in the list.  -- POSIX.2 2.8.3.2
        if (i === classStart + 1 || !inClass) {
          re += '\\' + c
          escaping = false
          continue
        }

        // handle the case where we left a class open.
        // "[z-a]" is valid, equivalent to "\[z-a\]"
        // split where the last [ was, make sure we don't have
        // an invalid re. if so, re-walk the contents of the
        // would-be class to re-translate any characters that
        // were passed through as-is
        // TODO: It would probably be faster to determine this
        // without a try/catch and a new RegExp, but it's tricky
        // to do safely.  For now, this is safe and works.
        var cs = pattern.substring(classStart + 1, i)
        try {
          RegExp('[' + cs + ']')
        } catch (er) {
          // not a valid class!
          var sp = this.parse(cs, SUBPARSE)
          re = re.substr(0, reClassStart) + '\\[' + sp[0] + '\\]'
          hasMagic = hasMagic || sp[1]
          inClass = false
          continue
        }

        // finish up the class.
        hasMagic = true
        inClass = false
        re += c
      continue

      default:
        // swallow any state char that wasn't consumed
        clearStateChar()

        if (escaping) {
          // no need
          escaping = false
        } else if (reSpecials[c]
          && !(c === '^' && inClass)) {
          re += '\\'
        }

        re += c

    } // switch
  } // for

  // handle the case where we left a class open.
  // "[abc" is valid, equivalent to "\[abc"
  if (inClass) {
    // split where the last [ was, and escape it
    // this is a huge pita.  We now have to re-walk
    // the contents of the would-be class to re-translate
    // any characters that were passed through as-is
    cs = pattern.substr(classStart + 1)
    sp = this.parse(cs, SUBPARSE)
    re = re.substr(0, reClassStart) + '\\[' + sp[0]
    hasMagic = hasMagic || sp[1]
  }

  // handle the case where we had a +( thing at the *end*
  // of the pattern.
  // each pattern list stack adds 3 chars, and we need to go through
  // and escape any | chars that were passed through as-is for the regexp.
  // Go through and escape them, taking care not to double-escape any
  // | chars that were already escaped.
  for (pl = patternListStack.pop(); pl; pl = patternListStack.pop()) {
    var tail = re.slice(pl.reStart + pl.open.length)
    this.debug('setting tail', re, pl)
    // maybe some even number of \, then maybe 1 \, followed by a |
    tail = tail.replace(/((?:\\{2}){0,64})(\\?)\|/g, function (_, $1, $2) {
      if (!$2) {
        // the | isn't already escaped, so escape it.
        $2 = '\\'
      }

      // need to escape all those slashes *again*, without escaping the
      // one that we need for escaping the | character.  As it works out,
      // escaping an even number of slashes can be done by simply repeating
      // it exactly after itself.  That's why this trick works.
      //
      // I am sorry that you have to see this.
      return $1 + $1 + $2 + '|'
    })

    this.debug('tail=%j\n   %s', tail, tail, pl, re)
    var t = pl.type === '*' ? star
      : pl.type === '?' ? qmark
      : '\\' + pl.type

    hasMagic = true
    re = re.slice(0, pl.reStart) + t + '\\(' + tail
  }

  // handle trailing things that only matter at the very end.
  clearStateChar()
  if (escaping) {
    // trailing \\
    re += '\\\\'
  }

  // only need to apply the nodot start if the re starts with
  // something that could conceivably capture a dot
  var addPatternStart = false
  switch (re.charAt(0)) {
    case '[': case '.': case '(': addPatternStart = true
  }

  // Hack to work around lack of negative lookbehind in JS
  // A pattern like: *.!(x).!(y|z) needs to ensure that a name
  // like 'a.xyz.yz' doesn't match.  So, the first negative
  // lookahead, has to look ALL the way ahead, to the end of
  // the pattern.
  for (var n = negativeLists.length - 1; n > -1; n--) {
    var nl = negativeLists[n]

    var nlBefore = re.slice(0, nl.reStart)
    var nlFirst = re.slice(nl.reStart, nl.reEnd - 8)
    var nlLast = re.slice(nl.reEnd - 8, nl.reEnd)
    var nlAfter = re.slice(nl.reEnd)

    nlLast += nlAfter

    // Handle nested stuff like *(*.js|!(*.json)), where open parens
    // mean that we should *not* include the ) in the bit that is considered
    // "after" the negated section.
    var openParensBefore = nlBefore.split('(').length - 1
    var cleanAfter = nlAfter
    for (i = 0; i < openParensBefore; i++) {
      cleanAfter = cleanAfter.replace(/\)[+*?]?/, '')
    }
    nlAfter = cleanAfter

    var dollar = ''
    if (nlAfter === '' && isSub !== SUBPARSE) {
      dollar = '$'
    }
    var newRe = nlBefore + nlFirst + nlAfter + dollar + nlLast
    re = newRe
  }

  // if the re is not "" at this point, then we need to make sure
  // it doesn't match against an empty path part.
  // Otherwise a/* will match a/, which it should not.
  if (re !== '' && hasMagic) {
    re = '(?=.)' + re
  }

  if (addPatternStart) {
    re = patternStart + re
  }

  // parsing just a piece of a larger pattern.
  if (isSub === SUBPARSE) {
    return [re, hasMagic]
  }

  // skip the regexp for non-magical patterns
  // unescape anything in it, though, so that it'll be
  // an exact match against a file etc.
  if (!hasMagic) {
    return globUnescape(pattern)
  }

  var flags = options.nocase ? 'i' : ''
  try {
    var regExp = new RegExp('^' + re + '$', flags)
  } catch (er) /* istanbul ignore next - should be impossible */ {
    // If it was an invalid regular expression, then it can't match
    // anything.  This trick looks for a character after the end of
    // the string, which is of course impossible, except in multi-line
    // mode, but it's not a /m regex.
    return new RegExp('$.')
  }

  regExp._glob = pattern
  regExp._src = re

  return regExp
}

minimatch.makeRe = function (pattern, options) {
  return new Minimatch(pattern, options || {}).makeRe()
}

Minimatch.prototype.makeRe = makeRe
function makeRe () {
  if (this.regexp || this.regexp === false) return this.regexp

  // at this point, this.set is a 2d array of partial
  // pattern strings, or "**".
  //
  // It's better to use .match().  This function shouldn't
  // be used, really, but it's pretty convenient sometimes,
  // when you just want to work with a regex.
  var set = this.set

  if (!set.length) {
    this.regexp = false
    return this.regexp
  }
  var options = this.options

  var twoStar = options.noglobstar ? star
    : options.dot ? twoStarDot
    : twoStarNoDot
  var flags = options.nocase ? 'i' : ''

  var re = set.map(function (pattern) {
    return pattern.map(function (p) {
      return (p === GLOBSTAR) ? twoStar
      : (typeof p === 'string') ? regExpEscape(p)
      : p._src
    }).join('\\\/')
  }).join('|')

  // must match entire pattern
  // ending in a * or ** will make it less strict.
  re = '^(?:' + re + ')$'

  // can match anything, as long as it's not this.
  if (this.negate) re = '^(?!' + re + ').*$'

  try {
    this.regexp = new RegExp(re, flags)
  } catch (ex) /* istanbul ignore next - should be impossible */ {
    this.regexp = false
  }
  return this.regexp
}

minimatch.match = function (list, pattern, options) {
  options = options || {}
  var mm = new Minimatch(pattern, options)
  list = list.filter(function (f) {
    return mm.match(f)
  })
  if (mm.options.nonull && !list.length) {
    list.push(pattern)
  }
  return list
}

Minimatch.prototype.match = function match (f, partial) {
  if (typeof partial === 'undefined') partial = this.partial
  this.debug('match', f, this.pattern)
  // short-circuit in the case of busted things.
  // comments, etc.
  if (this.comment) return false
  if (this.empty) return f === ''

  if (f === '/' && partial) return true

  var options = this.options

  // windows: need to use /, not \
  if (path.sep !== '/') {
    f = f.split(path.sep).join('/')
  }

  // treat the test path as a set of pathparts.
  f = f.split(slashSplit)
  this.debug(this.pattern, 'split', f)

  // just ONE of the pattern sets in this.set needs to match
  // in order for it to be valid.  If negating, then just one
  // match means that we have failed.
  // Either way, return on the first hit.

  var set = this.set
  this.debug(this.pattern, 'set', set)

  // Find the basename of the path by looking for the last non-empty segment
  var filename
  var i
  for (i = f.length - 1; i >= 0; i--) {
    filename = f[i]
    if (filename) break
  }

  for (i = 0; i < set.length; i++) {
    var pattern = set[i]
    var file = f
    if (options.matchBase && pattern.length === 1) {
      file = [filename]
    }
    var hit = this.matchOne(file, pattern, partial)
    if (hit) {
      if (options.flipNegate) return true
      return !this.negate
    }
  }

  // didn't get any hits.  this is success if it's a negative
  // pattern, failure otherwise.
  if (options.flipNegate) return false
  return this.negate
}

// set partial to true to test if, for example,
// "/a/b" matches the start of "/*/b/*/d"
// Partial means, if you run out of file before you run
// out of pattern, then that's fine, as long as all
// the parts match.
Minimatch.prototype.matchOne = function (file, pattern, partial) {
  if (pattern.indexOf(GLOBSTAR) !== -1) {
    return this._matchGlobstar(file, pattern, partial, 0, 0)
  }
  return this._matchOne(file, pattern, partial, 0, 0)
}

Minimatch.prototype._matchGlobstar = function (file, pattern, partial, fileIndex, patternIndex) {
  var i

  // find first globstar from patternIndex
  var firstgs = -1
  for (i = patternIndex; i < pattern.length; i++) {
    if (pattern[i] === GLOBSTAR) { firstgs = i; break }
  }

  // find last globstar
  var lastgs = -1
  for (i = pattern.length - 1; i >= 0; i--) {
    if (pattern[i] === GLOBSTAR) { lastgs = i; break }
  }

  var head = pattern.slice(patternIndex, firstgs)
  var body = partial ? pattern.slice(firstgs + 1) : pattern.slice(firstgs + 1, lastgs)
  var tail = partial ? [] : pattern.slice(lastgs + 1)

  // check the head
  if (head.length) {
    var fileHead = file.slice(fileIndex, fileIndex + head.length)
    if (!this._matchOne(fileHead, head, partial, 0, 0)) {
      return false
    }
    fileIndex += head.length
  }

  // check the tail
  var fileTailMatch = 0
  if (tail.length) {
    if (tail.length + fileIndex > file.length) return false

    var tailStart = file.length - tail.length
    if (this._matchOne(file, tail, partial, tailStart, 0)) {
      fileTailMatch = tail.length
    } else {
      // affordance for stuff like a/**/* matching a/b/
      if (file[file.length - 1] !== '' ||
          fileIndex + tail.length === file.length) {
        return false
      }
      tailStart--
      if (!this._matchOne(file, tail, partial, tailStart, 0)) {
        return false
      }
      fileTailMatch = tail.length + 1
    }
  }

  // if body is empty (single ** between head and tail)
  if (!body.length) {
    var sawSome = !!fileTailMatch
    for (i = fileIndex; i < file.length - fileTailMatch; i++) {
      var f = String(file[i])
      sawSome = true
      if (f === '.' || f === '..' ||
          (!this.options.dot && f.charAt(0) === '.')) {
        return false
      }
    }
    return partial || sawSome
  }

  // split body into segments at each GLOBSTAR
  var bodySegments = [[[], 0]]
  var currentBody = bodySegments[0]
  var nonGsParts = 0
  var nonGsPartsSums = [0]
  for (var bi = 0; bi < body.length; bi++) {
    var b = body[bi]
    if (b === GLOBSTAR) {
      nonGsPartsSums.push(nonGsParts)
      currentBody = [[], 0]
      bodySegments.push(currentBody)
    } else {
      currentBody[0].push(b)
      nonGsParts++
    }
  }

  var idx = bodySegments.length - 1
  var fileLength = file.length - fileTailMatch
  for (var si = 0; si < bodySegments.length; si++) {
    bodySegments[si][1] = fileLength -
      (nonGsPartsSums[idx--] + bodySegments[si][0].length)
  }

  return !!this._matchGlobStarBodySections(
    file, bodySegments, fileIndex, 0, partial, 0, !!fileTailMatch
  )
}

// return false for "nope, not matching"
// return null for "not matching, cannot keep trying"
Minimatch.prototype._matchGlobStarBodySections = function (
  file, bodySegments, fileIndex, bodyIndex, partial, globStarDepth, sawTail
) {
  var bs = bodySegments[bodyIndex]
  if (!bs) {
    // just make sure there are no bad dots
    for (var i = fileIndex; i < file.length; i++) {
      sawTail = true
      var f = file[i]
      if (f === '.' || f === '..' ||
          (!this.options.dot && f.charAt(0) === '.')) {
        return false
      }
    }
    return sawTail
  }

  var body = bs[0]
  var after = bs[1]
  while (fileIndex <= after) {
    var m = this._matchOne(
      file.slice(0, fileIndex + body.length),
      body,
      partial,
      fileIndex,
      0
    )
    // if limit exceeded, no match. intentional false negative,
    // acceptable break in correctness for security.
    if (m && globStarDepth < this.maxGlobstarRecursion) {
      var sub = this._matchGlobStarBodySections(
        file, bodySegments,
        fileIndex + body.length, bodyIndex + 1,
        partial, globStarDepth + 1, sawTail
      )
      if (sub !== false) {
        return sub
      }
    }
    var f = file[fileIndex]
    if (f === '.' || f === '..' ||
        (!this.options.dot && f.charAt(0) === '.')) {
      return false
    }
    fileIndex++
  }
  return partial || null
}

Minimatch.prototype._matchOne = function (file, pattern, partial, fileIndex, patternIndex) {
  var fi, pi, fl, pl
  for (
    fi = fileIndex, pi = patternIndex, fl = file.length, pl = pattern.length
    ; (fi < fl) && (pi < pl)
    ; fi++, pi++
  ) {
    this.debug('matchOne loop')
    var p = pattern[pi]
    var f = file[fi]

    this.debug(pattern, p, f)

    // should be impossible.
    // some invalid regexp stuff in the set.
    /* istanbul ignore if */
    if (p === false || p === GLOBSTAR) return false

    // something other than **
    // non-magic patterns just have to match exactly
    // patterns with magic have been turned into regexps.
    var hit
    if (typeof p === 'string') {
      hit = f === p
      this.debug('string match', p, f, hit)
    } else {
      hit = f.match(p)
      this.debug('pattern match', p, f, hit)
    }

    if (!hit) return false
  }

  // now either we fell off the end of the pattern, or we're done.
  if (fi === fl && pi === pl) {
    // ran out of pattern and filename at the same time.
    // an exact hit!
    return true
  } else if (fi === fl) {
    // ran out of file, but still had pattern left.
    // this is ok if we're doing the match as part of
    // a glob fs traversal.
    return partial
  } else /* istanbul ignore else */ if (pi === pl) {
    // ran out of pattern, still have file left.
    // this is only acceptable if we're on the very last
    // empty segment of a file with a trailing slash.
    // a/* should match a/b/
    return (fi === fl - 1) && (file[fi] === '')
  }

  // should be unreachable.
  /* istanbul ignore next */
  throw new Error('wtf?')
}

// replace stuff like \* with *
function globUnescape (s) {
  return s.replace(/\\(.)/g, '$1')
}

function regExpEscape (s) {
  return s.replace(/[-[\]{}()*+?.,\\^$|#\s]/g, '\\$&')
}


/***/ }),

/***/ 763:
/***/ ((module, exports) => {

exports = module.exports = SemVer

var debug
/* istanbul ignore next */
if (typeof process === 'object' &&
    process.env &&
    process.env.NODE_DEBUG &&
    /\bsemver\b/i.test(process.env.NODE_DEBUG)) {
  debug = function () {
    var args = Array.prototype.slice.call(arguments, 0)
    args.unshift('SEMVER')
    console.log.apply(console, args)
  }
} else {
  debug = function () {}
}

// Note: this is the semver.org version of the spec that it implements
// Not necessarily the package version of this code.
exports.SEMVER_SPEC_VERSION = '2.0.0'

var MAX_LENGTH = 256
var MAX_SAFE_INTEGER = Number.MAX_SAFE_INTEGER ||
  /* istanbul ignore next */ 9007199254740991

// Max safe segment length for coercion.
var MAX_SAFE_COMPONENT_LENGTH = 16

var MAX_SAFE_BUILD_LENGTH = MAX_LENGTH - 6

// The actual regexps go on exports.re
var re = exports.re = []
var safeRe = exports.safeRe = []
var src = exports.src = []
var R = 0

var LETTERDASHNUMBER = '[a-zA-Z0-9-]'

// Replace some greedy regex tokens to prevent regex dos issues. These regex are
// used internally via the safeRe object since all inputs in this library get
// normalized first to trim and collapse all extra whitespace. The original
// regexes are exported for userland consumption and lower level usage. A
// future breaking change could export the safer regex only with a note that
// all input should have extra whitespace removed.
var safeRegexReplacements = [
  ['\\s', 1],
  ['\\d', MAX_LENGTH],
  [LETTERDASHNUMBER, MAX_SAFE_BUILD_LENGTH],
]

function makeSafeRe (value) {
  for (var i = 0; i < safeRegexReplacements.length; i++) {
    var token = safeRegexReplacements[i][0]
    var max = safeRegexReplacements[i][1]
    value = value
      .split(token + '*').join(token + '{0,' + max + '}')
      .split(token + '+').join(token + '{1,' + max + '}')
  }
  return value
}

// The following Regular Expressions can be used for tokenizing,
// validating, and parsing SemVer version strings.

// ## Numeric Identifier
// A single `0`, or a non-zero digit followed by zero or more digits.

var NUMERICIDENTIFIER = R++
src[NUMERICIDENTIFIER] = '0|[1-9]\\d*'
var NUMERICIDENTIFIERLOOSE = R++
src[NUMERICIDENTIFIERLOOSE] = '\\d+'

// ## Non-numeric Identifier
// Zero or more digits, followed by a letter or hyphen, and then zero or
// more letters, digits, or hyphens.

var NONNUMERICIDENTIFIER = R++
src[NONNUMERICIDENTIFIER] = '\\d*[a-zA-Z-]' + LETTERDASHNUMBER + '*'

// ## Main Version
// Three dot-separated numeric identifiers.

var MAINVERSION = R++
src[MAINVERSION] = '(' + src[NUMERICIDENTIFIER] + ')\\.' +
                   '(' + src[NUMERICIDENTIFIER] + ')\\.' +
                   '(' + src[NUMERICIDENTIFIER] + ')'

var MAINVERSIONLOOSE = R++
src[MAINVERSIONLOOSE] = '(' + src[NUMERICIDENTIFIERLOOSE] + ')\\.' +
                        '(' + src[NUMERICIDENTIFIERLOOSE] + ')\\.' +
                        '(' + src[NUMERICIDENTIFIERLOOSE] + ')'

// ## Pre-release Version Identifier
// A numeric identifier, or a non-numeric identifier.

var PRERELEASEIDENTIFIER = R++
src[PRERELEASEIDENTIFIER] = '(?:' + src[NUMERICIDENTIFIER] +
                            '|' + src[NONNUMERICIDENTIFIER] + ')'

var PRERELEASEIDENTIFIERLOOSE = R++
src[PRERELEASEIDENTIFIERLOOSE] = '(?:' + src[NUMERICIDENTIFIERLOOSE] +
                                 '|' + src[NONNUMERICIDENTIFIER] + ')'

// ## Pre-release Version
// Hyphen, followed by one or more dot-separated pre-release version
// identifiers.

var PRERELEASE = R++
src[PRERELEASE] = '(?:-(' + src[PRERELEASEIDENTIFIER] +
                  '(?:\\.' + src[PRERELEASEIDENTIFIER] + ')*))'

var PRERELEASELOOSE = R++
src[PRERELEASELOOSE] = '(?:-?(' + src[PRERELEASEIDENTIFIERLOOSE] +
                       '(?:\\.' + src[PRERELEASEIDENTIFIERLOOSE] + ')*))'

// ## Build Metadata Identifier
// Any combination of digits, letters, or hyphens.

var BUILDIDENTIFIER = R++
src[BUILDIDENTIFIER] = LETTERDASHNUMBER + '+'

// ## Build Metadata
// Plus sign, followed by one or more period-separated build metadata
// identifiers.

var BUILD = R++
src[BUILD] = '(?:\\+(' + src[BUILDIDENTIFIER] +
             '(?:\\.' + src[BUILDIDENTIFIER] + ')*))'

// ## Full Version String
// A main version, followed optionally by a pre-release version and
// build metadata.

// Note that the only major, minor, patch, and pre-release sections of
// the version string are capturing groups.  The build metadata is not a
// capturing group, because it should not ever be used in version
// comparison.

var FULL = R++
var FULLPLAIN = 'v?' + src[MAINVERSION] +
                src[PRERELEASE] + '?' +
                src[BUILD] + '?'

src[FULL] = '^' + FULLPLAIN + '$'

// like full, but allows v1.2.3 and =1.2.3, which people do sometimes.
// also, 1.0.0alpha1 (prerelease without the hyphen) which is pretty
// common in the npm registry.
var LOOSEPLAIN = '[v=\\s]*' + src[MAINVERSIONLOOSE] +
                 src[PRERELEASELOOSE] + '?' +
                 src[BUILD] + '?'

var LOOSE = R++
src[LOOSE] = '^' + LOOSEPLAIN + '$'

var GTLT = R++
src[GTLT] = '((?:<|>)?=?)'

// Something like "2.*" or "1.2.x".
// Note that "x.x" is a valid xRange identifer, meaning "any version"
// Only the first item is strictly required.
var XRANGEIDENTIFIERLOOSE = R++
src[XRANGEIDENTIFIERLOOSE] = src[NUMERICIDENTIFIERLOOSE] + '|x|X|\\*'
var XRANGEIDENTIFIER = R++
src[XRANGEIDENTIFIER] = src[NUMERICIDENTIFIER] + '|x|X|\\*'

var XRANGEPLAIN = R++
src[XRANGEPLAIN] = '[v=\\s]*(' + src[XRANGEIDENTIFIER] + ')' +
                   '(?:\\.(' + src[XRANGEIDENTIFIER] + ')' +
                   '(?:\\.(' + src[XRANGEIDENTIFIER] + ')' +
                   '(?:' + src[PRERELEASE] + ')?' +
                   src[BUILD] + '?' +
                   ')?)?'

var XRANGEPLAINLOOSE = R++
src[XRANGEPLAINLOOSE] = '[v=\\s]*(' + src[XRANGEIDENTIFIERLOOSE] + ')' +
                        '(?:\\.(' + src[XRANGEIDENTIFIERLOOSE] + ')' +
                        '(?:\\.(' + src[XRANGEIDENTIFIERLOOSE] + ')' +
                        '(?:' + src[PRERELEASELOOSE] + ')?' +
                        src[BUILD] + '?' +
                        ')?)?'

var XRANGE = R++
src[XRANGE] = '^' + src[GTLT] + '\\s*' + src[XRANGEPLAIN] + '$'
var XRANGELOOSE = R++
src[XRANGELOOSE] = '^' + src[GTLT] + '\\s*' + src[XRANGEPLAINLOOSE] + '$'

// Coercion.
// Extract anything that could conceivably be a part of a valid semver
var COERCE = R++
src[COERCE] = '(?:^|[^\\d])' +
              '(\\d{1,' + MAX_SAFE_COMPONENT_LENGTH + '})' +
              '(?:\\.(\\d{1,' + MAX_SAFE_COMPONENT_LENGTH + '}))?' +
              '(?:\\.(\\d{1,' + MAX_SAFE_COMPONENT_LENGTH + '}))?' +
              '(?:$|[^\\d])'

// Tilde ranges.
// Meaning is "reasonably at or greater than"
var LONETILDE = R++
src[LONETILDE] = '(?:~>?)'

var TILDETRIM = R++
src[TILDETRIM] = '(\\s*)' + src[LONETILDE] + '\\s+'
re[TILDETRIM] = new RegExp(src[TILDETRIM], 'g')
safeRe[TILDETRIM] = new RegExp(makeSafeRe(src[TILDETRIM]), 'g')
var tildeTrimReplace = '$1~'

var TILDE = R++
src[TILDE] = '^' + src[LONETILDE] + src[XRANGEPLAIN] + '$'
var TILDELOOSE = R++
src[TILDELOOSE] = '^' + src[LONETILDE] + src[XRANGEPLAINLOOSE] + '$'

// Caret ranges.
// Meaning is "at least and backwards compatible with"
var LONECARET = R++
src[LONECARET] = '(?:\\^)'

var CARETTRIM = R++
src[CARETTRIM] = '(\\s*)' + src[LONECARET] + '\\s+'
re[CARETTRIM] = new RegExp(src[CARETTRIM], 'g')
safeRe[CARETTRIM] = new RegExp(makeSafeRe(src[CARETTRIM]), 'g')
var caretTrimReplace = '$1^'

var CARET = R++
src[CARET] = '^' + src[LONECARET] + src[XRANGEPLAIN] + '$'
var CARETLOOSE = R++
src[CARETLOOSE] = '^' + src[LONECARET] + src[XRANGEPLAINLOOSE] + '$'

// A simple gt/lt/eq thing, or just "" to indicate "any version"
var COMPARATORLOOSE = R++
src[COMPARATORLOOSE] = '^' + src[GTLT] + '\\s*(' + LOOSEPLAIN + ')$|^$'
var COMPARATOR = R++
src[COMPARATOR] = '^' + src[GTLT] + '\\s*(' + FULLPLAIN + ')$|^$'

// An expression to strip any whitespace between the gtlt and the thing
// it modifies, so that `> 1.2.3` ==> `>1.2.3`
var COMPARATORTRIM = R++
src[COMPARATORTRIM] = '(\\s*)' + src[GTLT] +
                      '\\s*(' + LOOSEPLAIN + '|' + src[XRANGEPLAIN] + ')'

// this one has to use the /g flag
re[COMPARATORTRIM] = new RegExp(src[COMPARATORTRIM], 'g')
safeRe[COMPARATORTRIM] = new RegExp(makeSafeRe(src[COMPARATORTRIM]), 'g')

// Something like `1.2.3 - 1.2.4`
// Note that these all use the loose form, because they'll be
// checked against either the strict or loose comparator form
// later.
var HYPHENRANGE = R++
src[HYPHENRANGE] = '^\\s*(' + src[XRANGEPLAIN] + ')' +
                   '\\s+-\\s+' +
                   '(' + src[XRANGEPLAIN] + ')' +
                   '\\s*$'

var HYPHENRANGELOOSE = R++
src[HYPHENRANGELOOSE] = '^\\s*(' + src[XRANGEPLAINLOOSE] + ')' +
                        '\\s+-\\s+' +
                        '(' + src[XRANGEPLAINLOOSE] + ')' +
                        '\\s*$'

// Star ranges basically just allow anything at all.
var STAR = R++
src[STAR] = '(<|>)?=?\\s*\\*'

// Compile to actual regexp objects.
// All are flag-free, unless they were created above with a flag.
for (var i = 0; i < R; i++) {
  debug(i, src[i])
  if (!re[i]) {
    re[i] = new RegExp(src[i])

    // Replace all greedy whitespace to prevent regex dos issues. These regex are
    // used internally via the safeRe object since all inputs in this library get
    // normalized first to trim and collapse all extra whitespace. The original
    // regexes are exported for userland consumption and lower level usage. A
    // future breaking change could export the safer regex only with a note that
    // all input should have extra whitespace removed.
    safeRe[i] = new RegExp(makeSafeRe(src[i]))
  }
}

exports.parse = parse
function parse (version, options) {
  if (!options || typeof options !== 'object') {
    options = {
      loose: !!options,
      includePrerelease: false
    }
  }

  if (version instanceof SemVer) {
    return version
  }

  if (typeof version !== 'string') {
    return null
  }

  if (version.length > MAX_LENGTH) {
    return null
  }

  var r = options.loose ? safeRe[LOOSE] : safeRe[FULL]
  if (!r.test(version)) {
    return null
  }

  try {
    return new SemVer(version, options)
  } catch (er) {
    return null
  }
}

exports.valid = valid
function valid (version, options) {
  var v = parse(version, options)
  return v ? v.version : null
}

exports.clean = clean
function clean (version, options) {
  var s = parse(version.trim().replace(/^[=v]+/, ''), options)
  return s ? s.version : null
}

exports.SemVer = SemVer

function SemVer (version, options) {
  if (!options || typeof options !== 'object') {
    options = {
      loose: !!options,
      includePrerelease: false
    }
  }
  if (version instanceof SemVer) {
    if (version.loose === options.loose) {
      return version
    } else {
      version = version.version
    }
  } else if (typeof version !== 'string') {
    throw new TypeError('Invalid Version: ' + version)
  }

  if (version.length > MAX_LENGTH) {
    throw new TypeError('version is longer than ' + MAX_LENGTH + ' characters')
  }

  if (!(this instanceof SemVer)) {
    return new SemVer(version, options)
  }

  debug('SemVer', version, options)
  this.options = options
  this.loose = !!options.loose

  var m = version.trim().match(options.loose ? safeRe[LOOSE] : safeRe[FULL])

  if (!m) {
    throw new TypeError('Invalid Version: ' + version)
  }

  this.raw = version

  // these are actually numbers
  this.major = +m[1]
  this.minor = +m[2]
  this.patch = +m[3]

  if (this.major > MAX_SAFE_INTEGER || this.major < 0) {
    throw new TypeError('Invalid major version')
  }

  if (this.minor > MAX_SAFE_INTEGER || this.minor < 0) {
    throw new TypeError('Invalid minor version')
  }

  if (this.patch > MAX_SAFE_INTEGER || this.patch < 0) {
    throw new TypeError('Invalid patch version')
  }

  // numberify any prerelease numeric ids
  if (!m[4]) {
    this.prerelease = []
  } else {
    this.prerelease = m[4].split('.').map(function (id) {
      if (/^[0-9]+$/.test(id)) {
        var num = +id
        if (num >= 0 && num < MAX_SAFE_INTEGER) {
          return num
        }
      }
      return id
    })
  }

  this.build = m[5] ? m[5].split('.') : []
  this.format()
}

SemVer.prototype.format = function () {
  this.version = this.major + '.' + this.minor + '.' + this.patch
  if (this.prerelease.length) {
    this.version += '-' + this.prerelease.join('.')
  }
  return this.version
}

SemVer.prototype.toString = function () {
  return this.version
}

SemVer.prototype.compare = function (other) {
  debug('SemVer.compare', this.version, this.options, other)
  if (!(other instanceof SemVer)) {
    other = new SemVer(other, this.options)
  }

  return this.compareMain(other) || this.comparePre(other)
}

SemVer.prototype.compareMain = function (other) {
  if (!(other instanceof SemVer)) {
    other = new SemVer(other, this.options)
  }

  return compareIdentifiers(this.major, other.major) ||
         compareIdentifiers(this.minor, other.minor) ||
         compareIdentifiers(this.patch, other.patch)
}

SemVer.prototype.comparePre = function (other) {
  if (!(other instanceof SemVer)) {
    other = new SemVer(other, this.options)
  }

  // NOT having a prerelease is > having one
  if (this.prerelease.length && !other.prerelease.length) {
    return -1
  } else if (!this.prerelease.length && other.prerelease.length) {
    return 1
  } else if (!this.prerelease.length && !other.prerelease.length) {
    return 0
  }

  var i = 0
  do {
    var a = this.prerelease[i]
    var b = other.prerelease[i]
    debug('prerelease compare', i, a, b)
    if (a === undefined && b === undefined) {
      return 0
    } else if (b === undefined) {
      return 1
    } else if (a === undefined) {
      return -1
    } else if (a === b) {
      continue
    } else {
      return compareIdentifiers(a, b)
    }
  } while (++i)
}

// preminor will bump the version up to the next minor release, and immediately
// down to pre-release. premajor and prepatch work the same way.
SemVer.prototype.inc = function (release, identifier) {
  switch (release) {
    case 'premajor':
      this.prerelease.length = 0
      this.patch = 0
      this.minor = 0
      this.major++
      this.inc('pre', identifier)
      break
    case 'preminor':
      this.prerelease.length = 0
      this.patch = 0
      this.minor++
      this.inc('pre', identifier)
      break
    case 'prepatch':
      // If this is already a prerelease, it will bump to the next version
      // drop any prereleases that might already exist, since they are not
      // relevant at this point.
      this.prerelease.length = 0
      this.inc('patch', identifier)
      this.inc('pre', identifier)
      break
    // If the input is a non-prerelease version, this acts the same as
    // prepatch.
    case 'prerelease':
      if (this.prerelease.length === 0) {
        this.inc('patch', identifier)
      }
      this.inc('pre', identifier)
      break

    case 'major':
      // If this is a pre-major version, bump up to the same major version.
      // Otherwise increment major.
      // 1.0.0-5 bumps to 1.0.0
      // 1.1.0 bumps to 2.0.0
      if (this.minor !== 0 ||
          this.patch !== 0 ||
          this.prerelease.length === 0) {
        this.major++
      }
      this.minor = 0
      this.patch = 0
      this.prerelease = []
      break
    case 'minor':
      // If this is a pre-minor version, bump up to the same minor version.
      // Otherwise increment minor.
      // 1.2.0-5 bumps to 1.2.0
      // 1.2.1 bumps to 1.3.0
      if (this.patch !== 0 || this.prerelease.length === 0) {
        this.minor++
      }
      this.patch = 0
      this.prerelease = []
      break
    case 'patch':
      // If this is not a pre-release version, it will increment the patch.
      // If it is a pre-release it will bump up to the same patch version.
      // 1.2.0-5 patches to 1.2.0
      // 1.2.0 patches to 1.2.1
      if (this.prerelease.length === 0) {
        this.patch++
      }
      this.prerelease = []
      break
    // This probably shouldn't be used publicly.
    // 1.0.0 "pre" would become 1.0.0-0 which is the wrong direction.
    case 'pre':
      if (this.prerelease.length === 0) {
        this.prerelease = [0]
      } else {
        var i = this.prerelease.length
        while (--i >= 0) {
          if (typeof this.prerelease[i] === 'number') {
            this.prerelease[i]++
            i = -2
          }
        }
        if (i === -1) {
          // didn't increment anything
          this.prerelease.push(0)
        }
      }
      if (identifier) {
        // 1.2.0-beta.1 bumps to 1.2.0-beta.2,
        // 1.2.0-beta.fooblz or 1.2.0-beta bumps to 1.2.0-beta.0
        if (this.prerelease[0] === identifier) {
          if (isNaN(this.prerelease[1])) {
            this.prerelease = [identifier, 0]
          }
        } else {
          this.prerelease = [identifier, 0]
        }
      }
      break

    default:
      throw new Error('invalid increment argument: ' + release)
  }
  this.format()
  this.raw = this.version
  return this
}

exports.inc = inc
function inc (version, release, loose, identifier) {
  if (typeof (loose) === 'string') {
    identifier = loose
    loose = undefined
  }

  try {
    return new SemVer(version, loose).inc(release, identifier).version
  } catch (er) {
    return null
  }
}

exports.diff = diff
function diff (version1, version2) {
  if (eq(version1, version2)) {
    return null
  } else {
    var v1 = parse(version1)
    var v2 = parse(version2)
    var prefix = ''
    if (v1.prerelease.length || v2.prerelease.length) {
      prefix = 'pre'
      var defaultResult = 'prerelease'
    }
    for (var key in v1) {
      if (key === 'major' || key === 'minor' || key === 'patch') {
        if (v1[key] !== v2[key]) {
          return prefix + key
        }
      }
    }
    return defaultResult // may be undefined
  }
}

exports.compareIdentifiers = compareIdentifiers

var numeric = /^[0-9]+$/
function compareIdentifiers (a, b) {
  var anum = numeric.test(a)
  var bnum = numeric.test(b)

  if (anum && bnum) {
    a = +a
    b = +b
  }

  return a === b ? 0
    : (anum && !bnum) ? -1
    : (bnum && !anum) ? 1
    : a < b ? -1
    : 1
}

exports.rcompareIdentifiers = rcompareIdentifiers
function rcompareIdentifiers (a, b) {
  return compareIdentifiers(b, a)
}

exports.major = major
function major (a, loose) {
  return new SemVer(a, loose).major
}

exports.minor = minor
function minor (a, loose) {
  return new SemVer(a, loose).minor
}

exports.patch = patch
function patch (a, loose) {
  return new SemVer(a, loose).patch
}

exports.compare = compare
function compare (a, b, loose) {
  return new SemVer(a, loose).compare(new SemVer(b, loose))
}

exports.compareLoose = compareLoose
function compareLoose (a, b) {
  return compare(a, b, true)
}

exports.rcompare = rcompare
function rcompare (a, b, loose) {
  return compare(b, a, loose)
}

exports.sort = sort
function sort (list, loose) {
  return list.sort(function (a, b) {
    return exports.compare(a, b, loose)
  })
}

exports.rsort = rsort
function rsort (list, loose) {
  return list.sort(function (a, b) {
    return exports.rcompare(a, b, loose)
  })
}

exports.gt = gt
function gt (a, b, loose) {
  return compare(a, b, loose) > 0
}

exports.lt = lt
function lt (a, b, loose) {
  return compare(a, b, loose) < 0
}

exports.eq = eq
function eq (a, b, loose) {
  return compare(a, b, loose) === 0
}

exports.neq = neq
function neq (a, b, loose) {
  return compare(a, b, loose) !== 0
}

exports.gte = gte
function gte (a, b, loose) {
  return compare(a, b, loose) >= 0
}

exports.lte = lte
function lte (a, b, loose) {
  return compare(a, b, loose) <= 0
}

exports.cmp = cmp
function cmp (a, op, b, loose) {
  switch (op) {
    case '===':
      if (typeof a === 'object')
        a = a.version
      if (typeof b === 'object')
        b = b.version
      return a === b

    case '!==':
      if (typeof a === 'object')
        a = a.version
      if (typeof b === 'object')
        b = b.version
      return a !== b

    case '':
    case '=':
    case '==':
      return eq(a, b, loose)

    case '!=':
      return neq(a, b, loose)

    case '>':
      return gt(a, b, loose)

    case '>=':
      return gte(a, b, loose)

    case '<':
      return lt(a, b, loose)

    case '<=':
      return lte(a, b, loose)

    default:
      throw new TypeError('Invalid operator: ' + op)
  }
}

exports.Comparator = Comparator
function Comparator (comp, options) {
  if (!options || typeof options !== 'object') {
    options = {
      loose: !!options,
      includePrerelease: false
    }
  }

  if (comp instanceof Comparator) {
    if (comp.loose === !!options.loose) {
      return comp
    } else {
      comp = comp.value
    }
  }

  if (!(this instanceof Comparator)) {
    return new Comparator(comp, options)
  }

  comp = comp.trim().split(/\s+/).join(' ')
  debug('comparator', comp, options)
  this.options = options
  this.loose = !!options.loose
  this.parse(comp)

  if (this.semver === ANY) {
    this.value = ''
  } else {
    this.value = this.operator + this.semver.version
  }

  debug('comp', this)
}

var ANY = {}
Comparator.prototype.parse = function (comp) {
  var r = this.options.loose ? safeRe[COMPARATORLOOSE] : safeRe[COMPARATOR]
  var m = comp.match(r)

  if (!m) {
    throw new TypeError('Invalid comparator: ' + comp)
  }

  this.operator = m[1]
  if (this.operator === '=') {
    this.operator = ''
  }

  // if it literally is just '>' or '' then allow anything.
  if (!m[2]) {
    this.semver = ANY
  } else {
    this.semver = new SemVer(m[2], this.options.loose)
  }
}

Comparator.prototype.toString = function () {
  return this.value
}

Comparator.prototype.test = function (version) {
  debug('Comparator.test', version, this.options.loose)

  if (this.semver === ANY) {
    return true
  }

  if (typeof version === 'string') {
    version = new SemVer(version, this.options)
  }

  return cmp(version, this.operator, this.semver, this.options)
}

Comparator.prototype.intersects = function (comp, options) {
  if (!(comp instanceof Comparator)) {
    throw new TypeError('a Comparator is required')
  }

  if (!options || typeof options !== 'object') {
    options = {
      loose: !!options,
      includePrerelease: false
    }
  }

  var rangeTmp

  if (this.operator === '') {
    rangeTmp = new Range(comp.value, options)
    return satisfies(this.value, rangeTmp, options)
  } else if (comp.operator === '') {
    rangeTmp = new Range(this.value, options)
    return satisfies(comp.semver, rangeTmp, options)
  }

  var sameDirectionIncreasing =
    (this.operator === '>=' || this.operator === '>') &&
    (comp.operator === '>=' || comp.operator === '>')
  var sameDirectionDecreasing =
    (this.operator === '<=' || this.operator === '<') &&
    (comp.operator === '<=' || comp.operator === '<')
  var sameSemVer = this.semver.version === comp.semver.version
  var differentDirectionsInclusive =
    (this.operator === '>=' || this.operator === '<=') &&
    (comp.operator === '>=' || comp.operator === '<=')
  var oppositeDirectionsLessThan =
    cmp(this.semver, '<', comp.semver, options) &&
    ((this.operator === '>=' || this.operator === '>') &&
    (comp.operator === '<=' || comp.operator === '<'))
  var oppositeDirectionsGreaterThan =
    cmp(this.semver, '>', comp.semver, options) &&
    ((this.operator === '<=' || this.operator === '<') &&
    (comp.operator === '>=' || comp.operator === '>'))

  return sameDirectionIncreasing || sameDirectionDecreasing ||
    (sameSemVer && differentDirectionsInclusive) ||
    oppositeDirectionsLessThan || oppositeDirectionsGreaterThan
}

exports.Range = Range
function Range (range, options) {
  if (!options || typeof options !== 'object') {
    options = {
      loose: !!options,
      includePrerelease: false
    }
  }

  if (range instanceof Range) {
    if (range.loose === !!options.loose &&
        range.includePrerelease === !!options.includePrerelease) {
      return range
    } else {
      return new Range(range.raw, options)
    }
  }

  if (range instanceof Comparator) {
    return new Range(range.value, options)
  }

  if (!(this instanceof Range)) {
    return new Range(range, options)
  }

  this.options = options
  this.loose = !!options.loose
  this.includePrerelease = !!options.includePrerelease

  // First reduce all whitespace as much as possible so we do not have to rely
  // on potentially slow regexes like \s*. This is then stored and used for
  // future error messages as well.
  this.raw = range
    .trim()
    .split(/\s+/)
    .join(' ')

  // First, split based on boolean or ||
  this.set = this.raw.split('||').map(function (range) {
    return this.parseRange(range.trim())
  }, this).filter(function (c) {
    // throw out any that are not relevant for whatever reason
    return c.length
  })

  if (!this.set.length) {
    throw new TypeError('Invalid SemVer Range: ' + this.raw)
  }

  this.format()
}

Range.prototype.format = function () {
  this.range = this.set.map(function (comps) {
    return comps.join(' ').trim()
  }).join('||').trim()
  return this.range
}

Range.prototype.toString = function () {
  return this.range
}

function isWhitespace (char) {
  var code = char && char.charCodeAt(0)
  return (code >= 0x0009 && code <= 0x000d) ||
    code === 0x0020 || code === 0x00a0 || code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 || code === 0x2029 || code === 0x202f ||
    code === 0x205f || code === 0x3000 || code === 0xfeff
}

function isVersionPrefix (char) {
  return char === 'v' || char === '=' || isWhitespace(char)
}

function isDigit (char) {
  return char !== undefined && char >= '0' && char <= '9'
}

function isLetter (char) {
  return char !== undefined &&
    ((char >= 'a' && char <= 'z') || (char >= 'A' && char <= 'Z'))
}

function isIdentifierCharacter (char) {
  return isDigit(char) || isLetter(char) || char === '-'
}

function isVersionStart (char) {
  return isDigit(char) || char === 'x' || char === 'X' || char === '*'
}

function findDigitsEndIndex (range, start, limit, digitRuns) {
  if (!isDigit(range[start])) {
    return start
  }
  if (start >= digitRuns.start && start < digitRuns.end) {
    return Math.min(start + limit, digitRuns.end)
  }
  if (start >= digitRuns.previousStart && start < digitRuns.previousEnd) {
    return Math.min(start + limit, digitRuns.previousEnd)
  }
  var end = start + 1
  while (isDigit(range[end])) {
    end++
  }
  // A failed full version can rewind from its second digit run to its first.
  digitRuns.previousStart = digitRuns.start
  digitRuns.previousEnd = digitRuns.end
  digitRuns.start = start
  digitRuns.end = end
  return Math.min(start + limit, end)
}

function findVersionNumberEndIndex (range, start, loose, digitRuns) {
  if (!loose && range[start] === '0') {
    return start + 1
  }
  return findDigitsEndIndex(range, start, loose ? MAX_LENGTH : MAX_LENGTH + 1, digitRuns)
}

function findPrereleaseIdentifierEndIndex (range, start, loose, digitRuns) {
  // Unlike v7, the legacy regex tries numeric identifiers before nonnumeric ones.
  if (isDigit(range[start])) {
    return findVersionNumberEndIndex(range, start, loose, digitRuns)
  }
  if (!isLetter(range[start]) && range[start] !== '-') {
    return start
  }
  var end = start + 1
  var limit = end + MAX_SAFE_BUILD_LENGTH
  while (end < limit && isIdentifierCharacter(range[end])) {
    end++
  }
  return end
}

function findPrereleaseEndIndex (range, start, loose, digitRuns) {
  var hyphen = range[start] === '-'
  if (!loose && !hyphen) {
    return start
  }
  var identifierStart = start + (hyphen ? 1 : 0)
  var end = findPrereleaseIdentifierEndIndex(range, identifierStart, loose, digitRuns)
  if (end === identifierStart) {
    if (!loose || !hyphen) {
      return start
    }
    end = findPrereleaseIdentifierEndIndex(range, start, loose, digitRuns)
  }
  while (range[end] === '.') {
    var next = findPrereleaseIdentifierEndIndex(range, end + 1, loose, digitRuns)
    if (next === end + 1) {
      break
    }
    end = next
  }
  return end
}

function findBuildEndIndex (range, start) {
  if (range[start] !== '+') {
    return start
  }
  var end = start + 1
  do {
    var identifierStart = end
    while (end - identifierStart < MAX_SAFE_BUILD_LENGTH &&
        isIdentifierCharacter(range[end])) {
      end++
    }
    if (end === identifierStart) {
      return identifierStart === start + 1 ? start : end - 1
    }
    if (range[end] !== '.') {
      return end
    }
    end++
  } while (true)
}

function findLooseFullVersionEndIndex (range, start, digitRuns) {
  var end = start
  for (var component = 0; component < 3; component++) {
    var next = findVersionNumberEndIndex(range, end, true, digitRuns)
    if (next === end) {
      return start
    }
    end = next
    if (component < 2) {
      if (range[end] !== '.') {
        return start
      }
      end++
    }
  }
  return findBuildEndIndex(range, findPrereleaseEndIndex(range, end, true, digitRuns))
}

function findPartialVersionComponentEndIndex (range, start, digitRuns) {
  if (isDigit(range[start])) {
    return findVersionNumberEndIndex(range, start, false, digitRuns)
  }
  return isVersionStart(range[start]) ? start + 1 : start
}

function findVersionEndIndex (range, start, digitRuns) {
  var end = findLooseFullVersionEndIndex(range, start, digitRuns)
  if (end !== start) {
    return end
  }
  end = findPartialVersionComponentEndIndex(range, start, digitRuns)
  for (var component = 0; component < 2; component++) {
    if (range[end] !== '.') {
      return end
    }
    var next = findPartialVersionComponentEndIndex(range, end + 1, digitRuns)
    if (next === end + 1) {
      return end
    }
    end = next
  }
  return findBuildEndIndex(range, findPrereleaseEndIndex(range, end, false, digitRuns))
}

function findRemovableWhitespaceIndex (range, position) {
  if (isWhitespace(range[position])) {
    position++
  }
  if (range[position] === '<' || range[position] === '>') {
    position++
  }
  if (range[position] === '=') {
    position++
  }
  return isWhitespace(range[position]) ? position : -1
}

function trimComparatorWhitespace (range) {
  var result = ''
  var copyFrom = 0
  var cursor = 0
  var digitRuns = { start: -1, end: -1, previousStart: -1, previousEnd: -1 }
  while (cursor < range.length) {
    var matchStart = cursor
    if (range[cursor] === '<' || range[cursor] === '>') {
      cursor++
    } else if (!isVersionPrefix(range[cursor]) && !isVersionStart(range[cursor])) {
      cursor++
      continue
    }
    while (cursor < range.length && isVersionPrefix(range[cursor])) {
      cursor++
    }
    if (!isVersionStart(range[cursor])) {
      continue
    }
    var whitespacePosition = findRemovableWhitespaceIndex(range, matchStart)
    if (whitespacePosition !== -1) {
      result += range.slice(copyFrom, whitespacePosition)
      copyFrom = whitespacePosition + 1
    }
    // Preserve match boundaries inside prerelease and build identifiers.
    cursor = findVersionEndIndex(range, cursor, digitRuns)
  }
  return result + range.slice(copyFrom)
}

Range.prototype.parseRange = function (range) {
  var loose = this.options.loose
  // `1.2.3 - 1.2.4` => `>=1.2.3 <=1.2.4`
  var hr = loose ? safeRe[HYPHENRANGELOOSE] : safeRe[HYPHENRANGE]
  range = range.replace(hr, hyphenReplace)
  debug('hyphen replace', range)
  // `> 1.2.3 < 1.2.5` => `>1.2.3 <1.2.5`
  range = trimComparatorWhitespace(range)
  debug('comparator trim', range)

  // `~ 1.2.3` => `~1.2.3`
  range = range.replace(safeRe[TILDETRIM], tildeTrimReplace)

  // `^ 1.2.3` => `^1.2.3`
  range = range.replace(safeRe[CARETTRIM], caretTrimReplace)

  // At this point, the range is completely trimmed and
  // ready to be split into comparators.
  var compRe = loose ? safeRe[COMPARATORLOOSE] : safeRe[COMPARATOR]
  var set = range.split(' ').map(function (comp) {
    return parseComparator(comp, this.options)
  }, this).join(' ').split(/\s+/)
  if (this.options.loose) {
    // in loose mode, throw out any that are not valid comparators
    set = set.filter(function (comp) {
      return !!comp.match(compRe)
    })
  }
  set = set.map(function (comp) {
    return new Comparator(comp, this.options)
  }, this)

  return set
}

Range.prototype.intersects = function (range, options) {
  if (!(range instanceof Range)) {
    throw new TypeError('a Range is required')
  }

  return this.set.some(function (thisComparators) {
    return thisComparators.every(function (thisComparator) {
      return range.set.some(function (rangeComparators) {
        return rangeComparators.every(function (rangeComparator) {
          return thisComparator.intersects(rangeComparator, options)
        })
      })
    })
  })
}

// Mostly just for testing and legacy API reasons
exports.toComparators = toComparators
function toComparators (range, options) {
  return new Range(range, options).set.map(function (comp) {
    return comp.map(function (c) {
      return c.value
    }).join(' ').trim().split(' ')
  })
}

// comprised of xranges, tildes, stars, and gtlt's at this point.
// already replaced the hyphen ranges
// turn into a set of JUST comparators.
function parseComparator (comp, options) {
  debug('comp', comp, options)
  comp = replaceCarets(comp, options)
  debug('caret', comp)
  comp = replaceTildes(comp, options)
  debug('tildes', comp)
  comp = replaceXRanges(comp, options)
  debug('xrange', comp)
  comp = replaceStars(comp, options)
  debug('stars', comp)
  return comp
}

function isX (id) {
  return !id || id.toLowerCase() === 'x' || id === '*'
}

// ~, ~> --> * (any, kinda silly)
// ~2, ~2.x, ~2.x.x, ~>2, ~>2.x ~>2.x.x --> >=2.0.0 <3.0.0
// ~2.0, ~2.0.x, ~>2.0, ~>2.0.x --> >=2.0.0 <2.1.0
// ~1.2, ~1.2.x, ~>1.2, ~>1.2.x --> >=1.2.0 <1.3.0
// ~1.2.3, ~>1.2.3 --> >=1.2.3 <1.3.0
// ~1.2.0, ~>1.2.0 --> >=1.2.0 <1.3.0
function replaceTildes (comp, options) {
  return comp.trim().split(/\s+/).map(function (comp) {
    return replaceTilde(comp, options)
  }).join(' ')
}

function replaceTilde (comp, options) {
  var r = options.loose ? safeRe[TILDELOOSE] : safeRe[TILDE]
  return comp.replace(r, function (_, M, m, p, pr) {
    debug('tilde', comp, _, M, m, p, pr)
    var ret

    if (isX(M)) {
      ret = ''
    } else if (isX(m)) {
      ret = '>=' + M + '.0.0 <' + (+M + 1) + '.0.0'
    } else if (isX(p)) {
      // ~1.2 == >=1.2.0 <1.3.0
      ret = '>=' + M + '.' + m + '.0 <' + M + '.' + (+m + 1) + '.0'
    } else if (pr) {
      debug('replaceTilde pr', pr)
      ret = '>=' + M + '.' + m + '.' + p + '-' + pr +
            ' <' + M + '.' + (+m + 1) + '.0'
    } else {
      // ~1.2.3 == >=1.2.3 <1.3.0
      ret = '>=' + M + '.' + m + '.' + p +
            ' <' + M + '.' + (+m + 1) + '.0'
    }

    debug('tilde return', ret)
    return ret
  })
}

// ^ --> * (any, kinda silly)
// ^2, ^2.x, ^2.x.x --> >=2.0.0 <3.0.0
// ^2.0, ^2.0.x --> >=2.0.0 <3.0.0
// ^1.2, ^1.2.x --> >=1.2.0 <2.0.0
// ^1.2.3 --> >=1.2.3 <2.0.0
// ^1.2.0 --> >=1.2.0 <2.0.0
function replaceCarets (comp, options) {
  return comp.trim().split(/\s+/).map(function (comp) {
    return replaceCaret(comp, options)
  }).join(' ')
}

function replaceCaret (comp, options) {
  debug('caret', comp, options)
  var r = options.loose ? safeRe[CARETLOOSE] : safeRe[CARET]
  return comp.replace(r, function (_, M, m, p, pr) {
    debug('caret', comp, _, M, m, p, pr)
    var ret

    if (isX(M)) {
      ret = ''
    } else if (isX(m)) {
      ret = '>=' + M + '.0.0 <' + (+M + 1) + '.0.0'
    } else if (isX(p)) {
      if (M === '0') {
        ret = '>=' + M + '.' + m + '.0 <' + M + '.' + (+m + 1) + '.0'
      } else {
        ret = '>=' + M + '.' + m + '.0 <' + (+M + 1) + '.0.0'
      }
    } else if (pr) {
      debug('replaceCaret pr', pr)
      if (M === '0') {
        if (m === '0') {
          ret = '>=' + M + '.' + m + '.' + p + '-' + pr +
                ' <' + M + '.' + m + '.' + (+p + 1)
        } else {
          ret = '>=' + M + '.' + m + '.' + p + '-' + pr +
                ' <' + M + '.' + (+m + 1) + '.0'
        }
      } else {
        ret = '>=' + M + '.' + m + '.' + p + '-' + pr +
              ' <' + (+M + 1) + '.0.0'
      }
    } else {
      debug('no pr')
      if (M === '0') {
        if (m === '0') {
          ret = '>=' + M + '.' + m + '.' + p +
                ' <' + M + '.' + m + '.' + (+p + 1)
        } else {
          ret = '>=' + M + '.' + m + '.' + p +
                ' <' + M + '.' + (+m + 1) + '.0'
        }
      } else {
        ret = '>=' + M + '.' + m + '.' + p +
              ' <' + (+M + 1) + '.0.0'
      }
    }

    debug('caret return', ret)
    return ret
  })
}

function replaceXRanges (comp, options) {
  debug('replaceXRanges', comp, options)
  return comp.split(/\s+/).map(function (comp) {
    return replaceXRange(comp, options)
  }).join(' ')
}

function replaceXRange (comp, options) {
  comp = comp.trim()
  var r = options.loose ? safeRe[XRANGELOOSE] : safeRe[XRANGE]
  return comp.replace(r, function (ret, gtlt, M, m, p, pr) {
    debug('xRange', comp, ret, gtlt, M, m, p, pr)
    var xM = isX(M)
    var xm = xM || isX(m)
    var xp = xm || isX(p)
    var anyX = xp

    if (gtlt === '=' && anyX) {
      gtlt = ''
    }

    if (xM) {
      if (gtlt === '>' || gtlt === '<') {
        // nothing is allowed
        ret = '<0.0.0'
      } else {
        // nothing is forbidden
        ret = '*'
      }
    } else if (gtlt && anyX) {
      // we know patch is an x, because we have any x at all.
      // replace X with 0
      if (xm) {
        m = 0
      }
      p = 0

      if (gtlt === '>') {
        // >1 => >=2.0.0
        // >1.2 => >=1.3.0
        // >1.2.3 => >= 1.2.4
        gtlt = '>='
        if (xm) {
          M = +M + 1
          m = 0
          p = 0
        } else {
          m = +m + 1
          p = 0
        }
      } else if (gtlt === '<=') {
        // <=0.7.x is actually <0.8.0, since any 0.7.x should
        // pass.  Similarly, <=7.x is actually <8.0.0, etc.
        gtlt = '<'
        if (xm) {
          M = +M + 1
        } else {
          m = +m + 1
        }
      }

      ret = gtlt + M + '.' + m + '.' + p
    } else if (xm) {
      ret = '>=' + M + '.0.0 <' + (+M + 1) + '.0.0'
    } else if (xp) {
      ret = '>=' + M + '.' + m + '.0 <' + M + '.' + (+m + 1) + '.0'
    }

    debug('xRange return', ret)

    return ret
  })
}

// Because * is AND-ed with everything else in the comparator,
// and '' means "any version", just remove the *s entirely.
function replaceStars (comp, options) {
  debug('replaceStars', comp, options)
  // Looseness is ignored here.  star is always as loose as it gets!
  return comp.trim().replace(safeRe[STAR], '')
}

// This function is passed to string.replace(safeRe[HYPHENRANGE])
// M, m, patch, prerelease, build
// 1.2 - 3.4.5 => >=1.2.0 <=3.4.5
// 1.2.3 - 3.4 => >=1.2.0 <3.5.0 Any 3.4.x will do
// 1.2 - 3.4 => >=1.2.0 <3.5.0
function hyphenReplace ($0,
  from, fM, fm, fp, fpr, fb,
  to, tM, tm, tp, tpr, tb) {
  if (isX(fM)) {
    from = ''
  } else if (isX(fm)) {
    from = '>=' + fM + '.0.0'
  } else if (isX(fp)) {
    from = '>=' + fM + '.' + fm + '.0'
  } else {
    from = '>=' + from
  }

  if (isX(tM)) {
    to = ''
  } else if (isX(tm)) {
    to = '<' + (+tM + 1) + '.0.0'
  } else if (isX(tp)) {
    to = '<' + tM + '.' + (+tm + 1) + '.0'
  } else if (tpr) {
    to = '<=' + tM + '.' + tm + '.' + tp + '-' + tpr
  } else {
    to = '<=' + to
  }

  return (from + ' ' + to).trim()
}

// if ANY of the sets match ALL of its comparators, then pass
Range.prototype.test = function (version) {
  if (!version) {
    return false
  }

  if (typeof version === 'string') {
    version = new SemVer(version, this.options)
  }

  for (var i = 0; i < this.set.length; i++) {
    if (testSet(this.set[i], version, this.options)) {
      return true
    }
  }
  return false
}

function testSet (set, version, options) {
  for (var i = 0; i < set.length; i++) {
    if (!set[i].test(version)) {
      return false
    }
  }

  if (version.prerelease.length && !options.includePrerelease) {
    // Find the set of versions that are allowed to have prereleases
    // For example, ^1.2.3-pr.1 desugars to >=1.2.3-pr.1 <2.0.0
    // That should allow `1.2.3-pr.2` to pass.
    // However, `1.2.4-alpha.notready` should NOT be allowed,
    // even though it's within the range set by the comparators.
    for (i = 0; i < set.length; i++) {
      debug(set[i].semver)
      if (set[i].semver === ANY) {
        continue
      }

      if (set[i].semver.prerelease.length > 0) {
        var allowed = set[i].semver
        if (allowed.major === version.major &&
            allowed.minor === version.minor &&
            allowed.patch === version.patch) {
          return true
        }
      }
    }

    // Version has a -pre, but it's not one of the ones we like.
    return false
  }

  return true
}

exports.satisfies = satisfies
function satisfies (version, range, options) {
  try {
    range = new Range(range, options)
  } catch (er) {
    return false
  }
  return range.test(version)
}

exports.maxSatisfying = maxSatisfying
function maxSatisfying (versions, range, options) {
  var max = null
  var maxSV = null
  try {
    var rangeObj = new Range(range, options)
  } catch (er) {
    return null
  }
  versions.forEach(function (v) {
    if (rangeObj.test(v)) {
      // satisfies(v, range, options)
      if (!max || maxSV.compare(v) === -1) {
        // compare(max, v, true)
        max = v
        maxSV = new SemVer(max, options)
      }
    }
  })
  return max
}

exports.minSatisfying = minSatisfying
function minSatisfying (versions, range, options) {
  var min = null
  var minSV = null
  try {
    var rangeObj = new Range(range, options)
  } catch (er) {
    return null
  }
  versions.forEach(function (v) {
    if (rangeObj.test(v)) {
      // satisfies(v, range, options)
      if (!min || minSV.compare(v) === 1) {
        // compare(min, v, true)
        min = v
        minSV = new SemVer(min, options)
      }
    }
  })
  return min
}

exports.minVersion = minVersion
function minVersion (range, loose) {
  range = new Range(range, loose)

  var minver = new SemVer('0.0.0')
  if (range.test(minver)) {
    return minver
  }

  minver = new SemVer('0.0.0-0')
  if (range.test(minver)) {
    return minver
  }

  minver = null
  for (var i = 0; i < range.set.length; ++i) {
    var comparators = range.set[i]

    comparators.forEach(function (comparator) {
      // Clone to avoid manipulating the comparator's semver object.
      var compver = new SemVer(comparator.semver.version)
      switch (comparator.operator) {
        case '>':
          if (compver.prerelease.length === 0) {
            compver.patch++
          } else {
            compver.prerelease.push(0)
          }
          compver.raw = compver.format()
          /* fallthrough */
        case '':
        case '>=':
          if (!minver || gt(minver, compver)) {
            minver = compver
          }
          break
        case '<':
        case '<=':
          /* Ignore maximum versions */
          break
        /* istanbul ignore next */
        default:
          throw new Error('Unexpected operation: ' + comparator.operator)
      }
    })
  }

  if (minver && range.test(minver)) {
    return minver
  }

  return null
}

exports.validRange = validRange
function validRange (range, options) {
  try {
    // Return '*' instead of '' so that truthiness works.
    // This will throw if it's invalid anyway
    return new Range(range, options).range || '*'
  } catch (er) {
    return null
  }
}

// Determine if version is less than all the versions possible in the range
exports.ltr = ltr
function ltr (version, range, options) {
  return outside(version, range, '<', options)
}

// Determine if version is greater than all the versions possible in the range.
exports.gtr = gtr
function gtr (version, range, options) {
  return outside(version, range, '>', options)
}

exports.outside = outside
function outside (version, range, hilo, options) {
  version = new SemVer(version, options)
  range = new Range(range, options)

  var gtfn, ltefn, ltfn, comp, ecomp
  switch (hilo) {
    case '>':
      gtfn = gt
      ltefn = lte
      ltfn = lt
      comp = '>'
      ecomp = '>='
      break
    case '<':
      gtfn = lt
      ltefn = gte
      ltfn = gt
      comp = '<'
      ecomp = '<='
      break
    default:
      throw new TypeError('Must provide a hilo val of "<" or ">"')
  }

  // If it satisifes the range it is not outside
  if (satisfies(version, range, options)) {
    return false
  }

  // From now on, variable terms are as if we're in "gtr" mode.
  // but note that everything is flipped for the "ltr" function.

  for (var i = 0; i < range.set.length; ++i) {
    var comparators = range.set[i]

    var high = null
    var low = null

    comparators.forEach(function (comparator) {
      if (comparator.semver === ANY) {
        comparator = new Comparator('>=0.0.0')
      }
      high = high || comparator
      low = low || comparator
      if (gtfn(comparator.semver, high.semver, options)) {
        high = comparator
      } else if (ltfn(comparator.semver, low.semver, options)) {
        low = comparator
      }
    })

    // If the edge version comparator has a operator then our version
    // isn't outside it
    if (high.operator === comp || high.operator === ecomp) {
      return false
    }

    // If the lowest version comparator has an operator and our version
    // is less than it then it isn't higher than the range
    if ((!low.operator || low.operator === comp) &&
        ltefn(version, low.semver)) {
      return false
    } else if (low.operator === ecomp && ltfn(version, low.semver)) {
      return false
    }
  }
  return true
}

exports.prerelease = prerelease
function prerelease (version, options) {
  var parsed = parse(version, options)
  return (parsed && parsed.prerelease.length) ? parsed.prerelease : null
}

exports.intersects = intersects
function intersects (r1, r2, options) {
  r1 = new Range(r1, options)
  r2 = new Range(r2, options)
  return r1.intersects(r2)
}

exports.coerce = coerce
function coerce (version) {
  if (version instanceof SemVer) {
    return version
  }

  if (typeof version !== 'string') {
    return null
  }

  var match = version.match(safeRe[COERCE])

  if (match == null) {
    return null
  }

  return parse(match[1] +
    '.' + (match[2] || '0') +
    '.' + (match[3] || '0'))
}


/***/ }),

/***/ 358:
/***/ (function(__unused_webpack_module, exports, __nccwpck_require__) {


var __spreadArray = (this && this.__spreadArray) || function (to, from, pack) {
    if (pack || arguments.length === 2) for (var i = 0, l = from.length, ar; i < l; i++) {
        if (ar || !(i in from)) {
            if (!ar) ar = Array.prototype.slice.call(from, 0, i);
            ar[i] = from[i];
        }
    }
    return to.concat(ar || Array.prototype.slice.call(from));
};
Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.getPlatform = exports.osType = exports.writeFile = exports.exist = exports.stats = exports.debug = exports.error = exports.warning = exports.command = exports.setTaskVariable = exports.getTaskVariable = exports.getSecureFileTicket = exports.getSecureFileName = exports.getEndpointAuthorization = exports.getEndpointAuthorizationParameterRequired = exports.getEndpointAuthorizationParameter = exports.getEndpointAuthorizationSchemeRequired = exports.getEndpointAuthorizationScheme = exports.getEndpointDataParameterRequired = exports.getEndpointDataParameter = exports.getEndpointUrlRequired = exports.getEndpointUrl = exports.getPathInputRequired = exports.getPathInput = exports.filePathSupplied = exports.getDelimitedInput = exports.getPipelineFeature = exports.getBoolFeatureFlag = exports.getBoolInput = exports.getInputRequired = exports.getInput = exports.setSecret = exports.setVariable = exports.getVariables = exports.assertAgent = exports.getVariable = exports.loc = exports.setResourcePath = exports.setSanitizedResult = exports.setResult = exports.setErrStream = exports.setStdStream = exports.AgentHostedMode = exports.Platform = exports.IssueSource = exports.FieldType = exports.ArtifactType = exports.IssueType = exports.TaskState = exports.TaskResult = void 0;
exports.defaultAllowedVsoCommands = exports.errorExternalOutput = exports.warningExternalOutput = exports.debugExternalOutput = exports.writeExternalOutput = exports.createExternalOutputStream = exports.updateReleaseName = exports.addBuildTag = exports.updateBuildNumber = exports.uploadBuildLog = exports.associateArtifact = exports.uploadArtifact = exports.logIssue = exports.logDetail = exports.setProgress = exports.setEndpoint = exports.addAttachment = exports.uploadSummary = exports.prependPath = exports.uploadFile = exports.CodeCoverageEnabler = exports.CodeCoveragePublisher = exports.TestPublisher = exports.getHttpCertConfiguration = exports.getHttpProxyConfiguration = exports.findMatch = exports.filter = exports.match = exports.tool = exports.execSync = exports.exec = exports.execAsync = exports.rmRF = exports.legacyFindFiles = exports.find = exports.retry = exports.mv = exports.cp = exports.ls = exports.which = exports.resolve = exports.mkdirP = exports.popd = exports.pushd = exports.cd = exports.checkPath = exports.cwd = exports.getSprint = exports.getAgentMode = exports.getNodeMajorVersion = void 0;
var childProcess = __nccwpck_require__(317);
var fs = __nccwpck_require__(896);
var path = __nccwpck_require__(928);
var os = __nccwpck_require__(857);
var minimatch = __nccwpck_require__(533);
var im = __nccwpck_require__(202);
var tcm = __nccwpck_require__(373);
var trm = __nccwpck_require__(419);
var eom = __nccwpck_require__(37);
var semver = __nccwpck_require__(763);
var TaskResult;
(function (TaskResult) {
    TaskResult[TaskResult["Succeeded"] = 0] = "Succeeded";
    TaskResult[TaskResult["SucceededWithIssues"] = 1] = "SucceededWithIssues";
    TaskResult[TaskResult["Failed"] = 2] = "Failed";
    TaskResult[TaskResult["Cancelled"] = 3] = "Cancelled";
    TaskResult[TaskResult["Skipped"] = 4] = "Skipped";
})(TaskResult = exports.TaskResult || (exports.TaskResult = {}));
var TaskState;
(function (TaskState) {
    TaskState[TaskState["Unknown"] = 0] = "Unknown";
    TaskState[TaskState["Initialized"] = 1] = "Initialized";
    TaskState[TaskState["InProgress"] = 2] = "InProgress";
    TaskState[TaskState["Completed"] = 3] = "Completed";
})(TaskState = exports.TaskState || (exports.TaskState = {}));
var IssueType;
(function (IssueType) {
    IssueType[IssueType["Error"] = 0] = "Error";
    IssueType[IssueType["Warning"] = 1] = "Warning";
})(IssueType = exports.IssueType || (exports.IssueType = {}));
var ArtifactType;
(function (ArtifactType) {
    ArtifactType[ArtifactType["Container"] = 0] = "Container";
    ArtifactType[ArtifactType["FilePath"] = 1] = "FilePath";
    ArtifactType[ArtifactType["VersionControl"] = 2] = "VersionControl";
    ArtifactType[ArtifactType["GitRef"] = 3] = "GitRef";
    ArtifactType[ArtifactType["TfvcLabel"] = 4] = "TfvcLabel";
})(ArtifactType = exports.ArtifactType || (exports.ArtifactType = {}));
var FieldType;
(function (FieldType) {
    FieldType[FieldType["AuthParameter"] = 0] = "AuthParameter";
    FieldType[FieldType["DataParameter"] = 1] = "DataParameter";
    FieldType[FieldType["Url"] = 2] = "Url";
})(FieldType = exports.FieldType || (exports.FieldType = {}));
exports.IssueSource = im.IssueSource;
/** Platforms supported by our build agent */
var Platform;
(function (Platform) {
    Platform[Platform["Windows"] = 0] = "Windows";
    Platform[Platform["MacOS"] = 1] = "MacOS";
    Platform[Platform["Linux"] = 2] = "Linux";
})(Platform = exports.Platform || (exports.Platform = {}));
var AgentHostedMode;
(function (AgentHostedMode) {
    AgentHostedMode[AgentHostedMode["Unknown"] = 0] = "Unknown";
    AgentHostedMode[AgentHostedMode["SelfHosted"] = 1] = "SelfHosted";
    AgentHostedMode[AgentHostedMode["MsHosted"] = 2] = "MsHosted";
})(AgentHostedMode = exports.AgentHostedMode || (exports.AgentHostedMode = {}));
var SPRINT_ONE_START_UTC_MS = Date.UTC(2010, 7, 14, 0, 0, 0, 0);
var DAYS_PER_WEEK = 7;
var DAYS_PER_SPRINT = 21;
var MILLISECONDS_PER_DAY = 24 * 60 * 60 * 1000;
//-----------------------------------------------------
// General Helpers
//-----------------------------------------------------
exports.setStdStream = im._setStdStream;
exports.setErrStream = im._setErrStream;
function setResult(result, message, done) {
    (0, exports.debug)('task result: ' + TaskResult[result]);
    // add an error issue
    if (result == TaskResult.Failed && message) {
        (0, exports.error)(message, exports.IssueSource.TaskInternal);
    }
    else if (result == TaskResult.SucceededWithIssues && message) {
        (0, exports.warning)(message, exports.IssueSource.TaskInternal);
    }
    // task.complete
    var properties = { 'result': TaskResult[result] };
    if (done) {
        properties['done'] = 'true';
    }
    (0, exports.command)('task.complete', properties, message);
}
exports.setResult = setResult;
/**
 * Sets the result of the task with sanitized message.
 *
 * @param result    TaskResult enum of Succeeded, SucceededWithIssues, Failed, Cancelled or Skipped.
 * @param message   A message which will be logged as an error issue if the result is Failed. Message will be truncated
 *                  before first occurence of wellknown sensitive keyword.
 * @param done      Optional. Instructs the agent the task is done. This is helpful when child processes
 *                  may still be running and prevent node from fully exiting. This argument is supported
 *                  from agent version 2.142.0 or higher (otherwise will no-op).
 * @returns         void
 */
function setSanitizedResult(result, message, done) {
    var pattern = /password|key|secret|bearer|authorization|token|pat/i;
    var sanitizedMessage = im._truncateBeforeSensitiveKeyword(message, pattern);
    setResult(result, sanitizedMessage, done);
}
exports.setSanitizedResult = setSanitizedResult;
//
// Catching all exceptions
//
process.on('uncaughtException', function (err) {
    if (!im.isSigPipeError(err)) {
        setResult(TaskResult.Failed, (0, exports.loc)('LIB_UnhandledEx', err.message));
        (0, exports.error)(String(err.stack), im.IssueSource.TaskInternal);
    }
});
//
// Catching unhandled rejections from promises and rethrowing them as exceptions
// For example, a promise that is rejected but not handled by a .catch() handler in node 10
// doesn't cause an uncaughtException but causes in Node 16.
// For types definitions(Error | Any) see https://nodejs.org/docs/latest-v16.x/api/process.html#event-unhandledrejection
//
process.on('unhandledRejection', function (reason) {
    if (reason instanceof Error) {
        throw reason;
    }
    else {
        throw new Error(reason);
    }
});
//-----------------------------------------------------
// Loc Helpers
//-----------------------------------------------------
exports.setResourcePath = im._setResourcePath;
exports.loc = im._loc;
//-----------------------------------------------------
// Input Helpers
//-----------------------------------------------------
exports.getVariable = im._getVariable;
/**
 * Asserts the agent version is at least the specified minimum.
 *
 * @param    minimum    minimum version version - must be 2.104.1 or higher
 */
function assertAgent(minimum) {
    if (semver.lt(minimum, '2.104.1')) {
        throw new Error('assertAgent() requires the parameter to be 2.104.1 or higher');
    }
    var agent = (0, exports.getVariable)('Agent.Version');
    (0, exports.debug)('Detected Agent.Version=' + (agent ? agent : 'undefined'));
    if (agent && semver.lt(agent, minimum)) {
        throw new Error("Agent version ".concat(minimum, " or higher is required. Detected Agent version: ").concat(agent));
    }
}
exports.assertAgent = assertAgent;
/**
 * Gets a snapshot of the current state of all job variables available to the task.
 * Requires a 2.104.1 agent or higher for full functionality.
 *
 * Limitations on an agent prior to 2.104.1:
 *  1) The return value does not include all public variables. Only public variables
 *     that have been added using setVariable are returned.
 *  2) The name returned for each secret variable is the formatted environment variable
 *     name, not the actual variable name (unless it was set explicitly at runtime using
 *     setVariable).
 *
 * @returns VariableInfo[]
 */
function getVariables() {
    return Object.keys(im._knownVariableMap)
        .map(function (key) {
        var info = im._knownVariableMap[key];
        return { name: info.name, value: (0, exports.getVariable)(info.name), secret: info.secret };
    });
}
exports.getVariables = getVariables;
/**
 * Sets a variable which will be available to subsequent tasks as well.
 *
 * @param     name     name of the variable to set
 * @param     val      value to set
 * @param     secret   whether variable is secret.  Multi-line secrets are not allowed.  Optional, defaults to false
 * @param     isOutput whether variable is an output variable.  Optional, defaults to false
 * @returns   void
 */
function setVariable(name, val, secret, isOutput) {
    if (secret === void 0) { secret = false; }
    if (isOutput === void 0) { isOutput = false; }
    // once a secret always a secret
    var key = im._getVariableKey(name);
    if (im._knownVariableMap.hasOwnProperty(key)) {
        secret = secret || im._knownVariableMap[key].secret;
    }
    // store the value
    var varValue = val || '';
    (0, exports.debug)('set ' + name + '=' + (secret && varValue ? '********' : varValue));
    if (secret) {
        if (varValue && varValue.match(/\r|\n/) && "".concat(process.env['SYSTEM_UNSAFEALLOWMULTILINESECRET']).toUpperCase() != 'TRUE') {
            throw new Error((0, exports.loc)('LIB_MultilineSecret'));
        }
        im._vault.storeSecret('SECRET_' + key, varValue);
        delete process.env[key];
    }
    else {
        process.env[key] = varValue;
    }
    // store the metadata
    im._knownVariableMap[key] = { name: name, secret: secret };
    // write the setvariable command
    (0, exports.command)('task.setvariable', { 'variable': name || '', isOutput: (isOutput || false).toString(), 'issecret': (secret || false).toString() }, varValue);
}
exports.setVariable = setVariable;
/**
 * Registers a value with the logger, so the value will be masked from the logs.  Multi-line secrets are not allowed.
 *
 * @param val value to register
 */
function setSecret(val) {
    if (val) {
        if (val.match(/\r|\n/) && "".concat(process.env['SYSTEM_UNSAFEALLOWMULTILINESECRET']).toUpperCase() !== 'TRUE') {
            throw new Error((0, exports.loc)('LIB_MultilineSecret'));
        }
        (0, exports.command)('task.setsecret', {}, val);
    }
}
exports.setSecret = setSecret;
/**
 * Gets the value of an input.
 * If required is true and the value is not set, it will throw.
 *
 * @param     name     name of the input to get
 * @param     required whether input is required.  optional, defaults to false
 * @returns   string
 */
function getInput(name, required) {
    var inval = im._vault.retrieveSecret('INPUT_' + im._getVariableKey(name));
    if (required && !inval) {
        throw new Error((0, exports.loc)('LIB_InputRequired', name));
    }
    (0, exports.debug)(name + '=' + inval);
    return inval;
}
exports.getInput = getInput;
/**
 * Gets the value of an input.
 * If the value is not set, it will throw.
 *
 * @param     name     name of the input to get
 * @returns   string
 */
function getInputRequired(name) {
    return getInput(name, true);
}
exports.getInputRequired = getInputRequired;
/**
 * Gets the value of an input and converts to a bool.  Convenience.
 * If required is true and the value is not set, it will throw.
 * If required is false and the value is not set, returns false.
 *
 * @param     name     name of the bool input to get
 * @param     required whether input is required.  optional, defaults to false
 * @returns   boolean
 */
function getBoolInput(name, required) {
    return (getInput(name, required) || '').toUpperCase() == "TRUE";
}
exports.getBoolInput = getBoolInput;
/**
 * Gets the value of an feature flag and converts to a bool.
 * @IMPORTANT This method is only for internal Microsoft development. Do not use it for external tasks.
 * @param     name     name of the feature flag to get.
 * @param     defaultValue default value of the feature flag in case it's not found in env. (optional. Default value = false)
 * @returns   boolean
 * @deprecated Don't use this for new development. Use getPipelineFeature instead.
 */
function getBoolFeatureFlag(ffName, defaultValue) {
    if (defaultValue === void 0) { defaultValue = false; }
    var ffValue = process.env[ffName];
    if (!ffValue) {
        (0, exports.debug)("Feature flag ".concat(ffName, " not found. Returning ").concat(defaultValue, " as default."));
        return defaultValue;
    }
    (0, exports.debug)("Feature flag ".concat(ffName, " = ").concat(ffValue));
    return ffValue.toLowerCase() === "true";
}
exports.getBoolFeatureFlag = getBoolFeatureFlag;
/**
 * Gets the value of an task feature and converts to a bool.
 * @IMPORTANT This method is only for internal Microsoft development. Do not use it for external tasks.
 * @param     name     name of the feature to get.
 * @returns   boolean
 */
function getPipelineFeature(featureName) {
    var variableName = im._getVariableKey("DistributedTask.Tasks.".concat(featureName));
    var featureValue = process.env[variableName];
    if (!featureValue) {
        (0, exports.debug)("Feature '".concat(featureName, "' not found. Returning false as default."));
        return false;
    }
    var boolValue = featureValue.toLowerCase() === "true";
    (0, exports.debug)("Feature '".concat(featureName, "' = '").concat(featureValue, "'. Processed as '").concat(boolValue, "'."));
    return boolValue;
}
exports.getPipelineFeature = getPipelineFeature;
/**
 * Gets the value of an input and splits the value using a delimiter (space, comma, etc).
 * Empty values are removed.  This function is useful for splitting an input containing a simple
 * list of items - such as build targets.
 * IMPORTANT: Do not use this function for splitting additional args!  Instead use argString(), which
 * follows normal argument splitting rules and handles values encapsulated by quotes.
 * If required is true and the value is not set, it will throw.
 *
 * @param     name     name of the input to get
 * @param     delim    delimiter to split on
 * @param     required whether input is required.  optional, defaults to false
 * @returns   string[]
 */
function getDelimitedInput(name, delim, required) {
    var inputVal = getInput(name, required);
    if (!inputVal) {
        return [];
    }
    var result = [];
    inputVal.split(delim).forEach(function (x) {
        if (x) {
            result.push(x);
        }
    });
    return result;
}
exports.getDelimitedInput = getDelimitedInput;
/**
 * Checks whether a path inputs value was supplied by the user
 * File paths are relative with a picker, so an empty path is the root of the repo.
 * Useful if you need to condition work (like append an arg) if a value was supplied
 *
 * @param     name      name of the path input to check
 * @returns   boolean
 */
function filePathSupplied(name) {
    // normalize paths
    var pathValue = this.resolve(this.getPathInput(name) || '');
    var repoRoot = this.resolve((0, exports.getVariable)('build.sourcesDirectory') || (0, exports.getVariable)('system.defaultWorkingDirectory') || '');
    var supplied = pathValue !== repoRoot;
    (0, exports.debug)(name + 'path supplied :' + supplied);
    return supplied;
}
exports.filePathSupplied = filePathSupplied;
/**
 * Gets the value of a path input
 * It will be quoted for you if it isn't already and contains spaces
 * If required is true and the value is not set, it will throw.
 * If check is true and the path does not exist, it will throw.
 *
 * @param     name      name of the input to get
 * @param     required  whether input is required.  optional, defaults to false
 * @param     check     whether path is checked.  optional, defaults to false
 * @returns   string
 */
function getPathInput(name, required, check) {
    var inval = getInput(name, required);
    if (inval) {
        if (check) {
            (0, exports.checkPath)(inval, name);
        }
    }
    return inval;
}
exports.getPathInput = getPathInput;
/**
 * Gets the value of a path input
 * It will be quoted for you if it isn't already and contains spaces
 * If the value is not set, it will throw.
 * If check is true and the path does not exist, it will throw.
 *
 * @param     name      name of the input to get
 * @param     check     whether path is checked.  optional, defaults to false
 * @returns   string
 */
function getPathInputRequired(name, check) {
    return getPathInput(name, true, check);
}
exports.getPathInputRequired = getPathInputRequired;
//-----------------------------------------------------
// Endpoint Helpers
//-----------------------------------------------------
/**
 * Gets the url for a service endpoint
 * If the url was not set and is not optional, it will throw.
 *
 * @param     id        name of the service endpoint
 * @param     optional  whether the url is optional
 * @returns   string
 */
function getEndpointUrl(id, optional) {
    var urlval = process.env['ENDPOINT_URL_' + id];
    if (!optional && !urlval) {
        throw new Error((0, exports.loc)('LIB_EndpointNotExist', id));
    }
    (0, exports.debug)(id + '=' + urlval);
    return urlval;
}
exports.getEndpointUrl = getEndpointUrl;
/**
 * Gets the url for a service endpoint
 * If the url was not set, it will throw.
 *
 * @param     id        name of the service endpoint
 * @returns   string
 */
function getEndpointUrlRequired(id) {
    return getEndpointUrl(id, false);
}
exports.getEndpointUrlRequired = getEndpointUrlRequired;
/*
 * Gets the endpoint data parameter value with specified key for a service endpoint
 * If the endpoint data parameter was not set and is not optional, it will throw.
 *
 * @param id name of the service endpoint
 * @param key of the parameter
 * @param optional whether the endpoint data is optional
 * @returns {string} value of the endpoint data parameter
 */
function getEndpointDataParameter(id, key, optional) {
    var dataParamVal = process.env['ENDPOINT_DATA_' + id + '_' + key.toUpperCase()];
    if (!optional && !dataParamVal) {
        throw new Error((0, exports.loc)('LIB_EndpointDataNotExist', id, key));
    }
    (0, exports.debug)(id + ' data ' + key + ' = ' + dataParamVal);
    return dataParamVal;
}
exports.getEndpointDataParameter = getEndpointDataParameter;
/*
 * Gets the endpoint data parameter value with specified key for a service endpoint
 * If the endpoint data parameter was not set, it will throw.
 *
 * @param id name of the service endpoint
 * @param key of the parameter
 * @returns {string} value of the endpoint data parameter
 */
function getEndpointDataParameterRequired(id, key) {
    return getEndpointDataParameter(id, key, false);
}
exports.getEndpointDataParameterRequired = getEndpointDataParameterRequired;
/**
 * Gets the endpoint authorization scheme for a service endpoint
 * If the endpoint authorization scheme is not set and is not optional, it will throw.
 *
 * @param id name of the service endpoint
 * @param optional whether the endpoint authorization scheme is optional
 * @returns {string} value of the endpoint authorization scheme
 */
function getEndpointAuthorizationScheme(id, optional) {
    var authScheme = im._vault.retrieveSecret('ENDPOINT_AUTH_SCHEME_' + id);
    if (!optional && !authScheme) {
        throw new Error((0, exports.loc)('LIB_EndpointAuthNotExist', id));
    }
    (0, exports.debug)(id + ' auth scheme = ' + authScheme);
    return authScheme;
}
exports.getEndpointAuthorizationScheme = getEndpointAuthorizationScheme;
/**
 * Gets the endpoint authorization scheme for a service endpoint
 * If the endpoint authorization scheme is not set, it will throw.
 *
 * @param id name of the service endpoint
 * @returns {string} value of the endpoint authorization scheme
 */
function getEndpointAuthorizationSchemeRequired(id) {
    return getEndpointAuthorizationScheme(id, false);
}
exports.getEndpointAuthorizationSchemeRequired = getEndpointAuthorizationSchemeRequired;
/**
 * Gets the endpoint authorization parameter value for a service endpoint with specified key
 * If the endpoint authorization parameter is not set and is not optional, it will throw.
 *
 * @param id name of the service endpoint
 * @param key key to find the endpoint authorization parameter
 * @param optional optional whether the endpoint authorization scheme is optional
 * @returns {string} value of the endpoint authorization parameter value
 */
function getEndpointAuthorizationParameter(id, key, optional) {
    var authParam = im._vault.retrieveSecret('ENDPOINT_AUTH_PARAMETER_' + id + '_' + key.toUpperCase());
    if (!optional && !authParam) {
        throw new Error((0, exports.loc)('LIB_EndpointAuthNotExist', id));
    }
    (0, exports.debug)(id + ' auth param ' + key + ' = ' + authParam);
    return authParam;
}
exports.getEndpointAuthorizationParameter = getEndpointAuthorizationParameter;
/**
 * Gets the endpoint authorization parameter value for a service endpoint with specified key
 * If the endpoint authorization parameter is not set, it will throw.
 *
 * @param id name of the service endpoint
 * @param key key to find the endpoint authorization parameter
 * @returns {string} value of the endpoint authorization parameter value
 */
function getEndpointAuthorizationParameterRequired(id, key) {
    return getEndpointAuthorizationParameter(id, key, false);
}
exports.getEndpointAuthorizationParameterRequired = getEndpointAuthorizationParameterRequired;
/**
 * Gets the authorization details for a service endpoint
 * If the authorization was not set and is not optional, it will set the task result to Failed.
 *
 * @param     id        name of the service endpoint
 * @param     optional  whether the url is optional
 * @returns   string
 */
function getEndpointAuthorization(id, optional) {
    var aval = im._vault.retrieveSecret('ENDPOINT_AUTH_' + id);
    if (!optional && !aval) {
        setResult(TaskResult.Failed, (0, exports.loc)('LIB_EndpointAuthNotExist', id));
    }
    (0, exports.debug)(id + ' exists ' + (!!aval));
    var auth;
    try {
        if (aval) {
            auth = JSON.parse(aval);
        }
    }
    catch (err) {
        throw new Error((0, exports.loc)('LIB_InvalidEndpointAuth', aval));
    }
    return auth;
}
exports.getEndpointAuthorization = getEndpointAuthorization;
//-----------------------------------------------------
// SecureFile Helpers
//-----------------------------------------------------
/**
 * Gets the name for a secure file
 *
 * @param     id        secure file id
 * @returns   string
 */
function getSecureFileName(id) {
    var name = process.env['SECUREFILE_NAME_' + id];
    (0, exports.debug)('secure file name for id ' + id + ' = ' + name);
    return name;
}
exports.getSecureFileName = getSecureFileName;
/**
  * Gets the secure file ticket that can be used to download the secure file contents
  *
  * @param id name of the secure file
  * @returns {string} secure file ticket
  */
function getSecureFileTicket(id) {
    var ticket = im._vault.retrieveSecret('SECUREFILE_TICKET_' + id);
    (0, exports.debug)('secure file ticket for id ' + id + ' = ' + ticket);
    return ticket;
}
exports.getSecureFileTicket = getSecureFileTicket;
//-----------------------------------------------------
// Task Variable Helpers
//-----------------------------------------------------
/**
 * Gets a variable value that is set by previous step from the same wrapper task.
 * Requires a 2.115.0 agent or higher.
 *
 * @param     name     name of the variable to get
 * @returns   string
 */
function getTaskVariable(name) {
    assertAgent('2.115.0');
    var inval = im._vault.retrieveSecret('VSTS_TASKVARIABLE_' + im._getVariableKey(name));
    if (inval) {
        inval = inval.trim();
    }
    (0, exports.debug)('task variable: ' + name + '=' + inval);
    return inval;
}
exports.getTaskVariable = getTaskVariable;
/**
 * Sets a task variable which will only be available to subsequent steps belong to the same wrapper task.
 * Requires a 2.115.0 agent or higher.
 *
 * @param     name    name of the variable to set
 * @param     val     value to set
 * @param     secret  whether variable is secret.  optional, defaults to false
 * @returns   void
 */
function setTaskVariable(name, val, secret) {
    if (secret === void 0) { secret = false; }
    assertAgent('2.115.0');
    var key = im._getVariableKey(name);
    // store the value
    var varValue = val || '';
    (0, exports.debug)('set task variable: ' + name + '=' + (secret && varValue ? '********' : varValue));
    im._vault.storeSecret('VSTS_TASKVARIABLE_' + key, varValue);
    delete process.env[key];
    // write the command
    (0, exports.command)('task.settaskvariable', { 'variable': name || '', 'issecret': (secret || false).toString() }, varValue);
}
exports.setTaskVariable = setTaskVariable;
//-----------------------------------------------------
// Cmd Helpers
//-----------------------------------------------------
exports.command = im._command;
exports.warning = im._warning;
exports.error = im._error;
exports.debug = im._debug;
//-----------------------------------------------------
// Disk Functions
//-----------------------------------------------------
/**
 * Get's stat on a path.
 * Useful for checking whether a file or directory.  Also getting created, modified and accessed time.
 * see [fs.stat](https://nodejs.org/api/fs.html#fs_class_fs_stats)
 *
 * @param     path      path to check
 * @returns   fsStat
 */
function stats(path) {
    return fs.statSync(path);
}
exports.stats = stats;
exports.exist = im._exist;
function writeFile(file, data, options) {
    if (typeof (options) === 'string') {
        fs.writeFileSync(file, data, { encoding: options });
    }
    else {
        fs.writeFileSync(file, data, options);
    }
}
exports.writeFile = writeFile;
/**
 * @deprecated Use `getPlatform`
 * Useful for determining the host operating system.
 * see [os.type](https://nodejs.org/api/os.html#os_os_type)
 *
 * @return      the name of the operating system
 */
function osType() {
    return os.type();
}
exports.osType = osType;
/**
 * Determine the operating system the build agent is running on.
 * @returns {Platform}
 * @throws {Error} Platform is not supported by our agent
 */
function getPlatform() {
    switch (process.platform) {
        case 'win32': return Platform.Windows;
        case 'darwin': return Platform.MacOS;
        case 'linux': return Platform.Linux;
        default: throw Error((0, exports.loc)('LIB_PlatformNotSupported', process.platform));
    }
}
exports.getPlatform = getPlatform;
/**
 * Resolves major version of Node.js engine used by the agent.
 * @returns {Number} Node's major version.
 */
function getNodeMajorVersion() {
    var _a;
    var version = (_a = process === null || process === void 0 ? void 0 : process.versions) === null || _a === void 0 ? void 0 : _a.node;
    if (!version) {
        throw new Error((0, exports.loc)('LIB_UndefinedNodeVersion'));
    }
    var parts = version.split('.').map(Number);
    if (parts.length < 1) {
        return NaN;
    }
    return parts[0];
}
exports.getNodeMajorVersion = getNodeMajorVersion;
/**
 * Return hosted type of Agent
 * @returns {AgentHostedMode}
 */
function getAgentMode() {
    var agentCloudId = (0, exports.getVariable)('Agent.CloudId');
    if (agentCloudId === undefined)
        return AgentHostedMode.Unknown;
    if (agentCloudId)
        return AgentHostedMode.MsHosted;
    return AgentHostedMode.SelfHosted;
}
exports.getAgentMode = getAgentMode;
/**
 * Calculates sprint and week using the same cadence as whatsprintis.it.
 *
 * @param date Optional date to evaluate. Defaults to the current date/time.
 * @returns SprintInfo with `sprint` and `week` properties.
 */
function getSprint(date) {
    var targetDate = date || new Date();
    var elapsedDays = Math.floor((targetDate.getTime() - SPRINT_ONE_START_UTC_MS) / MILLISECONDS_PER_DAY);
    var sprintIndex = Math.floor(elapsedDays / DAYS_PER_SPRINT);
    var dayWithinSprint = ((elapsedDays % DAYS_PER_SPRINT) + DAYS_PER_SPRINT) % DAYS_PER_SPRINT;
    return {
        sprint: sprintIndex + 1,
        week: Math.floor(dayWithinSprint / DAYS_PER_WEEK) + 1
    };
}
exports.getSprint = getSprint;
/**
 * Returns the process's current working directory.
 * see [process.cwd](https://nodejs.org/api/process.html#process_process_cwd)
 *
 * @return      the path to the current working directory of the process
 */
function cwd() {
    return process.cwd();
}
exports.cwd = cwd;
exports.checkPath = im._checkPath;
/**
 * Change working directory.
 *
 * @param   {string} path - New working directory path
 * @returns {void}
 */
function cd(path) {
    if (path === '-') {
        if (!process.env.OLDPWD) {
            throw new Error((0, exports.loc)('LIB_NotFoundPreviousDirectory'));
        }
        else {
            path = process.env.OLDPWD;
        }
    }
    if (path === '~') {
        path = os.homedir();
    }
    if (!fs.existsSync(path)) {
        throw new Error((0, exports.loc)('LIB_PathNotFound', 'cd', path));
    }
    if (!fs.statSync(path).isDirectory()) {
        throw new Error((0, exports.loc)('LIB_PathIsNotADirectory', path));
    }
    try {
        var currentPath = process.cwd();
        process.chdir(path);
        process.env.OLDPWD = currentPath;
    }
    catch (error) {
        (0, exports.debug)((0, exports.loc)('LIB_OperationFailed', 'cd', error));
    }
}
exports.cd = cd;
var dirStack = [];
function getActualStack() {
    return [process.cwd()].concat(dirStack);
}
/**
 * Change working directory and push it on the stack
 *
 * @param   {string} dir - New working directory path
 * @returns {void}
 */
function pushd(dir) {
    if (dir === void 0) { dir = ''; }
    var dirs = getActualStack();
    var maybeIndex = parseInt(dir);
    if (dir === '+0') {
        return dirs;
    }
    else if (dir.length === 0) {
        if (dirs.length > 1) {
            dirs.splice.apply(dirs, __spreadArray([0, 0], dirs.splice(1, 1), false));
        }
        else {
            throw new Error((0, exports.loc)('LIB_DirectoryStackEmpty'));
        }
    }
    else if (!isNaN(maybeIndex)) {
        if (maybeIndex < dirStack.length + 1) {
            maybeIndex = dir.charAt(0) === '-' ? maybeIndex - 1 : maybeIndex;
        }
        dirs.splice.apply(dirs, __spreadArray([0, dirs.length], dirs.slice(maybeIndex).concat(dirs.slice(0, maybeIndex)), false));
    }
    else {
        dirs.unshift(dir);
    }
    var _path = path.resolve(dirs.shift());
    try {
        cd(_path);
    }
    catch (error) {
        if (!fs.existsSync(_path)) {
            throw new Error((0, exports.loc)('Not found', 'pushd', _path));
        }
        throw error;
    }
    dirStack.splice.apply(dirStack, __spreadArray([0, dirStack.length], dirs, false));
    return getActualStack();
}
exports.pushd = pushd;
/**
 * Change working directory back to previously pushed directory
 *
 * @param   {string} index - Index to remove from the stack
 * @returns {void}
 */
function popd(index) {
    if (index === void 0) { index = ''; }
    if (dirStack.length === 0) {
        throw new Error((0, exports.loc)('LIB_DirectoryStackEmpty'));
    }
    var maybeIndex = parseInt(index);
    if (isNaN(maybeIndex)) {
        maybeIndex = 0;
    }
    else if (maybeIndex < dirStack.length + 1) {
        maybeIndex = index.charAt(0) === '-' ? maybeIndex - 1 : maybeIndex;
    }
    if (maybeIndex > 0 || dirStack.length + maybeIndex === 0) {
        maybeIndex = maybeIndex > 0 ? maybeIndex - 1 : maybeIndex;
        dirStack.splice(maybeIndex, 1);
    }
    else {
        var _path = path.resolve(dirStack.shift());
        cd(_path);
    }
    return getActualStack();
}
exports.popd = popd;
/**
 * Make a directory. Creates the full path with folders in between
 * Will throw if it fails
 *
 * @param   {string} p - Path to create
 * @returns {void}
 */
function mkdirP(p) {
    if (!p) {
        throw new Error((0, exports.loc)('LIB_ParameterIsRequired', 'p'));
    }
    // build a stack of directories to create
    var stack = [];
    var testDir = p;
    while (true) {
        // validate the loop is not out of control
        if (stack.length >= Number(process.env['TASKLIB_TEST_MKDIRP_FAILSAFE'] || 1000)) {
            // let the framework throw
            (0, exports.debug)('loop is out of control');
            fs.mkdirSync(p);
            return;
        }
        (0, exports.debug)("testing directory '".concat(testDir, "'"));
        var stats_1 = void 0;
        try {
            stats_1 = fs.statSync(testDir);
        }
        catch (err) {
            if (err.code == 'ENOENT') {
                // validate the directory is not the drive root
                var parentDir = path.dirname(testDir);
                if (testDir == parentDir) {
                    throw new Error((0, exports.loc)('LIB_MkdirFailedInvalidDriveRoot', p, testDir)); // Unable to create directory '{p}'. Root directory does not exist: '{testDir}'
                }
                // push the dir and test the parent
                stack.push(testDir);
                testDir = parentDir;
                continue;
            }
            else if (err.code == 'UNKNOWN') {
                throw new Error((0, exports.loc)('LIB_MkdirFailedInvalidShare', p, testDir)); // Unable to create directory '{p}'. Unable to verify the directory exists: '{testDir}'. If directory is a file share, please verify the share name is correct, the share is online, and the current process has permission to access the share.
            }
            else {
                throw err;
            }
        }
        if (!stats_1.isDirectory()) {
            throw new Error((0, exports.loc)('LIB_MkdirFailedFileExists', p, testDir)); // Unable to create directory '{p}'. Conflicting file exists: '{testDir}'
        }
        // testDir exists
        break;
    }
    // create each directory
    while (stack.length) {
        var dir = stack.pop(); // non-null because `stack.length` was truthy
        (0, exports.debug)("mkdir '".concat(dir, "'"));
        try {
            fs.mkdirSync(dir);
        }
        catch (err) {
            throw new Error((0, exports.loc)('LIB_MkdirFailed', p, err.message)); // Unable to create directory '{p}'. {err.message}
        }
    }
}
exports.mkdirP = mkdirP;
/**
 * Resolves a sequence of paths or path segments into an absolute path.
 * Calls node.js path.resolve()
 * Allows L0 testing with consistent path formats on Mac/Linux and Windows in the mock implementation
 * @param pathSegments
 * @returns {string}
 */
function resolve() {
    var pathSegments = [];
    for (var _i = 0; _i < arguments.length; _i++) {
        pathSegments[_i] = arguments[_i];
    }
    var absolutePath = path.resolve.apply(this, pathSegments);
    (0, exports.debug)('Absolute path for pathSegments: ' + pathSegments + ' = ' + absolutePath);
    return absolutePath;
}
exports.resolve = resolve;
exports.which = im._which;
/**
 * Returns array of files in the given path, or in current directory if no path provided.
 * @param  {unknown}   optionsOrPaths  - Available options: -R (recursive), -A (all files, include files beginning with ., except for . and ..)
 * @param  {unknown[]} paths           - Paths to search.
 * @return {string[]}                  - An array of files in the given path(s).
 */
function ls(optionsOrPaths) {
    var paths = [];
    for (var _i = 1; _i < arguments.length; _i++) {
        paths[_i - 1] = arguments[_i];
    }
    var isRecursive = false;
    var includeHidden = false;
    if (typeof optionsOrPaths === 'string' && optionsOrPaths.startsWith('-')) {
        var options = String(optionsOrPaths).toLowerCase();
        isRecursive = options.includes('r');
        includeHidden = options.includes('a');
    }
    if (Array.isArray(paths)) {
        paths = flattenArray(paths);
    }
    // If the first argument is not options, then it is a path
    if (typeof optionsOrPaths !== 'string' || !optionsOrPaths.startsWith('-')) {
        var pathsFromOptions = [];
        if (Array.isArray(optionsOrPaths)) {
            pathsFromOptions = optionsOrPaths;
        }
        else if (optionsOrPaths && typeof optionsOrPaths === 'string') {
            pathsFromOptions = [optionsOrPaths];
        }
        if (paths === undefined || paths.length === 0) {
            paths = pathsFromOptions;
        }
        else {
            paths.push.apply(paths, pathsFromOptions);
        }
    }
    if (paths.length === 0) {
        paths.push(path.resolve('.'));
    }
    var pathsCopy = __spreadArray([], paths, true);
    var preparedPaths = [];
    var fileEntries = [];
    try {
        var remainingPaths = [];
        while (paths.length > 0) {
            var pathEntry = resolve(paths.shift());
            if (pathEntry === null || pathEntry === void 0 ? void 0 : pathEntry.includes('*')) {
                remainingPaths.push(pathEntry);
                continue;
            }
            var stats_2 = fs.lstatSync(pathEntry);
            if (stats_2.isFile()) {
                var fileName = path.basename(pathEntry);
                fileEntries.push(fileName);
            }
            else {
                remainingPaths.push(pathEntry);
            }
        }
        paths.push.apply(paths, remainingPaths);
        var _loop_1 = function () {
            var pathEntry = resolve(paths.shift());
            if (pathEntry === null || pathEntry === void 0 ? void 0 : pathEntry.includes('*')) {
                paths.push.apply(paths, findMatch(path.dirname(pathEntry), [path.basename(pathEntry)]));
                return "continue";
            }
            if (fs.lstatSync(pathEntry).isDirectory()) {
                preparedPaths.push.apply(preparedPaths, fs.readdirSync(pathEntry).map(function (file) { return path.join(pathEntry, file); }));
            }
            else {
                preparedPaths.push(pathEntry);
            }
        };
        while (paths.length > 0) {
            _loop_1();
        }
        var entries = [];
        var _loop_2 = function () {
            var entry = preparedPaths.shift();
            var entrybasename = path.basename(entry);
            if (entry === null || entry === void 0 ? void 0 : entry.includes('*')) {
                preparedPaths.push.apply(preparedPaths, findMatch(path.dirname(entry), [entrybasename]));
                return "continue";
            }
            if (!includeHidden && entrybasename.startsWith('.') && entrybasename !== '.' && entrybasename !== '..') {
                return "continue";
            }
            var baseDir = safeFind(pathsCopy, function (p) { return entry.startsWith(path.resolve(p)); }) || path.resolve('.');
            if (fs.lstatSync(entry).isDirectory() && isRecursive) {
                preparedPaths.push.apply(preparedPaths, fs.readdirSync(entry).map(function (x) { return path.join(entry, x); }));
                entries.push(path.relative(baseDir, entry));
            }
            else {
                entries.push(path.relative(baseDir, entry));
            }
        };
        while (preparedPaths.length > 0) {
            _loop_2();
        }
        var finalResults = __spreadArray(__spreadArray([], fileEntries, true), entries, true);
        return finalResults;
    }
    catch (error) {
        if (error.code === 'ENOENT') {
            throw new Error((0, exports.loc)('LIB_PathNotFound', 'ls', error.message));
        }
        else {
            throw new Error((0, exports.loc)('LIB_OperationFailed', 'ls', error));
        }
    }
}
exports.ls = ls;
function flattenArray(arr) {
    return arr.reduce(function (flat, toFlatten) {
        return flat.concat(Array.isArray(toFlatten) ? flattenArray(toFlatten) : toFlatten);
    }, []);
}
/**
 * Copies a file or folder.
 * @param   {string}  sourceOrOptions          - Either the source path or an option string '-r', '-f' , '-n' or '-rfn' for recursive, force and no-clobber.
 * @param   {string}  destinationOrSource      - Destination path or the source path.
 * @param   {string}  [optionsOrDestination]   - Options string or the destination path.
 * @param   {boolean} [continueOnError=false]  - Optional. Whether to continue on error.
 * @param   {number}  [retryCount=0]           - Optional. Retry count to copy the file. It might help to resolve intermittent issues e.g. with UNC target paths on a remote host.
 * @returns {void}
 */
function cp(sourceOrOptions, destinationOrSource, optionsOrDestination, continueOnError, retryCount) {
    if (continueOnError === void 0) { continueOnError = false; }
    if (retryCount === void 0) { retryCount = 0; }
    retry(function () {
        var recursive = false;
        var force = true;
        var source = String(sourceOrOptions);
        var destination = destinationOrSource;
        var options = '';
        if (typeof sourceOrOptions === 'string' && sourceOrOptions.startsWith('-')) {
            options = sourceOrOptions.toLowerCase();
            recursive = options.includes('r');
            force = !options.includes('n');
            source = destinationOrSource;
            destination = String(optionsOrDestination);
        }
        else if (typeof optionsOrDestination === 'string' && optionsOrDestination && optionsOrDestination.startsWith('-')) {
            options = optionsOrDestination.toLowerCase();
            recursive = options.includes('r');
            force = !options.includes('n');
            source = String(sourceOrOptions);
            destination = destinationOrSource;
        }
        if (!fs.existsSync(destination) && !force) {
            throw new Error((0, exports.loc)('LIB_PathNotFound', 'cp', destination));
        }
        var isPattern = /[*?{\[]/.test(source) || /[@+!]\(/.test(source);
        if (isPattern) {
            var defaultRoot = (0, exports.getVariable)('system.defaultWorkingDirectory') || process.cwd();
            var matches = findMatch(defaultRoot, [source], undefined, { nonegate: true, nocomment: true });
            var resolvedMatches = matches.filter(function (src) { return path.resolve(src) !== path.resolve(source); });
            for (var _i = 0, resolvedMatches_1 = resolvedMatches; _i < resolvedMatches_1.length; _i++) {
                var src = resolvedMatches_1[_i];
                cp(src, destination, options, continueOnError, retryCount);
            }
            if (matches.length > 0 && resolvedMatches.length === matches.length) {
                return;
            }
            if (matches.length === 0) {
                (0, exports.debug)("No matches found for the pattern: ".concat(source, ". Fallback to check for the literal path."));
            }
        }
        var lstatSource = fs.lstatSync(source);
        if (!recursive && lstatSource.isDirectory()) {
            throw new Error((0, exports.loc)('LIB_CopyDirectoryWithoutRecursiveOption', source));
        }
        if (!force && fs.existsSync(destination)) {
            return;
        }
        try {
            if (fs.existsSync(destination) && fs.lstatSync(destination).isDirectory()) {
                destination = path.join(destination, path.basename(source));
            }
            copyWithPreservedSymlinks(source, destination, force);
        }
        catch (error) {
            throw new Error((0, exports.loc)('LIB_OperationFailed', 'cp', error));
        }
    }, [], { retryCount: retryCount, continueOnError: continueOnError });
}
exports.cp = cp;
var copyWithPreservedSymlinks = function (source, destination, force) {
    var lstatSource = fs.lstatSync(source);
    if (lstatSource.isSymbolicLink()) {
        var symlinkTarget = fs.readlinkSync(source);
        if (force && fs.existsSync(destination)) {
            var destStats = fs.lstatSync(destination);
            if (destStats.isSymbolicLink()) {
                fs.unlinkSync(destination);
            }
            else {
                fs.rmSync(destination, { recursive: true, force: true });
            }
        }
        fs.symlinkSync(symlinkTarget, destination);
    }
    else if (lstatSource.isFile()) {
        if (force) {
            fs.copyFileSync(source, destination);
        }
        else {
            fs.copyFileSync(source, destination, fs.constants.COPYFILE_EXCL);
        }
    }
    else {
        var entries = fs.readdirSync(source, { withFileTypes: true });
        if (!fs.existsSync(destination)) {
            fs.mkdirSync(destination, { recursive: true });
        }
        for (var _i = 0, entries_1 = entries; _i < entries_1.length; _i++) {
            var entry = entries_1[_i];
            var srcPath = path.join(source, entry.name);
            var destPath = path.join(destination, entry.name);
            copyWithPreservedSymlinks(srcPath, destPath, force);
        }
    }
};
/**
 * Moves a path.
 *
 * @param  {string}              source            - Source path.
 * @param  {string}              dest              - Destination path.
 * @param  {MoveOptionsVariants} [options]         - Option string -f or -n for force and no clobber.
 * @param  {boolean}             [continueOnError] - Optional. Whether to continue on error.
 * @returns {void}
 */
function mv(source, dest, options, continueOnError) {
    var force = false;
    if (options && typeof options === 'string' && options.startsWith('-')) {
        var lowercasedOptions = String(options).toLowerCase();
        force = lowercasedOptions.includes('f') && !lowercasedOptions.includes('n');
    }
    var sourceExists = fs.existsSync(source);
    var destExists = fs.existsSync(dest);
    var sources = [];
    try {
        if (!sourceExists) {
            if (source.includes('*')) {
                sources.push.apply(sources, findMatch(path.resolve(path.dirname(source)), [path.basename(source)]));
            }
            else {
                throw new Error((0, exports.loc)('LIB_PathNotFound', 'mv', source));
            }
        }
        else {
            sources.push(source);
        }
        if (destExists && !force) {
            throw new Error("File already exists at ".concat(dest));
        }
        for (var _i = 0, sources_1 = sources; _i < sources_1.length; _i++) {
            var source_1 = sources_1[_i];
            fs.renameSync(source_1, dest);
        }
    }
    catch (error) {
        (0, exports.debug)('mv failed');
        var errMsg = (0, exports.loc)('LIB_OperationFailed', 'mv', error);
        (0, exports.debug)(errMsg);
        if (!continueOnError) {
            throw new Error(errMsg);
        }
    }
}
exports.mv = mv;
/**
 * Tries to execute a function a specified number of times.
 *
 * @param   func            a function to be executed.
 * @param   args            executed function arguments array.
 * @param   retryOptions    optional. Defaults to { continueOnError: false, retryCount: 0 }.
 * @returns the same as the usual function.
 */
function retry(func, args, retryOptions) {
    if (retryOptions === void 0) { retryOptions = { continueOnError: false, retryCount: 0 }; }
    while (retryOptions.retryCount >= 0) {
        try {
            return func.apply(void 0, args);
        }
        catch (e) {
            if (retryOptions.retryCount <= 0) {
                if (retryOptions.continueOnError) {
                    (0, exports.warning)(e, exports.IssueSource.TaskInternal);
                    break;
                }
                else {
                    throw e;
                }
            }
            else {
                (0, exports.debug)("Attempt to execute function \"".concat(func === null || func === void 0 ? void 0 : func.name, "\" failed, retries left: ").concat(retryOptions.retryCount));
                retryOptions.retryCount--;
            }
        }
    }
}
exports.retry = retry;
/**
 * Gets info about item stats.
 *
 * @param path                      a path to the item to be processed.
 * @param followSymbolicLink        indicates whether to traverse descendants of symbolic link directories.
 * @param allowBrokenSymbolicLinks  when true, broken symbolic link will not cause an error.
 * @returns fs.Stats
 */
function _getStats(path, followSymbolicLink, allowBrokenSymbolicLinks) {
    // stat returns info about the target of a symlink (or symlink chain),
    // lstat returns info about a symlink itself
    var stats;
    if (followSymbolicLink) {
        try {
            // use stat (following symlinks)
            stats = fs.statSync(path);
        }
        catch (err) {
            if (err.code == 'ENOENT' && allowBrokenSymbolicLinks) {
                // fallback to lstat (broken symlinks allowed)
                stats = fs.lstatSync(path);
                (0, exports.debug)("  ".concat(path, " (broken symlink)"));
            }
            else {
                throw err;
            }
        }
    }
    else {
        // use lstat (not following symlinks)
        stats = fs.lstatSync(path);
    }
    return stats;
}
/**
 * Recursively finds all paths a given path. Returns an array of paths.
 *
 * @param     findPath  path to search
 * @param     options   optional. defaults to { followSymbolicLinks: true }. following soft links is generally appropriate unless deleting files.
 * @returns   string[]
 */
function find(findPath, options) {
    if (!findPath) {
        (0, exports.debug)('no path specified');
        return [];
    }
    // normalize the path, otherwise the first result is inconsistently formatted from the rest of the results
    // because path.join() performs normalization.
    findPath = path.normalize(findPath);
    // debug trace the parameters
    (0, exports.debug)("findPath: '".concat(findPath, "'"));
    options = options || _getDefaultFindOptions();
    _debugFindOptions(options);
    // return empty if not exists
    try {
        fs.lstatSync(findPath);
    }
    catch (err) {
        if (err.code == 'ENOENT') {
            (0, exports.debug)('0 results');
            return [];
        }
        throw err;
    }
    try {
        var result = [];
        // push the first item
        var stack = [new _FindItem(findPath, 1)];
        var traversalChain = []; // used to detect cycles
        var _loop_3 = function () {
            // pop the next item and push to the result array
            var item = stack.pop(); // non-null because `stack.length` was truthy
            var stats_3 = void 0;
            try {
                // `item.path` equals `findPath` for the first item to be processed, when the `result` array is empty
                var isPathToSearch = !result.length;
                // following specified symlinks only if current path equals specified path
                var followSpecifiedSymbolicLink = options.followSpecifiedSymbolicLink && isPathToSearch;
                // following all symlinks or following symlink for the specified path
                var followSymbolicLink = options.followSymbolicLinks || followSpecifiedSymbolicLink;
                // stat the item. The stat info is used further below to determine whether to traverse deeper
                stats_3 = _getStats(item.path, followSymbolicLink, options.allowBrokenSymbolicLinks);
            }
            catch (err) {
                if (err.code == 'ENOENT' && options.skipMissingFiles) {
                    (0, exports.warning)("No such file or directory: \"".concat(item.path, "\" - skipping."), exports.IssueSource.TaskInternal);
                    return "continue";
                }
                throw err;
            }
            result.push(item.path);
            // note, isDirectory() returns false for the lstat of a symlink
            if (stats_3.isDirectory()) {
                (0, exports.debug)("  ".concat(item.path, " (directory)"));
                if (options.followSymbolicLinks) {
                    // get the realpath
                    var realPath_1;
                    if (im._isUncPath(item.path)) {
                        // Sometimes there are spontaneous issues when working with unc-paths, so retries have been added for them.
                        realPath_1 = retry(fs.realpathSync, [item.path], { continueOnError: false, retryCount: 5 });
                    }
                    else {
                        realPath_1 = fs.realpathSync(item.path);
                    }
                    // fixup the traversal chain to match the item level
                    while (traversalChain.length >= item.level) {
                        traversalChain.pop();
                    }
                    // test for a cycle
                    if (traversalChain.some(function (x) { return x == realPath_1; })) {
                        (0, exports.debug)('    cycle detected');
                        return "continue";
                    }
                    // update the traversal chain
                    traversalChain.push(realPath_1);
                }
                // push the child items in reverse onto the stack
                var childLevel_1 = item.level + 1;
                var childItems = fs.readdirSync(item.path)
                    .map(function (childName) { return new _FindItem(path.join(item.path, childName), childLevel_1); });
                for (var i = childItems.length - 1; i >= 0; i--) {
                    stack.push(childItems[i]);
                }
            }
            else {
                (0, exports.debug)("  ".concat(item.path, " (file)"));
            }
        };
        while (stack.length) {
            _loop_3();
        }
        (0, exports.debug)("".concat(result.length, " results"));
        return result;
    }
    catch (err) {
        throw new Error((0, exports.loc)('LIB_OperationFailed', 'find', err.message));
    }
}
exports.find = find;
var _FindItem = /** @class */ (function () {
    function _FindItem(path, level) {
        this.path = path;
        this.level = level;
    }
    return _FindItem;
}());
function _debugFindOptions(options) {
    (0, exports.debug)("findOptions.allowBrokenSymbolicLinks: '".concat(options.allowBrokenSymbolicLinks, "'"));
    (0, exports.debug)("findOptions.followSpecifiedSymbolicLink: '".concat(options.followSpecifiedSymbolicLink, "'"));
    (0, exports.debug)("findOptions.followSymbolicLinks: '".concat(options.followSymbolicLinks, "'"));
    (0, exports.debug)("findOptions.skipMissingFiles: '".concat(options.skipMissingFiles, "'"));
}
function _getDefaultFindOptions() {
    return {
        allowBrokenSymbolicLinks: false,
        followSpecifiedSymbolicLink: true,
        followSymbolicLinks: true,
        skipMissingFiles: false
    };
}
/**
 * Prefer tl.find() and tl.match() instead. This function is for backward compatibility
 * when porting tasks to Node from the PowerShell or PowerShell3 execution handler.
 *
 * @param    rootDirectory      path to root unrooted patterns with
 * @param    pattern            include and exclude patterns
 * @param    includeFiles       whether to include files in the result. defaults to true when includeFiles and includeDirectories are both false
 * @param    includeDirectories whether to include directories in the result
 * @returns  string[]
 */
function legacyFindFiles(rootDirectory, pattern, includeFiles, includeDirectories) {
    if (!pattern) {
        throw new Error('pattern parameter cannot be empty');
    }
    (0, exports.debug)("legacyFindFiles rootDirectory: '".concat(rootDirectory, "'"));
    (0, exports.debug)("pattern: '".concat(pattern, "'"));
    (0, exports.debug)("includeFiles: '".concat(includeFiles, "'"));
    (0, exports.debug)("includeDirectories: '".concat(includeDirectories, "'"));
    if (!includeFiles && !includeDirectories) {
        includeFiles = true;
    }
    // organize the patterns into include patterns and exclude patterns
    var includePatterns = [];
    var excludePatterns = [];
    pattern = pattern.replace(/;;/g, '\0');
    for (var _i = 0, _a = pattern.split(';'); _i < _a.length; _i++) {
        var pat = _a[_i];
        if (!pat) {
            continue;
        }
        pat = pat.replace(/\0/g, ';');
        // determine whether include pattern and remove any include/exclude prefix.
        // include patterns start with +: or anything other than -:
        // exclude patterns start with -:
        var isIncludePattern = void 0;
        if (im._startsWith(pat, '+:')) {
            pat = pat.substring(2);
            isIncludePattern = true;
        }
        else if (im._startsWith(pat, '-:')) {
            pat = pat.substring(2);
            isIncludePattern = false;
        }
        else {
            isIncludePattern = true;
        }
        // validate pattern does not end with a slash
        if (im._endsWith(pat, '/') || (process.platform == 'win32' && im._endsWith(pat, '\\'))) {
            throw new Error((0, exports.loc)('LIB_InvalidPattern', pat));
        }
        // root the pattern
        if (rootDirectory && !path.isAbsolute(pat)) {
            pat = path.join(rootDirectory, pat);
            // remove trailing slash sometimes added by path.join() on Windows, e.g.
            //      path.join('\\\\hello', 'world') => '\\\\hello\\world\\'
            //      path.join('//hello', 'world') => '\\\\hello\\world\\'
            if (im._endsWith(pat, '\\')) {
                pat = pat.substring(0, pat.length - 1);
            }
        }
        if (isIncludePattern) {
            includePatterns.push(pat);
        }
        else {
            excludePatterns.push(im._legacyFindFiles_convertPatternToRegExp(pat));
        }
    }
    // find and apply patterns
    var count = 0;
    var result = _legacyFindFiles_getMatchingItems(includePatterns, excludePatterns, !!includeFiles, !!includeDirectories);
    (0, exports.debug)('all matches:');
    for (var _b = 0, result_1 = result; _b < result_1.length; _b++) {
        var resultItem = result_1[_b];
        (0, exports.debug)(' ' + resultItem);
    }
    (0, exports.debug)('total matched: ' + result.length);
    return result;
}
exports.legacyFindFiles = legacyFindFiles;
function _legacyFindFiles_getMatchingItems(includePatterns, excludePatterns, includeFiles, includeDirectories) {
    (0, exports.debug)('getMatchingItems()');
    for (var _i = 0, includePatterns_1 = includePatterns; _i < includePatterns_1.length; _i++) {
        var pattern = includePatterns_1[_i];
        (0, exports.debug)("includePattern: '".concat(pattern, "'"));
    }
    for (var _a = 0, excludePatterns_1 = excludePatterns; _a < excludePatterns_1.length; _a++) {
        var pattern = excludePatterns_1[_a];
        (0, exports.debug)("excludePattern: ".concat(pattern));
    }
    (0, exports.debug)('includeFiles: ' + includeFiles);
    (0, exports.debug)('includeDirectories: ' + includeDirectories);
    var allFiles = {};
    var _loop_4 = function (pattern) {
        // determine the directory to search
        //
        // note, getDirectoryName removes redundant path separators
        var findPath = void 0;
        var starIndex = pattern.indexOf('*');
        var questionIndex = pattern.indexOf('?');
        if (starIndex < 0 && questionIndex < 0) {
            // if no wildcards are found, use the directory name portion of the path.
            // if there is no directory name (file name only in pattern or drive root),
            // this will return empty string.
            findPath = im._getDirectoryName(pattern);
        }
        else {
            // extract the directory prior to the first wildcard
            var index = Math.min(starIndex >= 0 ? starIndex : questionIndex, questionIndex >= 0 ? questionIndex : starIndex);
            findPath = im._getDirectoryName(pattern.substring(0, index));
        }
        // note, due to this short-circuit and the above usage of getDirectoryName, this
        // function has the same limitations regarding drive roots as the powershell
        // implementation.
        //
        // also note, since getDirectoryName eliminates slash redundancies, some additional
        // work may be required if removal of this limitation is attempted.
        if (!findPath) {
            return "continue";
        }
        var patternRegex = im._legacyFindFiles_convertPatternToRegExp(pattern);
        // find files/directories
        var items = find(findPath, { followSymbolicLinks: true })
            .filter(function (item) {
            if (includeFiles && includeDirectories) {
                return true;
            }
            var isDir = fs.statSync(item).isDirectory();
            return (includeFiles && !isDir) || (includeDirectories && isDir);
        })
            .forEach(function (item) {
            var normalizedPath = process.platform == 'win32' ? item.replace(/\\/g, '/') : item; // normalize separators
            // **/times/** will not match C:/fun/times because there isn't a trailing slash
            // so try both if including directories
            var alternatePath = "".concat(normalizedPath, "/"); // potential bug: it looks like this will result in a false
            // positive if the item is a regular file and not a directory
            var isMatch = false;
            if (patternRegex.test(normalizedPath) || (includeDirectories && patternRegex.test(alternatePath))) {
                isMatch = true;
                // test whether the path should be excluded
                for (var _i = 0, excludePatterns_2 = excludePatterns; _i < excludePatterns_2.length; _i++) {
                    var regex = excludePatterns_2[_i];
                    if (regex.test(normalizedPath) || (includeDirectories && regex.test(alternatePath))) {
                        isMatch = false;
                        break;
                    }
                }
            }
            if (isMatch) {
                allFiles[item] = item;
            }
        });
    };
    for (var _b = 0, includePatterns_2 = includePatterns; _b < includePatterns_2.length; _b++) {
        var pattern = includePatterns_2[_b];
        _loop_4(pattern);
    }
    return Object.keys(allFiles).sort();
}
/**
 * Remove a path recursively with force
 *
 * @param  {string} inputPath - Path to remove
 * @return {void}
 * @throws When the file or directory exists but could not be deleted.
 */
function rmRF(inputPath) {
    (0, exports.debug)('rm -rf ' + inputPath);
    if (getPlatform() == Platform.Windows) {
        // Node doesn't provide a delete operation, only an unlink function. This means that if the file is being used by another
        // program (e.g. antivirus), it won't be deleted. To address this, we shell out the work to rd/del.
        try {
            var lstats = fs.lstatSync(inputPath);
            if (lstats.isDirectory() && !lstats.isSymbolicLink()) {
                (0, exports.debug)('removing directory ' + inputPath);
                childProcess.execFileSync("cmd.exe", ["/c", "rd", "/s", "/q", im._normalizeSeparators(inputPath)]);
            }
            else if (lstats.isSymbolicLink()) {
                (0, exports.debug)('removing symbolic link ' + inputPath);
                var realPath = fs.readlinkSync(inputPath);
                if (fs.existsSync(realPath)) {
                    var stats_4 = fs.statSync(realPath);
                    if (stats_4.isDirectory()) {
                        childProcess.execFileSync("cmd.exe", ["/c", "rd", "/s", "/q", im._normalizeSeparators(realPath)]);
                        fs.unlinkSync(inputPath);
                    }
                    else {
                        fs.unlinkSync(inputPath);
                    }
                }
                else {
                    (0, exports.debug)("Symbolic link '".concat(inputPath, "' points to a non-existing target '").concat(realPath, "'. Removing the symbolic link."));
                    fs.unlinkSync(inputPath);
                }
            }
            else {
                (0, exports.debug)('removing file ' + inputPath);
                childProcess.execFileSync("cmd.exe", ["/c", "del", "/f", "/a", im._normalizeSeparators(inputPath)]);
            }
        }
        catch (err) {
            (0, exports.debug)('Error: ' + err.message);
            if (err.code != 'ENOENT') {
                throw new Error((0, exports.loc)('LIB_OperationFailed', 'rmRF', err.message));
            }
        }
    }
    else {
        var lstats = void 0;
        try {
            if (inputPath.includes('*')) {
                var entries = findMatch(path.dirname(inputPath), [path.basename(inputPath)]);
                for (var _i = 0, entries_2 = entries; _i < entries_2.length; _i++) {
                    var entry = entries_2[_i];
                    rmRF(entry);
                }
            }
            else {
                lstats = fs.lstatSync(inputPath);
                if (lstats.isDirectory() && !lstats.isSymbolicLink()) {
                    (0, exports.debug)('removing directory ' + inputPath);
                    fs.rmSync(inputPath, { recursive: true, force: true });
                }
                else if (lstats.isSymbolicLink()) {
                    (0, exports.debug)('removing symbolic link ' + inputPath);
                    var realPath = fs.readlinkSync(inputPath);
                    if (fs.existsSync(realPath)) {
                        var stats_5 = fs.statSync(realPath);
                        if (stats_5.isDirectory()) {
                            fs.rmSync(realPath, { recursive: true, force: true });
                            fs.unlinkSync(inputPath);
                        }
                        else {
                            fs.unlinkSync(inputPath);
                        }
                    }
                    else {
                        (0, exports.debug)("Symbolic link '".concat(inputPath, "' points to a non-existing target '").concat(realPath, "'. Removing the symbolic link."));
                        fs.unlinkSync(inputPath);
                    }
                }
                else {
                    (0, exports.debug)('removing file ' + inputPath);
                    fs.unlinkSync(inputPath);
                }
            }
        }
        catch (err) {
            (0, exports.debug)('Error: ' + err.message);
            if (err.code != 'ENOENT') {
                throw new Error((0, exports.loc)('LIB_OperationFailed', 'rmRF', err.message));
            }
        }
    }
}
exports.rmRF = rmRF;
/**
 * Exec a tool.  Convenience wrapper over ToolRunner to exec with args in one call.
 * Output will be streamed to the live console.
 * Returns promise with return code
 *
 * @param     tool     path to tool to exec
 * @param     args     an arg string or array of args
 * @param     options  optional exec options.  See IExecOptions
 * @returns   number
 */
function execAsync(tool, args, options) {
    var tr = this.tool(tool);
    if (args) {
        if (args instanceof Array) {
            tr.arg(args);
        }
        else if (typeof (args) === 'string') {
            tr.line(args);
        }
    }
    return tr.execAsync(options);
}
exports.execAsync = execAsync;
/**
 * Exec a tool.  Convenience wrapper over ToolRunner to exec with args in one call.
 * Output will be streamed to the live console.
 * Returns promise with return code
 *
 * @deprecated Use the {@link execAsync} method that returns a native Javascript Promise instead
 * @param     tool     path to tool to exec
 * @param     args     an arg string or array of args
 * @param     options  optional exec options.  See IExecOptions
 * @returns   number
 */
function exec(tool, args, options) {
    var tr = this.tool(tool);
    if (args) {
        if (args instanceof Array) {
            tr.arg(args);
        }
        else if (typeof (args) === 'string') {
            tr.line(args);
        }
    }
    return tr.exec(options);
}
exports.exec = exec;
/**
 * Exec a tool synchronously.  Convenience wrapper over ToolRunner to execSync with args in one call.
 * Output will be *not* be streamed to the live console.  It will be returned after execution is complete.
 * Appropriate for short running tools
 * Returns IExecResult with output and return code
 *
 * @param     tool     path to tool to exec
 * @param     args     an arg string or array of args
 * @param     options  optional exec options.  See IExecSyncOptions
 * @returns   IExecSyncResult
 */
function execSync(tool, args, options) {
    var tr = this.tool(tool);
    if (args) {
        if (args instanceof Array) {
            tr.arg(args);
        }
        else if (typeof (args) === 'string') {
            tr.line(args);
        }
    }
    return tr.execSync(options);
}
exports.execSync = execSync;
/**
 * Convenience factory to create a ToolRunner.
 *
 * @param     tool     path to tool to exec
 * @returns   ToolRunner
 */
function tool(tool) {
    var tr = new trm.ToolRunner(tool);
    tr.on('debug', function (message) {
        (0, exports.debug)(message);
    });
    return tr;
}
exports.tool = tool;
/**
 * Applies glob patterns to a list of paths. Supports interleaved exclude patterns.
 *
 * @param  list         array of paths
 * @param  patterns     patterns to apply. supports interleaved exclude patterns.
 * @param  patternRoot  optional. default root to apply to unrooted patterns. not applied to basename-only patterns when matchBase:true.
 * @param  options      optional. defaults to { dot: true, nobrace: true, nocase: process.platform == 'win32' }.
 */
function match(list, patterns, patternRoot, options) {
    // trace parameters
    (0, exports.debug)("patternRoot: '".concat(patternRoot, "'"));
    options = options || _getDefaultMatchOptions(); // default match options
    _debugMatchOptions(options);
    // convert pattern to an array
    if (typeof patterns == 'string') {
        patterns = [patterns];
    }
    // hashtable to keep track of matches
    var map = {};
    var originalOptions = options;
    for (var _i = 0, patterns_1 = patterns; _i < patterns_1.length; _i++) {
        var pattern = patterns_1[_i];
        (0, exports.debug)("pattern: '".concat(pattern, "'"));
        // trim and skip empty
        pattern = (pattern || '').trim();
        if (!pattern) {
            (0, exports.debug)('skipping empty pattern');
            continue;
        }
        // clone match options
        var options_1 = im._cloneMatchOptions(originalOptions);
        // skip comments
        if (!options_1.nocomment && im._startsWith(pattern, '#')) {
            (0, exports.debug)('skipping comment');
            continue;
        }
        // set nocomment - brace expansion could result in a leading '#'
        options_1.nocomment = true;
        // determine whether pattern is include or exclude
        var negateCount = 0;
        if (!options_1.nonegate) {
            while (pattern.charAt(negateCount) == '!') {
                negateCount++;
            }
            pattern = pattern.substring(negateCount); // trim leading '!'
            if (negateCount) {
                (0, exports.debug)("trimmed leading '!'. pattern: '".concat(pattern, "'"));
            }
        }
        var isIncludePattern = negateCount == 0 ||
            (negateCount % 2 == 0 && !options_1.flipNegate) ||
            (negateCount % 2 == 1 && options_1.flipNegate);
        // set nonegate - brace expansion could result in a leading '!'
        options_1.nonegate = true;
        options_1.flipNegate = false;
        // expand braces - required to accurately root patterns
        var expanded = void 0;
        var preExpanded = pattern;
        if (options_1.nobrace) {
            expanded = [pattern];
        }
        else {
            // convert slashes on Windows before calling braceExpand(). unfortunately this means braces cannot
            // be escaped on Windows, this limitation is consistent with current limitations of minimatch (3.0.3).
            (0, exports.debug)('expanding braces');
            var convertedPattern = process.platform == 'win32' ? pattern.replace(/\\/g, '/') : pattern;
            expanded = minimatch.braceExpand(convertedPattern);
        }
        // set nobrace
        options_1.nobrace = true;
        for (var _a = 0, expanded_1 = expanded; _a < expanded_1.length; _a++) {
            var pattern_1 = expanded_1[_a];
            if (expanded.length != 1 || pattern_1 != preExpanded) {
                (0, exports.debug)("pattern: '".concat(pattern_1, "'"));
            }
            // trim and skip empty
            pattern_1 = (pattern_1 || '').trim();
            if (!pattern_1) {
                (0, exports.debug)('skipping empty pattern');
                continue;
            }
            // root the pattern when all of the following conditions are true:
            if (patternRoot && // patternRoot supplied
                !im._isRooted(pattern_1) && // AND pattern not rooted
                // AND matchBase:false or not basename only
                (!options_1.matchBase || (process.platform == 'win32' ? pattern_1.replace(/\\/g, '/') : pattern_1).indexOf('/') >= 0)) {
                pattern_1 = im._ensureRooted(patternRoot, pattern_1);
                (0, exports.debug)("rooted pattern: '".concat(pattern_1, "'"));
            }
            if (isIncludePattern) {
                // apply the pattern
                (0, exports.debug)('applying include pattern against original list');
                var matchResults = minimatch.match(list, pattern_1, options_1);
                (0, exports.debug)(matchResults.length + ' matches');
                // union the results
                for (var _b = 0, matchResults_1 = matchResults; _b < matchResults_1.length; _b++) {
                    var matchResult = matchResults_1[_b];
                    map[matchResult] = true;
                }
            }
            else {
                // apply the pattern
                (0, exports.debug)('applying exclude pattern against original list');
                var matchResults = minimatch.match(list, pattern_1, options_1);
                (0, exports.debug)(matchResults.length + ' matches');
                // substract the results
                for (var _c = 0, matchResults_2 = matchResults; _c < matchResults_2.length; _c++) {
                    var matchResult = matchResults_2[_c];
                    delete map[matchResult];
                }
            }
        }
    }
    // return a filtered version of the original list (preserves order and prevents duplication)
    var result = list.filter(function (item) { return map.hasOwnProperty(item); });
    (0, exports.debug)(result.length + ' final results');
    return result;
}
exports.match = match;
/**
 * Filter to apply glob patterns
 *
 * @param  pattern  pattern to apply
 * @param  options  optional. defaults to { dot: true, nobrace: true, nocase: process.platform == 'win32' }.
 */
function filter(pattern, options) {
    options = options || _getDefaultMatchOptions();
    return minimatch.filter(pattern, options);
}
exports.filter = filter;
function _debugMatchOptions(options) {
    (0, exports.debug)("matchOptions.debug: '".concat(options.debug, "'"));
    (0, exports.debug)("matchOptions.nobrace: '".concat(options.nobrace, "'"));
    (0, exports.debug)("matchOptions.noglobstar: '".concat(options.noglobstar, "'"));
    (0, exports.debug)("matchOptions.dot: '".concat(options.dot, "'"));
    (0, exports.debug)("matchOptions.noext: '".concat(options.noext, "'"));
    (0, exports.debug)("matchOptions.nocase: '".concat(options.nocase, "'"));
    (0, exports.debug)("matchOptions.nonull: '".concat(options.nonull, "'"));
    (0, exports.debug)("matchOptions.matchBase: '".concat(options.matchBase, "'"));
    (0, exports.debug)("matchOptions.nocomment: '".concat(options.nocomment, "'"));
    (0, exports.debug)("matchOptions.nonegate: '".concat(options.nonegate, "'"));
    (0, exports.debug)("matchOptions.flipNegate: '".concat(options.flipNegate, "'"));
}
function _getDefaultMatchOptions() {
    return {
        debug: false,
        nobrace: true,
        noglobstar: false,
        dot: true,
        noext: false,
        nocase: process.platform == 'win32',
        nonull: false,
        matchBase: false,
        nocomment: false,
        nonegate: false,
        flipNegate: false
    };
}
/**
 * Determines the find root from a list of patterns. Performs the find and then applies the glob patterns.
 * Supports interleaved exclude patterns. Unrooted patterns are rooted using defaultRoot, unless
 * matchOptions.matchBase is specified and the pattern is a basename only. For matchBase cases, the
 * defaultRoot is used as the find root.
 *
 * @param  defaultRoot   default path to root unrooted patterns. falls back to System.DefaultWorkingDirectory or process.cwd().
 * @param  patterns      pattern or array of patterns to apply
 * @param  findOptions   defaults to { followSymbolicLinks: true }. following soft links is generally appropriate unless deleting files.
 * @param  matchOptions  defaults to { dot: true, nobrace: true, nocase: process.platform == 'win32' }
 */
function findMatch(defaultRoot, patterns, findOptions, matchOptions) {
    // apply defaults for parameters and trace
    defaultRoot = defaultRoot || this.getVariable('system.defaultWorkingDirectory') || process.cwd();
    (0, exports.debug)("defaultRoot: '".concat(defaultRoot, "'"));
    patterns = patterns || [];
    patterns = typeof patterns == 'string' ? [patterns] : patterns;
    findOptions = findOptions || _getDefaultFindOptions();
    _debugFindOptions(findOptions);
    matchOptions = matchOptions || _getDefaultMatchOptions();
    _debugMatchOptions(matchOptions);
    // normalize slashes for root dir
    defaultRoot = im._normalizeSeparators(defaultRoot);
    var results = {};
    var originalMatchOptions = matchOptions;
    for (var _i = 0, _a = (patterns || []); _i < _a.length; _i++) {
        var pattern = _a[_i];
        (0, exports.debug)("pattern: '".concat(pattern, "'"));
        // trim and skip empty
        pattern = (pattern || '').trim();
        if (!pattern) {
            (0, exports.debug)('skipping empty pattern');
            continue;
        }
        // clone match options
        var matchOptions_1 = im._cloneMatchOptions(originalMatchOptions);
        // skip comments
        if (!matchOptions_1.nocomment && im._startsWith(pattern, '#')) {
            (0, exports.debug)('skipping comment');
            continue;
        }
        // set nocomment - brace expansion could result in a leading '#'
        matchOptions_1.nocomment = true;
        // determine whether pattern is include or exclude
        var negateCount = 0;
        if (!matchOptions_1.nonegate) {
            while (pattern.charAt(negateCount) == '!') {
                negateCount++;
            }
            pattern = pattern.substring(negateCount); // trim leading '!'
            if (negateCount) {
                (0, exports.debug)("trimmed leading '!'. pattern: '".concat(pattern, "'"));
            }
        }
        var isIncludePattern = negateCount == 0 ||
            (negateCount % 2 == 0 && !matchOptions_1.flipNegate) ||
            (negateCount % 2 == 1 && matchOptions_1.flipNegate);
        // set nonegate - brace expansion could result in a leading '!'
        matchOptions_1.nonegate = true;
        matchOptions_1.flipNegate = false;
        // expand braces - required to accurately interpret findPath
        var expanded = void 0;
        var preExpanded = pattern;
        if (matchOptions_1.nobrace) {
            expanded = [pattern];
        }
        else {
            // convert slashes on Windows before calling braceExpand(). unfortunately this means braces cannot
            // be escaped on Windows, this limitation is consistent with current limitations of minimatch (3.0.3).
            (0, exports.debug)('expanding braces');
            var convertedPattern = process.platform == 'win32' ? pattern.replace(/\\/g, '/') : pattern;
            expanded = minimatch.braceExpand(convertedPattern);
        }
        // set nobrace
        matchOptions_1.nobrace = true;
        for (var _b = 0, expanded_2 = expanded; _b < expanded_2.length; _b++) {
            var pattern_2 = expanded_2[_b];
            if (expanded.length != 1 || pattern_2 != preExpanded) {
                (0, exports.debug)("pattern: '".concat(pattern_2, "'"));
            }
            // trim and skip empty
            pattern_2 = (pattern_2 || '').trim();
            if (!pattern_2) {
                (0, exports.debug)('skipping empty pattern');
                continue;
            }
            if (isIncludePattern) {
                // determine the findPath
                var findInfo = im._getFindInfoFromPattern(defaultRoot, pattern_2, matchOptions_1);
                var findPath = findInfo.findPath;
                (0, exports.debug)("findPath: '".concat(findPath, "'"));
                if (!findPath) {
                    (0, exports.debug)('skipping empty path');
                    continue;
                }
                // perform the find
                (0, exports.debug)("statOnly: '".concat(findInfo.statOnly, "'"));
                var findResults = [];
                if (findInfo.statOnly) {
                    // simply stat the path - all path segments were used to build the path
                    try {
                        fs.statSync(findPath);
                        findResults.push(findPath);
                    }
                    catch (err) {
                        if (err.code != 'ENOENT') {
                            throw err;
                        }
                        (0, exports.debug)('ENOENT');
                    }
                }
                else {
                    findResults = find(findPath, findOptions);
                }
                (0, exports.debug)("found ".concat(findResults.length, " paths"));
                // apply the pattern
                (0, exports.debug)('applying include pattern');
                if (findInfo.adjustedPattern != pattern_2) {
                    (0, exports.debug)("adjustedPattern: '".concat(findInfo.adjustedPattern, "'"));
                    pattern_2 = findInfo.adjustedPattern;
                }
                var matchResults = minimatch.match(findResults, pattern_2, matchOptions_1);
                (0, exports.debug)(matchResults.length + ' matches');
                // union the results
                for (var _c = 0, matchResults_3 = matchResults; _c < matchResults_3.length; _c++) {
                    var matchResult = matchResults_3[_c];
                    var key = process.platform == 'win32' ? matchResult.toUpperCase() : matchResult;
                    results[key] = matchResult;
                }
            }
            else {
                // check if basename only and matchBase=true
                if (matchOptions_1.matchBase &&
                    !im._isRooted(pattern_2) &&
                    (process.platform == 'win32' ? pattern_2.replace(/\\/g, '/') : pattern_2).indexOf('/') < 0) {
                    // do not root the pattern
                    (0, exports.debug)('matchBase and basename only');
                }
                else {
                    // root the exclude pattern
                    pattern_2 = im._ensurePatternRooted(defaultRoot, pattern_2);
                    (0, exports.debug)("after ensurePatternRooted, pattern: '".concat(pattern_2, "'"));
                }
                // apply the pattern
                (0, exports.debug)('applying exclude pattern');
                var matchResults = minimatch.match(Object.keys(results).map(function (key) { return results[key]; }), pattern_2, matchOptions_1);
                (0, exports.debug)(matchResults.length + ' matches');
                // substract the results
                for (var _d = 0, matchResults_4 = matchResults; _d < matchResults_4.length; _d++) {
                    var matchResult = matchResults_4[_d];
                    var key = process.platform == 'win32' ? matchResult.toUpperCase() : matchResult;
                    delete results[key];
                }
            }
        }
    }
    var finalResult = Object.keys(results)
        .map(function (key) { return results[key]; })
        .sort();
    (0, exports.debug)(finalResult.length + ' final results');
    return finalResult;
}
exports.findMatch = findMatch;
/**
 * Build Proxy URL in the following format: protocol://username:password@hostname:port
 * @param proxyUrl Url address of the proxy server (eg: http://example.com)
 * @param proxyUsername Proxy username (optional)
 * @param proxyPassword Proxy password (optional)
 * @returns string
 */
function getProxyFormattedUrl(proxyUrl, proxyUsername, proxyPassword) {
    var parsedUrl = new URL(proxyUrl);
    var proxyAddress = "".concat(parsedUrl.protocol, "//").concat(parsedUrl.host);
    if (proxyUsername) {
        proxyAddress = "".concat(parsedUrl.protocol, "//").concat(proxyUsername, ":").concat(proxyPassword, "@").concat(parsedUrl.host);
    }
    return proxyAddress;
}
/**
 * Gets http proxy configuration used by Build/Release agent
 *
 * @return  ProxyConfiguration
 */
function getHttpProxyConfiguration(requestUrl) {
    var proxyUrl = (0, exports.getVariable)('Agent.ProxyUrl');
    if (proxyUrl && proxyUrl.length > 0) {
        var proxyUsername = (0, exports.getVariable)('Agent.ProxyUsername');
        var proxyPassword = (0, exports.getVariable)('Agent.ProxyPassword');
        var proxyBypassHosts = JSON.parse((0, exports.getVariable)('Agent.ProxyBypassList') || '[]');
        var bypass_1 = false;
        if (requestUrl) {
            proxyBypassHosts.forEach(function (bypassHost) {
                if (new RegExp(bypassHost, 'i').test(requestUrl)) {
                    bypass_1 = true;
                }
            });
        }
        if (bypass_1) {
            return null;
        }
        else {
            var proxyAddress = getProxyFormattedUrl(proxyUrl, proxyUsername, proxyPassword);
            return {
                proxyUrl: proxyUrl,
                proxyUsername: proxyUsername,
                proxyPassword: proxyPassword,
                proxyBypassHosts: proxyBypassHosts,
                proxyFormattedUrl: proxyAddress
            };
        }
    }
    else {
        return null;
    }
}
exports.getHttpProxyConfiguration = getHttpProxyConfiguration;
/**
 * Gets http certificate configuration used by Build/Release agent
 *
 * @return  CertConfiguration
 */
function getHttpCertConfiguration() {
    var ca = (0, exports.getVariable)('Agent.CAInfo');
    var clientCert = (0, exports.getVariable)('Agent.ClientCert');
    if (ca || clientCert) {
        var certConfig = {};
        certConfig.caFile = ca;
        certConfig.certFile = clientCert;
        if (clientCert) {
            var clientCertKey = (0, exports.getVariable)('Agent.ClientCertKey');
            var clientCertArchive = (0, exports.getVariable)('Agent.ClientCertArchive');
            var clientCertPassword = (0, exports.getVariable)('Agent.ClientCertPassword');
            certConfig.keyFile = clientCertKey;
            certConfig.certArchiveFile = clientCertArchive;
            certConfig.passphrase = clientCertPassword;
        }
        return certConfig;
    }
    else {
        return null;
    }
}
exports.getHttpCertConfiguration = getHttpCertConfiguration;
//-----------------------------------------------------
// Test Publisher
//-----------------------------------------------------
var TestPublisher = /** @class */ (function () {
    function TestPublisher(testRunner) {
        this.testRunner = testRunner;
    }
    TestPublisher.prototype.publish = function (resultFiles, mergeResults, platform, config, runTitle, publishRunAttachments, testRunSystem) {
        // Could have used an initializer, but wanted to avoid reordering parameters when converting to strict null checks
        // (A parameter cannot both be optional and have an initializer)
        testRunSystem = testRunSystem || "VSTSTask";
        var properties = {};
        properties['type'] = this.testRunner;
        if (mergeResults) {
            properties['mergeResults'] = mergeResults;
        }
        if (platform) {
            properties['platform'] = platform;
        }
        if (config) {
            properties['config'] = config;
        }
        if (runTitle) {
            properties['runTitle'] = runTitle;
        }
        if (publishRunAttachments) {
            properties['publishRunAttachments'] = publishRunAttachments;
        }
        if (resultFiles) {
            properties['resultFiles'] = Array.isArray(resultFiles) ? resultFiles.join() : resultFiles;
        }
        properties['testRunSystem'] = testRunSystem;
        (0, exports.command)('results.publish', properties, '');
    };
    return TestPublisher;
}());
exports.TestPublisher = TestPublisher;
//-----------------------------------------------------
// Code coverage Publisher
//-----------------------------------------------------
var CodeCoveragePublisher = /** @class */ (function () {
    function CodeCoveragePublisher() {
    }
    CodeCoveragePublisher.prototype.publish = function (codeCoverageTool, summaryFileLocation, reportDirectory, additionalCodeCoverageFiles) {
        var properties = {};
        if (codeCoverageTool) {
            properties['codecoveragetool'] = codeCoverageTool;
        }
        if (summaryFileLocation) {
            properties['summaryfile'] = summaryFileLocation;
        }
        if (reportDirectory) {
            properties['reportdirectory'] = reportDirectory;
        }
        if (additionalCodeCoverageFiles) {
            properties['additionalcodecoveragefiles'] = Array.isArray(additionalCodeCoverageFiles) ? additionalCodeCoverageFiles.join() : additionalCodeCoverageFiles;
        }
        (0, exports.command)('codecoverage.publish', properties, "");
    };
    return CodeCoveragePublisher;
}());
exports.CodeCoveragePublisher = CodeCoveragePublisher;
//-----------------------------------------------------
// Code coverage Publisher
//-----------------------------------------------------
var CodeCoverageEnabler = /** @class */ (function () {
    function CodeCoverageEnabler(buildTool, ccTool) {
        this.buildTool = buildTool;
        this.ccTool = ccTool;
    }
    CodeCoverageEnabler.prototype.enableCodeCoverage = function (buildProps) {
        buildProps['buildtool'] = this.buildTool;
        buildProps['codecoveragetool'] = this.ccTool;
        (0, exports.command)('codecoverage.enable', buildProps, "");
    };
    return CodeCoverageEnabler;
}());
exports.CodeCoverageEnabler = CodeCoverageEnabler;
//-----------------------------------------------------
// Task Logging Commands
//-----------------------------------------------------
/**
 * Upload user interested file as additional log information
 * to the current timeline record.
 *
 * The file shall be available for download along with task logs.
 *
 * @param path      Path to the file that should be uploaded.
 * @returns         void
 */
function uploadFile(path) {
    (0, exports.command)("task.uploadfile", null, path);
}
exports.uploadFile = uploadFile;
/**
 * Instruction for the agent to update the PATH environment variable.
 * The specified directory is prepended to the PATH.
 * The updated environment variable will be reflected in subsequent tasks.
 *
 * @param path      Local directory path.
 * @returns         void
 */
function prependPath(path) {
    assertAgent("2.115.0");
    (0, exports.command)("task.prependpath", null, path);
}
exports.prependPath = prependPath;
/**
 * Upload and attach summary markdown to current timeline record.
 * This summary shall be added to the build/release summary and
 * not available for download with logs.
 *
 * @param path      Local directory path.
 * @returns         void
 */
function uploadSummary(path) {
    (0, exports.command)("task.uploadsummary", null, path);
}
exports.uploadSummary = uploadSummary;
/**
 * Upload and attach attachment to current timeline record.
 * These files are not available for download with logs.
 * These can only be referred to by extensions using the type or name values.
 *
 * @param type      Attachment type.
 * @param name      Attachment name.
 * @param path      Attachment path.
 * @returns         void
 */
function addAttachment(type, name, path) {
    (0, exports.command)("task.addattachment", { "type": type, "name": name }, path);
}
exports.addAttachment = addAttachment;
/**
 * Set an endpoint field with given value.
 * Value updated will be retained in the endpoint for
 * the subsequent tasks that execute within the same job.
 *
 * @param id      Endpoint id.
 * @param field   FieldType enum of AuthParameter, DataParameter or Url.
 * @param key     Key.
 * @param value   Value for key or url.
 * @returns       void
 */
function setEndpoint(id, field, key, value) {
    (0, exports.command)("task.setendpoint", { "id": id, "field": FieldType[field].toLowerCase(), "key": key }, value);
}
exports.setEndpoint = setEndpoint;
/**
 * Set progress and current operation for current task.
 *
 * @param percent           Percentage of completion.
 * @param currentOperation  Current pperation.
 * @returns                 void
 */
function setProgress(percent, currentOperation) {
    (0, exports.command)("task.setprogress", { "value": "".concat(percent) }, currentOperation);
}
exports.setProgress = setProgress;
/**
 * Indicates whether to write the logging command directly to the host or to the output pipeline.
 *
 * @param id            Timeline record Guid.
 * @param parentId      Parent timeline record Guid.
 * @param recordType    Record type.
 * @param recordName    Record name.
 * @param order         Order of timeline record.
 * @param startTime     Start time.
 * @param finishTime    End time.
 * @param progress      Percentage of completion.
 * @param state         TaskState enum of Unknown, Initialized, InProgress or Completed.
 * @param result        TaskResult enum of Succeeded, SucceededWithIssues, Failed, Cancelled or Skipped.
 * @param message       current operation
 * @returns             void
 */
function logDetail(id, message, parentId, recordType, recordName, order, startTime, finishTime, progress, state, result) {
    var properties = {
        "id": id,
        "parentid": parentId,
        "type": recordType,
        "name": recordName,
        "order": order ? order.toString() : undefined,
        "starttime": startTime,
        "finishtime": finishTime,
        "progress": progress ? progress.toString() : undefined,
        "state": state ? TaskState[state] : undefined,
        "result": result ? TaskResult[result] : undefined
    };
    (0, exports.command)("task.logdetail", properties, message);
}
exports.logDetail = logDetail;
/**
 * Log error or warning issue to timeline record of current task.
 *
 * @param type          IssueType enum of Error or Warning.
 * @param sourcePath    Source file location.
 * @param lineNumber    Line number.
 * @param columnNumber  Column number.
 * @param code          Error or warning code.
 * @param message       Error or warning message.
 * @returns             void
 */
function logIssue(type, message, sourcePath, lineNumber, columnNumber, errorCode) {
    var properties = {
        "type": IssueType[type].toLowerCase(),
        "code": errorCode,
        "sourcepath": sourcePath,
        "linenumber": lineNumber ? lineNumber.toString() : undefined,
        "columnnumber": columnNumber ? columnNumber.toString() : undefined,
    };
    (0, exports.command)("task.logissue", properties, message);
}
exports.logIssue = logIssue;
//-----------------------------------------------------
// Artifact Logging Commands
//-----------------------------------------------------
/**
 * Upload user interested file as additional log information
 * to the current timeline record.
 *
 * The file shall be available for download along with task logs.
 *
 * @param containerFolder   Folder that the file will upload to, folder will be created if needed.
 * @param path              Path to the file that should be uploaded.
 * @param name              Artifact name.
 * @returns                 void
 */
function uploadArtifact(containerFolder, path, name) {
    (0, exports.command)("artifact.upload", { "containerfolder": containerFolder, "artifactname": name }, path);
}
exports.uploadArtifact = uploadArtifact;
/**
 * Create an artifact link, artifact location is required to be
 * a file container path, VC path or UNC share path.
 *
 * The file shall be available for download along with task logs.
 *
 * @param name              Artifact name.
 * @param path              Path to the file that should be associated.
 * @param artifactType      ArtifactType enum of Container, FilePath, VersionControl, GitRef or TfvcLabel.
 * @returns                 void
 */
function associateArtifact(name, path, artifactType) {
    (0, exports.command)("artifact.associate", { "type": ArtifactType[artifactType].toLowerCase(), "artifactname": name }, path);
}
exports.associateArtifact = associateArtifact;
//-----------------------------------------------------
// Build Logging Commands
//-----------------------------------------------------
/**
 * Upload user interested log to build’s container “logs\tool” folder.
 *
 * @param path      Path to the file that should be uploaded.
 * @returns         void
 */
function uploadBuildLog(path) {
    (0, exports.command)("build.uploadlog", null, path);
}
exports.uploadBuildLog = uploadBuildLog;
/**
 * Update build number for current build.
 *
 * @param value     Value to be assigned as the build number.
 * @returns         void
 */
function updateBuildNumber(value) {
    (0, exports.command)("build.updatebuildnumber", null, value);
}
exports.updateBuildNumber = updateBuildNumber;
/**
 * Add a tag for current build.
 *
 * @param value     Tag value.
 * @returns         void
 */
function addBuildTag(value) {
    (0, exports.command)("build.addbuildtag", null, value);
}
exports.addBuildTag = addBuildTag;
//-----------------------------------------------------
// Release Logging Commands
//-----------------------------------------------------
/**
 * Update release name for current release.
 *
 * @param value     Value to be assigned as the release name.
 * @returns         void
 */
function updateReleaseName(name) {
    assertAgent("2.132.0");
    (0, exports.command)("release.updatereleasename", null, name);
}
exports.updateReleaseName = updateReleaseName;
//-----------------------------------------------------
// Tools
//-----------------------------------------------------
exports.TaskCommand = tcm.TaskCommand;
exports.commandFromString = tcm.commandFromString;
exports.ToolRunner = trm.ToolRunner;
/**
 * Creates a filtering stream for external output and pipes it to the destination
 * (default process.stdout). Pipe untrusted output (a remote response, a child process's
 * stdout, etc.) into the returned stream so that any "##vso[" command markers it contains
 * are neutralized instead of executed by the agent.
 *
 * By default every marker is blocked. Set enableVsoCommands to true (optionally with an
 * explicit allowedVsoCommands list) to permit a small set of command names on a
 * compatibility-sensitive path.
 *
 * @param options   External output options. See ExternalOutputOptions.
 * @returns         A writable/readable stream to pipe untrusted output into.
 */
function createExternalOutputStream(options) {
    return eom.createExternalOutputStream(options);
}
exports.createExternalOutputStream = createExternalOutputStream;
/** Filters external output and writes it directly to the configured destination. */
function writeExternalOutput(message, options) {
    eom.writeExternalOutput(message, options);
}
exports.writeExternalOutput = writeExternalOutput;
/** Filters external output and submits it through the existing task-lib debug logger. */
function debugExternalOutput(message, options) {
    eom.debugExternalOutput(message, options);
}
exports.debugExternalOutput = debugExternalOutput;
/** Filters external output and submits it through the existing task-lib warning logger. */
function warningExternalOutput(message, options) {
    eom.warningExternalOutput(message, options);
}
exports.warningExternalOutput = warningExternalOutput;
/** Filters external output and submits it through the existing task-lib error logger. */
function errorExternalOutput(message, options) {
    eom.errorExternalOutput(message, options);
}
exports.errorExternalOutput = errorExternalOutput;
/** Commands allowed when VSO commands are enabled without an explicit allowlist. */
exports.defaultAllowedVsoCommands = eom.defaultAllowedVsoCommands;
//-----------------------------------------------------
// Validation Checks
//-----------------------------------------------------
// async await needs generators in node 4.x+
if (semver.lt(process.versions.node, '4.2.0')) {
    (0, exports.warning)('Tasks require a new agent.  Upgrade your agent or node to 4.2.0 or later', exports.IssueSource.TaskInternal);
}
//-------------------------------------------------------------------
// Populate the vault with sensitive data.  Inputs and Endpoints
//-------------------------------------------------------------------
// avoid loading twice (overwrites .taskkey)
if (!global['_vsts_task_lib_loaded']) {
    im._loadData();
    im._exposeProxySettings();
    im._exposeCertSettings();
}
//Helper Functions for internal use only
/**
 * safeFind - safe replacement for Array.prototype.find
 *
 * @param {Array} arr - the array to search
 * @param {Function} predicate - function to test each element, returns true if match
 * @returns {*} - first element that matches or undefined
 */
function safeFind(arr, predicate) {
    for (var i = 0; i < arr.length; i++) {
        if (predicate(arr[i])) {
            return arr[i];
        }
    }
    return undefined;
}


/***/ }),

/***/ 373:
/***/ ((__unused_webpack_module, exports) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.commandFromString = exports.TaskCommand = void 0;
//
// Command Format:
//    ##vso[artifact.command key=value;key=value]user message
//    
// Examples:
//    ##vso[task.progress value=58]
//    ##vso[task.issue type=warning;]This is the user warning message
//
var CMD_PREFIX = '##vso[';
var TaskCommand = /** @class */ (function () {
    function TaskCommand(command, properties, message) {
        if (!command) {
            command = 'missing.command';
        }
        this.command = command;
        this.properties = properties;
        this.message = message;
    }
    TaskCommand.prototype.toString = function () {
        var cmdStr = CMD_PREFIX + this.command;
        if (this.properties && Object.keys(this.properties).length > 0) {
            cmdStr += ' ';
            for (var key in this.properties) {
                if (this.properties.hasOwnProperty(key)) {
                    var val = this.properties[key];
                    if (val) {
                        // safely append the val - avoid blowing up when attempting to
                        // call .replace() if message is not a string for some reason
                        cmdStr += key + '=' + escape('' + (val || '')) + ';';
                    }
                }
            }
        }
        cmdStr += ']';
        // safely append the message - avoid blowing up when attempting to
        // call .replace() if message is not a string for some reason
        var message = '' + (this.message || '');
        cmdStr += escapedata(message);
        return cmdStr;
    };
    return TaskCommand;
}());
exports.TaskCommand = TaskCommand;
function commandFromString(commandLine) {
    var preLen = CMD_PREFIX.length;
    var lbPos = commandLine.indexOf('[');
    var rbPos = commandLine.indexOf(']');
    if (lbPos == -1 || rbPos == -1 || rbPos - lbPos < 3) {
        throw new Error('Invalid command brackets');
    }
    var cmdInfo = commandLine.substring(lbPos + 1, rbPos);
    var spaceIdx = cmdInfo.indexOf(' ');
    var command = cmdInfo;
    var properties = {};
    if (spaceIdx > 0) {
        command = cmdInfo.trim().substring(0, spaceIdx);
        var propSection = cmdInfo.trim().substring(spaceIdx + 1);
        var propLines = propSection.split(';');
        propLines.forEach(function (propLine) {
            propLine = propLine.trim();
            if (propLine.length > 0) {
                var eqIndex = propLine.indexOf('=');
                if (eqIndex == -1) {
                    throw new Error('Invalid property: ' + propLine);
                }
                var key = propLine.substring(0, eqIndex);
                var val = propLine.substring(eqIndex + 1);
                properties[key] = unescape(val);
            }
        });
    }
    var msg = unescapedata(commandLine.substring(rbPos + 1));
    var cmd = new TaskCommand(command, properties, msg);
    return cmd;
}
exports.commandFromString = commandFromString;
function escapedata(s) {
    return s.replace(/%/g, '%AZP25')
        .replace(/\r/g, '%0D')
        .replace(/\n/g, '%0A');
}
function unescapedata(s) {
    return s.replace(/%0D/g, '\r')
        .replace(/%0A/g, '\n')
        .replace(/%AZP25/g, '%');
}
function escape(s) {
    return s.replace(/%/g, '%AZP25')
        .replace(/\r/g, '%0D')
        .replace(/\n/g, '%0A')
        .replace(/]/g, '%5D')
        .replace(/;/g, '%3B');
}
function unescape(s) {
    return s.replace(/%0D/g, '\r')
        .replace(/%0A/g, '\n')
        .replace(/%5D/g, ']')
        .replace(/%3B/g, ';')
        .replace(/%AZP25/g, '%');
}


/***/ }),

/***/ 419:
/***/ (function(__unused_webpack_module, exports, __nccwpck_require__) {


var __extends = (this && this.__extends) || (function () {
    var extendStatics = function (d, b) {
        extendStatics = Object.setPrototypeOf ||
            ({ __proto__: [] } instanceof Array && function (d, b) { d.__proto__ = b; }) ||
            function (d, b) { for (var p in b) if (Object.prototype.hasOwnProperty.call(b, p)) d[p] = b[p]; };
        return extendStatics(d, b);
    };
    return function (d, b) {
        if (typeof b !== "function" && b !== null)
            throw new TypeError("Class extends value " + String(b) + " is not a constructor or null");
        extendStatics(d, b);
        function __() { this.constructor = d; }
        d.prototype = b === null ? Object.create(b) : (__.prototype = b.prototype, new __());
    };
})();
Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.ToolRunner = void 0;
var Q = __nccwpck_require__(560);
var os = __nccwpck_require__(857);
var events = __nccwpck_require__(434);
var child = __nccwpck_require__(317);
var im = __nccwpck_require__(202);
var fs = __nccwpck_require__(896);
var eom = __nccwpck_require__(37);
var ToolRunner = /** @class */ (function (_super) {
    __extends(ToolRunner, _super);
    function ToolRunner(toolPath) {
        var _this = _super.call(this) || this;
        _this.cmdSpecialChars = [' ', '\t', '&', '(', ')', '[', ']', '{', '}', '^', '=', ';', '!', '\'', '+', ',', '`', '~', '|', '<', '>', '"'];
        if (!toolPath) {
            throw new Error('Parameter \'toolPath\' cannot be null or empty.');
        }
        _this.toolPath = im._which(toolPath, true);
        _this.args = [];
        _this._debug('toolRunner toolPath: ' + toolPath);
        return _this;
    }
    ToolRunner.prototype._debug = function (message) {
        this.emit('debug', message);
    };
    ToolRunner.prototype._argStringToArray = function (argString) {
        var args = [];
        var inQuotes = false;
        var escaped = false;
        var lastCharWasSpace = true;
        var arg = '';
        var append = function (c) {
            // we only escape double quotes.
            if (escaped) {
                if (c !== '"') {
                    arg += '\\';
                }
                else {
                    arg.slice(0, -1);
                }
            }
            arg += c;
            escaped = false;
        };
        for (var i = 0; i < argString.length; i++) {
            var c = argString.charAt(i);
            if (c === ' ' && !inQuotes) {
                if (!lastCharWasSpace) {
                    args.push(arg);
                    arg = '';
                }
                lastCharWasSpace = true;
                continue;
            }
            else {
                lastCharWasSpace = false;
            }
            if (c === '"') {
                if (!escaped) {
                    inQuotes = !inQuotes;
                }
                else {
                    append(c);
                }
                continue;
            }
            if (c === "\\" && escaped) {
                append(c);
                continue;
            }
            if (c === "\\" && inQuotes) {
                escaped = true;
                continue;
            }
            append(c);
            lastCharWasSpace = false;
        }
        if (!lastCharWasSpace) {
            args.push(arg.trim());
        }
        return args;
    };
    ToolRunner.prototype._getCommandString = function (options, noPrefix) {
        var _this = this;
        var toolPath = this._getSpawnFileName();
        var args = this._getSpawnArgs(options);
        var cmd = noPrefix ? '' : '[command]'; // omit prefix when piped to a second tool
        var commandParts = [];
        if (process.platform == 'win32') {
            // Windows + cmd file
            if (this._isCmdFile()) {
                commandParts.push(toolPath);
                commandParts = commandParts.concat(args);
            }
            // Windows + verbatim
            else if (options.windowsVerbatimArguments) {
                commandParts.push("\"".concat(toolPath, "\""));
                commandParts = commandParts.concat(args);
            }
            else if (options.shell) {
                commandParts.push(this._windowsQuoteCmdArg(toolPath));
                commandParts = commandParts.concat(args);
            }
            // Windows (regular)
            else {
                commandParts.push(this._windowsQuoteCmdArg(toolPath));
                commandParts = commandParts.concat(args.map(function (arg) { return _this._windowsQuoteCmdArg(arg); }));
            }
        }
        else {
            // OSX/Linux - this can likely be improved with some form of quoting.
            // creating processes on Unix is fundamentally different than Windows.
            // on Unix, execvp() takes an arg array.
            commandParts.push(toolPath);
            commandParts = commandParts.concat(args);
        }
        cmd += commandParts.join(' ');
        // append second tool
        if (this.pipeOutputToTool) {
            cmd += ' | ' + this.pipeOutputToTool._getCommandString(options, /*noPrefix:*/ true);
        }
        return cmd;
    };
    ToolRunner.prototype._processLineBuffer = function (data, buffer, onLine) {
        var newBuffer = buffer + data.toString();
        try {
            var eolIndex = newBuffer.indexOf(os.EOL);
            while (eolIndex > -1) {
                var line = newBuffer.substring(0, eolIndex);
                onLine(line);
                // the rest of the string ...
                newBuffer = newBuffer.substring(eolIndex + os.EOL.length);
                eolIndex = newBuffer.indexOf(os.EOL);
            }
        }
        catch (err) {
            // streaming lines to console is best effort.  Don't fail a build.
            this._debug('error processing line');
        }
        return newBuffer;
    };
    /**
     * Wraps an arg string with specified char if it's not already wrapped
     * @returns {string} Arg wrapped with specified char
     * @param {string} arg Input argument string
     * @param {string} wrapChar A char input string should be wrapped with
     */
    ToolRunner.prototype._wrapArg = function (arg, wrapChar) {
        if (!this._isWrapped(arg, wrapChar)) {
            return "".concat(wrapChar).concat(arg).concat(wrapChar);
        }
        return arg;
    };
    /**
     * Unwraps an arg string wrapped with specified char
     * @param arg Arg wrapped with specified char
     * @param wrapChar A char to be removed
     */
    ToolRunner.prototype._unwrapArg = function (arg, wrapChar) {
        if (this._isWrapped(arg, wrapChar)) {
            var pattern = new RegExp("(^\\\\?".concat(wrapChar, ")|(\\\\?").concat(wrapChar, "$)"), 'g');
            return arg.trim().replace(pattern, '');
        }
        return arg;
    };
    /**
     * Determine if arg string is wrapped with specified char
     * @param arg Input arg string
     */
    ToolRunner.prototype._isWrapped = function (arg, wrapChar) {
        var pattern = new RegExp("^\\\\?".concat(wrapChar, ".+\\\\?").concat(wrapChar, "$"));
        return pattern.test(arg.trim());
    };
    ToolRunner.prototype._getSpawnFileName = function (options) {
        if (process.platform == 'win32') {
            if (this._isCmdFile()) {
                return process.env['COMSPEC'] || 'cmd.exe';
            }
        }
        if (options && options.shell) {
            return this._wrapArg(this.toolPath, '"');
        }
        return this.toolPath;
    };
    ToolRunner.prototype._getSpawnArgs = function (options) {
        var _this = this;
        if (process.platform == 'win32') {
            if (this._isCmdFile()) {
                var argline = "/D /S /C \"".concat(this._windowsQuoteCmdArg(this.toolPath));
                for (var i = 0; i < this.args.length; i++) {
                    argline += ' ';
                    argline += options.windowsVerbatimArguments ? this.args[i] : this._windowsQuoteCmdArg(this.args[i]);
                }
                argline += '"';
                return [argline];
            }
            if (options.windowsVerbatimArguments) {
                // note, in Node 6.x options.argv0 can be used instead of overriding args.slice and args.unshift.
                // for more details, refer to https://github.com/nodejs/node/blob/v6.x/lib/child_process.js
                var args_1 = this.args.slice(0); // copy the array
                // override slice to prevent Node from creating a copy of the arg array.
                // we need Node to use the "unshift" override below.
                args_1.slice = function () {
                    if (arguments.length != 1 || arguments[0] != 0) {
                        throw new Error('Unexpected arguments passed to args.slice when windowsVerbatimArguments flag is set.');
                    }
                    return args_1;
                };
                // override unshift
                //
                // when using the windowsVerbatimArguments option, Node does not quote the tool path when building
                // the cmdline parameter for the win32 function CreateProcess(). an unquoted space in the tool path
                // causes problems for tools when attempting to parse their own command line args. tools typically
                // assume their arguments begin after arg 0.
                //
                // by hijacking unshift, we can quote the tool path when it pushed onto the args array. Node builds
                // the cmdline parameter from the args array.
                //
                // note, we can't simply pass a quoted tool path to Node for multiple reasons:
                //   1) Node verifies the file exists (calls win32 function GetFileAttributesW) and the check returns
                //      false if the path is quoted.
                //   2) Node passes the tool path as the application parameter to CreateProcess, which expects the
                //      path to be unquoted.
                //
                // also note, in addition to the tool path being embedded within the cmdline parameter, Node also
                // passes the tool path to CreateProcess via the application parameter (optional parameter). when
                // present, Windows uses the application parameter to determine which file to run, instead of
                // interpreting the file from the cmdline parameter.
                args_1.unshift = function () {
                    if (arguments.length != 1) {
                        throw new Error('Unexpected arguments passed to args.unshift when windowsVerbatimArguments flag is set.');
                    }
                    return Array.prototype.unshift.call(args_1, "\"".concat(arguments[0], "\"")); // quote the file name
                };
                return args_1;
            }
            else if (options.shell) {
                var args = [];
                for (var _i = 0, _a = this.args; _i < _a.length; _i++) {
                    var arg = _a[_i];
                    if (this._needQuotesForCmd(arg, '%')) {
                        args.push(this._wrapArg(arg, '"'));
                    }
                    else {
                        args.push(arg);
                    }
                }
                return args;
            }
        }
        else if (options.shell) {
            return this.args.map(function (arg) {
                if (_this._isWrapped(arg, "'")) {
                    return arg;
                }
                // remove wrapping double quotes to avoid escaping
                arg = _this._unwrapArg(arg, '"');
                arg = _this._escapeChar(arg, '"');
                return _this._wrapArg(arg, '"');
            });
        }
        return this.args;
    };
    /**
     * Escape specified character.
     * @param arg String to escape char in
     * @param charToEscape Char should be escaped
     */
    ToolRunner.prototype._escapeChar = function (arg, charToEscape) {
        var escChar = "\\";
        var output = '';
        var charIsEscaped = false;
        for (var _i = 0, arg_1 = arg; _i < arg_1.length; _i++) {
            var char = arg_1[_i];
            if (char === charToEscape && !charIsEscaped) {
                output += escChar + char;
            }
            else {
                output += char;
            }
            charIsEscaped = char === escChar && !charIsEscaped;
        }
        return output;
    };
    ToolRunner.prototype._isCmdFile = function () {
        var upperToolPath = this.toolPath.toUpperCase();
        return im._endsWith(upperToolPath, '.CMD') || im._endsWith(upperToolPath, '.BAT');
    };
    /**
     * Determine whether the cmd arg needs to be quoted. Returns true if arg contains any of special chars array.
     * @param arg The cmd command arg.
     * @param additionalChars Additional chars which should be also checked.
     */
    ToolRunner.prototype._needQuotesForCmd = function (arg, additionalChars) {
        var specialChars = this.cmdSpecialChars;
        if (additionalChars) {
            specialChars = this.cmdSpecialChars.concat(additionalChars);
        }
        var _loop_1 = function (char) {
            if (specialChars.some(function (x) { return x === char; })) {
                return { value: true };
            }
        };
        for (var _i = 0, arg_2 = arg; _i < arg_2.length; _i++) {
            var char = arg_2[_i];
            var state_1 = _loop_1(char);
            if (typeof state_1 === "object")
                return state_1.value;
        }
        return false;
    };
    ToolRunner.prototype._windowsQuoteCmdArg = function (arg) {
        // for .exe, apply the normal quoting rules that libuv applies
        if (!this._isCmdFile()) {
            return this._uv_quote_cmd_arg(arg);
        }
        // otherwise apply quoting rules specific to the cmd.exe command line parser.
        // the libuv rules are generic and are not designed specifically for cmd.exe
        // command line parser.
        //
        // for a detailed description of the cmd.exe command line parser, refer to
        // http://stackoverflow.com/questions/4094699/how-does-the-windows-command-interpreter-cmd-exe-parse-scripts/7970912#7970912
        // need quotes for empty arg
        if (!arg) {
            return '""';
        }
        // determine whether the arg needs to be quoted
        var needsQuotes = this._needQuotesForCmd(arg);
        // short-circuit if quotes not needed
        if (!needsQuotes) {
            return arg;
        }
        // the following quoting rules are very similar to the rules that by libuv applies.
        //
        // 1) wrap the string in quotes
        //
        // 2) double-up quotes - i.e. " => ""
        //
        //    this is different from the libuv quoting rules. libuv replaces " with \", which unfortunately
        //    doesn't work well with a cmd.exe command line.
        //
        //    note, replacing " with "" also works well if the arg is passed to a downstream .NET console app.
        //    for example, the command line:
        //          foo.exe "myarg:""my val"""
        //    is parsed by a .NET console app into an arg array:
        //          [ "myarg:\"my val\"" ]
        //    which is the same end result when applying libuv quoting rules. although the actual
        //    command line from libuv quoting rules would look like:
        //          foo.exe "myarg:\"my val\""
        //
        // 3) double-up slashes that preceed a quote,
        //    e.g.  hello \world    => "hello \world"
        //          hello\"world    => "hello\\""world"
        //          hello\\"world   => "hello\\\\""world"
        //          hello world\    => "hello world\\"
        //
        //    technically this is not required for a cmd.exe command line, or the batch argument parser.
        //    the reasons for including this as a .cmd quoting rule are:
        //
        //    a) this is optimized for the scenario where the argument is passed from the .cmd file to an
        //       external program. many programs (e.g. .NET console apps) rely on the slash-doubling rule.
        //
        //    b) it's what we've been doing previously (by deferring to node default behavior) and we
        //       haven't heard any complaints about that aspect.
        //
        // note, a weakness of the quoting rules chosen here, is that % is not escaped. in fact, % cannot be
        // escaped when used on the command line directly - even though within a .cmd file % can be escaped
        // by using %%.
        //
        // the saving grace is, on the command line, %var% is left as-is if var is not defined. this contrasts
        // the line parsing rules within a .cmd file, where if var is not defined it is replaced with nothing.
        //
        // one option that was explored was replacing % with ^% - i.e. %var% => ^%var^%. this hack would
        // often work, since it is unlikely that var^ would exist, and the ^ character is removed when the
        // variable is used. the problem, however, is that ^ is not removed when %* is used to pass the args
        // to an external program.
        //
        // an unexplored potential solution for the % escaping problem, is to create a wrapper .cmd file.
        // % can be escaped within a .cmd file.
        var reverse = '"';
        var quote_hit = true;
        for (var i = arg.length; i > 0; i--) { // walk the string in reverse
            reverse += arg[i - 1];
            if (quote_hit && arg[i - 1] == '\\') {
                reverse += '\\'; // double the slash
            }
            else if (arg[i - 1] == '"') {
                quote_hit = true;
                reverse += '"'; // double the quote
            }
            else {
                quote_hit = false;
            }
        }
        reverse += '"';
        return reverse.split('').reverse().join('');
    };
    ToolRunner.prototype._uv_quote_cmd_arg = function (arg) {
        // Tool runner wraps child_process.spawn() and needs to apply the same quoting as
        // Node in certain cases where the undocumented spawn option windowsVerbatimArguments
        // is used.
        //
        // Since this function is a port of quote_cmd_arg from Node 4.x (technically, lib UV,
        // see https://github.com/nodejs/node/blob/v4.x/deps/uv/src/win/process.c for details),
        // pasting copyright notice from Node within this function:
        //
        //      Copyright Joyent, Inc. and other Node contributors. All rights reserved.
        //
        //      Permission is hereby granted, free of charge, to any person obtaining a copy
        //      of this software and associated documentation files (the "Software"), to
        //      deal in the Software without restriction, including without limitation the
        //      rights to use, copy, modify, merge, publish, distribute, sublicense, and/or
        //      sell copies of the Software, and to permit persons to whom the Software is
        //      furnished to do so, subject to the following conditions:
        //
        //      The above copyright notice and this permission notice shall be included in
        //      all copies or substantial portions of the Software.
        //
        //      THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
        //      IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
        //      FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
        //      AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
        //      LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING
        //      FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS
        //      IN THE SOFTWARE.
        if (!arg) {
            // Need double quotation for empty argument
            return '""';
        }
        if (arg.indexOf(' ') < 0 && arg.indexOf('\t') < 0 && arg.indexOf('"') < 0) {
            // No quotation needed
            return arg;
        }
        if (arg.indexOf('"') < 0 && arg.indexOf('\\') < 0) {
            // No embedded double quotes or backslashes, so I can just wrap
            // quote marks around the whole thing.
            return "\"".concat(arg, "\"");
        }
        // Expected input/output:
        //   input : hello"world
        //   output: "hello\"world"
        //   input : hello""world
        //   output: "hello\"\"world"
        //   input : hello\world
        //   output: hello\world
        //   input : hello\\world
        //   output: hello\\world
        //   input : hello\"world
        //   output: "hello\\\"world"
        //   input : hello\\"world
        //   output: "hello\\\\\"world"
        //   input : hello world\
        //   output: "hello world\\" - note the comment in libuv actually reads "hello world\"
        //                             but it appears the comment is wrong, it should be "hello world\\"
        var reverse = '"';
        var quote_hit = true;
        for (var i = arg.length; i > 0; i--) { // walk the string in reverse
            reverse += arg[i - 1];
            if (quote_hit && arg[i - 1] == '\\') {
                reverse += '\\';
            }
            else if (arg[i - 1] == '"') {
                quote_hit = true;
                reverse += '\\';
            }
            else {
                quote_hit = false;
            }
        }
        reverse += '"';
        return reverse.split('').reverse().join('');
    };
    ToolRunner.prototype._cloneExecOptions = function (options) {
        options = options || {};
        var result = {
            cwd: options.cwd || process.cwd(),
            env: options.env || process.env,
            silent: options.silent || false,
            failOnStdErr: options.failOnStdErr || false,
            ignoreReturnCode: options.ignoreReturnCode || false,
            windowsVerbatimArguments: options.windowsVerbatimArguments || false,
            shell: options.shell || false,
            externalOutput: options.externalOutput
        };
        result.outStream = options.outStream || process.stdout;
        result.errStream = options.errStream || process.stderr;
        return result;
    };
    /** Builds one filtered writer per display destination. */
    ToolRunner.prototype._createDisplayFilter = function (options) {
        var ext = options.externalOutput;
        if (!ext) {
            return null;
        }
        var outStream = options.outStream;
        var errDest = options.failOnStdErr ? options.errStream : options.outStream;
        var stdoutWriter = eom.createFilteredWriter(ext, outStream);
        var stderrWriter = errDest === outStream
            ? stdoutWriter
            : eom.createFilteredWriter(ext, errDest);
        return {
            commandLine: function (text) { outStream.write(eom.filterExternalOutput(text, ext)); },
            stdout: function (data) { return stdoutWriter.write(data); },
            stderr: function (data) { return stderrWriter.write(data); },
            finalize: function () {
                stdoutWriter.end();
                if (stderrWriter !== stdoutWriter) {
                    stderrWriter.end();
                }
            }
        };
    };
    ToolRunner.prototype._getSpawnOptions = function (options) {
        options = options || {};
        var result = {};
        result.cwd = options.cwd;
        result.env = options.env;
        result.shell = options.shell;
        result['windowsVerbatimArguments'] = options.windowsVerbatimArguments || this._isCmdFile();
        return result;
    };
    ToolRunner.prototype._getSpawnSyncOptions = function (options) {
        var result = {};
        result.maxBuffer = 1024 * 1024 * 1024;
        result.cwd = options.cwd;
        result.env = options.env;
        result.shell = options.shell;
        result['windowsVerbatimArguments'] = options.windowsVerbatimArguments || this._isCmdFile();
        return result;
    };
    ToolRunner.prototype.execWithPipingAsync = function (pipeOutputToTool, options) {
        var _this = this;
        this._debug('exec tool: ' + this.toolPath);
        this._debug('arguments:');
        this.args.forEach(function (arg) {
            _this._debug('   ' + arg);
        });
        var success = true;
        var optionsNonNull = this._cloneExecOptions(options);
        var df = this._createDisplayFilter(optionsNonNull);
        if (!optionsNonNull.silent) {
            if (df) {
                df.commandLine(this._getCommandString(optionsNonNull) + os.EOL);
            }
            else {
                optionsNonNull.outStream.write(this._getCommandString(optionsNonNull) + os.EOL);
            }
        }
        var cp;
        var toolPath = pipeOutputToTool.toolPath;
        var toolPathFirst;
        var successFirst = true;
        var returnCodeFirst;
        var fileStream;
        var waitingEvents = 0; // number of process or stream events we are waiting on to complete
        var returnCode = 0;
        var error;
        toolPathFirst = this.toolPath;
        // Following node documentation example from this link on how to pipe output of one process to another
        // https://nodejs.org/api/child_process.html#child_process_child_process_spawn_command_args_options
        //start the child process for both tools
        waitingEvents++;
        var cpFirst = child.spawn(this._getSpawnFileName(optionsNonNull), this._getSpawnArgs(optionsNonNull), this._getSpawnOptions(optionsNonNull));
        waitingEvents++;
        cp = child.spawn(pipeOutputToTool._getSpawnFileName(optionsNonNull), pipeOutputToTool._getSpawnArgs(optionsNonNull), pipeOutputToTool._getSpawnOptions(optionsNonNull));
        fileStream = this.pipeOutputToFile ? fs.createWriteStream(this.pipeOutputToFile) : null;
        return new Promise(function (resolve, reject) {
            var _a, _b, _c, _d;
            var complete = function () {
                if (waitingEvents != 0) {
                    return;
                }
                if (df) {
                    df.finalize();
                }
                if (error) {
                    reject(error);
                }
                else {
                    resolve(returnCode);
                }
            };
            if (fileStream) {
                waitingEvents++;
                fileStream.on('finish', function () {
                    waitingEvents--; //file write is complete
                    fileStream = null;
                    complete();
                });
                fileStream.on('error', function (err) {
                    waitingEvents--; //there were errors writing to the file, write is done
                    _this._debug("Failed to pipe output of ".concat(toolPathFirst, " to file ").concat(_this.pipeOutputToFile, ". Error = ").concat(err));
                    fileStream = null;
                    complete();
                });
            }
            //pipe stdout of first tool to stdin of second tool
            (_a = cpFirst.stdout) === null || _a === void 0 ? void 0 : _a.on('data', function (data) {
                var _a, _b;
                try {
                    if (fileStream) {
                        fileStream.write(data);
                    }
                    if (!((_a = cp.stdin) === null || _a === void 0 ? void 0 : _a.destroyed)) {
                        (_b = cp.stdin) === null || _b === void 0 ? void 0 : _b.write(data);
                    }
                }
                catch (err) {
                    _this._debug('Failed to pipe output of ' + toolPathFirst + ' to ' + toolPath);
                    _this._debug(toolPath + ' might have exited due to errors prematurely. Verify the arguments passed are valid.');
                }
            });
            (_b = cpFirst.stderr) === null || _b === void 0 ? void 0 : _b.on('data', function (data) {
                if (fileStream) {
                    fileStream.write(data);
                }
                successFirst = !optionsNonNull.failOnStdErr;
                if (!optionsNonNull.silent) {
                    if (df) {
                        df.stderr(data);
                    }
                    else {
                        var s = optionsNonNull.failOnStdErr ? optionsNonNull.errStream : optionsNonNull.outStream;
                        s.write(data);
                    }
                }
            });
            cpFirst.on('error', function (err) {
                var _a;
                waitingEvents--; //first process is complete with errors
                if (fileStream) {
                    fileStream.end();
                }
                (_a = cp.stdin) === null || _a === void 0 ? void 0 : _a.end();
                error = new Error(toolPathFirst + ' failed. ' + err.message);
                complete();
            });
            cpFirst.on('close', function (code, signal) {
                var _a;
                waitingEvents--; //first process is complete
                if (code != 0 && !optionsNonNull.ignoreReturnCode) {
                    successFirst = false;
                    returnCodeFirst = code;
                    returnCode = returnCodeFirst;
                }
                _this._debug('success of first tool:' + successFirst);
                if (fileStream) {
                    fileStream.end();
                }
                (_a = cp.stdin) === null || _a === void 0 ? void 0 : _a.end();
                complete();
            });
            var stdLineBuffer = '';
            (_c = cp.stdout) === null || _c === void 0 ? void 0 : _c.on('data', function (data) {
                _this.emit('stdout', data);
                if (!optionsNonNull.silent) {
                    if (df) {
                        df.stdout(data);
                    }
                    else {
                        optionsNonNull.outStream.write(data);
                    }
                }
                stdLineBuffer = _this._processLineBuffer(data, stdLineBuffer, function (line) {
                    _this.emit('stdline', line);
                });
            });
            var errLineBuffer = '';
            (_d = cp.stderr) === null || _d === void 0 ? void 0 : _d.on('data', function (data) {
                _this.emit('stderr', data);
                success = !optionsNonNull.failOnStdErr;
                if (!optionsNonNull.silent) {
                    if (df) {
                        df.stderr(data);
                    }
                    else {
                        var s = optionsNonNull.failOnStdErr ? optionsNonNull.errStream : optionsNonNull.outStream;
                        s.write(data);
                    }
                }
                errLineBuffer = _this._processLineBuffer(data, errLineBuffer, function (line) {
                    _this.emit('errline', line);
                });
            });
            cp.on('error', function (err) {
                waitingEvents--; //process is done with errors
                error = new Error(toolPath + ' failed. ' + err.message);
                complete();
            });
            cp.on('close', function (code, signal) {
                waitingEvents--; //process is complete
                _this._debug('rc:' + code);
                returnCode = code;
                if (stdLineBuffer.length > 0) {
                    _this.emit('stdline', stdLineBuffer);
                }
                if (errLineBuffer.length > 0) {
                    _this.emit('errline', errLineBuffer);
                }
                if (code != 0 && !optionsNonNull.ignoreReturnCode) {
                    success = false;
                }
                _this._debug('success:' + success);
                if (!successFirst) { //in the case output is piped to another tool, check exit code of both tools
                    error = new Error(toolPathFirst + ' failed with return code: ' + returnCodeFirst);
                }
                else if (!success) {
                    error = new Error(toolPath + ' failed with return code: ' + code);
                }
                complete();
            });
        });
    };
    ToolRunner.prototype.execWithPiping = function (pipeOutputToTool, options) {
        var _this = this;
        var _a, _b, _c, _d;
        var defer = Q.defer();
        this._debug('exec tool: ' + this.toolPath);
        this._debug('arguments:');
        this.args.forEach(function (arg) {
            _this._debug('   ' + arg);
        });
        var success = true;
        var optionsNonNull = this._cloneExecOptions(options);
        var df = this._createDisplayFilter(optionsNonNull);
        if (!optionsNonNull.silent) {
            if (df) {
                df.commandLine(this._getCommandString(optionsNonNull) + os.EOL);
            }
            else {
                optionsNonNull.outStream.write(this._getCommandString(optionsNonNull) + os.EOL);
            }
        }
        var cp;
        var toolPath = pipeOutputToTool.toolPath;
        var toolPathFirst;
        var successFirst = true;
        var returnCodeFirst;
        var fileStream;
        var waitingEvents = 0; // number of process or stream events we are waiting on to complete
        var returnCode = 0;
        var error;
        toolPathFirst = this.toolPath;
        // Following node documentation example from this link on how to pipe output of one process to another
        // https://nodejs.org/api/child_process.html#child_process_child_process_spawn_command_args_options
        //start the child process for both tools
        waitingEvents++;
        var cpFirst = child.spawn(this._getSpawnFileName(optionsNonNull), this._getSpawnArgs(optionsNonNull), this._getSpawnOptions(optionsNonNull));
        waitingEvents++;
        cp = child.spawn(pipeOutputToTool._getSpawnFileName(optionsNonNull), pipeOutputToTool._getSpawnArgs(optionsNonNull), pipeOutputToTool._getSpawnOptions(optionsNonNull));
        fileStream = this.pipeOutputToFile ? fs.createWriteStream(this.pipeOutputToFile) : null;
        var complete = function () {
            if (waitingEvents != 0) {
                return;
            }
            if (df) {
                df.finalize();
            }
            if (error) {
                defer.reject(error);
            }
            else {
                defer.resolve(returnCode);
            }
        };
        if (fileStream) {
            waitingEvents++;
            fileStream.on('finish', function () {
                waitingEvents--; //file write is complete
                fileStream = null;
                complete();
            });
            fileStream.on('error', function (err) {
                waitingEvents--; //there were errors writing to the file, write is done
                _this._debug("Failed to pipe output of ".concat(toolPathFirst, " to file ").concat(_this.pipeOutputToFile, ". Error = ").concat(err));
                fileStream = null;
                complete();
            });
        }
        //pipe stdout of first tool to stdin of second tool
        (_a = cpFirst.stdout) === null || _a === void 0 ? void 0 : _a.on('data', function (data) {
            var _a;
            try {
                if (fileStream) {
                    fileStream.write(data);
                }
                (_a = cp.stdin) === null || _a === void 0 ? void 0 : _a.write(data);
            }
            catch (err) {
                _this._debug('Failed to pipe output of ' + toolPathFirst + ' to ' + toolPath);
                _this._debug(toolPath + ' might have exited due to errors prematurely. Verify the arguments passed are valid.');
            }
        });
        (_b = cpFirst.stderr) === null || _b === void 0 ? void 0 : _b.on('data', function (data) {
            if (fileStream) {
                fileStream.write(data);
            }
            successFirst = !optionsNonNull.failOnStdErr;
            if (!optionsNonNull.silent) {
                if (df) {
                    df.stderr(data);
                }
                else {
                    var s = optionsNonNull.failOnStdErr ? optionsNonNull.errStream : optionsNonNull.outStream;
                    s.write(data);
                }
            }
        });
        cpFirst.on('error', function (err) {
            var _a;
            waitingEvents--; //first process is complete with errors
            if (fileStream) {
                fileStream.end();
            }
            (_a = cp.stdin) === null || _a === void 0 ? void 0 : _a.end();
            error = new Error(toolPathFirst + ' failed. ' + err.message);
            complete();
        });
        cpFirst.on('close', function (code, signal) {
            var _a;
            waitingEvents--; //first process is complete
            if (code != 0 && !optionsNonNull.ignoreReturnCode) {
                successFirst = false;
                returnCodeFirst = code;
                returnCode = returnCodeFirst;
            }
            _this._debug('success of first tool:' + successFirst);
            if (fileStream) {
                fileStream.end();
            }
            (_a = cp.stdin) === null || _a === void 0 ? void 0 : _a.end();
            complete();
        });
        var stdLineBuffer = '';
        (_c = cp.stdout) === null || _c === void 0 ? void 0 : _c.on('data', function (data) {
            _this.emit('stdout', data);
            if (!optionsNonNull.silent) {
                if (df) {
                    df.stdout(data);
                }
                else {
                    optionsNonNull.outStream.write(data);
                }
            }
            stdLineBuffer = _this._processLineBuffer(data, stdLineBuffer, function (line) {
                _this.emit('stdline', line);
            });
        });
        var errLineBuffer = '';
        (_d = cp.stderr) === null || _d === void 0 ? void 0 : _d.on('data', function (data) {
            _this.emit('stderr', data);
            success = !optionsNonNull.failOnStdErr;
            if (!optionsNonNull.silent) {
                if (df) {
                    df.stderr(data);
                }
                else {
                    var s = optionsNonNull.failOnStdErr ? optionsNonNull.errStream : optionsNonNull.outStream;
                    s.write(data);
                }
            }
            errLineBuffer = _this._processLineBuffer(data, errLineBuffer, function (line) {
                _this.emit('errline', line);
            });
        });
        cp.on('error', function (err) {
            waitingEvents--; //process is done with errors
            error = new Error(toolPath + ' failed. ' + err.message);
            complete();
        });
        cp.on('close', function (code, signal) {
            waitingEvents--; //process is complete
            _this._debug('rc:' + code);
            returnCode = code;
            if (stdLineBuffer.length > 0) {
                _this.emit('stdline', stdLineBuffer);
            }
            if (errLineBuffer.length > 0) {
                _this.emit('errline', errLineBuffer);
            }
            if (code != 0 && !optionsNonNull.ignoreReturnCode) {
                success = false;
            }
            _this._debug('success:' + success);
            if (!successFirst) { //in the case output is piped to another tool, check exit code of both tools
                error = new Error(toolPathFirst + ' failed with return code: ' + returnCodeFirst);
            }
            else if (!success) {
                error = new Error(toolPath + ' failed with return code: ' + code);
            }
            complete();
        });
        return defer.promise;
    };
    /**
     * Add argument
     * Append an argument or an array of arguments
     * returns ToolRunner for chaining
     *
     * @param     val        string cmdline or array of strings
     * @returns   ToolRunner
     */
    ToolRunner.prototype.arg = function (val) {
        if (!val) {
            return this;
        }
        if (val instanceof Array) {
            this._debug(this.toolPath + ' arg: ' + JSON.stringify(val));
            this.args = this.args.concat(val);
        }
        else if (typeof (val) === 'string') {
            this._debug(this.toolPath + ' arg: ' + val);
            this.args = this.args.concat(val.trim());
        }
        return this;
    };
    /**
     * Parses an argument line into one or more arguments
     * e.g. .line('"arg one" two -z') is equivalent to .arg(['arg one', 'two', '-z'])
     * returns ToolRunner for chaining
     *
     * @param     val        string argument line
     * @returns   ToolRunner
     */
    ToolRunner.prototype.line = function (val) {
        if (!val) {
            return this;
        }
        this._debug(this.toolPath + ' arg: ' + val);
        this.args = this.args.concat(this._argStringToArray(val));
        return this;
    };
    /**
     * Add argument(s) if a condition is met
     * Wraps arg().  See arg for details
     * returns ToolRunner for chaining
     *
     * @param     condition     boolean condition
     * @param     val     string cmdline or array of strings
     * @returns   ToolRunner
     */
    ToolRunner.prototype.argIf = function (condition, val) {
        if (condition) {
            this.arg(val);
        }
        return this;
    };
    /**
     * Pipe output of exec() to another tool
     * @param tool
     * @param file  optional filename to additionally stream the output to.
     * @returns {ToolRunner}
     */
    ToolRunner.prototype.pipeExecOutputToTool = function (tool, file) {
        this.pipeOutputToTool = tool;
        this.pipeOutputToFile = file;
        return this;
    };
    /**
     * Exec a tool.
     * Output will be streamed to the live console.
     * Returns promise with return code
     *
     * @param     tool     path to tool to exec
     * @param     options  optional exec options.  See IExecOptions
     * @returns   number
     */
    ToolRunner.prototype.execAsync = function (options) {
        var _this = this;
        var _a, _b, _c;
        if (this.pipeOutputToTool) {
            return this.execWithPipingAsync(this.pipeOutputToTool, options);
        }
        this._debug('exec tool: ' + this.toolPath);
        this._debug('arguments:');
        this.args.forEach(function (arg) {
            _this._debug('   ' + arg);
        });
        var optionsNonNull = this._cloneExecOptions(options);
        var df = this._createDisplayFilter(optionsNonNull);
        if (!optionsNonNull.silent) {
            if (df) {
                df.commandLine(this._getCommandString(optionsNonNull) + os.EOL);
            }
            else {
                optionsNonNull.outStream.write(this._getCommandString(optionsNonNull) + os.EOL);
            }
        }
        var state = new ExecState(optionsNonNull, this.toolPath);
        state.on('debug', function (message) {
            _this._debug(message);
        });
        var stdLineBuffer = '';
        var errLineBuffer = '';
        var emitDoneEvent = function (resolve, reject) {
            state.on('done', function (error, exitCode) {
                if (stdLineBuffer.length > 0) {
                    _this.emit('stdline', stdLineBuffer);
                }
                if (errLineBuffer.length > 0) {
                    _this.emit('errline', errLineBuffer);
                }
                if (cp) {
                    cp.removeAllListeners();
                }
                if (error) {
                    reject(error);
                }
                else {
                    resolve(exitCode);
                }
            });
        };
        // Edge case when the node itself cant's spawn and emit event
        var cp;
        try {
            cp = child.spawn(this._getSpawnFileName(options), this._getSpawnArgs(optionsNonNull), this._getSpawnOptions(options));
        }
        catch (error) {
            return new Promise(function (resolve, reject) {
                emitDoneEvent(resolve, reject);
                state.processError = error.message;
                state.processExited = true;
                state.processClosed = true;
                state.CheckComplete();
            });
        }
        this.childProcess = cp;
        // it is possible for the child process to end its last line without a new line.
        // because stdout is buffered, this causes the last line to not get sent to the parent
        // stream. Adding this event forces a flush before the child streams are closed.
        (_a = cp.stdout) === null || _a === void 0 ? void 0 : _a.on('end', function () {
            if (!optionsNonNull.silent) {
                if (df) {
                    df.stdout(Buffer.from(os.EOL));
                }
                else {
                    optionsNonNull.outStream.write(os.EOL);
                }
            }
        });
        (_b = cp.stdout) === null || _b === void 0 ? void 0 : _b.on('data', function (data) {
            _this.emit('stdout', data);
            if (!optionsNonNull.silent) {
                if (df) {
                    df.stdout(data);
                }
                else {
                    optionsNonNull.outStream.write(data);
                }
            }
            stdLineBuffer = _this._processLineBuffer(data, stdLineBuffer, function (line) {
                _this.emit('stdline', line);
            });
        });
        (_c = cp.stderr) === null || _c === void 0 ? void 0 : _c.on('data', function (data) {
            state.processStderr = true;
            _this.emit('stderr', data);
            if (!optionsNonNull.silent) {
                if (df) {
                    df.stderr(data);
                }
                else {
                    var s = optionsNonNull.failOnStdErr ? optionsNonNull.errStream : optionsNonNull.outStream;
                    s.write(data);
                }
            }
            errLineBuffer = _this._processLineBuffer(data, errLineBuffer, function (line) {
                _this.emit('errline', line);
            });
        });
        cp.on('error', function (err) {
            state.processError = err.message;
            state.processExited = true;
            state.processClosed = true;
            state.CheckComplete();
        });
        // Do not write debug logs here. Sometimes stdio not closed yet and you can damage user output commands.
        cp.on('exit', function (code, signal) {
            state.processExitCode = code;
            state.processExitSignal = signal;
            state.processExited = true;
            state.CheckComplete();
        });
        cp.on('close', function (code, signal) {
            if (df) {
                df.finalize();
            }
            state.processCloseCode = code;
            state.processCloseSignal = signal;
            state.processClosed = true;
            state.processExited = true;
            state.CheckComplete();
        });
        return new Promise(emitDoneEvent);
    };
    /**
     * Exec a tool.
     * Output will be streamed to the live console.
     * Returns promise with return code
     *
     * @deprecated Use the `execAsync` method that returns a native Javascript promise instead
     * @param     tool     path to tool to exec
     * @param     options  optional exec options.  See IExecOptions
     * @returns   number
     */
    ToolRunner.prototype.exec = function (options) {
        var _this = this;
        var _a, _b, _c;
        if (this.pipeOutputToTool) {
            return this.execWithPiping(this.pipeOutputToTool, options);
        }
        var defer = Q.defer();
        this._debug('exec tool: ' + this.toolPath);
        this._debug('arguments:');
        this.args.forEach(function (arg) {
            _this._debug('   ' + arg);
        });
        var optionsNonNull = this._cloneExecOptions(options);
        var df = this._createDisplayFilter(optionsNonNull);
        if (!optionsNonNull.silent) {
            if (df) {
                df.commandLine(this._getCommandString(optionsNonNull) + os.EOL);
            }
            else {
                optionsNonNull.outStream.write(this._getCommandString(optionsNonNull) + os.EOL);
            }
        }
        var state = new ExecState(optionsNonNull, this.toolPath);
        state.on('debug', function (message) {
            _this._debug(message);
        });
        var stdLineBuffer = '';
        var errLineBuffer = '';
        state.on('done', function (error, exitCode) {
            if (stdLineBuffer.length > 0) {
                _this.emit('stdline', stdLineBuffer);
            }
            if (errLineBuffer.length > 0) {
                _this.emit('errline', errLineBuffer);
            }
            if (cp) {
                cp.removeAllListeners();
            }
            if (error) {
                defer.reject(error);
            }
            else {
                defer.resolve(exitCode);
            }
        });
        // Edge case when the node itself cant's spawn and emit event
        var cp;
        try {
            cp = child.spawn(this._getSpawnFileName(options), this._getSpawnArgs(optionsNonNull), this._getSpawnOptions(options));
        }
        catch (error) {
            state.processError = error.message;
            state.processExited = true;
            state.processClosed = true;
            state.CheckComplete();
            return defer.promise;
        }
        this.childProcess = cp;
        // it is possible for the child process to end its last line without a new line.
        // because stdout is buffered, this causes the last line to not get sent to the parent
        // stream. Adding this event forces a flush before the child streams are closed.
        (_a = cp.stdout) === null || _a === void 0 ? void 0 : _a.on('end', function () {
            if (!optionsNonNull.silent) {
                if (df) {
                    df.stdout(Buffer.from(os.EOL));
                }
                else {
                    optionsNonNull.outStream.write(os.EOL);
                }
            }
        });
        (_b = cp.stdout) === null || _b === void 0 ? void 0 : _b.on('data', function (data) {
            _this.emit('stdout', data);
            if (!optionsNonNull.silent) {
                if (df) {
                    df.stdout(data);
                }
                else {
                    optionsNonNull.outStream.write(data);
                }
            }
            stdLineBuffer = _this._processLineBuffer(data, stdLineBuffer, function (line) {
                _this.emit('stdline', line);
            });
        });
        (_c = cp.stderr) === null || _c === void 0 ? void 0 : _c.on('data', function (data) {
            state.processStderr = true;
            _this.emit('stderr', data);
            if (!optionsNonNull.silent) {
                if (df) {
                    df.stderr(data);
                }
                else {
                    var s = optionsNonNull.failOnStdErr ? optionsNonNull.errStream : optionsNonNull.outStream;
                    s.write(data);
                }
            }
            errLineBuffer = _this._processLineBuffer(data, errLineBuffer, function (line) {
                _this.emit('errline', line);
            });
        });
        cp.on('error', function (err) {
            state.processError = err.message;
            state.processExited = true;
            state.processClosed = true;
            state.CheckComplete();
        });
        // Do not write debug logs here. Sometimes stdio not closed yet and you can damage user output commands.
        cp.on('exit', function (code, signal) {
            state.processExitCode = code;
            state.processExitSignal = signal;
            state.processExited = true;
            state.CheckComplete();
        });
        cp.on('close', function (code, signal) {
            if (df) {
                df.finalize();
            }
            state.processCloseCode = code;
            state.processCloseSignal = signal;
            state.processClosed = true;
            state.processExited = true;
            state.CheckComplete();
        });
        return defer.promise;
    };
    /**
     * Exec a tool synchronously.
     * Output will be *not* be streamed to the live console.  It will be returned after execution is complete.
     * Appropriate for short running tools
     * Returns IExecSyncResult with output and return code
     *
     * @param     tool     path to tool to exec
     * @param     options  optional exec options.  See IExecSyncOptions
     * @returns   IExecSyncResult
     */
    ToolRunner.prototype.execSync = function (options) {
        var _this = this;
        this._debug('exec tool: ' + this.toolPath);
        this._debug('arguments:');
        this.args.forEach(function (arg) {
            _this._debug('   ' + arg);
        });
        var success = true;
        options = this._cloneExecOptions(options);
        var ext = options.externalOutput;
        if (!options.silent) {
            var cmdLine = this._getCommandString(options) + os.EOL;
            options.outStream.write(ext ? eom.filterExternalOutput(cmdLine, ext) : cmdLine);
        }
        var r = child.spawnSync(this._getSpawnFileName(options), this._getSpawnArgs(options), this._getSpawnSyncOptions(options));
        if (!options.silent && r.stdout && r.stdout.length > 0) {
            options.outStream.write(ext ? eom.filterExternalOutput(r.stdout, ext) : r.stdout);
        }
        if (!options.silent && r.stderr && r.stderr.length > 0) {
            options.errStream.write(ext ? eom.filterExternalOutput(r.stderr, ext) : r.stderr);
        }
        var res = { code: r.status, error: r.error };
        res.stdout = (r.stdout) ? r.stdout.toString() : '';
        res.stderr = (r.stderr) ? r.stderr.toString() : '';
        return res;
    };
    /**
     * Used to close child process by sending SIGNINT signal.
     * It allows executed script to have some additional logic on SIGINT, before exiting.
     */
    ToolRunner.prototype.killChildProcess = function (signal) {
        if (signal === void 0) { signal = "SIGTERM"; }
        if (this.childProcess) {
            this._debug("[killChildProcess] Signal ".concat(signal, " received"));
            this.childProcess.kill(signal);
        }
    };
    return ToolRunner;
}(events.EventEmitter));
exports.ToolRunner = ToolRunner;
var ExecState = /** @class */ (function (_super) {
    __extends(ExecState, _super);
    function ExecState(options, toolPath) {
        var _this = _super.call(this) || this;
        _this.delay = 10000; // 10 seconds
        _this.timeout = null;
        if (!toolPath) {
            throw new Error('toolPath must not be empty');
        }
        _this.options = options;
        _this.toolPath = toolPath;
        var delay = process.env['TASKLIB_TEST_TOOLRUNNER_EXITDELAY'];
        if (delay) {
            _this.delay = parseInt(delay);
        }
        return _this;
    }
    ExecState.prototype.CheckComplete = function () {
        if (this.done) {
            return;
        }
        if (this.processClosed) {
            this._setResult();
        }
        else if (this.processExited) {
            this.timeout = setTimeout(ExecState.HandleTimeout, this.delay, this);
        }
    };
    ExecState.prototype._debug = function (message) {
        this.emit('debug', message);
    };
    ExecState.prototype._setResult = function () {
        // determine whether there is an error
        var error;
        if (this.processExited) {
            this._debug("Process exited with code ".concat(this.processExitCode, " and signal ").concat(this.processExitSignal, " for tool '").concat(this.toolPath, "'"));
            if (this.processError) {
                error = new Error(im._loc('LIB_ProcessError', this.toolPath, this.processError));
            }
            else if (this.processExitCode != 0 && !this.options.ignoreReturnCode) {
                error = new Error(im._loc('LIB_ProcessExitCode', this.toolPath, this.processExitCode));
            }
            else if (this.processStderr && this.options.failOnStdErr) {
                error = new Error(im._loc('LIB_ProcessStderr', this.toolPath));
            }
        }
        if (this.processClosed) {
            this._debug("STDIO streams have closed and received exit code ".concat(this.processCloseCode, " and signal ").concat(this.processCloseSignal, " for tool '").concat(this.toolPath, "'"));
        }
        // clear the timeout
        if (this.timeout) {
            clearTimeout(this.timeout);
            this.timeout = null;
        }
        this.done = true;
        this.emit('done', error, this.processExitCode);
    };
    ExecState.HandleTimeout = function (state) {
        if (state.done) {
            return;
        }
        if (!state.processClosed && state.processExited) {
            console.log(im._loc('LIB_StdioNotClosed', state.delay / 1000, state.toolPath));
            state._debug(im._loc('LIB_StdioNotClosed', state.delay / 1000, state.toolPath));
        }
        state._setResult();
    };
    return ExecState;
}(events.EventEmitter));


/***/ }),

/***/ 59:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.Vault = void 0;
var fs = __nccwpck_require__(896);
var path = __nccwpck_require__(928);
var crypto = __nccwpck_require__(982);
var algorithm = "aes-256-ctr";
var encryptEncoding = 'hex';
var unencryptedEncoding = 'utf8';
//
// Store sensitive data in proc.
// Main goal: Protects tasks which would dump envvars from leaking secrets inadvertently
//            the task lib clears after storing.
// Also protects against a dump of a process getting the secrets
// The secret is generated and stored externally for the lifetime of the task.
//
var Vault = /** @class */ (function () {
    function Vault(keyPath) {
        this._keyFile = path.join(keyPath, '.taskkey');
        this._store = {};
        this.genKey();
    }
    Vault.prototype.initialize = function () { };
    Vault.prototype.storeSecret = function (name, data) {
        if (!name || name.length == 0) {
            return false;
        }
        name = name.toLowerCase();
        if (!data || data.length == 0) {
            if (this._store.hasOwnProperty(name)) {
                delete this._store[name];
            }
            return false;
        }
        var key = this.getKey();
        var iv = crypto.randomBytes(16);
        var cipher = crypto.createCipheriv(algorithm, key, iv);
        var crypted = cipher.update(data, unencryptedEncoding, encryptEncoding);
        var cryptedFinal = cipher.final(encryptEncoding);
        this._store[name] = iv.toString(encryptEncoding) + crypted + cryptedFinal;
        return true;
    };
    Vault.prototype.retrieveSecret = function (name) {
        var secret;
        name = (name || '').toLowerCase();
        if (this._store.hasOwnProperty(name)) {
            var key = this.getKey();
            var data = this._store[name];
            var ivDataBuffer = Buffer.from(data, encryptEncoding);
            var iv = ivDataBuffer.slice(0, 16);
            var encryptedText = ivDataBuffer.slice(16);
            var decipher = crypto.createDecipheriv(algorithm, key, iv);
            var dec = decipher.update(encryptedText);
            var decFinal = decipher.final(unencryptedEncoding);
            secret = dec + decFinal;
        }
        return secret;
    };
    Vault.prototype.getKey = function () {
        var key = fs.readFileSync(this._keyFile).toString('utf8');
        // Key needs to be hashed to correct length to match algorithm (aes-256-ctr)
        return crypto.createHash('sha256').update(key).digest();
    };
    Vault.prototype.genKey = function () {
        var key;
        if (crypto.randomUUID) {
            key = crypto.randomUUID();
        }
        else {
            var bytes = crypto.randomBytes(16);
            bytes[6] = (bytes[6] & 0x0f) | 0x40;
            bytes[8] = (bytes[8] & 0x3f) | 0x80;
            var hex = bytes.toString('hex');
            key = hex.slice(0, 8) + '-' + hex.slice(8, 12) + '-' + hex.slice(12, 16) + '-' + hex.slice(16, 20) + '-' + hex.slice(20);
        }
        fs.writeFileSync(this._keyFile, key, { encoding: 'utf8' });
    };
    return Vault;
}());
exports.Vault = Vault;


/***/ }),

/***/ 87:
/***/ ((module) => {

module.exports = function (xs, fn) {
    var res = [];
    for (var i = 0; i < xs.length; i++) {
        var x = fn(xs[i], i);
        if (isArray(x)) res.push.apply(res, x);
        else res.push(x);
    }
    return res;
};

var isArray = Array.isArray || function (xs) {
    return Object.prototype.toString.call(xs) === '[object Array]';
};


/***/ }),

/***/ 964:
/***/ ((module) => {



module.exports = clone

var getPrototypeOf = Object.getPrototypeOf || function (obj) {
  return obj.__proto__
}

function clone (obj) {
  if (obj === null || typeof obj !== 'object')
    return obj

  if (obj instanceof Object)
    var copy = { __proto__: getPrototypeOf(obj) }
  else
    var copy = Object.create(null)

  Object.getOwnPropertyNames(obj).forEach(function (key) {
    Object.defineProperty(copy, key, Object.getOwnPropertyDescriptor(obj, key))
  })

  return copy
}


/***/ }),

/***/ 744:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

var fs = __nccwpck_require__(896)
var polyfills = __nccwpck_require__(501)
var legacy = __nccwpck_require__(270)
var clone = __nccwpck_require__(964)

var util = __nccwpck_require__(23)

/* istanbul ignore next - node 0.x polyfill */
var gracefulQueue
var previousSymbol

/* istanbul ignore else - node 0.x polyfill */
if (typeof Symbol === 'function' && typeof Symbol.for === 'function') {
  gracefulQueue = Symbol.for('graceful-fs.queue')
  // This is used in testing by future versions
  previousSymbol = Symbol.for('graceful-fs.previous')
} else {
  gracefulQueue = '___graceful-fs.queue'
  previousSymbol = '___graceful-fs.previous'
}

function noop () {}

function publishQueue(context, queue) {
  Object.defineProperty(context, gracefulQueue, {
    get: function() {
      return queue
    }
  })
}

var debug = noop
if (util.debuglog)
  debug = util.debuglog('gfs4')
else if (/\bgfs4\b/i.test(process.env.NODE_DEBUG || ''))
  debug = function() {
    var m = util.format.apply(util, arguments)
    m = 'GFS4: ' + m.split(/\n/).join('\nGFS4: ')
    console.error(m)
  }

// Once time initialization
if (!fs[gracefulQueue]) {
  // This queue can be shared by multiple loaded instances
  var queue = global[gracefulQueue] || []
  publishQueue(fs, queue)

  // Patch fs.close/closeSync to shared queue version, because we need
  // to retry() whenever a close happens *anywhere* in the program.
  // This is essential when multiple graceful-fs instances are
  // in play at the same time.
  fs.close = (function (fs$close) {
    function close (fd, cb) {
      return fs$close.call(fs, fd, function (err) {
        // This function uses the graceful-fs shared queue
        if (!err) {
          resetQueue()
        }

        if (typeof cb === 'function')
          cb.apply(this, arguments)
      })
    }

    Object.defineProperty(close, previousSymbol, {
      value: fs$close
    })
    return close
  })(fs.close)

  fs.closeSync = (function (fs$closeSync) {
    function closeSync (fd) {
      // This function uses the graceful-fs shared queue
      fs$closeSync.apply(fs, arguments)
      resetQueue()
    }

    Object.defineProperty(closeSync, previousSymbol, {
      value: fs$closeSync
    })
    return closeSync
  })(fs.closeSync)

  if (/\bgfs4\b/i.test(process.env.NODE_DEBUG || '')) {
    process.on('exit', function() {
      debug(fs[gracefulQueue])
      __nccwpck_require__(613).equal(fs[gracefulQueue].length, 0)
    })
  }
}

if (!global[gracefulQueue]) {
  publishQueue(global, fs[gracefulQueue]);
}

module.exports = patch(clone(fs))
if (process.env.TEST_GRACEFUL_FS_GLOBAL_PATCH && !fs.__patched) {
    module.exports = patch(fs)
    fs.__patched = true;
}

function patch (fs) {
  // Everything that references the open() function needs to be in here
  polyfills(fs)
  fs.gracefulify = patch

  fs.createReadStream = createReadStream
  fs.createWriteStream = createWriteStream
  var fs$readFile = fs.readFile
  fs.readFile = readFile
  function readFile (path, options, cb) {
    if (typeof options === 'function')
      cb = options, options = null

    return go$readFile(path, options, cb)

    function go$readFile (path, options, cb, startTime) {
      return fs$readFile(path, options, function (err) {
        if (err && (err.code === 'EMFILE' || err.code === 'ENFILE'))
          enqueue([go$readFile, [path, options, cb], err, startTime || Date.now(), Date.now()])
        else {
          if (typeof cb === 'function')
            cb.apply(this, arguments)
        }
      })
    }
  }

  var fs$writeFile = fs.writeFile
  fs.writeFile = writeFile
  function writeFile (path, data, options, cb) {
    if (typeof options === 'function')
      cb = options, options = null

    return go$writeFile(path, data, options, cb)

    function go$writeFile (path, data, options, cb, startTime) {
      return fs$writeFile(path, data, options, function (err) {
        if (err && (err.code === 'EMFILE' || err.code === 'ENFILE'))
          enqueue([go$writeFile, [path, data, options, cb], err, startTime || Date.now(), Date.now()])
        else {
          if (typeof cb === 'function')
            cb.apply(this, arguments)
        }
      })
    }
  }

  var fs$appendFile = fs.appendFile
  if (fs$appendFile)
    fs.appendFile = appendFile
  function appendFile (path, data, options, cb) {
    if (typeof options === 'function')
      cb = options, options = null

    return go$appendFile(path, data, options, cb)

    function go$appendFile (path, data, options, cb, startTime) {
      return fs$appendFile(path, data, options, function (err) {
        if (err && (err.code === 'EMFILE' || err.code === 'ENFILE'))
          enqueue([go$appendFile, [path, data, options, cb], err, startTime || Date.now(), Date.now()])
        else {
          if (typeof cb === 'function')
            cb.apply(this, arguments)
        }
      })
    }
  }

  var fs$copyFile = fs.copyFile
  if (fs$copyFile)
    fs.copyFile = copyFile
  function copyFile (src, dest, flags, cb) {
    if (typeof flags === 'function') {
      cb = flags
      flags = 0
    }
    return go$copyFile(src, dest, flags, cb)

    function go$copyFile (src, dest, flags, cb, startTime) {
      return fs$copyFile(src, dest, flags, function (err) {
        if (err && (err.code === 'EMFILE' || err.code === 'ENFILE'))
          enqueue([go$copyFile, [src, dest, flags, cb], err, startTime || Date.now(), Date.now()])
        else {
          if (typeof cb === 'function')
            cb.apply(this, arguments)
        }
      })
    }
  }

  var fs$readdir = fs.readdir
  fs.readdir = readdir
  var noReaddirOptionVersions = /^v[0-5]\./
  function readdir (path, options, cb) {
    if (typeof options === 'function')
      cb = options, options = null

    var go$readdir = noReaddirOptionVersions.test(process.version)
      ? function go$readdir (path, options, cb, startTime) {
        return fs$readdir(path, fs$readdirCallback(
          path, options, cb, startTime
        ))
      }
      : function go$readdir (path, options, cb, startTime) {
        return fs$readdir(path, options, fs$readdirCallback(
          path, options, cb, startTime
        ))
      }

    return go$readdir(path, options, cb)

    function fs$readdirCallback (path, options, cb, startTime) {
      return function (err, files) {
        if (err && (err.code === 'EMFILE' || err.code === 'ENFILE'))
          enqueue([
            go$readdir,
            [path, options, cb],
            err,
            startTime || Date.now(),
            Date.now()
          ])
        else {
          if (files && files.sort)
            files.sort()

          if (typeof cb === 'function')
            cb.call(this, err, files)
        }
      }
    }
  }

  if (process.version.substr(0, 4) === 'v0.8') {
    var legStreams = legacy(fs)
    ReadStream = legStreams.ReadStream
    WriteStream = legStreams.WriteStream
  }

  var fs$ReadStream = fs.ReadStream
  if (fs$ReadStream) {
    ReadStream.prototype = Object.create(fs$ReadStream.prototype)
    ReadStream.prototype.open = ReadStream$open
  }

  var fs$WriteStream = fs.WriteStream
  if (fs$WriteStream) {
    WriteStream.prototype = Object.create(fs$WriteStream.prototype)
    WriteStream.prototype.open = WriteStream$open
  }

  Object.defineProperty(fs, 'ReadStream', {
    get: function () {
      return ReadStream
    },
    set: function (val) {
      ReadStream = val
    },
    enumerable: true,
    configurable: true
  })
  Object.defineProperty(fs, 'WriteStream', {
    get: function () {
      return WriteStream
    },
    set: function (val) {
      WriteStream = val
    },
    enumerable: true,
    configurable: true
  })

  // legacy names
  var FileReadStream = ReadStream
  Object.defineProperty(fs, 'FileReadStream', {
    get: function () {
      return FileReadStream
    },
    set: function (val) {
      FileReadStream = val
    },
    enumerable: true,
    configurable: true
  })
  var FileWriteStream = WriteStream
  Object.defineProperty(fs, 'FileWriteStream', {
    get: function () {
      return FileWriteStream
    },
    set: function (val) {
      FileWriteStream = val
    },
    enumerable: true,
    configurable: true
  })

  function ReadStream (path, options) {
    if (this instanceof ReadStream)
      return fs$ReadStream.apply(this, arguments), this
    else
      return ReadStream.apply(Object.create(ReadStream.prototype), arguments)
  }

  function ReadStream$open () {
    var that = this
    open(that.path, that.flags, that.mode, function (err, fd) {
      if (err) {
        if (that.autoClose)
          that.destroy()

        that.emit('error', err)
      } else {
        that.fd = fd
        that.emit('open', fd)
        that.read()
      }
    })
  }

  function WriteStream (path, options) {
    if (this instanceof WriteStream)
      return fs$WriteStream.apply(this, arguments), this
    else
      return WriteStream.apply(Object.create(WriteStream.prototype), arguments)
  }

  function WriteStream$open () {
    var that = this
    open(that.path, that.flags, that.mode, function (err, fd) {
      if (err) {
        that.destroy()
        that.emit('error', err)
      } else {
        that.fd = fd
        that.emit('open', fd)
      }
    })
  }

  function createReadStream (path, options) {
    return new fs.ReadStream(path, options)
  }

  function createWriteStream (path, options) {
    return new fs.WriteStream(path, options)
  }

  var fs$open = fs.open
  fs.open = open
  function open (path, flags, mode, cb) {
    if (typeof mode === 'function')
      cb = mode, mode = null

    return go$open(path, flags, mode, cb)

    function go$open (path, flags, mode, cb, startTime) {
      return fs$open(path, flags, mode, function (err, fd) {
        if (err && (err.code === 'EMFILE' || err.code === 'ENFILE'))
          enqueue([go$open, [path, flags, mode, cb], err, startTime || Date.now(), Date.now()])
        else {
          if (typeof cb === 'function')
            cb.apply(this, arguments)
        }
      })
    }
  }

  return fs
}

function enqueue (elem) {
  debug('ENQUEUE', elem[0].name, elem[1])
  fs[gracefulQueue].push(elem)
  retry()
}

// keep track of the timeout between retry() calls
var retryTimer

// reset the startTime and lastTime to now
// this resets the start of the 60 second overall timeout as well as the
// delay between attempts so that we'll retry these jobs sooner
function resetQueue () {
  var now = Date.now()
  for (var i = 0; i < fs[gracefulQueue].length; ++i) {
    // entries that are only a length of 2 are from an older version, don't
    // bother modifying those since they'll be retried anyway.
    if (fs[gracefulQueue][i].length > 2) {
      fs[gracefulQueue][i][3] = now // startTime
      fs[gracefulQueue][i][4] = now // lastTime
    }
  }
  // call retry to make sure we're actively processing the queue
  retry()
}

function retry () {
  // clear the timer and remove it to help prevent unintended concurrency
  clearTimeout(retryTimer)
  retryTimer = undefined

  if (fs[gracefulQueue].length === 0)
    return

  var elem = fs[gracefulQueue].shift()
  var fn = elem[0]
  var args = elem[1]
  // these items may be unset if they were added by an older graceful-fs
  var err = elem[2]
  var startTime = elem[3]
  var lastTime = elem[4]

  // if we don't have a startTime we have no way of knowing if we've waited
  // long enough, so go ahead and retry this item now
  if (startTime === undefined) {
    debug('RETRY', fn.name, args)
    fn.apply(null, args)
  } else if (Date.now() - startTime >= 60000) {
    // it's been more than 60 seconds total, bail now
    debug('TIMEOUT', fn.name, args)
    var cb = args.pop()
    if (typeof cb === 'function')
      cb.call(null, err)
  } else {
    // the amount of time between the last attempt and right now
    var sinceAttempt = Date.now() - lastTime
    // the amount of time between when we first tried, and when we last tried
    // rounded up to at least 1
    var sinceStart = Math.max(lastTime - startTime, 1)
    // backoff. wait longer than the total time we've been retrying, but only
    // up to a maximum of 100ms
    var desiredDelay = Math.min(sinceStart * 1.2, 100)
    // it's been long enough since the last retry, do it again
    if (sinceAttempt >= desiredDelay) {
      debug('RETRY', fn.name, args)
      fn.apply(null, args.concat([startTime]))
    } else {
      // if we can't do this job yet, push it to the end of the queue
      // and let the next iteration check again
      fs[gracefulQueue].push(elem)
    }
  }

  // schedule our next run if one isn't already scheduled
  if (retryTimer === undefined) {
    retryTimer = setTimeout(retry, 0)
  }
}


/***/ }),

/***/ 270:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

var Stream = (__nccwpck_require__(203).Stream)

module.exports = legacy

function legacy (fs) {
  return {
    ReadStream: ReadStream,
    WriteStream: WriteStream
  }

  function ReadStream (path, options) {
    if (!(this instanceof ReadStream)) return new ReadStream(path, options);

    Stream.call(this);

    var self = this;

    this.path = path;
    this.fd = null;
    this.readable = true;
    this.paused = false;

    this.flags = 'r';
    this.mode = 438; /*=0666*/
    this.bufferSize = 64 * 1024;

    options = options || {};

    // Mixin options into this
    var keys = Object.keys(options);
    for (var index = 0, length = keys.length; index < length; index++) {
      var key = keys[index];
      this[key] = options[key];
    }

    if (this.encoding) this.setEncoding(this.encoding);

    if (this.start !== undefined) {
      if ('number' !== typeof this.start) {
        throw TypeError('start must be a Number');
      }
      if (this.end === undefined) {
        this.end = Infinity;
      } else if ('number' !== typeof this.end) {
        throw TypeError('end must be a Number');
      }

      if (this.start > this.end) {
        throw new Error('start must be <= end');
      }

      this.pos = this.start;
    }

    if (this.fd !== null) {
      process.nextTick(function() {
        self._read();
      });
      return;
    }

    fs.open(this.path, this.flags, this.mode, function (err, fd) {
      if (err) {
        self.emit('error', err);
        self.readable = false;
        return;
      }

      self.fd = fd;
      self.emit('open', fd);
      self._read();
    })
  }

  function WriteStream (path, options) {
    if (!(this instanceof WriteStream)) return new WriteStream(path, options);

    Stream.call(this);

    this.path = path;
    this.fd = null;
    this.writable = true;

    this.flags = 'w';
    this.encoding = 'binary';
    this.mode = 438; /*=0666*/
    this.bytesWritten = 0;

    options = options || {};

    // Mixin options into this
    var keys = Object.keys(options);
    for (var index = 0, length = keys.length; index < length; index++) {
      var key = keys[index];
      this[key] = options[key];
    }

    if (this.start !== undefined) {
      if ('number' !== typeof this.start) {
        throw TypeError('start must be a Number');
      }
      if (this.start < 0) {
        throw new Error('start must be >= zero');
      }

      this.pos = this.start;
    }

    this.busy = false;
    this._queue = [];

    if (this.fd === null) {
      this._open = fs.open;
      this._queue.push([this._open, this.path, this.flags, this.mode, undefined]);
      this.flush();
    }
  }
}


/***/ }),

/***/ 501:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

var constants = __nccwpck_require__(140)

var origCwd = process.cwd
var cwd = null

var platform = process.env.GRACEFUL_FS_PLATFORM || process.platform

process.cwd = function() {
  if (!cwd)
    cwd = origCwd.call(process)
  return cwd
}
try {
  process.cwd()
} catch (er) {}

// This check is needed until node.js 12 is required
if (typeof process.chdir === 'function') {
  var chdir = process.chdir
  process.chdir = function (d) {
    cwd = null
    chdir.call(process, d)
  }
  if (Object.setPrototypeOf) Object.setPrototypeOf(process.chdir, chdir)
}

module.exports = patch

function patch (fs) {
  // (re-)implement some things that are known busted or missing.

  // lchmod, broken prior to 0.6.2
  // back-port the fix here.
  if (constants.hasOwnProperty('O_SYMLINK') &&
      process.version.match(/^v0\.6\.[0-2]|^v0\.5\./)) {
    patchLchmod(fs)
  }

  // lutimes implementation, or no-op
  if (!fs.lutimes) {
    patchLutimes(fs)
  }

  // https://github.com/isaacs/node-graceful-fs/issues/4
  // Chown should not fail on einval or eperm if non-root.
  // It should not fail on enosys ever, as this just indicates
  // that a fs doesn't support the intended operation.

  fs.chown = chownFix(fs.chown)
  fs.fchown = chownFix(fs.fchown)
  fs.lchown = chownFix(fs.lchown)

  fs.chmod = chmodFix(fs.chmod)
  fs.fchmod = chmodFix(fs.fchmod)
  fs.lchmod = chmodFix(fs.lchmod)

  fs.chownSync = chownFixSync(fs.chownSync)
  fs.fchownSync = chownFixSync(fs.fchownSync)
  fs.lchownSync = chownFixSync(fs.lchownSync)

  fs.chmodSync = chmodFixSync(fs.chmodSync)
  fs.fchmodSync = chmodFixSync(fs.fchmodSync)
  fs.lchmodSync = chmodFixSync(fs.lchmodSync)

  fs.stat = statFix(fs.stat)
  fs.fstat = statFix(fs.fstat)
  fs.lstat = statFix(fs.lstat)

  fs.statSync = statFixSync(fs.statSync)
  fs.fstatSync = statFixSync(fs.fstatSync)
  fs.lstatSync = statFixSync(fs.lstatSync)

  // if lchmod/lchown do not exist, then make them no-ops
  if (fs.chmod && !fs.lchmod) {
    fs.lchmod = function (path, mode, cb) {
      if (cb) process.nextTick(cb)
    }
    fs.lchmodSync = function () {}
  }
  if (fs.chown && !fs.lchown) {
    fs.lchown = function (path, uid, gid, cb) {
      if (cb) process.nextTick(cb)
    }
    fs.lchownSync = function () {}
  }

  // on Windows, A/V software can lock the directory, causing this
  // to fail with an EACCES or EPERM if the directory contains newly
  // created files.  Try again on failure, for up to 60 seconds.

  // Set the timeout this long because some Windows Anti-Virus, such as Parity
  // bit9, may lock files for up to a minute, causing npm package install
  // failures. Also, take care to yield the scheduler. Windows scheduling gives
  // CPU to a busy looping process, which can cause the program causing the lock
  // contention to be starved of CPU by node, so the contention doesn't resolve.
  if (platform === "win32") {
    fs.rename = typeof fs.rename !== 'function' ? fs.rename
    : (function (fs$rename) {
      function rename (from, to, cb) {
        var start = Date.now()
        var backoff = 0;
        fs$rename(from, to, function CB (er) {
          if (er
              && (er.code === "EACCES" || er.code === "EPERM" || er.code === "EBUSY")
              && Date.now() - start < 60000) {
            setTimeout(function() {
              fs.stat(to, function (stater, st) {
                if (stater && stater.code === "ENOENT")
                  fs$rename(from, to, CB);
                else
                  cb(er)
              })
            }, backoff)
            if (backoff < 100)
              backoff += 10;
            return;
          }
          if (cb) cb(er)
        })
      }
      if (Object.setPrototypeOf) Object.setPrototypeOf(rename, fs$rename)
      return rename
    })(fs.rename)
  }

  // if read() returns EAGAIN, then just try it again.
  fs.read = typeof fs.read !== 'function' ? fs.read
  : (function (fs$read) {
    function read (fd, buffer, offset, length, position, callback_) {
      var callback
      if (callback_ && typeof callback_ === 'function') {
        var eagCounter = 0
        callback = function (er, _, __) {
          if (er && er.code === 'EAGAIN' && eagCounter < 10) {
            eagCounter ++
            return fs$read.call(fs, fd, buffer, offset, length, position, callback)
          }
          callback_.apply(this, arguments)
        }
      }
      return fs$read.call(fs, fd, buffer, offset, length, position, callback)
    }

    // This ensures `util.promisify` works as it does for native `fs.read`.
    if (Object.setPrototypeOf) Object.setPrototypeOf(read, fs$read)
    return read
  })(fs.read)

  fs.readSync = typeof fs.readSync !== 'function' ? fs.readSync
  : (function (fs$readSync) { return function (fd, buffer, offset, length, position) {
    var eagCounter = 0
    while (true) {
      try {
        return fs$readSync.call(fs, fd, buffer, offset, length, position)
      } catch (er) {
        if (er.code === 'EAGAIN' && eagCounter < 10) {
          eagCounter ++
          continue
        }
        throw er
      }
    }
  }})(fs.readSync)

  function patchLchmod (fs) {
    fs.lchmod = function (path, mode, callback) {
      fs.open( path
             , constants.O_WRONLY | constants.O_SYMLINK
             , mode
             , function (err, fd) {
        if (err) {
          if (callback) callback(err)
          return
        }
        // prefer to return the chmod error, if one occurs,
        // but still try to close, and report closing errors if they occur.
        fs.fchmod(fd, mode, function (err) {
          fs.close(fd, function(err2) {
            if (callback) callback(err || err2)
          })
        })
      })
    }

    fs.lchmodSync = function (path, mode) {
      var fd = fs.openSync(path, constants.O_WRONLY | constants.O_SYMLINK, mode)

      // prefer to return the chmod error, if one occurs,
      // but still try to close, and report closing errors if they occur.
      var threw = true
      var ret
      try {
        ret = fs.fchmodSync(fd, mode)
        threw = false
      } finally {
        if (threw) {
          try {
            fs.closeSync(fd)
          } catch (er) {}
        } else {
          fs.closeSync(fd)
        }
      }
      return ret
    }
  }

  function patchLutimes (fs) {
    if (constants.hasOwnProperty("O_SYMLINK") && fs.futimes) {
      fs.lutimes = function (path, at, mt, cb) {
        fs.open(path, constants.O_SYMLINK, function (er, fd) {
          if (er) {
            if (cb) cb(er)
            return
          }
          fs.futimes(fd, at, mt, function (er) {
            fs.close(fd, function (er2) {
              if (cb) cb(er || er2)
            })
          })
        })
      }

      fs.lutimesSync = function (path, at, mt) {
        var fd = fs.openSync(path, constants.O_SYMLINK)
        var ret
        var threw = true
        try {
          ret = fs.futimesSync(fd, at, mt)
          threw = false
        } finally {
          if (threw) {
            try {
              fs.closeSync(fd)
            } catch (er) {}
          } else {
            fs.closeSync(fd)
          }
        }
        return ret
      }

    } else if (fs.futimes) {
      fs.lutimes = function (_a, _b, _c, cb) { if (cb) process.nextTick(cb) }
      fs.lutimesSync = function () {}
    }
  }

  function chmodFix (orig) {
    if (!orig) return orig
    return function (target, mode, cb) {
      return orig.call(fs, target, mode, function (er) {
        if (chownErOk(er)) er = null
        if (cb) cb.apply(this, arguments)
      })
    }
  }

  function chmodFixSync (orig) {
    if (!orig) return orig
    return function (target, mode) {
      try {
        return orig.call(fs, target, mode)
      } catch (er) {
        if (!chownErOk(er)) throw er
      }
    }
  }


  function chownFix (orig) {
    if (!orig) return orig
    return function (target, uid, gid, cb) {
      return orig.call(fs, target, uid, gid, function (er) {
        if (chownErOk(er)) er = null
        if (cb) cb.apply(this, arguments)
      })
    }
  }

  function chownFixSync (orig) {
    if (!orig) return orig
    return function (target, uid, gid) {
      try {
        return orig.call(fs, target, uid, gid)
      } catch (er) {
        if (!chownErOk(er)) throw er
      }
    }
  }

  function statFix (orig) {
    if (!orig) return orig
    // Older versions of Node erroneously returned signed integers for
    // uid + gid.
    return function (target, options, cb) {
      if (typeof options === 'function') {
        cb = options
        options = null
      }
      function callback (er, stats) {
        if (stats) {
          if (stats.uid < 0) stats.uid += 0x100000000
          if (stats.gid < 0) stats.gid += 0x100000000
        }
        if (cb) cb.apply(this, arguments)
      }
      return options ? orig.call(fs, target, options, callback)
        : orig.call(fs, target, callback)
    }
  }

  function statFixSync (orig) {
    if (!orig) return orig
    // Older versions of Node erroneously returned signed integers for
    // uid + gid.
    return function (target, options) {
      var stats = options ? orig.call(fs, target, options)
        : orig.call(fs, target)
      if (stats) {
        if (stats.uid < 0) stats.uid += 0x100000000
        if (stats.gid < 0) stats.gid += 0x100000000
      }
      return stats;
    }
  }

  // ENOSYS means that the fs doesn't support the op. Just ignore
  // that, because it doesn't matter.
  //
  // if there's no getuid, or if getuid() is something other
  // than 0, and the error is EINVAL or EPERM, then just ignore
  // it.
  //
  // This specific case is a silent failure in cp, install, tar,
  // and most other unix tools that manage permissions.
  //
  // When running as root, or if other types of errors are
  // encountered, then it's strict.
  function chownErOk (er) {
    if (!er)
      return true

    if (er.code === "ENOSYS")
      return true

    var nonroot = !process.getuid || process.getuid() !== 0
    if (nonroot) {
      if (er.code === "EINVAL" || er.code === "EPERM")
        return true
    }

    return false
  }
}


/***/ }),

/***/ 648:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const lockfile = __nccwpck_require__(743);
const { toPromise, toSync, toSyncOptions } = __nccwpck_require__(271);

async function lock(file, options) {
    const release = await toPromise(lockfile.lock)(file, options);

    return toPromise(release);
}

function lockSync(file, options) {
    const release = toSync(lockfile.lock)(file, toSyncOptions(options));

    return toSync(release);
}

function unlock(file, options) {
    return toPromise(lockfile.unlock)(file, options);
}

function unlockSync(file, options) {
    return toSync(lockfile.unlock)(file, toSyncOptions(options));
}

function check(file, options) {
    return toPromise(lockfile.check)(file, options);
}

function checkSync(file, options) {
    return toSync(lockfile.check)(file, toSyncOptions(options));
}

module.exports = lock;
module.exports.lock = lock;
module.exports.unlock = unlock;
module.exports.lockSync = lockSync;
module.exports.unlockSync = unlockSync;
module.exports.check = check;
module.exports.checkSync = checkSync;


/***/ }),

/***/ 271:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const fs = __nccwpck_require__(744);

function createSyncFs(fs) {
    const methods = ['mkdir', 'realpath', 'stat', 'rmdir', 'utimes'];
    const newFs = { ...fs };

    methods.forEach((method) => {
        newFs[method] = (...args) => {
            const callback = args.pop();
            let ret;

            try {
                ret = fs[`${method}Sync`](...args);
            } catch (err) {
                return callback(err);
            }

            callback(null, ret);
        };
    });

    return newFs;
}

// ----------------------------------------------------------

function toPromise(method) {
    return (...args) => new Promise((resolve, reject) => {
        args.push((err, result) => {
            if (err) {
                reject(err);
            } else {
                resolve(result);
            }
        });

        method(...args);
    });
}

function toSync(method) {
    return (...args) => {
        let err;
        let result;

        args.push((_err, _result) => {
            err = _err;
            result = _result;
        });

        method(...args);

        if (err) {
            throw err;
        }

        return result;
    };
}

function toSyncOptions(options) {
    // Shallow clone options because we are oging to mutate them
    options = { ...options };

    // Transform fs to use the sync methods instead
    options.fs = createSyncFs(options.fs || fs);

    // Retries are not allowed because it requires the flow to be sync
    if (
        (typeof options.retries === 'number' && options.retries > 0) ||
        (options.retries && typeof options.retries.retries === 'number' && options.retries.retries > 0)
    ) {
        throw Object.assign(new Error('Cannot use retries with the sync api'), { code: 'ESYNC' });
    }

    return options;
}

module.exports = {
    toPromise,
    toSync,
    toSyncOptions,
};


/***/ }),

/***/ 743:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const path = __nccwpck_require__(928);
const fs = __nccwpck_require__(744);
const retry = __nccwpck_require__(546);
const onExit = __nccwpck_require__(211);
const mtimePrecision = __nccwpck_require__(747);

const locks = {};

function getLockFile(file, options) {
    return options.lockfilePath || `${file}.lock`;
}

function resolveCanonicalPath(file, options, callback) {
    if (!options.realpath) {
        return callback(null, path.resolve(file));
    }

    // Use realpath to resolve symlinks
    // It also resolves relative paths
    options.fs.realpath(file, callback);
}

function acquireLock(file, options, callback) {
    const lockfilePath = getLockFile(file, options);

    // Use mkdir to create the lockfile (atomic operation)
    options.fs.mkdir(lockfilePath, (err) => {
        if (!err) {
            // At this point, we acquired the lock!
            // Probe the mtime precision
            return mtimePrecision.probe(lockfilePath, options.fs, (err, mtime, mtimePrecision) => {
                // If it failed, try to remove the lock..
                /* istanbul ignore if */
                if (err) {
                    options.fs.rmdir(lockfilePath, () => {});

                    return callback(err);
                }

                callback(null, mtime, mtimePrecision);
            });
        }

        // If error is not EEXIST then some other error occurred while locking
        if (err.code !== 'EEXIST') {
            return callback(err);
        }

        // Otherwise, check if lock is stale by analyzing the file mtime
        if (options.stale <= 0) {
            return callback(Object.assign(new Error('Lock file is already being held'), { code: 'ELOCKED', file }));
        }

        options.fs.stat(lockfilePath, (err, stat) => {
            if (err) {
                // Retry if the lockfile has been removed (meanwhile)
                // Skip stale check to avoid recursiveness
                if (err.code === 'ENOENT') {
                    return acquireLock(file, { ...options, stale: 0 }, callback);
                }

                return callback(err);
            }

            if (!isLockStale(stat, options)) {
                return callback(Object.assign(new Error('Lock file is already being held'), { code: 'ELOCKED', file }));
            }

            // If it's stale, remove it and try again!
            // Skip stale check to avoid recursiveness
            removeLock(file, options, (err) => {
                if (err) {
                    return callback(err);
                }

                acquireLock(file, { ...options, stale: 0 }, callback);
            });
        });
    });
}

function isLockStale(stat, options) {
    return stat.mtime.getTime() < Date.now() - options.stale;
}

function removeLock(file, options, callback) {
    // Remove lockfile, ignoring ENOENT errors
    options.fs.rmdir(getLockFile(file, options), (err) => {
        if (err && err.code !== 'ENOENT') {
            return callback(err);
        }

        callback();
    });
}

function updateLock(file, options) {
    const lock = locks[file];

    // Just for safety, should never happen
    /* istanbul ignore if */
    if (lock.updateTimeout) {
        return;
    }

    lock.updateDelay = lock.updateDelay || options.update;
    lock.updateTimeout = setTimeout(() => {
        lock.updateTimeout = null;

        // Stat the file to check if mtime is still ours
        // If it is, we can still recover from a system sleep or a busy event loop
        options.fs.stat(lock.lockfilePath, (err, stat) => {
            const isOverThreshold = lock.lastUpdate + options.stale < Date.now();

            // If it failed to update the lockfile, keep trying unless
            // the lockfile was deleted or we are over the threshold
            if (err) {
                if (err.code === 'ENOENT' || isOverThreshold) {
                    return setLockAsCompromised(file, lock, Object.assign(err, { code: 'ECOMPROMISED' }));
                }

                lock.updateDelay = 1000;

                return updateLock(file, options);
            }

            const isMtimeOurs = lock.mtime.getTime() === stat.mtime.getTime();

            if (!isMtimeOurs) {
                return setLockAsCompromised(
                    file,
                    lock,
                    Object.assign(
                        new Error('Unable to update lock within the stale threshold'),
                        { code: 'ECOMPROMISED' }
                    ));
            }

            const mtime = mtimePrecision.getMtime(lock.mtimePrecision);

            options.fs.utimes(lock.lockfilePath, mtime, mtime, (err) => {
                const isOverThreshold = lock.lastUpdate + options.stale < Date.now();

                // Ignore if the lock was released
                if (lock.released) {
                    return;
                }

                // If it failed to update the lockfile, keep trying unless
                // the lockfile was deleted or we are over the threshold
                if (err) {
                    if (err.code === 'ENOENT' || isOverThreshold) {
                        return setLockAsCompromised(file, lock, Object.assign(err, { code: 'ECOMPROMISED' }));
                    }

                    lock.updateDelay = 1000;

                    return updateLock(file, options);
                }

                // All ok, keep updating..
                lock.mtime = mtime;
                lock.lastUpdate = Date.now();
                lock.updateDelay = null;
                updateLock(file, options);
            });
        });
    }, lock.updateDelay);

    // Unref the timer so that the nodejs process can exit freely
    // This is safe because all acquired locks will be automatically released
    // on process exit

    // We first check that `lock.updateTimeout.unref` exists because some users
    // may be using this module outside of NodeJS (e.g., in an electron app),
    // and in those cases `setTimeout` return an integer.
    /* istanbul ignore else */
    if (lock.updateTimeout.unref) {
        lock.updateTimeout.unref();
    }
}

function setLockAsCompromised(file, lock, err) {
    // Signal the lock has been released
    lock.released = true;

    // Cancel lock mtime update
    // Just for safety, at this point updateTimeout should be null
    /* istanbul ignore if */
    if (lock.updateTimeout) {
        clearTimeout(lock.updateTimeout);
    }

    if (locks[file] === lock) {
        delete locks[file];
    }

    lock.options.onCompromised(err);
}

// ----------------------------------------------------------

function lock(file, options, callback) {
    /* istanbul ignore next */
    options = {
        stale: 10000,
        update: null,
        realpath: true,
        retries: 0,
        fs,
        onCompromised: (err) => { throw err; },
        ...options,
    };

    options.retries = options.retries || 0;
    options.retries = typeof options.retries === 'number' ? { retries: options.retries } : options.retries;
    options.stale = Math.max(options.stale || 0, 2000);
    options.update = options.update == null ? options.stale / 2 : options.update || 0;
    options.update = Math.max(Math.min(options.update, options.stale / 2), 1000);

    // Resolve to a canonical file path
    resolveCanonicalPath(file, options, (err, file) => {
        if (err) {
            return callback(err);
        }

        // Attempt to acquire the lock
        const operation = retry.operation(options.retries);

        operation.attempt(() => {
            acquireLock(file, options, (err, mtime, mtimePrecision) => {
                if (operation.retry(err)) {
                    return;
                }

                if (err) {
                    return callback(operation.mainError());
                }

                // We now own the lock
                const lock = locks[file] = {
                    lockfilePath: getLockFile(file, options),
                    mtime,
                    mtimePrecision,
                    options,
                    lastUpdate: Date.now(),
                };

                // We must keep the lock fresh to avoid staleness
                updateLock(file, options);

                callback(null, (releasedCallback) => {
                    if (lock.released) {
                        return releasedCallback &&
                            releasedCallback(Object.assign(new Error('Lock is already released'), { code: 'ERELEASED' }));
                    }

                    // Not necessary to use realpath twice when unlocking
                    unlock(file, { ...options, realpath: false }, releasedCallback);
                });
            });
        });
    });
}

function unlock(file, options, callback) {
    options = {
        fs,
        realpath: true,
        ...options,
    };

    // Resolve to a canonical file path
    resolveCanonicalPath(file, options, (err, file) => {
        if (err) {
            return callback(err);
        }

        // Skip if the lock is not acquired
        const lock = locks[file];

        if (!lock) {
            return callback(Object.assign(new Error('Lock is not acquired/owned by you'), { code: 'ENOTACQUIRED' }));
        }

        lock.updateTimeout && clearTimeout(lock.updateTimeout); // Cancel lock mtime update
        lock.released = true; // Signal the lock has been released
        delete locks[file]; // Delete from locks

        removeLock(file, options, callback);
    });
}

function check(file, options, callback) {
    options = {
        stale: 10000,
        realpath: true,
        fs,
        ...options,
    };

    options.stale = Math.max(options.stale || 0, 2000);

    // Resolve to a canonical file path
    resolveCanonicalPath(file, options, (err, file) => {
        if (err) {
            return callback(err);
        }

        // Check if lockfile exists
        options.fs.stat(getLockFile(file, options), (err, stat) => {
            if (err) {
                // If does not exist, file is not locked. Otherwise, callback with error
                return err.code === 'ENOENT' ? callback(null, false) : callback(err);
            }

            // Otherwise, check if lock is stale by analyzing the file mtime
            return callback(null, !isLockStale(stat, options));
        });
    });
}

function getLocks() {
    return locks;
}

// Remove acquired locks on exit
/* istanbul ignore next */
onExit(() => {
    for (const file in locks) {
        const options = locks[file].options;

        try { options.fs.rmdirSync(getLockFile(file, options)); } catch (e) { /* Empty */ }
    }
});

module.exports.lock = lock;
module.exports.unlock = unlock;
module.exports.check = check;
module.exports.getLocks = getLocks;


/***/ }),

/***/ 747:
/***/ ((module) => {



const cacheSymbol = Symbol();

function probe(file, fs, callback) {
    const cachedPrecision = fs[cacheSymbol];

    if (cachedPrecision) {
        return fs.stat(file, (err, stat) => {
            /* istanbul ignore if */
            if (err) {
                return callback(err);
            }

            callback(null, stat.mtime, cachedPrecision);
        });
    }

    // Set mtime by ceiling Date.now() to seconds + 5ms so that it's "not on the second"
    const mtime = new Date((Math.ceil(Date.now() / 1000) * 1000) + 5);

    fs.utimes(file, mtime, mtime, (err) => {
        /* istanbul ignore if */
        if (err) {
            return callback(err);
        }

        fs.stat(file, (err, stat) => {
            /* istanbul ignore if */
            if (err) {
                return callback(err);
            }

            const precision = stat.mtime.getTime() % 1000 === 0 ? 's' : 'ms';

            // Cache the precision in a non-enumerable way
            Object.defineProperty(fs, cacheSymbol, { value: precision });

            callback(null, stat.mtime, precision);
        });
    });
}

function getMtime(precision) {
    let now = Date.now();

    if (precision === 's') {
        now = Math.ceil(now / 1000) * 1000;
    }

    return new Date(now);
}

module.exports.probe = probe;
module.exports.getMtime = getMtime;


/***/ }),

/***/ 211:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

// Note: since nyc uses this module to output coverage, any lines
// that are in the direct sync flow of nyc's outputCoverage are
// ignored, since we can never get coverage for them.
// grab a reference to node's real process object right away
var process = global.process

const processOk = function (process) {
  return process &&
    typeof process === 'object' &&
    typeof process.removeListener === 'function' &&
    typeof process.emit === 'function' &&
    typeof process.reallyExit === 'function' &&
    typeof process.listeners === 'function' &&
    typeof process.kill === 'function' &&
    typeof process.pid === 'number' &&
    typeof process.on === 'function'
}

// some kind of non-node environment, just no-op
/* istanbul ignore if */
if (!processOk(process)) {
  module.exports = function () {
    return function () {}
  }
} else {
  var assert = __nccwpck_require__(613)
  var signals = __nccwpck_require__(310)
  var isWin = /^win/i.test(process.platform)

  var EE = __nccwpck_require__(434)
  /* istanbul ignore if */
  if (typeof EE !== 'function') {
    EE = EE.EventEmitter
  }

  var emitter
  if (process.__signal_exit_emitter__) {
    emitter = process.__signal_exit_emitter__
  } else {
    emitter = process.__signal_exit_emitter__ = new EE()
    emitter.count = 0
    emitter.emitted = {}
  }

  // Because this emitter is a global, we have to check to see if a
  // previous version of this library failed to enable infinite listeners.
  // I know what you're about to say.  But literally everything about
  // signal-exit is a compromise with evil.  Get used to it.
  if (!emitter.infinite) {
    emitter.setMaxListeners(Infinity)
    emitter.infinite = true
  }

  module.exports = function (cb, opts) {
    /* istanbul ignore if */
    if (!processOk(global.process)) {
      return function () {}
    }
    assert.equal(typeof cb, 'function', 'a callback must be provided for exit handler')

    if (loaded === false) {
      load()
    }

    var ev = 'exit'
    if (opts && opts.alwaysLast) {
      ev = 'afterexit'
    }

    var remove = function () {
      emitter.removeListener(ev, cb)
      if (emitter.listeners('exit').length === 0 &&
          emitter.listeners('afterexit').length === 0) {
        unload()
      }
    }
    emitter.on(ev, cb)

    return remove
  }

  var unload = function unload () {
    if (!loaded || !processOk(global.process)) {
      return
    }
    loaded = false

    signals.forEach(function (sig) {
      try {
        process.removeListener(sig, sigListeners[sig])
      } catch (er) {}
    })
    process.emit = originalProcessEmit
    process.reallyExit = originalProcessReallyExit
    emitter.count -= 1
  }
  module.exports.unload = unload

  var emit = function emit (event, code, signal) {
    /* istanbul ignore if */
    if (emitter.emitted[event]) {
      return
    }
    emitter.emitted[event] = true
    emitter.emit(event, code, signal)
  }

  // { <signal>: <listener fn>, ... }
  var sigListeners = {}
  signals.forEach(function (sig) {
    sigListeners[sig] = function listener () {
      /* istanbul ignore if */
      if (!processOk(global.process)) {
        return
      }
      // If there are no other listeners, an exit is coming!
      // Simplest way: remove us and then re-send the signal.
      // We know that this will kill the process, so we can
      // safely emit now.
      var listeners = process.listeners(sig)
      if (listeners.length === emitter.count) {
        unload()
        emit('exit', null, sig)
        /* istanbul ignore next */
        emit('afterexit', null, sig)
        /* istanbul ignore next */
        if (isWin && sig === 'SIGHUP') {
          // "SIGHUP" throws an `ENOSYS` error on Windows,
          // so use a supported signal instead
          sig = 'SIGINT'
        }
        /* istanbul ignore next */
        process.kill(process.pid, sig)
      }
    }
  })

  module.exports.signals = function () {
    return signals
  }

  var loaded = false

  var load = function load () {
    if (loaded || !processOk(global.process)) {
      return
    }
    loaded = true

    // This is the number of onSignalExit's that are in play.
    // It's important so that we can count the correct number of
    // listeners on signals, and don't wait for the other one to
    // handle it instead of us.
    emitter.count += 1

    signals = signals.filter(function (sig) {
      try {
        process.on(sig, sigListeners[sig])
        return true
      } catch (er) {
        return false
      }
    })

    process.emit = processEmit
    process.reallyExit = processReallyExit
  }
  module.exports.load = load

  var originalProcessReallyExit = process.reallyExit
  var processReallyExit = function processReallyExit (code) {
    /* istanbul ignore if */
    if (!processOk(global.process)) {
      return
    }
    process.exitCode = code || /* istanbul ignore next */ 0
    emit('exit', process.exitCode, null)
    /* istanbul ignore next */
    emit('afterexit', process.exitCode, null)
    /* istanbul ignore next */
    originalProcessReallyExit.call(process, process.exitCode)
  }

  var originalProcessEmit = process.emit
  var processEmit = function processEmit (ev, arg) {
    if (ev === 'exit' && processOk(global.process)) {
      /* istanbul ignore else */
      if (arg !== undefined) {
        process.exitCode = arg
      }
      var ret = originalProcessEmit.apply(this, arguments)
      /* istanbul ignore next */
      emit('exit', process.exitCode, null)
      /* istanbul ignore next */
      emit('afterexit', process.exitCode, null)
      /* istanbul ignore next */
      return ret
    } else {
      return originalProcessEmit.apply(this, arguments)
    }
  }
}


/***/ }),

/***/ 310:
/***/ ((module) => {

// This is not the set of all possible signals.
//
// It IS, however, the set of all signals that trigger
// an exit on either Linux or BSD systems.  Linux is a
// superset of the signal names supported on BSD, and
// the unknown signals just fail to register, so we can
// catch that easily enough.
//
// Don't bother with SIGKILL.  It's uncatchable, which
// means that we can't fire any callbacks anyway.
//
// If a user does happen to register a handler on a non-
// fatal signal like SIGWINCH or something, and then
// exit, it'll end up firing `process.emit('exit')`, so
// the handler will be fired anyway.
//
// SIGBUS, SIGFPE, SIGSEGV and SIGILL, when not raised
// artificially, inherently leave the process in a
// state from which it is not safe to try and enter JS
// listeners.
module.exports = [
  'SIGABRT',
  'SIGALRM',
  'SIGHUP',
  'SIGINT',
  'SIGTERM'
]

if (process.platform !== 'win32') {
  module.exports.push(
    'SIGVTALRM',
    'SIGXCPU',
    'SIGXFSZ',
    'SIGUSR2',
    'SIGTRAP',
    'SIGSYS',
    'SIGQUIT',
    'SIGIOT'
    // should detect profiler and enable/disable accordingly.
    // see #21
    // 'SIGPROF'
  )
}

if (process.platform === 'linux') {
  module.exports.push(
    'SIGIO',
    'SIGPOLL',
    'SIGPWR',
    'SIGSTKFLT',
    'SIGUNUSED'
  )
}


/***/ }),

/***/ 560:
/***/ ((module) => {

// vim:ts=4:sts=4:sw=4:
/*!
 *
 * Copyright 2009-2017 Kris Kowal under the terms of the MIT
 * license found at https://github.com/kriskowal/q/blob/v1/LICENSE
 *
 * With parts by Tyler Close
 * Copyright 2007-2009 Tyler Close under the terms of the MIT X license found
 * at http://www.opensource.org/licenses/mit-license.html
 * Forked at ref_send.js version: 2009-05-11
 *
 * With parts by Mark Miller
 * Copyright (C) 2011 Google Inc.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 * http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 *
 */

(function (definition) {
    "use strict";

    // This file will function properly as a <script> tag, or a module
    // using CommonJS and NodeJS or RequireJS module formats.  In
    // Common/Node/RequireJS, the module exports the Q API and when
    // executed as a simple <script>, it creates a Q global instead.

    // Montage Require
    if (typeof bootstrap === "function") {
        bootstrap("promise", definition);

    // CommonJS
    } else if (true) {
        module.exports = definition();

    // RequireJS
    } else { var previousQ, global; }

})(function () {
"use strict";

var hasStacks = false;
try {
    throw new Error();
} catch (e) {
    hasStacks = !!e.stack;
}

// All code after this point will be filtered from stack traces reported
// by Q.
var qStartingLine = captureLine();
var qFileName;

// shims

// used for fallback in "allResolved"
var noop = function () {};

// Use the fastest possible means to execute a task in a future turn
// of the event loop.
var nextTick =(function () {
    // linked list of tasks (single, with head node)
    var head = {task: void 0, next: null};
    var tail = head;
    var flushing = false;
    var requestTick = void 0;
    var isNodeJS = false;
    // queue for late tasks, used by unhandled rejection tracking
    var laterQueue = [];

    function flush() {
        /* jshint loopfunc: true */
        var task, domain;

        while (head.next) {
            head = head.next;
            task = head.task;
            head.task = void 0;
            domain = head.domain;

            if (domain) {
                head.domain = void 0;
                domain.enter();
            }
            runSingle(task, domain);

        }
        while (laterQueue.length) {
            task = laterQueue.pop();
            runSingle(task);
        }
        flushing = false;
    }
    // runs a single function in the async queue
    function runSingle(task, domain) {
        try {
            task();

        } catch (e) {
            if (isNodeJS) {
                // In node, uncaught exceptions are considered fatal errors.
                // Re-throw them synchronously to interrupt flushing!

                // Ensure continuation if the uncaught exception is suppressed
                // listening "uncaughtException" events (as domains does).
                // Continue in next event to avoid tick recursion.
                if (domain) {
                    domain.exit();
                }
                setTimeout(flush, 0);
                if (domain) {
                    domain.enter();
                }

                throw e;

            } else {
                // In browsers, uncaught exceptions are not fatal.
                // Re-throw them asynchronously to avoid slow-downs.
                setTimeout(function () {
                    throw e;
                }, 0);
            }
        }

        if (domain) {
            domain.exit();
        }
    }

    nextTick = function (task) {
        tail = tail.next = {
            task: task,
            domain: isNodeJS && process.domain,
            next: null
        };

        if (!flushing) {
            flushing = true;
            requestTick();
        }
    };

    if (typeof process === "object" &&
        process.toString() === "[object process]" && process.nextTick) {
        // Ensure Q is in a real Node environment, with a `process.nextTick`.
        // To see through fake Node environments:
        // * Mocha test runner - exposes a `process` global without a `nextTick`
        // * Browserify - exposes a `process.nexTick` function that uses
        //   `setTimeout`. In this case `setImmediate` is preferred because
        //    it is faster. Browserify's `process.toString()` yields
        //   "[object Object]", while in a real Node environment
        //   `process.toString()` yields "[object process]".
        isNodeJS = true;

        requestTick = function () {
            process.nextTick(flush);
        };

    } else if (typeof setImmediate === "function") {
        // In IE10, Node.js 0.9+, or https://github.com/NobleJS/setImmediate
        if (typeof window !== "undefined") {
            requestTick = setImmediate.bind(window, flush);
        } else {
            requestTick = function () {
                setImmediate(flush);
            };
        }

    } else if (typeof MessageChannel !== "undefined") {
        // modern browsers
        // http://www.nonblocking.io/2011/06/windownexttick.html
        var channel = new MessageChannel();
        // At least Safari Version 6.0.5 (8536.30.1) intermittently cannot create
        // working message ports the first time a page loads.
        channel.port1.onmessage = function () {
            requestTick = requestPortTick;
            channel.port1.onmessage = flush;
            flush();
        };
        var requestPortTick = function () {
            // Opera requires us to provide a message payload, regardless of
            // whether we use it.
            channel.port2.postMessage(0);
        };
        requestTick = function () {
            setTimeout(flush, 0);
            requestPortTick();
        };

    } else {
        // old browsers
        requestTick = function () {
            setTimeout(flush, 0);
        };
    }
    // runs a task after all other tasks have been run
    // this is useful for unhandled rejection tracking that needs to happen
    // after all `then`d tasks have been run.
    nextTick.runAfter = function (task) {
        laterQueue.push(task);
        if (!flushing) {
            flushing = true;
            requestTick();
        }
    };
    return nextTick;
})();

// Attempt to make generics safe in the face of downstream
// modifications.
// There is no situation where this is necessary.
// If you need a security guarantee, these primordials need to be
// deeply frozen anyway, and if you don’t need a security guarantee,
// this is just plain paranoid.
// However, this **might** have the nice side-effect of reducing the size of
// the minified code by reducing x.call() to merely x()
// See Mark Miller’s explanation of what this does.
// http://wiki.ecmascript.org/doku.php?id=conventions:safe_meta_programming
var call = Function.call;
function uncurryThis(f) {
    return function () {
        return call.apply(f, arguments);
    };
}
// This is equivalent, but slower:
// uncurryThis = Function_bind.bind(Function_bind.call);
// http://jsperf.com/uncurrythis

var array_slice = uncurryThis(Array.prototype.slice);

var array_reduce = uncurryThis(
    Array.prototype.reduce || function (callback, basis) {
        var index = 0,
            length = this.length;
        // concerning the initial value, if one is not provided
        if (arguments.length === 1) {
            // seek to the first value in the array, accounting
            // for the possibility that is is a sparse array
            do {
                if (index in this) {
                    basis = this[index++];
                    break;
                }
                if (++index >= length) {
                    throw new TypeError();
                }
            } while (1);
        }
        // reduce
        for (; index < length; index++) {
            // account for the possibility that the array is sparse
            if (index in this) {
                basis = callback(basis, this[index], index);
            }
        }
        return basis;
    }
);

var array_indexOf = uncurryThis(
    Array.prototype.indexOf || function (value) {
        // not a very good shim, but good enough for our one use of it
        for (var i = 0; i < this.length; i++) {
            if (this[i] === value) {
                return i;
            }
        }
        return -1;
    }
);

var array_map = uncurryThis(
    Array.prototype.map || function (callback, thisp) {
        var self = this;
        var collect = [];
        array_reduce(self, function (undefined, value, index) {
            collect.push(callback.call(thisp, value, index, self));
        }, void 0);
        return collect;
    }
);

var object_create = Object.create || function (prototype) {
    function Type() { }
    Type.prototype = prototype;
    return new Type();
};

var object_defineProperty = Object.defineProperty || function (obj, prop, descriptor) {
    obj[prop] = descriptor.value;
    return obj;
};

var object_hasOwnProperty = uncurryThis(Object.prototype.hasOwnProperty);

var object_keys = Object.keys || function (object) {
    var keys = [];
    for (var key in object) {
        if (object_hasOwnProperty(object, key)) {
            keys.push(key);
        }
    }
    return keys;
};

var object_toString = uncurryThis(Object.prototype.toString);

function isObject(value) {
    return value === Object(value);
}

// generator related shims

// FIXME: Remove this function once ES6 generators are in SpiderMonkey.
function isStopIteration(exception) {
    return (
        object_toString(exception) === "[object StopIteration]" ||
        exception instanceof QReturnValue
    );
}

// FIXME: Remove this helper and Q.return once ES6 generators are in
// SpiderMonkey.
var QReturnValue;
if (typeof ReturnValue !== "undefined") {
    QReturnValue = ReturnValue;
} else {
    QReturnValue = function (value) {
        this.value = value;
    };
}

// long stack traces

var STACK_JUMP_SEPARATOR = "From previous event:";

function makeStackTraceLong(error, promise) {
    // If possible, transform the error stack trace by removing Node and Q
    // cruft, then concatenating with the stack trace of `promise`. See #57.
    if (hasStacks &&
        promise.stack &&
        typeof error === "object" &&
        error !== null &&
        error.stack
    ) {
        var stacks = [];
        for (var p = promise; !!p; p = p.source) {
            if (p.stack && (!error.__minimumStackCounter__ || error.__minimumStackCounter__ > p.stackCounter)) {
                object_defineProperty(error, "__minimumStackCounter__", {value: p.stackCounter, configurable: true});
                stacks.unshift(p.stack);
            }
        }
        stacks.unshift(error.stack);

        var concatedStacks = stacks.join("\n" + STACK_JUMP_SEPARATOR + "\n");
        var stack = filterStackString(concatedStacks);
        object_defineProperty(error, "stack", {value: stack, configurable: true});
    }
}

function filterStackString(stackString) {
    var lines = stackString.split("\n");
    var desiredLines = [];
    for (var i = 0; i < lines.length; ++i) {
        var line = lines[i];

        if (!isInternalFrame(line) && !isNodeFrame(line) && line) {
            desiredLines.push(line);
        }
    }
    return desiredLines.join("\n");
}

function isNodeFrame(stackLine) {
    return stackLine.indexOf("(module.js:") !== -1 ||
           stackLine.indexOf("(node.js:") !== -1;
}

function getFileNameAndLineNumber(stackLine) {
    // Named functions: "at functionName (filename:lineNumber:columnNumber)"
    // In IE10 function name can have spaces ("Anonymous function") O_o
    var attempt1 = /at .+ \((.+):(\d+):(?:\d+)\)$/.exec(stackLine);
    if (attempt1) {
        return [attempt1[1], Number(attempt1[2])];
    }

    // Anonymous functions: "at filename:lineNumber:columnNumber"
    var attempt2 = /at ([^ ]+):(\d+):(?:\d+)$/.exec(stackLine);
    if (attempt2) {
        return [attempt2[1], Number(attempt2[2])];
    }

    // Firefox style: "function@filename:lineNumber or @filename:lineNumber"
    var attempt3 = /.*@(.+):(\d+)$/.exec(stackLine);
    if (attempt3) {
        return [attempt3[1], Number(attempt3[2])];
    }
}

function isInternalFrame(stackLine) {
    var fileNameAndLineNumber = getFileNameAndLineNumber(stackLine);

    if (!fileNameAndLineNumber) {
        return false;
    }

    var fileName = fileNameAndLineNumber[0];
    var lineNumber = fileNameAndLineNumber[1];

    return fileName === qFileName &&
        lineNumber >= qStartingLine &&
        lineNumber <= qEndingLine;
}

// discover own file name and line number range for filtering stack
// traces
function captureLine() {
    if (!hasStacks) {
        return;
    }

    try {
        throw new Error();
    } catch (e) {
        var lines = e.stack.split("\n");
        var firstLine = lines[0].indexOf("@") > 0 ? lines[1] : lines[2];
        var fileNameAndLineNumber = getFileNameAndLineNumber(firstLine);
        if (!fileNameAndLineNumber) {
            return;
        }

        qFileName = fileNameAndLineNumber[0];
        return fileNameAndLineNumber[1];
    }
}

function deprecate(callback, name, alternative) {
    return function () {
        if (typeof console !== "undefined" &&
            typeof console.warn === "function") {
            console.warn(name + " is deprecated, use " + alternative +
                         " instead.", new Error("").stack);
        }
        return callback.apply(callback, arguments);
    };
}

// end of shims
// beginning of real work

/**
 * Constructs a promise for an immediate reference, passes promises through, or
 * coerces promises from different systems.
 * @param value immediate reference or promise
 */
function Q(value) {
    // If the object is already a Promise, return it directly.  This enables
    // the resolve function to both be used to created references from objects,
    // but to tolerably coerce non-promises to promises.
    if (value instanceof Promise) {
        return value;
    }

    // assimilate thenables
    if (isPromiseAlike(value)) {
        return coerce(value);
    } else {
        return fulfill(value);
    }
}
Q.resolve = Q;

/**
 * Performs a task in a future turn of the event loop.
 * @param {Function} task
 */
Q.nextTick = nextTick;

/**
 * Controls whether or not long stack traces will be on
 */
Q.longStackSupport = false;

/**
 * The counter is used to determine the stopping point for building
 * long stack traces. In makeStackTraceLong we walk backwards through
 * the linked list of promises, only stacks which were created before
 * the rejection are concatenated.
 */
var longStackCounter = 1;

// enable long stacks if Q_DEBUG is set
if (typeof process === "object" && process && process.env && process.env.Q_DEBUG) {
    Q.longStackSupport = true;
}

/**
 * Constructs a {promise, resolve, reject} object.
 *
 * `resolve` is a callback to invoke with a more resolved value for the
 * promise. To fulfill the promise, invoke `resolve` with any value that is
 * not a thenable. To reject the promise, invoke `resolve` with a rejected
 * thenable, or invoke `reject` with the reason directly. To resolve the
 * promise to another thenable, thus putting it in the same state, invoke
 * `resolve` with that other thenable.
 */
Q.defer = defer;
function defer() {
    // if "messages" is an "Array", that indicates that the promise has not yet
    // been resolved.  If it is "undefined", it has been resolved.  Each
    // element of the messages array is itself an array of complete arguments to
    // forward to the resolved promise.  We coerce the resolution value to a
    // promise using the `resolve` function because it handles both fully
    // non-thenable values and other thenables gracefully.
    var messages = [], progressListeners = [], resolvedPromise;

    var deferred = object_create(defer.prototype);
    var promise = object_create(Promise.prototype);

    promise.promiseDispatch = function (resolve, op, operands) {
        var args = array_slice(arguments);
        if (messages) {
            messages.push(args);
            if (op === "when" && operands[1]) { // progress operand
                progressListeners.push(operands[1]);
            }
        } else {
            Q.nextTick(function () {
                resolvedPromise.promiseDispatch.apply(resolvedPromise, args);
            });
        }
    };

    // XXX deprecated
    promise.valueOf = function () {
        if (messages) {
            return promise;
        }
        var nearerValue = nearer(resolvedPromise);
        if (isPromise(nearerValue)) {
            resolvedPromise = nearerValue; // shorten chain
        }
        return nearerValue;
    };

    promise.inspect = function () {
        if (!resolvedPromise) {
            return { state: "pending" };
        }
        return resolvedPromise.inspect();
    };

    if (Q.longStackSupport && hasStacks) {
        try {
            throw new Error();
        } catch (e) {
            // NOTE: don't try to use `Error.captureStackTrace` or transfer the
            // accessor around; that causes memory leaks as per GH-111. Just
            // reify the stack trace as a string ASAP.
            //
            // At the same time, cut off the first line; it's always just
            // "[object Promise]\n", as per the `toString`.
            promise.stack = e.stack.substring(e.stack.indexOf("\n") + 1);
            promise.stackCounter = longStackCounter++;
        }
    }

    // NOTE: we do the checks for `resolvedPromise` in each method, instead of
    // consolidating them into `become`, since otherwise we'd create new
    // promises with the lines `become(whatever(value))`. See e.g. GH-252.

    function become(newPromise) {
        resolvedPromise = newPromise;

        if (Q.longStackSupport && hasStacks) {
            // Only hold a reference to the new promise if long stacks
            // are enabled to reduce memory usage
            promise.source = newPromise;
        }

        array_reduce(messages, function (undefined, message) {
            Q.nextTick(function () {
                newPromise.promiseDispatch.apply(newPromise, message);
            });
        }, void 0);

        messages = void 0;
        progressListeners = void 0;
    }

    deferred.promise = promise;
    deferred.resolve = function (value) {
        if (resolvedPromise) {
            return;
        }

        become(Q(value));
    };

    deferred.fulfill = function (value) {
        if (resolvedPromise) {
            return;
        }

        become(fulfill(value));
    };
    deferred.reject = function (reason) {
        if (resolvedPromise) {
            return;
        }

        become(reject(reason));
    };
    deferred.notify = function (progress) {
        if (resolvedPromise) {
            return;
        }

        array_reduce(progressListeners, function (undefined, progressListener) {
            Q.nextTick(function () {
                progressListener(progress);
            });
        }, void 0);
    };

    return deferred;
}

/**
 * Creates a Node-style callback that will resolve or reject the deferred
 * promise.
 * @returns a nodeback
 */
defer.prototype.makeNodeResolver = function () {
    var self = this;
    return function (error, value) {
        if (error) {
            self.reject(error);
        } else if (arguments.length > 2) {
            self.resolve(array_slice(arguments, 1));
        } else {
            self.resolve(value);
        }
    };
};

/**
 * @param resolver {Function} a function that returns nothing and accepts
 * the resolve, reject, and notify functions for a deferred.
 * @returns a promise that may be resolved with the given resolve and reject
 * functions, or rejected by a thrown exception in resolver
 */
Q.Promise = promise; // ES6
Q.promise = promise;
function promise(resolver) {
    if (typeof resolver !== "function") {
        throw new TypeError("resolver must be a function.");
    }
    var deferred = defer();
    try {
        resolver(deferred.resolve, deferred.reject, deferred.notify);
    } catch (reason) {
        deferred.reject(reason);
    }
    return deferred.promise;
}

promise.race = race; // ES6
promise.all = all; // ES6
promise.reject = reject; // ES6
promise.resolve = Q; // ES6

// XXX experimental.  This method is a way to denote that a local value is
// serializable and should be immediately dispatched to a remote upon request,
// instead of passing a reference.
Q.passByCopy = function (object) {
    //freeze(object);
    //passByCopies.set(object, true);
    return object;
};

Promise.prototype.passByCopy = function () {
    //freeze(object);
    //passByCopies.set(object, true);
    return this;
};

/**
 * If two promises eventually fulfill to the same value, promises that value,
 * but otherwise rejects.
 * @param x {Any*}
 * @param y {Any*}
 * @returns {Any*} a promise for x and y if they are the same, but a rejection
 * otherwise.
 *
 */
Q.join = function (x, y) {
    return Q(x).join(y);
};

Promise.prototype.join = function (that) {
    return Q([this, that]).spread(function (x, y) {
        if (x === y) {
            // TODO: "===" should be Object.is or equiv
            return x;
        } else {
            throw new Error("Q can't join: not the same: " + x + " " + y);
        }
    });
};

/**
 * Returns a promise for the first of an array of promises to become settled.
 * @param answers {Array[Any*]} promises to race
 * @returns {Any*} the first promise to be settled
 */
Q.race = race;
function race(answerPs) {
    return promise(function (resolve, reject) {
        // Switch to this once we can assume at least ES5
        // answerPs.forEach(function (answerP) {
        //     Q(answerP).then(resolve, reject);
        // });
        // Use this in the meantime
        for (var i = 0, len = answerPs.length; i < len; i++) {
            Q(answerPs[i]).then(resolve, reject);
        }
    });
}

Promise.prototype.race = function () {
    return this.then(Q.race);
};

/**
 * Constructs a Promise with a promise descriptor object and optional fallback
 * function.  The descriptor contains methods like when(rejected), get(name),
 * set(name, value), post(name, args), and delete(name), which all
 * return either a value, a promise for a value, or a rejection.  The fallback
 * accepts the operation name, a resolver, and any further arguments that would
 * have been forwarded to the appropriate method above had a method been
 * provided with the proper name.  The API makes no guarantees about the nature
 * of the returned object, apart from that it is usable whereever promises are
 * bought and sold.
 */
Q.makePromise = Promise;
function Promise(descriptor, fallback, inspect) {
    if (fallback === void 0) {
        fallback = function (op) {
            return reject(new Error(
                "Promise does not support operation: " + op
            ));
        };
    }
    if (inspect === void 0) {
        inspect = function () {
            return {state: "unknown"};
        };
    }

    var promise = object_create(Promise.prototype);

    promise.promiseDispatch = function (resolve, op, args) {
        var result;
        try {
            if (descriptor[op]) {
                result = descriptor[op].apply(promise, args);
            } else {
                result = fallback.call(promise, op, args);
            }
        } catch (exception) {
            result = reject(exception);
        }
        if (resolve) {
            resolve(result);
        }
    };

    promise.inspect = inspect;

    // XXX deprecated `valueOf` and `exception` support
    if (inspect) {
        var inspected = inspect();
        if (inspected.state === "rejected") {
            promise.exception = inspected.reason;
        }

        promise.valueOf = function () {
            var inspected = inspect();
            if (inspected.state === "pending" ||
                inspected.state === "rejected") {
                return promise;
            }
            return inspected.value;
        };
    }

    return promise;
}

Promise.prototype.toString = function () {
    return "[object Promise]";
};

Promise.prototype.then = function (fulfilled, rejected, progressed) {
    var self = this;
    var deferred = defer();
    var done = false;   // ensure the untrusted promise makes at most a
                        // single call to one of the callbacks

    function _fulfilled(value) {
        try {
            return typeof fulfilled === "function" ? fulfilled(value) : value;
        } catch (exception) {
            return reject(exception);
        }
    }

    function _rejected(exception) {
        if (typeof rejected === "function") {
            makeStackTraceLong(exception, self);
            try {
                return rejected(exception);
            } catch (newException) {
                return reject(newException);
            }
        }
        return reject(exception);
    }

    function _progressed(value) {
        return typeof progressed === "function" ? progressed(value) : value;
    }

    Q.nextTick(function () {
        self.promiseDispatch(function (value) {
            if (done) {
                return;
            }
            done = true;

            deferred.resolve(_fulfilled(value));
        }, "when", [function (exception) {
            if (done) {
                return;
            }
            done = true;

            deferred.resolve(_rejected(exception));
        }]);
    });

    // Progress propagator need to be attached in the current tick.
    self.promiseDispatch(void 0, "when", [void 0, function (value) {
        var newValue;
        var threw = false;
        try {
            newValue = _progressed(value);
        } catch (e) {
            threw = true;
            if (Q.onerror) {
                Q.onerror(e);
            } else {
                throw e;
            }
        }

        if (!threw) {
            deferred.notify(newValue);
        }
    }]);

    return deferred.promise;
};

Q.tap = function (promise, callback) {
    return Q(promise).tap(callback);
};

/**
 * Works almost like "finally", but not called for rejections.
 * Original resolution value is passed through callback unaffected.
 * Callback may return a promise that will be awaited for.
 * @param {Function} callback
 * @returns {Q.Promise}
 * @example
 * doSomething()
 *   .then(...)
 *   .tap(console.log)
 *   .then(...);
 */
Promise.prototype.tap = function (callback) {
    callback = Q(callback);

    return this.then(function (value) {
        return callback.fcall(value).thenResolve(value);
    });
};

/**
 * Registers an observer on a promise.
 *
 * Guarantees:
 *
 * 1. that fulfilled and rejected will be called only once.
 * 2. that either the fulfilled callback or the rejected callback will be
 *    called, but not both.
 * 3. that fulfilled and rejected will not be called in this turn.
 *
 * @param value      promise or immediate reference to observe
 * @param fulfilled  function to be called with the fulfilled value
 * @param rejected   function to be called with the rejection exception
 * @param progressed function to be called on any progress notifications
 * @return promise for the return value from the invoked callback
 */
Q.when = when;
function when(value, fulfilled, rejected, progressed) {
    return Q(value).then(fulfilled, rejected, progressed);
}

Promise.prototype.thenResolve = function (value) {
    return this.then(function () { return value; });
};

Q.thenResolve = function (promise, value) {
    return Q(promise).thenResolve(value);
};

Promise.prototype.thenReject = function (reason) {
    return this.then(function () { throw reason; });
};

Q.thenReject = function (promise, reason) {
    return Q(promise).thenReject(reason);
};

/**
 * If an object is not a promise, it is as "near" as possible.
 * If a promise is rejected, it is as "near" as possible too.
 * If it’s a fulfilled promise, the fulfillment value is nearer.
 * If it’s a deferred promise and the deferred has been resolved, the
 * resolution is "nearer".
 * @param object
 * @returns most resolved (nearest) form of the object
 */

// XXX should we re-do this?
Q.nearer = nearer;
function nearer(value) {
    if (isPromise(value)) {
        var inspected = value.inspect();
        if (inspected.state === "fulfilled") {
            return inspected.value;
        }
    }
    return value;
}

/**
 * @returns whether the given object is a promise.
 * Otherwise it is a fulfilled value.
 */
Q.isPromise = isPromise;
function isPromise(object) {
    return object instanceof Promise;
}

Q.isPromiseAlike = isPromiseAlike;
function isPromiseAlike(object) {
    return isObject(object) && typeof object.then === "function";
}

/**
 * @returns whether the given object is a pending promise, meaning not
 * fulfilled or rejected.
 */
Q.isPending = isPending;
function isPending(object) {
    return isPromise(object) && object.inspect().state === "pending";
}

Promise.prototype.isPending = function () {
    return this.inspect().state === "pending";
};

/**
 * @returns whether the given object is a value or fulfilled
 * promise.
 */
Q.isFulfilled = isFulfilled;
function isFulfilled(object) {
    return !isPromise(object) || object.inspect().state === "fulfilled";
}

Promise.prototype.isFulfilled = function () {
    return this.inspect().state === "fulfilled";
};

/**
 * @returns whether the given object is a rejected promise.
 */
Q.isRejected = isRejected;
function isRejected(object) {
    return isPromise(object) && object.inspect().state === "rejected";
}

Promise.prototype.isRejected = function () {
    return this.inspect().state === "rejected";
};

//// BEGIN UNHANDLED REJECTION TRACKING

// This promise library consumes exceptions thrown in handlers so they can be
// handled by a subsequent promise.  The exceptions get added to this array when
// they are created, and removed when they are handled.  Note that in ES6 or
// shimmed environments, this would naturally be a `Set`.
var unhandledReasons = [];
var unhandledRejections = [];
var reportedUnhandledRejections = [];
var trackUnhandledRejections = true;

function resetUnhandledRejections() {
    unhandledReasons.length = 0;
    unhandledRejections.length = 0;

    if (!trackUnhandledRejections) {
        trackUnhandledRejections = true;
    }
}

function trackRejection(promise, reason) {
    if (!trackUnhandledRejections) {
        return;
    }
    if (typeof process === "object" && typeof process.emit === "function") {
        Q.nextTick.runAfter(function () {
            if (array_indexOf(unhandledRejections, promise) !== -1) {
                process.emit("unhandledRejection", reason, promise);
                reportedUnhandledRejections.push(promise);
            }
        });
    }

    unhandledRejections.push(promise);
    if (reason && typeof reason.stack !== "undefined") {
        unhandledReasons.push(reason.stack);
    } else {
        unhandledReasons.push("(no stack) " + reason);
    }
}

function untrackRejection(promise) {
    if (!trackUnhandledRejections) {
        return;
    }

    var at = array_indexOf(unhandledRejections, promise);
    if (at !== -1) {
        if (typeof process === "object" && typeof process.emit === "function") {
            Q.nextTick.runAfter(function () {
                var atReport = array_indexOf(reportedUnhandledRejections, promise);
                if (atReport !== -1) {
                    process.emit("rejectionHandled", unhandledReasons[at], promise);
                    reportedUnhandledRejections.splice(atReport, 1);
                }
            });
        }
        unhandledRejections.splice(at, 1);
        unhandledReasons.splice(at, 1);
    }
}

Q.resetUnhandledRejections = resetUnhandledRejections;

Q.getUnhandledReasons = function () {
    // Make a copy so that consumers can't interfere with our internal state.
    return unhandledReasons.slice();
};

Q.stopUnhandledRejectionTracking = function () {
    resetUnhandledRejections();
    trackUnhandledRejections = false;
};

resetUnhandledRejections();

//// END UNHANDLED REJECTION TRACKING

/**
 * Constructs a rejected promise.
 * @param reason value describing the failure
 */
Q.reject = reject;
function reject(reason) {
    var rejection = Promise({
        "when": function (rejected) {
            // note that the error has been handled
            if (rejected) {
                untrackRejection(this);
            }
            return rejected ? rejected(reason) : this;
        }
    }, function fallback() {
        return this;
    }, function inspect() {
        return { state: "rejected", reason: reason };
    });

    // Note that the reason has not been handled.
    trackRejection(rejection, reason);

    return rejection;
}

/**
 * Constructs a fulfilled promise for an immediate reference.
 * @param value immediate reference
 */
Q.fulfill = fulfill;
function fulfill(value) {
    return Promise({
        "when": function () {
            return value;
        },
        "get": function (name) {
            return value[name];
        },
        "set": function (name, rhs) {
            value[name] = rhs;
        },
        "delete": function (name) {
            delete value[name];
        },
        "post": function (name, args) {
            // Mark Miller proposes that post with no name should apply a
            // promised function.
            if (name === null || name === void 0) {
                return value.apply(void 0, args);
            } else {
                return value[name].apply(value, args);
            }
        },
        "apply": function (thisp, args) {
            return value.apply(thisp, args);
        },
        "keys": function () {
            return object_keys(value);
        }
    }, void 0, function inspect() {
        return { state: "fulfilled", value: value };
    });
}

/**
 * Converts thenables to Q promises.
 * @param promise thenable promise
 * @returns a Q promise
 */
function coerce(promise) {
    var deferred = defer();
    Q.nextTick(function () {
        try {
            promise.then(deferred.resolve, deferred.reject, deferred.notify);
        } catch (exception) {
            deferred.reject(exception);
        }
    });
    return deferred.promise;
}

/**
 * Annotates an object such that it will never be
 * transferred away from this process over any promise
 * communication channel.
 * @param object
 * @returns promise a wrapping of that object that
 * additionally responds to the "isDef" message
 * without a rejection.
 */
Q.master = master;
function master(object) {
    return Promise({
        "isDef": function () {}
    }, function fallback(op, args) {
        return dispatch(object, op, args);
    }, function () {
        return Q(object).inspect();
    });
}

/**
 * Spreads the values of a promised array of arguments into the
 * fulfillment callback.
 * @param fulfilled callback that receives variadic arguments from the
 * promised array
 * @param rejected callback that receives the exception if the promise
 * is rejected.
 * @returns a promise for the return value or thrown exception of
 * either callback.
 */
Q.spread = spread;
function spread(value, fulfilled, rejected) {
    return Q(value).spread(fulfilled, rejected);
}

Promise.prototype.spread = function (fulfilled, rejected) {
    return this.all().then(function (array) {
        return fulfilled.apply(void 0, array);
    }, rejected);
};

/**
 * The async function is a decorator for generator functions, turning
 * them into asynchronous generators.  Although generators are only part
 * of the newest ECMAScript 6 drafts, this code does not cause syntax
 * errors in older engines.  This code should continue to work and will
 * in fact improve over time as the language improves.
 *
 * ES6 generators are currently part of V8 version 3.19 with the
 * --harmony-generators runtime flag enabled.  SpiderMonkey has had them
 * for longer, but under an older Python-inspired form.  This function
 * works on both kinds of generators.
 *
 * Decorates a generator function such that:
 *  - it may yield promises
 *  - execution will continue when that promise is fulfilled
 *  - the value of the yield expression will be the fulfilled value
 *  - it returns a promise for the return value (when the generator
 *    stops iterating)
 *  - the decorated function returns a promise for the return value
 *    of the generator or the first rejected promise among those
 *    yielded.
 *  - if an error is thrown in the generator, it propagates through
 *    every following yield until it is caught, or until it escapes
 *    the generator function altogether, and is translated into a
 *    rejection for the promise returned by the decorated generator.
 */
Q.async = async;
function async(makeGenerator) {
    return function () {
        // when verb is "send", arg is a value
        // when verb is "throw", arg is an exception
        function continuer(verb, arg) {
            var result;

            // Until V8 3.19 / Chromium 29 is released, SpiderMonkey is the only
            // engine that has a deployed base of browsers that support generators.
            // However, SM's generators use the Python-inspired semantics of
            // outdated ES6 drafts.  We would like to support ES6, but we'd also
            // like to make it possible to use generators in deployed browsers, so
            // we also support Python-style generators.  At some point we can remove
            // this block.

            if (typeof StopIteration === "undefined") {
                // ES6 Generators
                try {
                    result = generator[verb](arg);
                } catch (exception) {
                    return reject(exception);
                }
                if (result.done) {
                    return Q(result.value);
                } else {
                    return when(result.value, callback, errback);
                }
            } else {
                // SpiderMonkey Generators
                // FIXME: Remove this case when SM does ES6 generators.
                try {
                    result = generator[verb](arg);
                } catch (exception) {
                    if (isStopIteration(exception)) {
                        return Q(exception.value);
                    } else {
                        return reject(exception);
                    }
                }
                return when(result, callback, errback);
            }
        }
        var generator = makeGenerator.apply(this, arguments);
        var callback = continuer.bind(continuer, "next");
        var errback = continuer.bind(continuer, "throw");
        return callback();
    };
}

/**
 * The spawn function is a small wrapper around async that immediately
 * calls the generator and also ends the promise chain, so that any
 * unhandled errors are thrown instead of forwarded to the error
 * handler. This is useful because it's extremely common to run
 * generators at the top-level to work with libraries.
 */
Q.spawn = spawn;
function spawn(makeGenerator) {
    Q.done(Q.async(makeGenerator)());
}

// FIXME: Remove this interface once ES6 generators are in SpiderMonkey.
/**
 * Throws a ReturnValue exception to stop an asynchronous generator.
 *
 * This interface is a stop-gap measure to support generator return
 * values in older Firefox/SpiderMonkey.  In browsers that support ES6
 * generators like Chromium 29, just use "return" in your generator
 * functions.
 *
 * @param value the return value for the surrounding generator
 * @throws ReturnValue exception with the value.
 * @example
 * // ES6 style
 * Q.async(function* () {
 *      var foo = yield getFooPromise();
 *      var bar = yield getBarPromise();
 *      return foo + bar;
 * })
 * // Older SpiderMonkey style
 * Q.async(function () {
 *      var foo = yield getFooPromise();
 *      var bar = yield getBarPromise();
 *      Q.return(foo + bar);
 * })
 */
Q["return"] = _return;
function _return(value) {
    throw new QReturnValue(value);
}

/**
 * The promised function decorator ensures that any promise arguments
 * are settled and passed as values (`this` is also settled and passed
 * as a value).  It will also ensure that the result of a function is
 * always a promise.
 *
 * @example
 * var add = Q.promised(function (a, b) {
 *     return a + b;
 * });
 * add(Q(a), Q(B));
 *
 * @param {function} callback The function to decorate
 * @returns {function} a function that has been decorated.
 */
Q.promised = promised;
function promised(callback) {
    return function () {
        return spread([this, all(arguments)], function (self, args) {
            return callback.apply(self, args);
        });
    };
}

/**
 * sends a message to a value in a future turn
 * @param object* the recipient
 * @param op the name of the message operation, e.g., "when",
 * @param args further arguments to be forwarded to the operation
 * @returns result {Promise} a promise for the result of the operation
 */
Q.dispatch = dispatch;
function dispatch(object, op, args) {
    return Q(object).dispatch(op, args);
}

Promise.prototype.dispatch = function (op, args) {
    var self = this;
    var deferred = defer();
    Q.nextTick(function () {
        self.promiseDispatch(deferred.resolve, op, args);
    });
    return deferred.promise;
};

/**
 * Gets the value of a property in a future turn.
 * @param object    promise or immediate reference for target object
 * @param name      name of property to get
 * @return promise for the property value
 */
Q.get = function (object, key) {
    return Q(object).dispatch("get", [key]);
};

Promise.prototype.get = function (key) {
    return this.dispatch("get", [key]);
};

/**
 * Sets the value of a property in a future turn.
 * @param object    promise or immediate reference for object object
 * @param name      name of property to set
 * @param value     new value of property
 * @return promise for the return value
 */
Q.set = function (object, key, value) {
    return Q(object).dispatch("set", [key, value]);
};

Promise.prototype.set = function (key, value) {
    return this.dispatch("set", [key, value]);
};

/**
 * Deletes a property in a future turn.
 * @param object    promise or immediate reference for target object
 * @param name      name of property to delete
 * @return promise for the return value
 */
Q.del = // XXX legacy
Q["delete"] = function (object, key) {
    return Q(object).dispatch("delete", [key]);
};

Promise.prototype.del = // XXX legacy
Promise.prototype["delete"] = function (key) {
    return this.dispatch("delete", [key]);
};

/**
 * Invokes a method in a future turn.
 * @param object    promise or immediate reference for target object
 * @param name      name of method to invoke
 * @param value     a value to post, typically an array of
 *                  invocation arguments for promises that
 *                  are ultimately backed with `resolve` values,
 *                  as opposed to those backed with URLs
 *                  wherein the posted value can be any
 *                  JSON serializable object.
 * @return promise for the return value
 */
// bound locally because it is used by other methods
Q.mapply = // XXX As proposed by "Redsandro"
Q.post = function (object, name, args) {
    return Q(object).dispatch("post", [name, args]);
};

Promise.prototype.mapply = // XXX As proposed by "Redsandro"
Promise.prototype.post = function (name, args) {
    return this.dispatch("post", [name, args]);
};

/**
 * Invokes a method in a future turn.
 * @param object    promise or immediate reference for target object
 * @param name      name of method to invoke
 * @param ...args   array of invocation arguments
 * @return promise for the return value
 */
Q.send = // XXX Mark Miller's proposed parlance
Q.mcall = // XXX As proposed by "Redsandro"
Q.invoke = function (object, name /*...args*/) {
    return Q(object).dispatch("post", [name, array_slice(arguments, 2)]);
};

Promise.prototype.send = // XXX Mark Miller's proposed parlance
Promise.prototype.mcall = // XXX As proposed by "Redsandro"
Promise.prototype.invoke = function (name /*...args*/) {
    return this.dispatch("post", [name, array_slice(arguments, 1)]);
};

/**
 * Applies the promised function in a future turn.
 * @param object    promise or immediate reference for target function
 * @param args      array of application arguments
 */
Q.fapply = function (object, args) {
    return Q(object).dispatch("apply", [void 0, args]);
};

Promise.prototype.fapply = function (args) {
    return this.dispatch("apply", [void 0, args]);
};

/**
 * Calls the promised function in a future turn.
 * @param object    promise or immediate reference for target function
 * @param ...args   array of application arguments
 */
Q["try"] =
Q.fcall = function (object /* ...args*/) {
    return Q(object).dispatch("apply", [void 0, array_slice(arguments, 1)]);
};

Promise.prototype.fcall = function (/*...args*/) {
    return this.dispatch("apply", [void 0, array_slice(arguments)]);
};

/**
 * Binds the promised function, transforming return values into a fulfilled
 * promise and thrown errors into a rejected one.
 * @param object    promise or immediate reference for target function
 * @param ...args   array of application arguments
 */
Q.fbind = function (object /*...args*/) {
    var promise = Q(object);
    var args = array_slice(arguments, 1);
    return function fbound() {
        return promise.dispatch("apply", [
            this,
            args.concat(array_slice(arguments))
        ]);
    };
};
Promise.prototype.fbind = function (/*...args*/) {
    var promise = this;
    var args = array_slice(arguments);
    return function fbound() {
        return promise.dispatch("apply", [
            this,
            args.concat(array_slice(arguments))
        ]);
    };
};

/**
 * Requests the names of the owned properties of a promised
 * object in a future turn.
 * @param object    promise or immediate reference for target object
 * @return promise for the keys of the eventually settled object
 */
Q.keys = function (object) {
    return Q(object).dispatch("keys", []);
};

Promise.prototype.keys = function () {
    return this.dispatch("keys", []);
};

/**
 * Turns an array of promises into a promise for an array.  If any of
 * the promises gets rejected, the whole array is rejected immediately.
 * @param {Array*} an array (or promise for an array) of values (or
 * promises for values)
 * @returns a promise for an array of the corresponding values
 */
// By Mark Miller
// http://wiki.ecmascript.org/doku.php?id=strawman:concurrency&rev=1308776521#allfulfilled
Q.all = all;
function all(promises) {
    return when(promises, function (promises) {
        var pendingCount = 0;
        var deferred = defer();
        array_reduce(promises, function (undefined, promise, index) {
            var snapshot;
            if (
                isPromise(promise) &&
                (snapshot = promise.inspect()).state === "fulfilled"
            ) {
                promises[index] = snapshot.value;
            } else {
                ++pendingCount;
                when(
                    promise,
                    function (value) {
                        promises[index] = value;
                        if (--pendingCount === 0) {
                            deferred.resolve(promises);
                        }
                    },
                    deferred.reject,
                    function (progress) {
                        deferred.notify({ index: index, value: progress });
                    }
                );
            }
        }, void 0);
        if (pendingCount === 0) {
            deferred.resolve(promises);
        }
        return deferred.promise;
    });
}

Promise.prototype.all = function () {
    return all(this);
};

/**
 * Returns the first resolved promise of an array. Prior rejected promises are
 * ignored.  Rejects only if all promises are rejected.
 * @param {Array*} an array containing values or promises for values
 * @returns a promise fulfilled with the value of the first resolved promise,
 * or a rejected promise if all promises are rejected.
 */
Q.any = any;

function any(promises) {
    if (promises.length === 0) {
        return Q.resolve();
    }

    var deferred = Q.defer();
    var pendingCount = 0;
    array_reduce(promises, function (prev, current, index) {
        var promise = promises[index];

        pendingCount++;

        when(promise, onFulfilled, onRejected, onProgress);
        function onFulfilled(result) {
            deferred.resolve(result);
        }
        function onRejected(err) {
            pendingCount--;
            if (pendingCount === 0) {
                var rejection = err || new Error("" + err);

                rejection.message = ("Q can't get fulfillment value from any promise, all " +
                    "promises were rejected. Last error message: " + rejection.message);

                deferred.reject(rejection);
            }
        }
        function onProgress(progress) {
            deferred.notify({
                index: index,
                value: progress
            });
        }
    }, undefined);

    return deferred.promise;
}

Promise.prototype.any = function () {
    return any(this);
};

/**
 * Waits for all promises to be settled, either fulfilled or
 * rejected.  This is distinct from `all` since that would stop
 * waiting at the first rejection.  The promise returned by
 * `allResolved` will never be rejected.
 * @param promises a promise for an array (or an array) of promises
 * (or values)
 * @return a promise for an array of promises
 */
Q.allResolved = deprecate(allResolved, "allResolved", "allSettled");
function allResolved(promises) {
    return when(promises, function (promises) {
        promises = array_map(promises, Q);
        return when(all(array_map(promises, function (promise) {
            return when(promise, noop, noop);
        })), function () {
            return promises;
        });
    });
}

Promise.prototype.allResolved = function () {
    return allResolved(this);
};

/**
 * @see Promise#allSettled
 */
Q.allSettled = allSettled;
function allSettled(promises) {
    return Q(promises).allSettled();
}

/**
 * Turns an array of promises into a promise for an array of their states (as
 * returned by `inspect`) when they have all settled.
 * @param {Array[Any*]} values an array (or promise for an array) of values (or
 * promises for values)
 * @returns {Array[State]} an array of states for the respective values.
 */
Promise.prototype.allSettled = function () {
    return this.then(function (promises) {
        return all(array_map(promises, function (promise) {
            promise = Q(promise);
            function regardless() {
                return promise.inspect();
            }
            return promise.then(regardless, regardless);
        }));
    });
};

/**
 * Captures the failure of a promise, giving an oportunity to recover
 * with a callback.  If the given promise is fulfilled, the returned
 * promise is fulfilled.
 * @param {Any*} promise for something
 * @param {Function} callback to fulfill the returned promise if the
 * given promise is rejected
 * @returns a promise for the return value of the callback
 */
Q.fail = // XXX legacy
Q["catch"] = function (object, rejected) {
    return Q(object).then(void 0, rejected);
};

Promise.prototype.fail = // XXX legacy
Promise.prototype["catch"] = function (rejected) {
    return this.then(void 0, rejected);
};

/**
 * Attaches a listener that can respond to progress notifications from a
 * promise's originating deferred. This listener receives the exact arguments
 * passed to ``deferred.notify``.
 * @param {Any*} promise for something
 * @param {Function} callback to receive any progress notifications
 * @returns the given promise, unchanged
 */
Q.progress = progress;
function progress(object, progressed) {
    return Q(object).then(void 0, void 0, progressed);
}

Promise.prototype.progress = function (progressed) {
    return this.then(void 0, void 0, progressed);
};

/**
 * Provides an opportunity to observe the settling of a promise,
 * regardless of whether the promise is fulfilled or rejected.  Forwards
 * the resolution to the returned promise when the callback is done.
 * The callback can return a promise to defer completion.
 * @param {Any*} promise
 * @param {Function} callback to observe the resolution of the given
 * promise, takes no arguments.
 * @returns a promise for the resolution of the given promise when
 * ``fin`` is done.
 */
Q.fin = // XXX legacy
Q["finally"] = function (object, callback) {
    return Q(object)["finally"](callback);
};

Promise.prototype.fin = // XXX legacy
Promise.prototype["finally"] = function (callback) {
    if (!callback || typeof callback.apply !== "function") {
        throw new Error("Q can't apply finally callback");
    }
    callback = Q(callback);
    return this.then(function (value) {
        return callback.fcall().then(function () {
            return value;
        });
    }, function (reason) {
        // TODO attempt to recycle the rejection with "this".
        return callback.fcall().then(function () {
            throw reason;
        });
    });
};

/**
 * Terminates a chain of promises, forcing rejections to be
 * thrown as exceptions.
 * @param {Any*} promise at the end of a chain of promises
 * @returns nothing
 */
Q.done = function (object, fulfilled, rejected, progress) {
    return Q(object).done(fulfilled, rejected, progress);
};

Promise.prototype.done = function (fulfilled, rejected, progress) {
    var onUnhandledError = function (error) {
        // forward to a future turn so that ``when``
        // does not catch it and turn it into a rejection.
        Q.nextTick(function () {
            makeStackTraceLong(error, promise);
            if (Q.onerror) {
                Q.onerror(error);
            } else {
                throw error;
            }
        });
    };

    // Avoid unnecessary `nextTick`ing via an unnecessary `when`.
    var promise = fulfilled || rejected || progress ?
        this.then(fulfilled, rejected, progress) :
        this;

    if (typeof process === "object" && process && process.domain) {
        onUnhandledError = process.domain.bind(onUnhandledError);
    }

    promise.then(void 0, onUnhandledError);
};

/**
 * Causes a promise to be rejected if it does not get fulfilled before
 * some milliseconds time out.
 * @param {Any*} promise
 * @param {Number} milliseconds timeout
 * @param {Any*} custom error message or Error object (optional)
 * @returns a promise for the resolution of the given promise if it is
 * fulfilled before the timeout, otherwise rejected.
 */
Q.timeout = function (object, ms, error) {
    return Q(object).timeout(ms, error);
};

Promise.prototype.timeout = function (ms, error) {
    var deferred = defer();
    var timeoutId = setTimeout(function () {
        if (!error || "string" === typeof error) {
            error = new Error(error || "Timed out after " + ms + " ms");
            error.code = "ETIMEDOUT";
        }
        deferred.reject(error);
    }, ms);

    this.then(function (value) {
        clearTimeout(timeoutId);
        deferred.resolve(value);
    }, function (exception) {
        clearTimeout(timeoutId);
        deferred.reject(exception);
    }, deferred.notify);

    return deferred.promise;
};

/**
 * Returns a promise for the given value (or promised value), some
 * milliseconds after it resolved. Passes rejections immediately.
 * @param {Any*} promise
 * @param {Number} milliseconds
 * @returns a promise for the resolution of the given promise after milliseconds
 * time has elapsed since the resolution of the given promise.
 * If the given promise rejects, that is passed immediately.
 */
Q.delay = function (object, timeout) {
    if (timeout === void 0) {
        timeout = object;
        object = void 0;
    }
    return Q(object).delay(timeout);
};

Promise.prototype.delay = function (timeout) {
    return this.then(function (value) {
        var deferred = defer();
        setTimeout(function () {
            deferred.resolve(value);
        }, timeout);
        return deferred.promise;
    });
};

/**
 * Passes a continuation to a Node function, which is called with the given
 * arguments provided as an array, and returns a promise.
 *
 *      Q.nfapply(FS.readFile, [__filename])
 *      .then(function (content) {
 *      })
 *
 */
Q.nfapply = function (callback, args) {
    return Q(callback).nfapply(args);
};

Promise.prototype.nfapply = function (args) {
    var deferred = defer();
    var nodeArgs = array_slice(args);
    nodeArgs.push(deferred.makeNodeResolver());
    this.fapply(nodeArgs).fail(deferred.reject);
    return deferred.promise;
};

/**
 * Passes a continuation to a Node function, which is called with the given
 * arguments provided individually, and returns a promise.
 * @example
 * Q.nfcall(FS.readFile, __filename)
 * .then(function (content) {
 * })
 *
 */
Q.nfcall = function (callback /*...args*/) {
    var args = array_slice(arguments, 1);
    return Q(callback).nfapply(args);
};

Promise.prototype.nfcall = function (/*...args*/) {
    var nodeArgs = array_slice(arguments);
    var deferred = defer();
    nodeArgs.push(deferred.makeNodeResolver());
    this.fapply(nodeArgs).fail(deferred.reject);
    return deferred.promise;
};

/**
 * Wraps a NodeJS continuation passing function and returns an equivalent
 * version that returns a promise.
 * @example
 * Q.nfbind(FS.readFile, __filename)("utf-8")
 * .then(console.log)
 * .done()
 */
Q.nfbind =
Q.denodeify = function (callback /*...args*/) {
    if (callback === undefined) {
        throw new Error("Q can't wrap an undefined function");
    }
    var baseArgs = array_slice(arguments, 1);
    return function () {
        var nodeArgs = baseArgs.concat(array_slice(arguments));
        var deferred = defer();
        nodeArgs.push(deferred.makeNodeResolver());
        Q(callback).fapply(nodeArgs).fail(deferred.reject);
        return deferred.promise;
    };
};

Promise.prototype.nfbind =
Promise.prototype.denodeify = function (/*...args*/) {
    var args = array_slice(arguments);
    args.unshift(this);
    return Q.denodeify.apply(void 0, args);
};

Q.nbind = function (callback, thisp /*...args*/) {
    var baseArgs = array_slice(arguments, 2);
    return function () {
        var nodeArgs = baseArgs.concat(array_slice(arguments));
        var deferred = defer();
        nodeArgs.push(deferred.makeNodeResolver());
        function bound() {
            return callback.apply(thisp, arguments);
        }
        Q(bound).fapply(nodeArgs).fail(deferred.reject);
        return deferred.promise;
    };
};

Promise.prototype.nbind = function (/*thisp, ...args*/) {
    var args = array_slice(arguments, 0);
    args.unshift(this);
    return Q.nbind.apply(void 0, args);
};

/**
 * Calls a method of a Node-style object that accepts a Node-style
 * callback with a given array of arguments, plus a provided callback.
 * @param object an object that has the named method
 * @param {String} name name of the method of object
 * @param {Array} args arguments to pass to the method; the callback
 * will be provided by Q and appended to these arguments.
 * @returns a promise for the value or error
 */
Q.nmapply = // XXX As proposed by "Redsandro"
Q.npost = function (object, name, args) {
    return Q(object).npost(name, args);
};

Promise.prototype.nmapply = // XXX As proposed by "Redsandro"
Promise.prototype.npost = function (name, args) {
    var nodeArgs = array_slice(args || []);
    var deferred = defer();
    nodeArgs.push(deferred.makeNodeResolver());
    this.dispatch("post", [name, nodeArgs]).fail(deferred.reject);
    return deferred.promise;
};

/**
 * Calls a method of a Node-style object that accepts a Node-style
 * callback, forwarding the given variadic arguments, plus a provided
 * callback argument.
 * @param object an object that has the named method
 * @param {String} name name of the method of object
 * @param ...args arguments to pass to the method; the callback will
 * be provided by Q and appended to these arguments.
 * @returns a promise for the value or error
 */
Q.nsend = // XXX Based on Mark Miller's proposed "send"
Q.nmcall = // XXX Based on "Redsandro's" proposal
Q.ninvoke = function (object, name /*...args*/) {
    var nodeArgs = array_slice(arguments, 2);
    var deferred = defer();
    nodeArgs.push(deferred.makeNodeResolver());
    Q(object).dispatch("post", [name, nodeArgs]).fail(deferred.reject);
    return deferred.promise;
};

Promise.prototype.nsend = // XXX Based on Mark Miller's proposed "send"
Promise.prototype.nmcall = // XXX Based on "Redsandro's" proposal
Promise.prototype.ninvoke = function (name /*...args*/) {
    var nodeArgs = array_slice(arguments, 1);
    var deferred = defer();
    nodeArgs.push(deferred.makeNodeResolver());
    this.dispatch("post", [name, nodeArgs]).fail(deferred.reject);
    return deferred.promise;
};

/**
 * If a function would like to support both Node continuation-passing-style and
 * promise-returning-style, it can end its internal promise chain with
 * `nodeify(nodeback)`, forwarding the optional nodeback argument.  If the user
 * elects to use a nodeback, the result will be sent there.  If they do not
 * pass a nodeback, they will receive the result promise.
 * @param object a result (or a promise for a result)
 * @param {Function} nodeback a Node.js-style callback
 * @returns either the promise or nothing
 */
Q.nodeify = nodeify;
function nodeify(object, nodeback) {
    return Q(object).nodeify(nodeback);
}

Promise.prototype.nodeify = function (nodeback) {
    if (nodeback) {
        this.then(function (value) {
            Q.nextTick(function () {
                nodeback(null, value);
            });
        }, function (error) {
            Q.nextTick(function () {
                nodeback(error);
            });
        });
    } else {
        return this;
    }
};

Q.noConflict = function() {
    throw new Error("Q.noConflict only works when Q is used as a global");
};

// All code before this point will be filtered from stack traces.
var qEndingLine = captureLine();

return Q;

});


/***/ }),

/***/ 546:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

module.exports = __nccwpck_require__(84);

/***/ }),

/***/ 84:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

var RetryOperation = __nccwpck_require__(538);

exports.operation = function(options) {
  var timeouts = exports.timeouts(options);
  return new RetryOperation(timeouts, {
      forever: options && options.forever,
      unref: options && options.unref,
      maxRetryTime: options && options.maxRetryTime
  });
};

exports.timeouts = function(options) {
  if (options instanceof Array) {
    return [].concat(options);
  }

  var opts = {
    retries: 10,
    factor: 2,
    minTimeout: 1 * 1000,
    maxTimeout: Infinity,
    randomize: false
  };
  for (var key in options) {
    opts[key] = options[key];
  }

  if (opts.minTimeout > opts.maxTimeout) {
    throw new Error('minTimeout is greater than maxTimeout');
  }

  var timeouts = [];
  for (var i = 0; i < opts.retries; i++) {
    timeouts.push(this.createTimeout(i, opts));
  }

  if (options && options.forever && !timeouts.length) {
    timeouts.push(this.createTimeout(i, opts));
  }

  // sort the array numerically ascending
  timeouts.sort(function(a,b) {
    return a - b;
  });

  return timeouts;
};

exports.createTimeout = function(attempt, opts) {
  var random = (opts.randomize)
    ? (Math.random() + 1)
    : 1;

  var timeout = Math.round(random * opts.minTimeout * Math.pow(opts.factor, attempt));
  timeout = Math.min(timeout, opts.maxTimeout);

  return timeout;
};

exports.wrap = function(obj, options, methods) {
  if (options instanceof Array) {
    methods = options;
    options = null;
  }

  if (!methods) {
    methods = [];
    for (var key in obj) {
      if (typeof obj[key] === 'function') {
        methods.push(key);
      }
    }
  }

  for (var i = 0; i < methods.length; i++) {
    var method   = methods[i];
    var original = obj[method];

    obj[method] = function retryWrapper(original) {
      var op       = exports.operation(options);
      var args     = Array.prototype.slice.call(arguments, 1);
      var callback = args.pop();

      args.push(function(err) {
        if (op.retry(err)) {
          return;
        }
        if (err) {
          arguments[0] = op.mainError();
        }
        callback.apply(this, arguments);
      });

      op.attempt(function() {
        original.apply(obj, args);
      });
    }.bind(obj, original);
    obj[method].options = options;
  }
};


/***/ }),

/***/ 538:
/***/ ((module) => {

function RetryOperation(timeouts, options) {
  // Compatibility for the old (timeouts, retryForever) signature
  if (typeof options === 'boolean') {
    options = { forever: options };
  }

  this._originalTimeouts = JSON.parse(JSON.stringify(timeouts));
  this._timeouts = timeouts;
  this._options = options || {};
  this._maxRetryTime = options && options.maxRetryTime || Infinity;
  this._fn = null;
  this._errors = [];
  this._attempts = 1;
  this._operationTimeout = null;
  this._operationTimeoutCb = null;
  this._timeout = null;
  this._operationStart = null;

  if (this._options.forever) {
    this._cachedTimeouts = this._timeouts.slice(0);
  }
}
module.exports = RetryOperation;

RetryOperation.prototype.reset = function() {
  this._attempts = 1;
  this._timeouts = this._originalTimeouts;
}

RetryOperation.prototype.stop = function() {
  if (this._timeout) {
    clearTimeout(this._timeout);
  }

  this._timeouts       = [];
  this._cachedTimeouts = null;
};

RetryOperation.prototype.retry = function(err) {
  if (this._timeout) {
    clearTimeout(this._timeout);
  }

  if (!err) {
    return false;
  }
  var currentTime = new Date().getTime();
  if (err && currentTime - this._operationStart >= this._maxRetryTime) {
    this._errors.unshift(new Error('RetryOperation timeout occurred'));
    return false;
  }

  this._errors.push(err);

  var timeout = this._timeouts.shift();
  if (timeout === undefined) {
    if (this._cachedTimeouts) {
      // retry forever, only keep last error
      this._errors.splice(this._errors.length - 1, this._errors.length);
      this._timeouts = this._cachedTimeouts.slice(0);
      timeout = this._timeouts.shift();
    } else {
      return false;
    }
  }

  var self = this;
  var timer = setTimeout(function() {
    self._attempts++;

    if (self._operationTimeoutCb) {
      self._timeout = setTimeout(function() {
        self._operationTimeoutCb(self._attempts);
      }, self._operationTimeout);

      if (self._options.unref) {
          self._timeout.unref();
      }
    }

    self._fn(self._attempts);
  }, timeout);

  if (this._options.unref) {
      timer.unref();
  }

  return true;
};

RetryOperation.prototype.attempt = function(fn, timeoutOps) {
  this._fn = fn;

  if (timeoutOps) {
    if (timeoutOps.timeout) {
      this._operationTimeout = timeoutOps.timeout;
    }
    if (timeoutOps.cb) {
      this._operationTimeoutCb = timeoutOps.cb;
    }
  }

  var self = this;
  if (this._operationTimeoutCb) {
    this._timeout = setTimeout(function() {
      self._operationTimeoutCb();
    }, self._operationTimeout);
  }

  this._operationStart = new Date().getTime();

  this._fn(this._attempts);
};

RetryOperation.prototype.try = function(fn) {
  console.log('Using RetryOperation.try() is deprecated');
  this.attempt(fn);
};

RetryOperation.prototype.start = function(fn) {
  console.log('Using RetryOperation.start() is deprecated');
  this.attempt(fn);
};

RetryOperation.prototype.start = RetryOperation.prototype.try;

RetryOperation.prototype.errors = function() {
  return this._errors;
};

RetryOperation.prototype.attempts = function() {
  return this._attempts;
};

RetryOperation.prototype.mainError = function() {
  if (this._errors.length === 0) {
    return null;
  }

  var counts = {};
  var mainError = null;
  var mainErrorCount = 0;

  for (var i = 0; i < this._errors.length; i++) {
    var error = this._errors[i];
    var message = error.message;
    var count = (counts[message] || 0) + 1;

    counts[message] = count;

    if (count >= mainErrorCount) {
      mainError = error;
      mainErrorCount = count;
    }
  }

  return mainError;
};


/***/ }),

/***/ 613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 317:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("child_process");

/***/ }),

/***/ 140:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("constants");

/***/ }),

/***/ 982:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("crypto");

/***/ }),

/***/ 434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 421:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");

/***/ }),

/***/ 598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 24:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:string_decoder");

/***/ }),

/***/ 857:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");

/***/ }),

/***/ 928:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");

/***/ }),

/***/ 203:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("stream");

/***/ }),

/***/ 23:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ }),

/***/ 238:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  I: () => (/* binding */ systemDeps)
});

;// CONCATENATED MODULE: ./lib/engine/clock.js
/** The real clock. */
const systemClock = {
    now: () => Date.now(),
    sleep: (ms, signal) => new Promise((resolve) => {
        if (ms <= 0 || signal?.aborted)
            return resolve();
        const timer = setTimeout(done, ms);
        function done() {
            clearTimeout(timer);
            signal?.removeEventListener('abort', done);
            resolve();
        }
        signal?.addEventListener('abort', done, { once: true });
    }),
};

// EXTERNAL MODULE: ./lib/engine/exec.js
var exec = __nccwpck_require__(69);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(24);
;// CONCATENATED MODULE: ./lib/engine/file-probe.js

/**
 * Tries to open a file named in a lock error. On Windows a file held open without sharing fails
 * to open with EBUSY (ERROR_SHARING_VIOLATION); anything else (opened, gone, a folder) counts as
 * free, because only a sharing violation says another process still holds it.
 */
const probeFile = async (file) => {
    try {
        const handle = await external_node_fs_.promises.open(file, 'r');
        await handle.close();
        return 'free';
    }
    catch (error) {
        return error.code === 'EBUSY' ? 'held' : 'free';
    }
};

;// CONCATENATED MODULE: ./lib/engine/deps.js



/** The real operating system, clock and randomness. */
function systemDeps(signal) {
    return {
        exec: exec/* execCommand */.N,
        clock: systemClock,
        random: Math.random,
        platform: process.platform,
        arch: process.arch,
        cwd: process.cwd(),
        probeFile: probeFile,
        signal,
    };
}


/***/ }),

/***/ 69:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   N: () => (/* binding */ execCommand)
/* harmony export */ });
/* unused harmony export killTree */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(421);

/** Runs a helper command with the real operating system. */
const execCommand = (command, args, options = {}) => new Promise((resolve) => {
    const started = Date.now();
    const max = options.maxOutput ?? 4 * 1024 * 1024;
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let child;
    try {
        child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(command, [...args], {
            env: options.env ?? process.env,
            cwd: options.cwd,
            detached: process.platform !== 'win32',
            windowsHide: true,
            stdio: ['pipe', 'pipe', 'pipe'],
        });
    }
    catch (error) {
        resolve({
            exitCode: null,
            stdout,
            stderr,
            timedOut,
            startError: String(error),
            durationMs: 0,
        });
        return;
    }
    const keep = (text, chunk) => {
        const next = text + chunk.toString('utf8');
        return next.length > max ? next.slice(next.length - max) : next;
    };
    child.stdout?.on('data', (chunk) => (stdout = keep(stdout, chunk)));
    child.stderr?.on('data', (chunk) => (stderr = keep(stderr, chunk)));
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.input ?? '');
    const timer = options.timeoutMs && options.timeoutMs > 0
        ? setTimeout(() => {
            timedOut = true;
            killTree(child);
        }, options.timeoutMs)
        : undefined;
    let startError;
    child.on('error', (error) => (startError = error.message));
    child.on('close', (code) => {
        if (timer)
            clearTimeout(timer);
        resolve({
            exitCode: startError !== undefined ? null : code,
            stdout,
            stderr,
            timedOut,
            startError,
            durationMs: Date.now() - started,
        });
    });
});
/**
 * Kills a child and everything it started. On POSIX the child leads its own process group
 * (spawned detached); on Windows taskkill walks the tree.
 */
function killTree(child) {
    if (child.pid === undefined || child.exitCode !== null)
        return;
    if (process.platform === 'win32') {
        (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawnSync)('taskkill', ['/pid', String(child.pid), '/T', '/F'], { windowsHide: true });
        return;
    }
    try {
        process.kill(-child.pid, 'SIGKILL');
    }
    catch {
        child.kill('SIGKILL');
    }
}


/***/ }),

/***/ 541:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   mc: () => (/* binding */ INPUTS),
/* harmony export */   tF: () => (/* binding */ azureInputName),
/* harmony export */   xQ: () => (/* binding */ camelCase)
/* harmony export */ });
/* unused harmony exports OUTPUTS, offersInput */
/**
 * The one input schema. action.yml, task.json, the CLI's flags and the README's input table are
 * generated from it (`npm run manifests`), and a test fails when any of them drifts.
 */
const INPUTS = [
    // Build
    {
        name: 'builder',
        kind: 'choice',
        group: 'build',
        options: ['buildctl', 'buildx'],
        default: 'buildctl',
        description: 'Build tool: `buildctl` against a buildkitd daemon, or `docker buildx build`.',
    },
    {
        name: 'buildkit-address',
        kind: 'string',
        group: 'build',
        description: 'BuildKit daemon address for buildctl. Default `npipe:////./pipe/buildkitd` on Windows, ' +
            '`unix:///run/buildkit/buildkitd.sock` elsewhere; `tcp://host:port` for a remote daemon.',
    },
    {
        name: 'buildkit-tls-dir',
        kind: 'string',
        group: 'build',
        description: 'Folder with `ca.pem`, `cert.pem` and `key.pem` for a `tcp://` daemon (mutual TLS).',
    },
    {
        name: 'buildx-builder',
        kind: 'string',
        group: 'build',
        description: 'Name of the buildx builder instance (`--builder`); the current one when empty.',
    },
    {
        name: 'context',
        kind: 'string',
        group: 'build',
        default: '.',
        description: 'Build context folder.',
    },
    {
        name: 'file',
        kind: 'string',
        group: 'build',
        description: 'Path of the Dockerfile; `<context>/Dockerfile` when empty.',
    },
    { name: 'target', kind: 'string', group: 'build', description: 'Build stage to stop at.' },
    {
        name: 'build-args',
        kind: 'lines',
        group: 'build',
        description: 'Build arguments, one `KEY=VALUE` per line.',
    },
    {
        name: 'tags',
        kind: 'list',
        group: 'build',
        description: 'Image names to give the result, separated by newlines or commas.',
    },
    {
        name: 'push',
        kind: 'boolean',
        group: 'build',
        default: 'false',
        description: 'Push the tagged image to its registry.',
    },
    {
        name: 'outputs',
        kind: 'lines',
        group: 'build',
        description: 'Raw BuildKit output specs, one per line (for example `type=oci,dest=out.tar`); ' +
            'replaces what `tags` and `push` would produce.',
    },
    {
        name: 'platform',
        kind: 'list',
        group: 'build',
        description: 'Target platforms, for example `windows/amd64`; the daemon default when empty.',
    },
    {
        name: 'cache-from',
        kind: 'lines',
        group: 'build',
        description: 'Cache import specs, one per line (for example `type=registry,ref=...`).',
    },
    {
        name: 'cache-to',
        kind: 'lines',
        group: 'build',
        description: 'Cache export specs, one per line.',
    },
    {
        name: 'secrets',
        kind: 'lines',
        group: 'build',
        description: 'Build secrets, one per line: `id=NAME,env=VARIABLE` or `id=NAME,src=FILE`. The values ' +
            'are redacted from logs and diagnostics.',
    },
    {
        name: 'labels',
        kind: 'lines',
        group: 'build',
        description: 'Image labels, one `KEY=VALUE` per line.',
    },
    {
        name: 'no-cache',
        kind: 'boolean',
        group: 'build',
        default: 'false',
        description: 'Build without using the build cache.',
    },
    {
        name: 'extra-args',
        kind: 'lines',
        group: 'build',
        description: 'Further arguments for the build tool, one argument per line, passed unchanged.',
    },
    // Retries
    {
        name: 'max-attempts',
        kind: 'integer',
        group: 'retry',
        default: '3',
        description: 'Most build attempts in all, from 1 (no retry) to 10.',
    },
    {
        name: 'retry-on',
        kind: 'list',
        group: 'retry',
        default: 'lock,transient',
        description: 'Failure classes that are retried: any of `lock`, `transient`, `unknown`, `timeout`; ' +
            '`none` retries nothing.',
    },
    {
        name: 'retry-delay',
        kind: 'number',
        group: 'retry',
        default: '5',
        description: 'Seconds before the first retry; doubled for each further retry, with jitter.',
    },
    {
        name: 'retry-max-delay',
        kind: 'number',
        group: 'retry',
        default: '60',
        description: 'Longest wait between attempts, in seconds.',
    },
    {
        name: 'lock-wait-timeout',
        kind: 'number',
        group: 'retry',
        default: '60',
        description: 'After a lock error that names a file, seconds to wait for that file to be released ' +
            'before retrying.',
    },
    {
        name: 'attempt-timeout',
        kind: 'number',
        group: 'retry',
        default: '0',
        description: 'Minutes one attempt may run before its whole process tree is killed (class `timeout`); ' +
            '0 means no limit.',
    },
    {
        name: 'retry-patterns',
        kind: 'lines',
        group: 'retry',
        description: 'Extra regular expressions, one per line, that mark a failure as `transient`; matched line ' +
            'by line after the built-in lock and transient rules and before the other permanent ones.',
    },
    {
        name: 'fatal-patterns',
        kind: 'lines',
        group: 'retry',
        description: 'Extra regular expressions, one per line, that mark a failure as `permanent` (checked ' +
            'before every other rule).',
    },
    // Queue
    {
        name: 'build-spacing',
        kind: 'number',
        group: 'queue',
        default: '10',
        description: 'Seconds that must pass between the end of one build on this host and the start of the ' +
            'next, whichever step ran it; 0 turns spacing off.',
    },
    {
        name: 'queue-timeout',
        kind: 'number',
        group: 'queue',
        default: '30',
        description: 'Minutes to wait for the host build slot before failing; 0 means no limit.',
    },
    {
        name: 'state-dir',
        kind: 'string',
        group: 'queue',
        description: 'Machine-wide folder for the build queue. Default `%ProgramData%\\wcow-build` on Windows, ' +
            '`<system temp>/wcow-build` elsewhere.',
    },
    // Host preparation
    {
        name: 'setup',
        kind: 'choice',
        group: 'setup',
        options: ['auto', 'false'],
        default: 'auto',
        description: '`auto`: on Windows install and start what is missing (containerd, BuildKit, Defender ' +
            'exclusions); `false`: change nothing on the host.',
    },
    {
        name: 'containerd-version',
        kind: 'string',
        group: 'setup',
        default: '2.1.4',
        description: 'containerd version to install when it is missing or different.',
    },
    {
        name: 'buildkit-version',
        kind: 'string',
        group: 'setup',
        default: '0.23.2',
        description: 'BuildKit version to install when it is missing or different.',
    },
    {
        name: 'service-timeout',
        kind: 'number',
        group: 'setup',
        default: '120',
        description: 'Seconds to wait for containerd and buildkitd to answer after they start.',
    },
    {
        name: 'buildkit-group',
        kind: 'string',
        group: 'setup',
        description: 'Windows group whose members may use the buildkitd pipe (for agents that do not run as ' +
            'administrator).',
    },
    {
        name: 'warmup-images',
        kind: 'list',
        group: 'setup',
        description: 'Base images to pull into BuildKit before the first build, separated by newlines or ' +
            'commas.',
    },
    {
        name: 'defender-exclusions',
        kind: 'choice',
        group: 'setup',
        options: ['auto', 'true', 'false'],
        default: 'auto',
        description: 'Add Microsoft Defender exclusions for containerd and BuildKit: `auto` only when ' +
            'real-time protection is on, `true` always, `false` never.',
    },
    {
        name: 'exclusion-paths',
        kind: 'lines',
        group: 'setup',
        description: 'Further folders to exclude from Defender scanning, one per line.',
    },
    {
        name: 'keep-exclusions',
        kind: 'boolean',
        group: 'setup',
        default: 'false',
        description: 'Leave the Defender exclusions that this step added in place after the job.',
    },
    // Diagnostics
    {
        name: 'diagnostics',
        kind: 'choice',
        group: 'diagnostics',
        options: ['on-failure', 'always', 'never'],
        default: 'on-failure',
        description: 'When to collect the diagnostics bundle and attach it to the run.',
    },
    {
        name: 'diagnostics-name',
        kind: 'string',
        group: 'diagnostics',
        description: 'Artifact name; default unique per run, job and attempt.',
    },
    {
        name: 'diagnostics-retention-days',
        kind: 'integer',
        group: 'diagnostics',
        default: '0',
        description: 'Days to keep the artifact on GitHub; 0 uses the repository setting.',
        hosts: ['github'],
    },
    {
        name: 'diagnostics-max-mb',
        kind: 'number',
        group: 'diagnostics',
        default: '50',
        description: 'Largest bundle size in MB; larger files are cut and the cut is recorded.',
    },
    // Registry
    {
        name: 'registry',
        kind: 'string',
        group: 'registry',
        description: 'Registry server to log in to before the build (for example `ghcr.io`).',
        hosts: ['github', 'cli'],
    },
    {
        name: 'username',
        kind: 'string',
        group: 'registry',
        description: 'Registry user name.',
        hosts: ['github', 'cli'],
    },
    {
        name: 'password',
        kind: 'string',
        group: 'registry',
        secret: true,
        description: 'Registry password or token; masked, and passed only through a private config.',
        hosts: ['github', 'cli'],
    },
    {
        name: 'container-registry',
        azureName: 'containerRegistry',
        kind: 'string',
        group: 'registry',
        azureType: 'connectedService:dockerregistry',
        description: 'Docker registry service connection to log in with before the build.',
        hosts: ['azure'],
    },
];
const OUTPUTS = [
    { name: 'result', description: '`success` or `failure`.' },
    { name: 'attempts', description: 'Number of build attempts made.' },
    {
        name: 'failure-class',
        description: 'Class of the last failure (`lock`, `transient`, `permanent`, `timeout`, ...).',
    },
    { name: 'lock-retries', description: 'How many retries were caused by lock errors.' },
    { name: 'digest', description: 'Image digest reported by the build tool.' },
    { name: 'image-id', description: 'Image id (config digest) reported by the build tool.' },
    { name: 'metadata', description: 'Build result metadata as JSON.' },
    { name: 'queue-wait-seconds', description: 'Seconds spent waiting for the host build slot.' },
    { name: 'diagnostics-path', description: 'Folder of the diagnostics bundle, when one was made.' },
    {
        name: 'diagnostics-artifact',
        description: 'Name of the uploaded diagnostics artifact, when one was uploaded.',
    },
];
/** camelCase form of a kebab-case name, as Azure Pipelines names inputs and output variables. */
function camelCase(name) {
    return name.replace(/-([a-z0-9])/g, (_match, letter) => letter.toUpperCase());
}
/** Azure name of an input. */
function azureInputName(spec) {
    return spec.azureName ?? camelCase(spec.name);
}
/** True when `host` offers the input. */
function offersInput(spec, host) {
    return spec.hosts === undefined || spec.hosts.includes(host);
}


/***/ }),

/***/ 523:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  a: () => (/* binding */ runPost)
});

;// CONCATENATED MODULE: external "node:fs/promises"
const promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");
;// CONCATENATED MODULE: ./lib/engine/errors.js
/** A bad input value: the message names the input, the value and what is accepted. */
class errors_InputError extends Error {
    input;
    value;
    accepted;
    name = 'InputError';
    constructor(input, value, accepted) {
        super(`Input ${input}: ${value === '' ? 'no value' : `'${value}'`} is not accepted; expected ${accepted}.`);
        this.input = input;
        this.value = value;
        this.accepted = accepted;
    }
}
/** The build failed for good: the message carries the tool's own error lines. */
class BuildFailedError extends (/* unused pure expression or super */ null && (Error)) {
    name = 'BuildFailedError';
}
/** The host build slot could not be taken in time. */
class errors_QueueTimeoutError extends (/* unused pure expression or super */ null && (Error)) {
    name = 'QueueTimeoutError';
}
/** Host preparation could not bring the daemon up. */
class SetupError extends Error {
    name = 'SetupError';
}
/** The message of any thrown value, without a stack trace. */
function errors_describeError(error) {
    // Errors from another realm (a vm context, a worker) fail `instanceof Error`; a message is
    // what matters.
    if (error instanceof Error)
        return error.message;
    if (error !== null &&
        typeof error === 'object' &&
        typeof error.message === 'string') {
        return error.message;
    }
    return typeof error === 'string' ? error : JSON.stringify(error);
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(598);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(760);
// EXTERNAL MODULE: external "events"
var external_events_ = __nccwpck_require__(434);
// EXTERNAL MODULE: external "fs"
var external_fs_ = __nccwpck_require__(896);
;// CONCATENATED MODULE: external "node:events"
const external_node_events_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");
;// CONCATENATED MODULE: external "node:stream"
const external_node_stream_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");
// EXTERNAL MODULE: external "node:string_decoder"
var external_node_string_decoder_ = __nccwpck_require__(193);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(24);
// EXTERNAL MODULE: external "path"
var external_path_ = __nccwpck_require__(928);
// EXTERNAL MODULE: external "assert"
var external_assert_ = __nccwpck_require__(613);
;// CONCATENATED MODULE: external "buffer"
const external_buffer_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("buffer");
;// CONCATENATED MODULE: external "zlib"
const external_zlib_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("zlib");
var external_zlib_namespaceObject_0 = /*#__PURE__*/__nccwpck_require__.t(external_zlib_namespaceObject, 2);
;// CONCATENATED MODULE: external "node:assert"
const external_node_assert_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:assert");
;// CONCATENATED MODULE: ./node_modules/tar/dist/esm/index.min.js
var zr=Object.defineProperty;var Ur=(s,t)=>{for(var e in t)zr(s,e,{get:t[e],enumerable:!0})};var Ds=typeof process=="object"&&process?process:{stdout:null,stderr:null},Wr=s=>!!s&&typeof s=="object"&&(s instanceof A||s instanceof external_node_stream_namespaceObject||Gr(s)||Zr(s)),Gr=s=>!!s&&typeof s=="object"&&s instanceof external_node_events_namespaceObject.EventEmitter&&typeof s.pipe=="function"&&s.pipe!==external_node_stream_namespaceObject.Writable.prototype.pipe,Zr=s=>!!s&&typeof s=="object"&&s instanceof external_node_events_namespaceObject.EventEmitter&&typeof s.write=="function"&&typeof s.end=="function",Q=Symbol("EOF"),J=Symbol("maybeEmitEnd"),nt=Symbol("emittedEnd"),De=Symbol("emittingEnd"),qt=Symbol("emittedError"),Ne=Symbol("closed"),Ns=Symbol("read"),Ae=Symbol("flush"),As=Symbol("flushChunk"),z=Symbol("encoding"),vt=Symbol("decoder"),g=Symbol("flowing"),Qt=Symbol("paused"),Bt=Symbol("resume"),b=Symbol("buffer"),N=Symbol("pipes"),_=Symbol("bufferLength"),bi=Symbol("bufferPush"),Ie=Symbol("bufferShift"),L=Symbol("objectMode"),S=Symbol("destroyed"),_i=Symbol("error"),Oi=Symbol("emitData"),Is=Symbol("emitEnd"),Ti=Symbol("emitEnd2"),Z=Symbol("async"),xi=Symbol("abort"),Ce=Symbol("aborted"),Jt=Symbol("signal"),Rt=Symbol("dataListeners"),C=Symbol("discarded"),jt=s=>Promise.resolve().then(s),Yr=s=>s(),Kr=s=>s==="end"||s==="finish"||s==="prefinish",$r=s=>s instanceof ArrayBuffer||!!s&&typeof s=="object"&&s.constructor&&s.constructor.name==="ArrayBuffer"&&s.byteLength>=0,Vr=s=>!Buffer.isBuffer(s)&&ArrayBuffer.isView(s),Fe=class{src;dest;opts;ondrain;constructor(t,e,i){this.src=t,this.dest=e,this.opts=i,this.ondrain=()=>t[Bt](),this.dest.on("drain",this.ondrain)}unpipe(){this.dest.removeListener("drain",this.ondrain)}proxyErrors(t){}end(){this.unpipe(),this.opts.end&&this.dest.end()}},Li=class extends Fe{unpipe(){this.src.removeListener("error",this.proxyErrors),super.unpipe()}constructor(t,e,i){super(t,e,i),this.proxyErrors=r=>this.dest.emit("error",r),t.on("error",this.proxyErrors)}},Xr=s=>!!s.objectMode,qr=s=>!s.objectMode&&!!s.encoding&&s.encoding!=="buffer",A=class extends external_node_events_namespaceObject.EventEmitter{[g]=!1;[Qt]=!1;[N]=[];[b]=[];[L];[z];[Z];[vt];[Q]=!1;[nt]=!1;[De]=!1;[Ne]=!1;[qt]=null;[_]=0;[S]=!1;[Jt];[Ce]=!1;[Rt]=0;[C]=!1;writable=!0;readable=!0;constructor(...t){let e=t[0]||{};if(super(),e.objectMode&&typeof e.encoding=="string")throw new TypeError("Encoding and objectMode may not be used together");Xr(e)?(this[L]=!0,this[z]=null):qr(e)?(this[z]=e.encoding,this[L]=!1):(this[L]=!1,this[z]=null),this[Z]=!!e.async,this[vt]=this[z]?new external_node_string_decoder_.StringDecoder(this[z]):null,e&&e.debugExposeBuffer===!0&&Object.defineProperty(this,"buffer",{get:()=>this[b]}),e&&e.debugExposePipes===!0&&Object.defineProperty(this,"pipes",{get:()=>this[N]});let{signal:i}=e;i&&(this[Jt]=i,i.aborted?this[xi]():i.addEventListener("abort",()=>this[xi]()))}get bufferLength(){return this[_]}get encoding(){return this[z]}set encoding(t){throw new Error("Encoding must be set at instantiation time")}setEncoding(t){throw new Error("Encoding must be set at instantiation time")}get objectMode(){return this[L]}set objectMode(t){throw new Error("objectMode must be set at instantiation time")}get async(){return this[Z]}set async(t){this[Z]=this[Z]||!!t}[xi](){this[Ce]=!0,this.emit("abort",this[Jt]?.reason),this.destroy(this[Jt]?.reason)}get aborted(){return this[Ce]}set aborted(t){}write(t,e,i){if(this[Ce])return!1;if(this[Q])throw new Error("write after end");if(this[S])return this.emit("error",Object.assign(new Error("Cannot call write after a stream was destroyed"),{code:"ERR_STREAM_DESTROYED"})),!0;typeof e=="function"&&(i=e,e="utf8"),e||(e="utf8");let r=this[Z]?jt:Yr;if(!this[L]&&!Buffer.isBuffer(t)){if(Vr(t))t=Buffer.from(t.buffer,t.byteOffset,t.byteLength);else if($r(t))t=Buffer.from(t);else if(typeof t!="string")throw new Error("Non-contiguous data written to non-objectMode stream")}return this[L]?(this[g]&&this[_]!==0&&this[Ae](!0),this[g]?this.emit("data",t):this[bi](t),this[_]!==0&&this.emit("readable"),i&&r(i),this[g]):t.length?(typeof t=="string"&&!(e===this[z]&&!this[vt]?.lastNeed)&&(t=Buffer.from(t,e)),Buffer.isBuffer(t)&&this[z]&&(t=this[vt].write(t)),this[g]&&this[_]!==0&&this[Ae](!0),this[g]?this.emit("data",t):this[bi](t),this[_]!==0&&this.emit("readable"),i&&r(i),this[g]):(this[_]!==0&&this.emit("readable"),i&&r(i),this[g])}read(t){if(this[S])return null;if(this[C]=!1,this[_]===0||t===0||t&&t>this[_])return this[J](),null;this[L]&&(t=null),this[b].length>1&&!this[L]&&(this[b]=[this[z]?this[b].join(""):Buffer.concat(this[b],this[_])]);let e=this[Ns](t||null,this[b][0]);return this[J](),e}[Ns](t,e){if(this[L])this[Ie]();else{let i=e;t===i.length||t===null?this[Ie]():typeof i=="string"?(this[b][0]=i.slice(t),e=i.slice(0,t),this[_]-=t):(this[b][0]=i.subarray(t),e=i.subarray(0,t),this[_]-=t)}return this.emit("data",e),!this[b].length&&!this[Q]&&this.emit("drain"),e}end(t,e,i){return typeof t=="function"&&(i=t,t=void 0),typeof e=="function"&&(i=e,e="utf8"),t!==void 0&&this.write(t,e),i&&this.once("end",i),this[Q]=!0,this.writable=!1,(this[g]||!this[Qt])&&this[J](),this}[Bt](){this[S]||(!this[Rt]&&!this[N].length&&(this[C]=!0),this[Qt]=!1,this[g]=!0,this.emit("resume"),this[b].length?this[Ae]():this[Q]?this[J]():this.emit("drain"))}resume(){return this[Bt]()}pause(){this[g]=!1,this[Qt]=!0,this[C]=!1}get destroyed(){return this[S]}get flowing(){return this[g]}get paused(){return this[Qt]}[bi](t){this[L]?this[_]+=1:this[_]+=t.length,this[b].push(t)}[Ie](){return this[L]?this[_]-=1:this[_]-=this[b][0].length,this[b].shift()}[Ae](t=!1){do;while(this[As](this[Ie]())&&this[b].length);!t&&!this[b].length&&!this[Q]&&this.emit("drain")}[As](t){return this.emit("data",t),this[g]}pipe(t,e){if(this[S])return t;this[C]=!1;let i=this[nt];return e=e||{},t===Ds.stdout||t===Ds.stderr?e.end=!1:e.end=e.end!==!1,e.proxyErrors=!!e.proxyErrors,i?e.end&&t.end():(this[N].push(e.proxyErrors?new Li(this,t,e):new Fe(this,t,e)),this[Z]?jt(()=>this[Bt]()):this[Bt]()),t}unpipe(t){let e=this[N].find(i=>i.dest===t);e&&(this[N].length===1?(this[g]&&this[Rt]===0&&(this[g]=!1),this[N]=[]):this[N].splice(this[N].indexOf(e),1),e.unpipe())}addListener(t,e){return this.on(t,e)}on(t,e){let i=super.on(t,e);if(t==="data")this[C]=!1,this[Rt]++,!this[N].length&&!this[g]&&this[Bt]();else if(t==="readable"&&this[_]!==0)super.emit("readable");else if(Kr(t)&&this[nt])super.emit(t),this.removeAllListeners(t);else if(t==="error"&&this[qt]){let r=e;this[Z]?jt(()=>r.call(this,this[qt])):r.call(this,this[qt])}return i}removeListener(t,e){return this.off(t,e)}off(t,e){let i=super.off(t,e);return t==="data"&&(this[Rt]=this.listeners("data").length,this[Rt]===0&&!this[C]&&!this[N].length&&(this[g]=!1)),i}removeAllListeners(t){let e=super.removeAllListeners(t);return(t==="data"||t===void 0)&&(this[Rt]=0,!this[C]&&!this[N].length&&(this[g]=!1)),e}get emittedEnd(){return this[nt]}[J](){!this[De]&&!this[nt]&&!this[S]&&this[b].length===0&&this[Q]&&(this[De]=!0,this.emit("end"),this.emit("prefinish"),this.emit("finish"),this[Ne]&&this.emit("close"),this[De]=!1)}emit(t,...e){let i=e[0];if(t!=="error"&&t!=="close"&&t!==S&&this[S])return!1;if(t==="data")return!this[L]&&!i?!1:this[Z]?(jt(()=>this[Oi](i)),!0):this[Oi](i);if(t==="end")return this[Is]();if(t==="close"){if(this[Ne]=!0,!this[nt]&&!this[S])return!1;let n=super.emit("close");return this.removeAllListeners("close"),n}else if(t==="error"){this[qt]=i,super.emit(_i,i);let n=!this[Jt]||this.listeners("error").length?super.emit("error",i):!1;return this[J](),n}else if(t==="resume"){let n=super.emit("resume");return this[J](),n}else if(t==="finish"||t==="prefinish"){let n=super.emit(t);return this.removeAllListeners(t),n}let r=super.emit(t,...e);return this[J](),r}[Oi](t){for(let i of this[N])i.dest.write(t)===!1&&this.pause();let e=this[C]?!1:super.emit("data",t);return this[J](),e}[Is](){return this[nt]?!1:(this[nt]=!0,this.readable=!1,this[Z]?(jt(()=>this[Ti]()),!0):this[Ti]())}[Ti](){if(this[vt]){let e=this[vt].end();if(e){for(let i of this[N])i.dest.write(e);this[C]||super.emit("data",e)}}for(let e of this[N])e.end();let t=super.emit("end");return this.removeAllListeners("end"),t}async collect(){let t=Object.assign([],{dataLength:0});this[L]||(t.dataLength=0);let e=this.promise();return this.on("data",i=>{t.push(i),this[L]||(t.dataLength+=i.length)}),await e,t}async concat(){if(this[L])throw new Error("cannot concat in objectMode");let t=await this.collect();return this[z]?t.join(""):Buffer.concat(t,t.dataLength)}async promise(){return new Promise((t,e)=>{this.on(S,()=>e(new Error("stream destroyed"))),this.on("error",i=>e(i)),this.on("end",()=>t())})}[Symbol.asyncIterator](){this[C]=!1;let t=!1,e=async()=>(this.pause(),t=!0,{value:void 0,done:!0});return{next:()=>{if(t)return e();let r=this.read();if(r!==null)return Promise.resolve({done:!1,value:r});if(this[Q])return e();let n,o,h=d=>{this.off("data",a),this.off("end",l),this.off(S,c),e(),o(d)},a=d=>{this.off("error",h),this.off("end",l),this.off(S,c),this.pause(),n({value:d,done:!!this[Q]})},l=()=>{this.off("error",h),this.off("data",a),this.off(S,c),e(),n({done:!0,value:void 0})},c=()=>h(new Error("stream destroyed"));return new Promise((d,y)=>{o=y,n=d,this.once(S,c),this.once("error",h),this.once("end",l),this.once("data",a)})},throw:e,return:e,[Symbol.asyncIterator](){return this},[Symbol.asyncDispose]:async()=>{}}}[Symbol.iterator](){this[C]=!1;let t=!1,e=()=>(this.pause(),this.off(_i,e),this.off(S,e),this.off("end",e),t=!0,{done:!0,value:void 0}),i=()=>{if(t)return e();let r=this.read();return r===null?e():{done:!1,value:r}};return this.once("end",e),this.once(_i,e),this.once(S,e),{next:i,throw:e,return:e,[Symbol.iterator](){return this},[Symbol.dispose]:()=>{}}}destroy(t){if(this[S])return t?this.emit("error",t):this.emit(S),this;this[S]=!0,this[C]=!0,this[b].length=0,this[_]=0;let e=this;return typeof e.close=="function"&&!this[Ne]&&e.close(),t?this.emit("error",t):this.emit(S),this}static get isStream(){return Wr}};var Jr=external_fs_.writev,ht=Symbol("_autoClose"),H=Symbol("_close"),te=Symbol("_ended"),u=Symbol("_fd"),Ni=Symbol("_finished"),tt=Symbol("_flags"),Ai=Symbol("_flush"),ki=Symbol("_handleChunk"),Mi=Symbol("_makeBuf"),ie=Symbol("_mode"),ke=Symbol("_needDrain"),Ut=Symbol("_onerror"),Ht=Symbol("_onopen"),Ii=Symbol("_onread"),Pt=Symbol("_onwrite"),at=Symbol("_open"),U=Symbol("_path"),ot=Symbol("_pos"),Y=Symbol("_queue"),zt=Symbol("_read"),Ci=Symbol("_readSize"),j=Symbol("_reading"),ee=Symbol("_remain"),Fi=Symbol("_size"),Me=Symbol("_write"),gt=Symbol("_writing"),ve=Symbol("_defaultFlag"),bt=Symbol("_errored"),_t=class extends A{[bt]=!1;[u];[U];[Ci];[j]=!1;[Fi];[ee];[ht];constructor(t,e){if(e=e||{},super(e),this.readable=!0,this.writable=!1,typeof t!="string")throw new TypeError("path must be a string");this[bt]=!1,this[u]=typeof e.fd=="number"?e.fd:void 0,this[U]=t,this[Ci]=e.readSize||16*1024*1024,this[j]=!1,this[Fi]=typeof e.size=="number"?e.size:1/0,this[ee]=this[Fi],this[ht]=typeof e.autoClose=="boolean"?e.autoClose:!0,typeof this[u]=="number"?this[zt]():this[at]()}get fd(){return this[u]}get path(){return this[U]}write(){throw new TypeError("this is a readable stream")}end(){throw new TypeError("this is a readable stream")}[at](){external_fs_.open(this[U],"r",(t,e)=>this[Ht](t,e))}[Ht](t,e){t?this[Ut](t):(this[u]=e,this.emit("open",e),this[zt]())}[Mi](){return Buffer.allocUnsafe(Math.min(this[Ci],this[ee]))}[zt](){if(!this[j]){this[j]=!0;let t=this[Mi]();if(t.length===0)return process.nextTick(()=>this[Ii](null,0,t));external_fs_.read(this[u],t,0,t.length,null,(e,i,r)=>this[Ii](e,i,r))}}[Ii](t,e,i){this[j]=!1,t?this[Ut](t):this[ki](e,i)&&this[zt]()}[H](){if(this[ht]&&typeof this[u]=="number"){let t=this[u];this[u]=void 0,external_fs_.close(t,e=>e?this.emit("error",e):this.emit("close"))}}[Ut](t){this[j]=!0,this[H](),this.emit("error",t)}[ki](t,e){let i=!1;return this[ee]-=t,t>0&&(i=super.write(t<e.length?e.subarray(0,t):e)),(t===0||this[ee]<=0)&&(i=!1,this[H](),super.end()),i}emit(t,...e){switch(t){case"prefinish":case"finish":return!1;case"drain":return typeof this[u]=="number"&&this[zt](),!1;case"error":return this[bt]?!1:(this[bt]=!0,super.emit(t,...e));default:return super.emit(t,...e)}}},Be=class extends _t{[at](){let t=!0;try{this[Ht](null,external_fs_.openSync(this[U],"r")),t=!1}finally{t&&this[H]()}}[zt](){let t=!0;try{if(!this[j]){this[j]=!0;do{let e=this[Mi](),i=e.length===0?0:external_fs_.readSync(this[u],e,0,e.length,null);if(!this[ki](i,e))break}while(!0);this[j]=!1}t=!1}finally{t&&this[H]()}}[H](){if(this[ht]&&typeof this[u]=="number"){let t=this[u];this[u]=void 0,external_fs_.closeSync(t),this.emit("close")}}},et=class extends external_events_{readable=!1;writable=!0;[bt]=!1;[gt]=!1;[te]=!1;[Y]=[];[ke]=!1;[U];[ie];[ht];[u];[ve];[tt];[Ni]=!1;[ot];constructor(t,e){e=e||{},super(e),this[U]=t,this[u]=typeof e.fd=="number"?e.fd:void 0,this[ie]=e.mode===void 0?438:e.mode,this[ot]=typeof e.start=="number"?e.start:void 0,this[ht]=typeof e.autoClose=="boolean"?e.autoClose:!0;let i=this[ot]!==void 0?"r+":"w";this[ve]=e.flags===void 0,this[tt]=e.flags===void 0?i:e.flags,this[u]===void 0&&this[at]()}emit(t,...e){if(t==="error"){if(this[bt])return!1;this[bt]=!0}return super.emit(t,...e)}get fd(){return this[u]}get path(){return this[U]}[Ut](t){this[H](),this[gt]=!0,this.emit("error",t)}[at](){external_fs_.open(this[U],this[tt],this[ie],(t,e)=>this[Ht](t,e))}[Ht](t,e){this[ve]&&this[tt]==="r+"&&t&&t.code==="ENOENT"?(this[tt]="w",this[at]()):t?this[Ut](t):(this[u]=e,this.emit("open",e),this[gt]||this[Ai]())}end(t,e){return t&&this.write(t,e),this[te]=!0,!this[gt]&&!this[Y].length&&typeof this[u]=="number"&&this[Pt](null,0),this}write(t,e){return typeof t=="string"&&(t=Buffer.from(t,e)),this[te]?(this.emit("error",new Error("write() after end()")),!1):this[u]===void 0||this[gt]||this[Y].length?(this[Y].push(t),this[ke]=!0,!1):(this[gt]=!0,this[Me](t),!0)}[Me](t){external_fs_.write(this[u],t,0,t.length,this[ot],(e,i)=>this[Pt](e,i))}[Pt](t,e){t?this[Ut](t):(this[ot]!==void 0&&typeof e=="number"&&(this[ot]+=e),this[Y].length?this[Ai]():(this[gt]=!1,this[te]&&!this[Ni]?(this[Ni]=!0,this[H](),this.emit("finish")):this[ke]&&(this[ke]=!1,this.emit("drain"))))}[Ai](){if(this[Y].length===0)this[te]&&this[Pt](null,0);else if(this[Y].length===1)this[Me](this[Y].pop());else{let t=this[Y];this[Y]=[],Jr(this[u],t,this[ot],(e,i)=>this[Pt](e,i))}}[H](){if(this[ht]&&typeof this[u]=="number"){let t=this[u];this[u]=void 0,external_fs_.close(t,e=>e?this.emit("error",e):this.emit("close"))}}},Wt=class extends et{[at](){let t;if(this[ve]&&this[tt]==="r+")try{t=external_fs_.openSync(this[U],this[tt],this[ie])}catch(e){if(e?.code==="ENOENT")return this[tt]="w",this[at]();throw e}else t=external_fs_.openSync(this[U],this[tt],this[ie]);this[Ht](null,t)}[H](){if(this[ht]&&typeof this[u]=="number"){let t=this[u];this[u]=void 0,external_fs_.closeSync(t),this.emit("close")}}[Me](t){let e=!0;try{this[Pt](null,external_fs_.writeSync(this[u],t,0,t.length,this[ot])),e=!1}finally{if(e)try{this[H]()}catch{}}}};var jr=new Map([["C","cwd"],["f","file"],["z","gzip"],["P","preservePaths"],["U","unlink"],["strip-components","strip"],["stripComponents","strip"],["keep-newer","newer"],["keepNewer","newer"],["keep-newer-files","newer"],["keepNewerFiles","newer"],["k","keep"],["keep-existing","keep"],["keepExisting","keep"],["m","noMtime"],["no-mtime","noMtime"],["p","preserveOwner"],["L","follow"],["h","follow"],["onentry","onReadEntry"]]),Fs=s=>!!s.sync&&!!s.file,ks=s=>!s.sync&&!!s.file,Ms=s=>!!s.sync&&!s.file,vs=s=>!s.sync&&!s.file;var Bs=s=>!!s.file;var tn=s=>{let t=jr.get(s);return t||s},se=(s={})=>{if(!s)return{};let t={};for(let[e,i]of Object.entries(s)){let r=tn(e);t[r]=i}return t.chmod===void 0&&t.noChmod===!1&&(t.chmod=!0),delete t.noChmod,t};var K=(s,t,e,i,r)=>Object.assign((n=[],o,h)=>{Array.isArray(n)&&(o=n,n={}),typeof o=="function"&&(h=o,o=void 0),o=o?Array.from(o):[];let a=se(n);if(r?.(a,o),Fs(a)){if(typeof h=="function")throw new TypeError("callback not supported for sync tar functions");return s(a,o)}else if(ks(a)){let l=t(a,o);return h?l.then(()=>h(),h):l}else if(Ms(a)){if(typeof h=="function")throw new TypeError("callback not supported for sync tar functions");return e(a,o)}else if(vs(a)){if(typeof h=="function")throw new TypeError("callback only supported with file option");return i(a,o)}throw new Error("impossible options??")},{syncFile:s,asyncFile:t,syncNoFile:e,asyncNoFile:i,validate:r});var sn=external_zlib_namespaceObject.constants||{ZLIB_VERNUM:4736},v=Object.freeze(Object.assign(Object.create(null),{Z_NO_FLUSH:0,Z_PARTIAL_FLUSH:1,Z_SYNC_FLUSH:2,Z_FULL_FLUSH:3,Z_FINISH:4,Z_BLOCK:5,Z_OK:0,Z_STREAM_END:1,Z_NEED_DICT:2,Z_ERRNO:-1,Z_STREAM_ERROR:-2,Z_DATA_ERROR:-3,Z_MEM_ERROR:-4,Z_BUF_ERROR:-5,Z_VERSION_ERROR:-6,Z_NO_COMPRESSION:0,Z_BEST_SPEED:1,Z_BEST_COMPRESSION:9,Z_DEFAULT_COMPRESSION:-1,Z_FILTERED:1,Z_HUFFMAN_ONLY:2,Z_RLE:3,Z_FIXED:4,Z_DEFAULT_STRATEGY:0,DEFLATE:1,INFLATE:2,GZIP:3,GUNZIP:4,DEFLATERAW:5,INFLATERAW:6,UNZIP:7,BROTLI_DECODE:8,BROTLI_ENCODE:9,Z_MIN_WINDOWBITS:8,Z_MAX_WINDOWBITS:15,Z_DEFAULT_WINDOWBITS:15,Z_MIN_CHUNK:64,Z_MAX_CHUNK:1/0,Z_DEFAULT_CHUNK:16384,Z_MIN_MEMLEVEL:1,Z_MAX_MEMLEVEL:9,Z_DEFAULT_MEMLEVEL:8,Z_MIN_LEVEL:-1,Z_MAX_LEVEL:9,Z_DEFAULT_LEVEL:-1,BROTLI_OPERATION_PROCESS:0,BROTLI_OPERATION_FLUSH:1,BROTLI_OPERATION_FINISH:2,BROTLI_OPERATION_EMIT_METADATA:3,BROTLI_MODE_GENERIC:0,BROTLI_MODE_TEXT:1,BROTLI_MODE_FONT:2,BROTLI_DEFAULT_MODE:0,BROTLI_MIN_QUALITY:0,BROTLI_MAX_QUALITY:11,BROTLI_DEFAULT_QUALITY:11,BROTLI_MIN_WINDOW_BITS:10,BROTLI_MAX_WINDOW_BITS:24,BROTLI_LARGE_MAX_WINDOW_BITS:30,BROTLI_DEFAULT_WINDOW:22,BROTLI_MIN_INPUT_BLOCK_BITS:16,BROTLI_MAX_INPUT_BLOCK_BITS:24,BROTLI_PARAM_MODE:0,BROTLI_PARAM_QUALITY:1,BROTLI_PARAM_LGWIN:2,BROTLI_PARAM_LGBLOCK:3,BROTLI_PARAM_DISABLE_LITERAL_CONTEXT_MODELING:4,BROTLI_PARAM_SIZE_HINT:5,BROTLI_PARAM_LARGE_WINDOW:6,BROTLI_PARAM_NPOSTFIX:7,BROTLI_PARAM_NDIRECT:8,BROTLI_DECODER_RESULT_ERROR:0,BROTLI_DECODER_RESULT_SUCCESS:1,BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT:2,BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT:3,BROTLI_DECODER_PARAM_DISABLE_RING_BUFFER_REALLOCATION:0,BROTLI_DECODER_PARAM_LARGE_WINDOW:1,BROTLI_DECODER_NO_ERROR:0,BROTLI_DECODER_SUCCESS:1,BROTLI_DECODER_NEEDS_MORE_INPUT:2,BROTLI_DECODER_NEEDS_MORE_OUTPUT:3,BROTLI_DECODER_ERROR_FORMAT_EXUBERANT_NIBBLE:-1,BROTLI_DECODER_ERROR_FORMAT_RESERVED:-2,BROTLI_DECODER_ERROR_FORMAT_EXUBERANT_META_NIBBLE:-3,BROTLI_DECODER_ERROR_FORMAT_SIMPLE_HUFFMAN_ALPHABET:-4,BROTLI_DECODER_ERROR_FORMAT_SIMPLE_HUFFMAN_SAME:-5,BROTLI_DECODER_ERROR_FORMAT_CL_SPACE:-6,BROTLI_DECODER_ERROR_FORMAT_HUFFMAN_SPACE:-7,BROTLI_DECODER_ERROR_FORMAT_CONTEXT_MAP_REPEAT:-8,BROTLI_DECODER_ERROR_FORMAT_BLOCK_LENGTH_1:-9,BROTLI_DECODER_ERROR_FORMAT_BLOCK_LENGTH_2:-10,BROTLI_DECODER_ERROR_FORMAT_TRANSFORM:-11,BROTLI_DECODER_ERROR_FORMAT_DICTIONARY:-12,BROTLI_DECODER_ERROR_FORMAT_WINDOW_BITS:-13,BROTLI_DECODER_ERROR_FORMAT_PADDING_1:-14,BROTLI_DECODER_ERROR_FORMAT_PADDING_2:-15,BROTLI_DECODER_ERROR_FORMAT_DISTANCE:-16,BROTLI_DECODER_ERROR_DICTIONARY_NOT_SET:-19,BROTLI_DECODER_ERROR_INVALID_ARGUMENTS:-20,BROTLI_DECODER_ERROR_ALLOC_CONTEXT_MODES:-21,BROTLI_DECODER_ERROR_ALLOC_TREE_GROUPS:-22,BROTLI_DECODER_ERROR_ALLOC_CONTEXT_MAP:-25,BROTLI_DECODER_ERROR_ALLOC_RING_BUFFER_1:-26,BROTLI_DECODER_ERROR_ALLOC_RING_BUFFER_2:-27,BROTLI_DECODER_ERROR_ALLOC_BLOCK_TYPE_TREES:-30,BROTLI_DECODER_ERROR_UNREACHABLE:-31},sn));var rn=external_buffer_namespaceObject.Buffer.concat,zs=Object.getOwnPropertyDescriptor(external_buffer_namespaceObject.Buffer,"concat"),nn=s=>s,Bi=zs?.writable===!0||zs?.set!==void 0?s=>{external_buffer_namespaceObject.Buffer.concat=s?nn:rn}:s=>{},Tt=Symbol("_superWrite"),Gt=class extends Error{code;errno;constructor(t,e){super("zlib: "+t.message,{cause:t}),this.code=t.code,this.errno=t.errno,this.code||(this.code="ZLIB_ERROR"),this.message="zlib: "+t.message,Error.captureStackTrace(this,e??this.constructor)}get name(){return"ZlibError"}},Pi=Symbol("flushFlag"),re=class extends A{#t=!1;#i=!1;#s;#n;#r;#e;#o;get sawError(){return this.#t}get handle(){return this.#e}get flushFlag(){return this.#s}constructor(t,e){if(!t||typeof t!="object")throw new TypeError("invalid options for ZlibBase constructor");if(super(t),this.#s=t.flush??0,this.#n=t.finishFlush??0,this.#r=t.fullFlushFlag??0,typeof external_zlib_namespaceObject_0[e]!="function")throw new TypeError("Compression method not supported: "+e);try{this.#e=new external_zlib_namespaceObject_0[e](t)}catch(i){throw new Gt(i,this.constructor)}this.#o=i=>{this.#t||(this.#t=!0,this.close(),this.emit("error",i))},this.#e?.on("error",i=>this.#o(new Gt(i))),this.once("end",()=>this.close)}close(){this.#e&&(this.#e.close(),this.#e=void 0,this.emit("close"))}reset(){if(!this.#t)return external_assert_(this.#e,"zlib binding closed"),this.#e.reset?.()}flush(t){this.ended||(typeof t!="number"&&(t=this.#r),this.write(Object.assign(external_buffer_namespaceObject.Buffer.alloc(0),{[Pi]:t})))}end(t,e,i){return typeof t=="function"&&(i=t,e=void 0,t=void 0),typeof e=="function"&&(i=e,e=void 0),t&&(e?this.write(t,e):this.write(t)),this.flush(this.#n),this.#i=!0,super.end(i)}get ended(){return this.#i}[Tt](t){return super.write(t)}write(t,e,i){if(typeof e=="function"&&(i=e,e="utf8"),typeof t=="string"&&(t=external_buffer_namespaceObject.Buffer.from(t,e)),this.#t)return;external_assert_(this.#e,"zlib binding closed");let r=this.#e._handle,n=r.close;r.close=()=>{};let o=this.#e.close;this.#e.close=()=>{},Bi(!0);let h;try{let l=typeof t[Pi]=="number"?t[Pi]:this.#s;h=this.#e._processChunk(t,l),Bi(!1)}catch(l){Bi(!1),this.#o(new Gt(l,this.write))}finally{this.#e&&(this.#e._handle=r,r.close=n,this.#e.close=o,this.#e.removeAllListeners("error"))}this.#e&&this.#e.on("error",l=>this.#o(new Gt(l,this.write)));let a;if(h)if(Array.isArray(h)&&h.length>0){let l=h[0];a=this[Tt](external_buffer_namespaceObject.Buffer.from(l));for(let c=1;c<h.length;c++)a=this[Tt](h[c])}else a=this[Tt](external_buffer_namespaceObject.Buffer.from(h));return i&&i(),a}},Pe=class extends re{#t;#i;constructor(t,e){t=t||{},t.flush=t.flush||v.Z_NO_FLUSH,t.finishFlush=t.finishFlush||v.Z_FINISH,t.fullFlushFlag=v.Z_FULL_FLUSH,super(t,e),this.#t=t.level,this.#i=t.strategy}params(t,e){if(!this.sawError){if(!this.handle)throw new Error("cannot switch params when binding is closed");if(!this.handle.params)throw new Error("not supported in this implementation");if(this.#t!==t||this.#i!==e){this.flush(v.Z_SYNC_FLUSH),external_assert_(this.handle,"zlib binding closed");let i=this.handle.flush;this.handle.flush=(r,n)=>{typeof r=="function"&&(n=r,r=this.flushFlag),this.flush(r),n?.()};try{this.handle.params(t,e)}finally{this.handle.flush=i}this.handle&&(this.#t=t,this.#i=e)}}}};var ze=class extends Pe{#t;constructor(t){super(t,"Gzip"),this.#t=t&&!!t.portable}[Tt](t){return this.#t?(this.#t=!1,t[9]=255,super[Tt](t)):super[Tt](t)}};var Ue=class extends Pe{constructor(t){super(t,"Unzip")}},He=class extends re{constructor(t,e){t=t||{},t.flush=t.flush||v.BROTLI_OPERATION_PROCESS,t.finishFlush=t.finishFlush||v.BROTLI_OPERATION_FINISH,t.fullFlushFlag=v.BROTLI_OPERATION_FLUSH,super(t,e)}},We=class extends He{constructor(t){super(t,"BrotliCompress")}},Ge=class extends He{constructor(t){super(t,"BrotliDecompress")}},Ze=class extends re{constructor(t,e){t=t||{},t.flush=t.flush||v.ZSTD_e_continue,t.finishFlush=t.finishFlush||v.ZSTD_e_end,t.fullFlushFlag=v.ZSTD_e_flush,super(t,e)}},Ye=class extends Ze{constructor(t){super(t,"ZstdCompress")}},Ke=class extends Ze{constructor(t){super(t,"ZstdDecompress")}};var Us=(s,t)=>{if(Number.isSafeInteger(s))s<0?an(s,t):hn(s,t);else throw Error("cannot encode number outside of javascript safe integer range");return t},hn=(s,t)=>{t[0]=128;for(var e=t.length;e>1;e--)t[e-1]=s&255,s=Math.floor(s/256)},an=(s,t)=>{t[0]=255;var e=!1;s=s*-1;for(var i=t.length;i>1;i--){var r=s&255;s=Math.floor(s/256),e?t[i-1]=Ws(r):r===0?t[i-1]=0:(e=!0,t[i-1]=Gs(r))}},Hs=s=>{let t=s[0],e=t===128?cn(s.subarray(1,s.length)):t===255?ln(s):null;if(e===null)throw Error("invalid base256 encoding");if(!Number.isSafeInteger(e))throw Error("parsed number outside of javascript safe integer range");return e},ln=s=>{for(var t=s.length,e=0,i=!1,r=t-1;r>-1;r--){var n=Number(s[r]),o;i?o=Ws(n):n===0?o=n:(i=!0,o=Gs(n)),o!==0&&(e-=o*Math.pow(256,t-r-1))}return e},cn=s=>{for(var t=s.length,e=0,i=t-1;i>-1;i--){var r=Number(s[i]);r!==0&&(e+=r*Math.pow(256,t-i-1))}return e},Ws=s=>(255^s)&255,Gs=s=>(255^s)+1&255;var Hi={};Ur(Hi,{code:()=>$e,isCode:()=>ne,isName:()=>dn,name:()=>oe,normalFsTypes:()=>Ui});var ne=s=>oe.has(s),dn=s=>$e.has(s),Ui=new Set(["0","","1","2","3","4","5","6","7","D"]),oe=new Map([["0","File"],["","OldFile"],["1","Link"],["2","SymbolicLink"],["3","CharacterDevice"],["4","BlockDevice"],["5","Directory"],["6","FIFO"],["7","ContiguousFile"],["g","GlobalExtendedHeader"],["x","ExtendedHeader"],["A","SolarisACL"],["D","GNUDumpDir"],["I","Inode"],["K","NextFileHasLongLinkpath"],["L","NextFileHasLongPath"],["M","ContinuationFile"],["N","OldGnuLongPath"],["S","SparseFile"],["V","TapeVolumeHeader"],["X","OldExtendedHeader"]]),$e=new Map(Array.from(oe).map(s=>[s[1],s[0]]));var mn=s=>s===void 0||s<0?void 0:s,F=class{cksumValid=!1;needPax=!1;nullBlock=!1;block;path;mode;uid;gid;size;cksum;#t="Unsupported";linkpath;uname;gname;devmaj=0;devmin=0;atime;ctime;mtime;charset;comment;constructor(t,e=0,i,r){Buffer.isBuffer(t)?this.decode(t,e||0,i,r):t&&this.#i(t)}decode(t,e,i,r){if(e||(e=0),!t||!(t.length>=e+512))throw new Error("need 512 bytes for header");let n=xt(t,e+156,1),o=Ui.has(n),h=o?i:void 0,a=o?r:void 0;if(this.path=h?.path??xt(t,e,100),this.mode=h?.mode??a?.mode??lt(t,e+100,8),this.uid=h?.uid??a?.uid??lt(t,e+108,8),this.gid=h?.gid??a?.gid??lt(t,e+116,8),this.size=mn(h?.size??a?.size??lt(t,e+124,12)),this.mtime=h?.mtime??a?.mtime??Wi(t,e+136,12),this.cksum=lt(t,e+148,12),a&&this.#i(a,!0),h&&this.#i(h),ne(n)&&(this.#t=n||"0"),this.#t==="0"&&this.path.slice(-1)==="/"&&(this.#t="5"),this.#t==="5"&&(this.size=0),this.linkpath=xt(t,e+157,100),t.subarray(e+257,e+265).toString()==="ustar\x0000")if(this.uname=h?.uname??a?.uname??xt(t,e+265,32),this.gname=h?.gname??a?.gname??xt(t,e+297,32),this.devmaj=h?.devmaj??a?.devmaj??lt(t,e+329,8)??0,this.devmin=h?.devmin??a?.devmin??lt(t,e+337,8)??0,t[e+475]!==0){let c=xt(t,e+345,155);this.path=c+"/"+this.path}else{let c=xt(t,e+345,130);c&&(this.path=c+"/"+this.path),this.atime=i?.atime??r?.atime??Wi(t,e+476,12),this.ctime=i?.ctime??r?.ctime??Wi(t,e+488,12)}let l=256;for(let c=e;c<e+148;c++)l+=t[c];for(let c=e+156;c<e+512;c++)l+=t[c];this.cksumValid=l===this.cksum,this.cksum===void 0&&l===256&&(this.nullBlock=!0)}#i(t,e=!1){Object.assign(this,Object.fromEntries(Object.entries(t).filter(([i,r])=>!(r==null||i==="size"&&Number(r)<0||i==="path"&&e||i==="linkpath"&&e||i==="global"))))}encode(t,e=0){if(t||(t=this.block=Buffer.alloc(512)),this.#t==="Unsupported"&&(this.#t="0"),!(t.length>=e+512))throw new Error("need 512 bytes for header");let i=this.ctime||this.atime?130:155,r=un(this.path||"",i),n=r[0],o=r[1];this.needPax=!!r[2],this.needPax=Lt(t,e,100,n)||this.needPax,this.needPax=ct(t,e+100,8,this.mode)||this.needPax,this.needPax=ct(t,e+108,8,this.uid)||this.needPax,this.needPax=ct(t,e+116,8,this.gid)||this.needPax,this.needPax=ct(t,e+124,12,this.size)||this.needPax,this.needPax=Gi(t,e+136,12,this.mtime)||this.needPax,t[e+156]=Number(this.#t.codePointAt(0)),this.needPax=Lt(t,e+157,100,this.linkpath)||this.needPax,t.write("ustar\x0000",e+257,8),this.needPax=Lt(t,e+265,32,this.uname)||this.needPax,this.needPax=Lt(t,e+297,32,this.gname)||this.needPax,this.needPax=ct(t,e+329,8,this.devmaj)||this.needPax,this.needPax=ct(t,e+337,8,this.devmin)||this.needPax,this.needPax=Lt(t,e+345,i,o)||this.needPax,t[e+475]!==0?this.needPax=Lt(t,e+345,155,o)||this.needPax:(this.needPax=Lt(t,e+345,130,o)||this.needPax,this.needPax=Gi(t,e+476,12,this.atime)||this.needPax,this.needPax=Gi(t,e+488,12,this.ctime)||this.needPax);let h=256;for(let a=e;a<e+148;a++)h+=t[a];for(let a=e+156;a<e+512;a++)h+=t[a];return this.cksum=h,ct(t,e+148,8,this.cksum),this.cksumValid=!0,this.needPax}get type(){return this.#t==="Unsupported"?this.#t:oe.get(this.#t)}get typeKey(){return this.#t}set type(t){let e=String($e.get(t));if(ne(e)||e==="Unsupported")this.#t=e;else if(ne(t))this.#t=t;else throw new TypeError("invalid entry type: "+t)}},un=(s,t)=>{let i=s,r="",n,o=external_node_path_.posix.parse(s).root||".";if(Buffer.byteLength(i)<100)n=[i,r,!1];else{r=external_node_path_.posix.dirname(i),i=external_node_path_.posix.basename(i);do Buffer.byteLength(i)<=100&&Buffer.byteLength(r)<=t?n=[i,r,!1]:Buffer.byteLength(i)>100&&Buffer.byteLength(r)<=t?n=[i.slice(0,99),r,!0]:(i=external_node_path_.posix.join(external_node_path_.posix.basename(r),i),r=external_node_path_.posix.dirname(r));while(r!==o&&n===void 0);n||(n=[s.slice(0,99),"",!0])}return n},xt=(s,t,e)=>s.subarray(t,t+e).toString("utf8").replace(/\0.*/,""),Wi=(s,t,e)=>pn(lt(s,t,e)),pn=s=>s===void 0?void 0:new Date(s*1e3),lt=(s,t,e)=>Number(s[t])&128?Hs(s.subarray(t,t+e)):wn(s,t,e),En=s=>isNaN(s)?void 0:s,wn=(s,t,e)=>En(parseInt(s.subarray(t,t+e).toString("utf8").replace(/\0.*$/,"").trim(),8)),Sn={12:8589934591,8:2097151},ct=(s,t,e,i)=>i===void 0?!1:i>Sn[e]||i<0?(Us(i,s.subarray(t,t+e)),!0):(yn(s,t,e,i),!1),yn=(s,t,e,i)=>s.write(Rn(i,e),t,e,"ascii"),Rn=(s,t)=>gn(Math.floor(s).toString(8),t),gn=(s,t)=>(s.length===t-1?s:new Array(t-s.length-1).join("0")+s+" ")+"\0",Gi=(s,t,e,i)=>i===void 0?!1:ct(s,t,e,i.getTime()/1e3),bn=new Array(156).join("\0"),Lt=(s,t,e,i)=>i===void 0?!1:(s.write(i+bn,t,e,"utf8"),i.length!==Buffer.byteLength(i)||i.length>e);var On=/^(?:0|[1-9]\d*)$/,ft=class s{atime;mtime;ctime;charset;comment;gid;uid;gname;uname;linkpath;dev;ino;nlink;path;size;mode;global;constructor(t,e=!1){this.atime=t.atime,this.charset=t.charset,this.comment=t.comment,this.ctime=t.ctime,this.dev=t.dev,this.gid=t.gid,this.global=e,this.gname=t.gname,this.ino=t.ino,this.linkpath=t.linkpath,this.mtime=t.mtime,this.nlink=t.nlink,this.path=t.path,this.size=t.size,this.uid=t.uid,this.uname=t.uname}encode(){let t=this.encodeBody();if(t==="")return Buffer.allocUnsafe(0);let e=Buffer.byteLength(t),i=512*Math.ceil(1+e/512),r=Buffer.allocUnsafe(i);for(let n=0;n<512;n++)r[n]=0;new F({path:("PaxHeader/"+(0,external_node_path_.basename)(this.path??"")).slice(0,99),mode:this.mode||420,uid:this.uid,gid:this.gid,size:e,mtime:this.mtime,type:this.global?"GlobalExtendedHeader":"ExtendedHeader",linkpath:"",uname:this.uname||"",gname:this.gname||"",devmaj:0,devmin:0,atime:this.atime,ctime:this.ctime}).encode(r),r.write(t,512,e,"utf8");for(let n=e+512;n<r.length;n++)r[n]=0;return r}encodeBody(){return this.encodeField("path")+this.encodeField("ctime")+this.encodeField("atime")+this.encodeField("dev")+this.encodeField("ino")+this.encodeField("nlink")+this.encodeField("charset")+this.encodeField("comment")+this.encodeField("gid")+this.encodeField("gname")+this.encodeField("linkpath")+this.encodeField("mtime")+this.encodeField("size")+this.encodeField("uid")+this.encodeField("uname")}encodeField(t){if(this[t]===void 0)return"";let e=this[t],i=e instanceof Date?e.getTime()/1e3:e,r=" "+(t==="dev"||t==="ino"||t==="nlink"?"SCHILY.":"")+t+"="+i+`
`,n=Buffer.byteLength(r),o=Math.floor(Math.log(n)/Math.log(10))+1;return n+o>=Math.pow(10,o)&&(o+=1),o+n+r}static parse(t,e,i=!1){return new s(Tn(xn(t),e),i)}},Tn=(s,t)=>t?Object.assign({},t,s):s,xn=s=>s.replace(/\n$/,"").split(`
`).reduce(Ln,Object.create(null)),Ln=(s,t)=>{let e=parseInt(t,10);if(e!==Buffer.byteLength(t)+1)return s;t=t.slice((e+" ").length);let i=t.split("="),r=i.shift();if(!r)return s;let n=r.replace(/^SCHILY\.(dev|ino|nlink)/,"$1"),o=i.join("=").replace(/\0.*/,"");switch(n){case"path":case"linkpath":case"type":case"charset":case"comment":case"gname":case"uname":s[n]=o;break;case"ctime":case"atime":case"mtime":s[n]=new Date(Number(o)*1e3);break;case"size":if(!On.test(o.trim()))break;let h=+o;if(!Number.isSafeInteger(h))break;s[n]=h;break;case"gid":case"uid":case"dev":case"ino":case"nlink":case"mode":s[n]=+o;break}return s};var Dn=process.env.TESTING_TAR_FAKE_PLATFORM||process.platform,f=Dn!=="win32"?s=>String(s):s=>String(s).replaceAll(/\\/g,"/");var Ve=class extends A{extended;globalExtended;header;startBlockSize;blockRemain;remain;type;meta=!1;ignore=!1;path;mode;uid;gid;uname;gname;size=0;mtime;atime;ctime;linkpath;dev;ino;nlink;invalid=!1;absolute;unsupported=!1;constructor(t,e,i){switch(super({}),this.pause(),this.extended=e,this.globalExtended=i,this.header=t,this.remain=t.size??0,this.startBlockSize=512*Math.ceil(this.remain/512),this.blockRemain=this.startBlockSize,this.type=t.type,this.type){case"File":case"OldFile":case"Link":case"SymbolicLink":case"CharacterDevice":case"BlockDevice":case"Directory":case"FIFO":case"ContiguousFile":case"GNUDumpDir":break;case"NextFileHasLongLinkpath":case"NextFileHasLongPath":case"OldGnuLongPath":case"GlobalExtendedHeader":case"ExtendedHeader":case"OldExtendedHeader":this.meta=!0;break;default:this.ignore=!0}if(!t.path)throw new Error("no path provided for tar.ReadEntry");this.path=f(t.path),this.mode=t.mode,this.mode&&(this.mode=this.mode&4095),this.uid=t.uid,this.gid=t.gid,this.uname=t.uname,this.gname=t.gname,this.size=this.remain,this.mtime=t.mtime,this.atime=t.atime,this.ctime=t.ctime,this.linkpath=t.linkpath?f(t.linkpath):void 0,this.uname=t.uname,this.gname=t.gname,e&&this.#t(e),i&&this.#t(i,!0)}write(t){let e=t.length;if(e>this.blockRemain)throw new Error("writing more to entry than is appropriate");let i=this.remain,r=this.blockRemain;return this.remain=Math.max(0,i-e),this.blockRemain=Math.max(0,r-e),this.ignore?!0:i>=e?super.write(t):super.write(t.subarray(0,i))}#t(t,e=!1){t.path&&(t.path=f(t.path)),t.linkpath&&(t.linkpath=f(t.linkpath)),Object.assign(this,Object.fromEntries(Object.entries(t).filter(([i,r])=>!(r==null||i==="path"&&e))))}};var Dt=(s,t,e,i={})=>{s.file&&(i.file=s.file),s.cwd&&(i.cwd=s.cwd),i.code=e instanceof Error&&e.code||t,i.tarCode=t,!s.strict&&i.recoverable!==!1?(e instanceof Error&&(i=Object.assign(e,i),e=e.message),s.emit("warn",t,e,i)):e instanceof Error?s.emit("error",Object.assign(e,i)):s.emit("error",Object.assign(new Error(`${t}: ${e}`),i))};var An=1024*1024,Xi=Buffer.from([31,139]),qi=Buffer.from([40,181,47,253]),In=Math.max(Xi.length,qi.length),B=Symbol("state"),Nt=Symbol("writeEntry"),it=Symbol("readEntry"),Zi=Symbol("nextEntry"),Zs=Symbol("processEntry"),$=Symbol("extendedHeader"),he=Symbol("globalExtendedHeader"),dt=Symbol("meta"),Ys=Symbol("emitMeta"),p=Symbol("buffer"),st=Symbol("queue"),mt=Symbol("ended"),Yi=Symbol("emittedEnd"),At=Symbol("emit"),w=Symbol("unzip"),Xe=Symbol("consumeChunk"),qe=Symbol("consumeChunkSub"),Ki=Symbol("consumeBody"),Ks=Symbol("consumeMeta"),$s=Symbol("consumeHeader"),ae=Symbol("consuming"),$i=Symbol("bufferConcat"),Qe=Symbol("maybeEnd"),Yt=Symbol("writing"),V=Symbol("aborted"),Je=Symbol("onDone"),It=Symbol("sawValidEntry"),je=Symbol("sawNullBlock"),ti=Symbol("sawEOF"),Vs=Symbol("closeStream"),Cn=1e3,le=Symbol("compressedBytesRead"),Vi=Symbol("decompressedBytesRead"),Xs=Symbol("checkDecompressionRatio"),Fn=()=>!0,rt=class extends external_events_.EventEmitter{file;strict;maxMetaEntrySize;filter;brotli;zstd;maxDecompressionRatio;writable=!0;readable=!1;[st]=[];[p];[it];[Nt];[B]="begin";[dt]="";[$];[he];[mt]=!1;[w];[V]=!1;[It];[je]=!1;[ti]=!1;[Yt]=!1;[ae]=!1;[Yi]=!1;[le]=0;[Vi]=0;constructor(t={}){super(),this.file=t.file||"",this.on(Je,()=>{(this[B]==="begin"||this[It]===!1)&&this.warn("TAR_BAD_ARCHIVE","Unrecognized archive format")}),t.ondone?this.on(Je,t.ondone):this.on(Je,()=>{this.emit("prefinish"),this.emit("finish"),this.emit("end")}),this.strict=!!t.strict,this.maxDecompressionRatio=typeof t.maxDecompressionRatio=="number"?t.maxDecompressionRatio:Cn,this.maxMetaEntrySize=t.maxMetaEntrySize||An,this.filter=typeof t.filter=="function"?t.filter:Fn;let e=t.file&&(t.file.endsWith(".tar.br")||t.file.endsWith(".tbr"));this.brotli=!(t.gzip||t.zstd)&&t.brotli!==void 0?t.brotli:e?void 0:!1;let i=t.file&&(t.file.endsWith(".tar.zst")||t.file.endsWith(".tzst"));this.zstd=!(t.gzip||t.brotli)&&t.zstd!==void 0?t.zstd:i?!0:void 0,this.on("end",()=>this[Vs]()),typeof t.onwarn=="function"&&this.on("warn",t.onwarn),typeof t.onReadEntry=="function"&&this.on("entry",t.onReadEntry)}warn(t,e,i={}){Dt(this,t,e,i)}[$s](t,e){this[It]===void 0&&(this[It]=!1);let i;try{i=new F(t,e,this[$],this[he])}catch(r){return this.warn("TAR_ENTRY_INVALID",r)}if(i.nullBlock)this[je]?(this[ti]=!0,this[B]==="begin"&&(this[B]="header"),this[At]("eof")):(this[je]=!0,this[At]("nullBlock"));else if(this[je]=!1,!i.cksumValid)this.warn("TAR_ENTRY_INVALID","checksum failure",{header:i});else if(!i.path)this.warn("TAR_ENTRY_INVALID","path is required",{header:i});else{let r=i.type;if(/^(Symbolic)?Link$/.test(r)&&!i.linkpath)this.warn("TAR_ENTRY_INVALID","linkpath required",{header:i});else if(!/^(Symbolic)?Link$/.test(r)&&!/^(Global)?ExtendedHeader$/.test(r)&&i.linkpath)this.warn("TAR_ENTRY_INVALID","linkpath forbidden",{header:i});else{let n=this[Nt]=new Ve(i,this[$],this[he]);if(!this[It])if(n.remain){let o=()=>{n.invalid||(this[It]=!0)};n.on("end",o)}else this[It]=!0;n.meta?n.size>this.maxMetaEntrySize?(n.ignore=!0,this[At]("ignoredEntry",n),this[B]="ignore",n.resume()):n.size>0&&(this[dt]="",n.on("data",o=>this[dt]+=o),this[B]="meta"):(this[$]=void 0,n.ignore=n.ignore||!this.filter(n.path,n),n.ignore?(this[At]("ignoredEntry",n),this[B]=n.remain?"ignore":"header",n.resume()):(n.remain?this[B]="body":(this[B]="header",n.end()),this[it]?this[st].push(n):(this[st].push(n),this[Zi]())))}}}[Vs](){queueMicrotask(()=>this.emit("close"))}[Zs](t){let e=!0;if(!t)this[it]=void 0,e=!1;else if(Array.isArray(t)){let[i,...r]=t;this.emit(i,...r)}else this[it]=t,this.emit("entry",t),t.emittedEnd||(t.on("end",()=>this[Zi]()),e=!1);return e}[Zi](){do;while(this[Zs](this[st].shift()));if(this[st].length===0){let t=this[it];!t||t.flowing||t.size===t.remain?this[Yt]||this.emit("drain"):t.once("drain",()=>this.emit("drain"))}}[Ki](t,e){let i=this[Nt];if(!i)throw new Error("attempt to consume body without entry??");let r=i.blockRemain??0,n=r>=t.length&&e===0?t:t.subarray(e,e+r);return i.write(n),i.blockRemain||(this[B]="header",this[Nt]=void 0,i.end()),n.length}[Ks](t,e){let i=this[Nt],r=this[Ki](t,e);return!this[Nt]&&i&&this[Ys](i),r}[At](t,e,i){this[st].length===0&&!this[it]?this.emit(t,e,i):this[st].push([t,e,i])}[Ys](t){switch(this[At]("meta",this[dt]),t.type){case"ExtendedHeader":case"OldExtendedHeader":this[$]=ft.parse(this[dt],this[$],!1);break;case"GlobalExtendedHeader":this[he]=ft.parse(this[dt],this[he],!0);break;case"NextFileHasLongPath":case"OldGnuLongPath":{let e=this[$]??Object.create(null);this[$]=e,e.path=this[dt].replace(/\0.*/,"");break}case"NextFileHasLongLinkpath":{let e=this[$]||Object.create(null);this[$]=e,e.linkpath=this[dt].replace(/\0.*/,"");break}default:throw new Error("unknown meta: "+t.type)}}abort(t){if(!this[V]){if(this[w]){let e=this[w];e.write=()=>!0,e.end=()=>e,e.emit=()=>!1,e.destroy?.()}this[V]=!0,this.emit("abort",t),this.warn("TAR_ABORT",t,{recoverable:!1})}}[Xs](t){this[Vi]+=t.length;let e=this[Vi]/this[le];return e>this.maxDecompressionRatio?(this.abort(new Error(`max decompression ratio exceeded: ${e.toFixed(2)} > ${this.maxDecompressionRatio}`)),!1):!0}write(t,e,i){if(typeof e=="function"&&(i=e,e=void 0),typeof t=="string"&&(t=Buffer.from(t,typeof e=="string"?e:"utf8")),this[V])return i?.(),!1;if((this[w]===void 0||this.brotli===void 0&&this[w]===!1)&&t){if(this[p]&&(t=Buffer.concat([this[p],t]),this[p]=void 0),t.length<In)return this[p]=t,i?.(),!0;for(let a=0;this[w]===void 0&&a<Xi.length;a++)t[a]!==Xi[a]&&(this[w]=!1);let o=!1;if(this[w]===!1&&this.zstd!==!1){o=!0;for(let a=0;a<qi.length;a++)if(t[a]!==qi[a]){o=!1;break}}let h=this.brotli===void 0&&!o;if(this[w]===!1&&h)if(t.length<512)if(this[mt])this.brotli=!0;else return this[p]=t,i?.(),!0;else try{new F(t.subarray(0,512)),this.brotli=!1}catch{this.brotli=!0}if(this[w]===void 0||this[w]===!1&&(this.brotli||o)){let a=this[mt];this[mt]=!1,this[w]=this[w]===void 0?new Ue({}):o?new Ke({}):new Ge({}),this[w].on("data",c=>{this[Xs](c)&&this[Xe](c)}),this[w].on("error",c=>{this[V]||this.abort(c)}),this[w].on("end",()=>{this[mt]=!0,this[Xe]()}),this[Yt]=!0,this[le]+=t.length;let l=!!this[w][a?"end":"write"](t);return this[Yt]=!1,i?.(),l}}this[Yt]=!0,this[w]?(this[le]+=t.length,this[w].write(t)):this[Xe](t),this[Yt]=!1;let n=this[st].length>0?!1:this[it]?this[it].flowing:!0;return!n&&this[st].length===0&&this[it]?.once("drain",()=>this.emit("drain")),i?.(),n}[$i](t){t&&!this[V]&&(this[p]=this[p]?Buffer.concat([this[p],t]):t)}[Qe](){if(this[mt]&&!this[Yi]&&!this[V]&&!this[ae]){this[Yi]=!0;let t=this[Nt];if(t?.blockRemain){let e=this[p]?this[p].length:0;this.warn("TAR_BAD_ARCHIVE",`Truncated input (needed ${t.blockRemain} more bytes, only ${e} available)`,{entry:t}),this[p]&&t.write(this[p]),t.end()}this[At](Je)}}[Xe](t){if(this[ae]&&t)this[$i](t);else if(!t&&!this[p])this[Qe]();else if(t){if(this[ae]=!0,this[p]){this[$i](t);let e=this[p];this[p]=void 0,this[qe](e)}else this[qe](t);for(;this[p]&&this[p]?.length>=512&&!this[V]&&!this[ti];){let e=this[p];this[p]=void 0,this[qe](e)}this[ae]=!1}(!this[p]||this[mt])&&this[Qe]()}[qe](t){let e=0,i=t.length;for(;e+512<=i&&!this[V]&&!this[ti];)switch(this[B]){case"begin":case"header":this[$s](t,e),e+=512;break;case"ignore":case"body":e+=this[Ki](t,e);break;case"meta":e+=this[Ks](t,e);break;default:throw new Error("invalid state: "+this[B])}e<i&&(this[p]=this[p]?Buffer.concat([t.subarray(e),this[p]]):t.subarray(e))}end(t,e,i){return typeof t=="function"&&(i=t,e=void 0,t=void 0),typeof e=="function"&&(i=e,e=void 0),typeof t=="string"&&(t=Buffer.from(t,e)),i&&this.once("finish",i),this[V]||(this[w]?(t&&(this[le]+=t.length,this[w].write(t)),this[w].end()):(this[mt]=!0,(this.brotli===void 0||this.zstd===void 0)&&(t=t||Buffer.alloc(0)),t&&this.write(t),this[Qe]())),this}};var ut=s=>{let t=s.length-1,e=-1;for(;t>-1&&s.charAt(t)==="/";)e=t,t--;return e===-1?s:s.slice(0,e)};var vn=s=>{let t=s.onReadEntry;s.onReadEntry=t?e=>{t(e),e.resume()}:e=>e.resume()},Qi=(s,t)=>{let e=new Map(t.map(o=>[ut(o),!0])),i=s.filter,r=100,n=(o,h="",a=0)=>{if(a>=r)return e.set(o,!1),!1;let l=h||(0,external_path_.parse)(o).root||".",c;if(o===l)c=!1;else{let d=e.get(o);c=d!==void 0?d:n((0,external_path_.dirname)(o),l,a+1)}return e.set(o,c),c};s.filter=i?(o,h)=>i(o,h)&&n(ut(o)):o=>n(ut(o))},Bn=s=>{let t=new rt(s),e=s.file,i;try{i=external_node_fs_.openSync(e,"r");let r=external_node_fs_.fstatSync(i),n=s.maxReadSize||16*1024*1024;if(r.size<n){let o=Buffer.allocUnsafe(r.size),h=external_node_fs_.readSync(i,o,0,r.size,0);t.end(h===o.byteLength?o:o.subarray(0,h))}else{let o=0,h=Buffer.allocUnsafe(n);for(;o<r.size;){let a=external_node_fs_.readSync(i,h,0,n,o);if(a===0)break;o+=a,t.write(h.subarray(0,a))}t.end()}}finally{if(typeof i=="number")try{external_node_fs_.closeSync(i)}catch{}}},Pn=(s,t)=>{let e=new rt(s),i=s.maxReadSize||16*1024*1024,r=s.file;return new Promise((o,h)=>{e.on("error",h),e.on("end",o),external_node_fs_.stat(r,(a,l)=>{if(a)h(a);else{let c=new _t(r,{readSize:i,size:l.size});c.on("error",h),c.pipe(e)}})})},Ct=K(Bn,Pn,s=>new rt(s),s=>new rt(s),(s,t)=>{t?.length&&Qi(s,t),s.noResume||vn(s)});var Ji=(s,t,e)=>(s&=4095,e&&(s=(s|384)&-19),t&&(s&256&&(s|=64),s&32&&(s|=8),s&4&&(s|=1)),s);var{isAbsolute:Un,parse:qs}=external_node_path_.win32,ce=s=>{let t="",e=qs(s);for(;Un(s)||e.root;){let i=s.charAt(0)==="/"&&s.slice(0,4)!=="//?/"?"/":e.root;s=s.slice(i.length),t+=i,e=qs(s)}return[t,s]};var ei=["|","<",">","?",":"],ji=ei.map(s=>String.fromCodePoint(61440+Number(s.codePointAt(0)))),Hn=new Map(ei.map((s,t)=>[s,ji[t]])),Wn=new Map(ji.map((s,t)=>[s,ei[t]])),ts=s=>ei.reduce((t,e)=>t.split(e).join(Hn.get(e)),s),Qs=s=>ji.reduce((t,e)=>t.split(e).join(Wn.get(e)),s);var rr=(s,t)=>t?(s=f(s).replace(/^\.(\/|$)/,""),ut(t)+"/"+s):f(s),Gn=16*1024*1024,tr=Symbol("process"),er=Symbol("file"),ir=Symbol("directory"),is=Symbol("symlink"),sr=Symbol("hardlink"),fe=Symbol("header"),ii=Symbol("read"),ss=Symbol("lstat"),si=Symbol("onlstat"),rs=Symbol("onread"),ns=Symbol("onreadlink"),index_min_os=Symbol("openfile"),hs=Symbol("onopenfile"),pt=Symbol("close"),ri=Symbol("mode"),as=Symbol("awaitDrain"),es=Symbol("ondrain"),q=Symbol("prefix"),de=class extends A{path;portable;myuid=process.getuid&&process.getuid()||0;myuser=process.env.USER||"";maxReadSize;linkCache;statCache;preservePaths;cwd;strict;mtime;noPax;noMtime;prefix;fd;blockLen=0;blockRemain=0;buf;pos=0;remain=0;length=0;offset=0;win32;absolute;header;type;linkpath;stat;onWriteEntry;#t=!1;constructor(t,e={}){let i=se(e);super(),this.path=f(t),this.portable=!!i.portable,this.maxReadSize=i.maxReadSize||Gn,this.linkCache=i.linkCache||new Map,this.statCache=i.statCache||new Map,this.preservePaths=!!i.preservePaths,this.cwd=f(i.cwd||process.cwd()),this.strict=!!i.strict,this.noPax=!!i.noPax,this.noMtime=!!i.noMtime,this.mtime=i.mtime,this.prefix=i.prefix?f(i.prefix):void 0,this.onWriteEntry=i.onWriteEntry,typeof i.onwarn=="function"&&this.on("warn",i.onwarn);let r=!1;if(!this.preservePaths){let[o,h]=ce(this.path);o&&typeof h=="string"&&(this.path=h,r=o)}this.win32=!!i.win32||process.platform==="win32",this.win32&&(this.path=Qs(this.path.replaceAll(/\\/g,"/")),t=t.replaceAll(/\\/g,"/")),this.absolute=f(i.absolute||external_path_.resolve(this.cwd,t)),this.path===""&&(this.path="./"),r&&this.warn("TAR_ENTRY_INFO",`stripping ${r} from absolute path`,{entry:this,path:r+this.path});let n=this.statCache.get(this.absolute);n?this[si](n):this[ss]()}warn(t,e,i={}){return Dt(this,t,e,i)}emit(t,...e){return t==="error"&&(this.#t=!0),super.emit(t,...e)}[ss](){external_fs_.lstat(this.absolute,(t,e)=>{if(t)return this.emit("error",t);this[si](e)})}[si](t){this.statCache.set(this.absolute,t),this.stat=t,t.isFile()||(t.size=0),this.type=Zn(t),this.emit("stat",t),this[tr]()}[tr](){switch(this.type){case"File":return this[er]();case"Directory":return this[ir]();case"SymbolicLink":return this[is]();default:return this.end()}}[ri](t){return Ji(t,this.type==="Directory",this.portable)}[q](t){return rr(t,this.prefix)}[fe](){if(!this.stat)throw new Error("cannot write header before stat");this.type==="Directory"&&this.portable&&(this.noMtime=!0),this.onWriteEntry?.(this),this.header=new F({path:this[q](this.path),linkpath:this.type==="Link"&&this.linkpath!==void 0?this[q](this.linkpath):this.linkpath,mode:this[ri](this.stat.mode),uid:this.portable?void 0:this.stat.uid,gid:this.portable?void 0:this.stat.gid,size:this.stat.size,mtime:this.noMtime?void 0:this.mtime||this.stat.mtime,type:this.type==="Unsupported"?void 0:this.type,uname:this.portable?void 0:this.stat.uid===this.myuid?this.myuser:"",atime:this.portable?void 0:this.stat.atime,ctime:this.portable?void 0:this.stat.ctime}),this.header.encode()&&!this.noPax&&super.write(new ft({atime:this.portable?void 0:this.header.atime,ctime:this.portable?void 0:this.header.ctime,gid:this.portable?void 0:this.header.gid,mtime:this.noMtime?void 0:this.mtime||this.header.mtime,path:this[q](this.path),linkpath:this.type==="Link"&&this.linkpath!==void 0?this[q](this.linkpath):this.linkpath,size:this.header.size,uid:this.portable?void 0:this.header.uid,uname:this.portable?void 0:this.header.uname,dev:this.portable?void 0:this.stat.dev,ino:this.portable?void 0:this.stat.ino,nlink:this.portable?void 0:this.stat.nlink}).encode());let t=this.header?.block;if(!t)throw new Error("failed to encode header");super.write(t)}[ir](){if(!this.stat)throw new Error("cannot create directory entry without stat");this.path.slice(-1)!=="/"&&(this.path+="/"),this.stat.size=0,this[fe](),this.end()}[is](){external_fs_.readlink(this.absolute,(t,e)=>{if(t)return this.emit("error",t);this[ns](e)})}[ns](t){this.linkpath=f(t),this[fe](),this.end()}[sr](t){if(!this.stat)throw new Error("cannot create link entry without stat");this.type="Link",this.linkpath=f(external_path_.relative(this.cwd,t)),this.stat.size=0,this[fe](),this.end()}[er](){if(!this.stat)throw new Error("cannot create file entry without stat");if(this.stat.nlink>1){let t=`${this.stat.dev}:${this.stat.ino}`,e=this.linkCache.get(t);if(e?.indexOf(this.cwd)===0)return this[sr](e);this.linkCache.set(t,this.absolute)}if(this[fe](),this.stat.size===0)return this.end();this[index_min_os]()}[index_min_os](){external_fs_.open(this.absolute,"r",(t,e)=>{if(t)return this.emit("error",t);this[hs](e)})}[hs](t){if(this.fd=t,this.#t)return this[pt]();if(!this.stat)throw new Error("should stat before calling onopenfile");this.blockLen=512*Math.ceil(this.stat.size/512),this.blockRemain=this.blockLen;let e=Math.min(this.blockLen,this.maxReadSize);this.buf=Buffer.allocUnsafe(e),this.offset=0,this.pos=0,this.remain=this.stat.size,this.length=this.buf.length,this[ii]()}[ii](){let{fd:t,buf:e,offset:i,length:r,pos:n}=this;if(t===void 0||e===void 0)throw new Error("cannot read file without first opening");external_fs_.read(t,e,i,r,n,(o,h)=>{if(o)return this[pt](()=>this.emit("error",o));this[rs](h)})}[pt](t=()=>{}){this.fd!==void 0&&external_fs_.close(this.fd,t)}[rs](t){if(t<=0&&this.remain>0){let r=Object.assign(new Error("encountered unexpected EOF"),{path:this.absolute,syscall:"read",code:"EOF"});return this[pt](()=>this.emit("error",r))}if(t>this.remain){let r=Object.assign(new Error("did not encounter expected EOF"),{path:this.absolute,syscall:"read",code:"EOF"});return this[pt](()=>this.emit("error",r))}if(!this.buf)throw new Error("should have created buffer prior to reading");if(t===this.remain)for(let r=t;r<this.length&&t<this.blockRemain;r++)this.buf[r+this.offset]=0,t++,this.remain++;let e=this.offset===0&&t===this.buf.length?this.buf:this.buf.subarray(this.offset,this.offset+t);this.write(e)?this[es]():this[as](()=>this[es]())}[as](t){this.once("drain",t)}write(t,e,i){if(typeof e=="function"&&(i=e,e=void 0),typeof t=="string"&&(t=Buffer.from(t,typeof e=="string"?e:"utf8")),this.blockRemain<t.length){let r=Object.assign(new Error("writing more data than expected"),{path:this.absolute});return this.emit("error",r)}return this.remain-=t.length,this.blockRemain-=t.length,this.pos+=t.length,this.offset+=t.length,super.write(t,null,i)}[es](){if(!this.remain)return this.blockRemain&&super.write(Buffer.alloc(this.blockRemain)),this[pt](t=>t?this.emit("error",t):this.end());if(!this.buf)throw new Error("buffer lost somehow in ONDRAIN");this.offset>=this.length&&(this.buf=Buffer.allocUnsafe(Math.min(this.blockRemain,this.buf.length)),this.offset=0),this.length=this.buf.length-this.offset,this[ii]()}},ni=class extends de{sync=!0;[ss](){this[si](external_fs_.lstatSync(this.absolute))}[is](){this[ns](external_fs_.readlinkSync(this.absolute))}[index_min_os](){this[hs](external_fs_.openSync(this.absolute,"r"))}[ii](){let t=!0;try{let{fd:e,buf:i,offset:r,length:n,pos:o}=this;if(e===void 0||i===void 0)throw new Error("fd and buf must be set in READ method");let h=external_fs_.readSync(e,i,r,n,o);this[rs](h),t=!1}finally{if(t)try{this[pt](()=>{})}catch{}}}[as](t){t()}[pt](t=()=>{}){this.fd!==void 0&&external_fs_.closeSync(this.fd),t()}},oi=class extends A{blockLen=0;blockRemain=0;buf=0;pos=0;remain=0;length=0;preservePaths;portable;strict;noPax;noMtime;readEntry;type;prefix;path;mode;uid;gid;uname;gname;header;mtime;atime;ctime;linkpath;size;onWriteEntry;warn(t,e,i={}){return Dt(this,t,e,i)}constructor(t,e={}){let i=se(e);super(),this.preservePaths=!!i.preservePaths,this.portable=!!i.portable,this.strict=!!i.strict,this.noPax=!!i.noPax,this.noMtime=!!i.noMtime,this.onWriteEntry=i.onWriteEntry,this.readEntry=t;let{type:r}=t;if(r==="Unsupported")throw new Error("writing entry that should be ignored");this.type=r,this.type==="Directory"&&this.portable&&(this.noMtime=!0),this.prefix=i.prefix,this.path=f(t.path),this.mode=t.mode!==void 0?this[ri](t.mode):void 0,this.uid=this.portable?void 0:t.uid,this.gid=this.portable?void 0:t.gid,this.uname=this.portable?void 0:t.uname,this.gname=this.portable?void 0:t.gname,this.size=t.size,this.mtime=this.noMtime?void 0:i.mtime||t.mtime,this.atime=this.portable?void 0:t.atime,this.ctime=this.portable?void 0:t.ctime,this.linkpath=t.linkpath!==void 0?f(t.linkpath):void 0,typeof i.onwarn=="function"&&this.on("warn",i.onwarn);let n=!1;if(!this.preservePaths){let[h,a]=ce(this.path);h&&typeof a=="string"&&(this.path=a,n=h)}this.remain=t.size,this.blockRemain=t.startBlockSize,this.onWriteEntry?.(this),this.header=new F({path:this[q](this.path),linkpath:this.type==="Link"&&this.linkpath!==void 0?this[q](this.linkpath):this.linkpath,mode:this.mode,uid:this.portable?void 0:this.uid,gid:this.portable?void 0:this.gid,size:this.size,mtime:this.noMtime?void 0:this.mtime,type:this.type,uname:this.portable?void 0:this.uname,atime:this.portable?void 0:this.atime,ctime:this.portable?void 0:this.ctime}),n&&this.warn("TAR_ENTRY_INFO",`stripping ${n} from absolute path`,{entry:this,path:n+this.path}),this.header.encode()&&!this.noPax&&super.write(new ft({atime:this.portable?void 0:this.atime,ctime:this.portable?void 0:this.ctime,gid:this.portable?void 0:this.gid,mtime:this.noMtime?void 0:this.mtime,path:this[q](this.path),linkpath:this.type==="Link"&&this.linkpath!==void 0?this[q](this.linkpath):this.linkpath,size:this.size,uid:this.portable?void 0:this.uid,uname:this.portable?void 0:this.uname,dev:this.portable?void 0:this.readEntry.dev,ino:this.portable?void 0:this.readEntry.ino,nlink:this.portable?void 0:this.readEntry.nlink}).encode());let o=this.header?.block;if(!o)throw new Error("failed to encode header");super.write(o),t.pipe(this)}[q](t){return rr(t,this.prefix)}[ri](t){return Ji(t,this.type==="Directory",this.portable)}write(t,e,i){typeof e=="function"&&(i=e,e=void 0),typeof t=="string"&&(t=Buffer.from(t,typeof e=="string"?e:"utf8"));let r=t.length;if(r>this.blockRemain)throw new Error("writing more to entry than is appropriate");return this.blockRemain-=r,super.write(t,i)}end(t,e,i){return this.blockRemain&&super.write(Buffer.alloc(this.blockRemain)),typeof t=="function"&&(i=t,e=void 0,t=void 0),typeof e=="function"&&(i=e,e=void 0),typeof t=="string"&&(t=Buffer.from(t,e??"utf8")),i&&this.once("finish",i),t?super.end(t,i):super.end(i),this}},Zn=s=>s.isFile()?"File":s.isDirectory()?"Directory":s.isSymbolicLink()?"SymbolicLink":"Unsupported";var hi=class s{tail;head;length=0;static create(t=[]){return new s(t)}constructor(t=[]){for(let e of t)this.push(e)}*[Symbol.iterator](){for(let t=this.head;t;t=t.next)yield t.value}removeNode(t){if(t.list!==this)throw new Error("removing node which does not belong to this list");let e=t.next,i=t.prev;return e&&(e.prev=i),i&&(i.next=e),t===this.head&&(this.head=e),t===this.tail&&(this.tail=i),this.length--,t.next=void 0,t.prev=void 0,t.list=void 0,e}unshiftNode(t){if(t===this.head)return;t.list&&t.list.removeNode(t);let e=this.head;t.list=this,t.next=e,e&&(e.prev=t),this.head=t,this.tail||(this.tail=t),this.length++}pushNode(t){if(t===this.tail)return;t.list&&t.list.removeNode(t);let e=this.tail;t.list=this,t.prev=e,e&&(e.next=t),this.tail=t,this.head||(this.head=t),this.length++}push(...t){for(let e=0,i=t.length;e<i;e++)Kn(this,t[e]);return this.length}unshift(...t){for(var e=0,i=t.length;e<i;e++)$n(this,t[e]);return this.length}pop(){if(!this.tail)return;let t=this.tail.value,e=this.tail;return this.tail=this.tail.prev,this.tail?this.tail.next=void 0:this.head=void 0,e.list=void 0,this.length--,t}shift(){if(!this.head)return;let t=this.head.value,e=this.head;return this.head=this.head.next,this.head?this.head.prev=void 0:this.tail=void 0,e.list=void 0,this.length--,t}forEach(t,e){e=e||this;for(let i=this.head,r=0;i;r++)t.call(e,i.value,r,this),i=i.next}forEachReverse(t,e){e=e||this;for(let i=this.tail,r=this.length-1;i;r--)t.call(e,i.value,r,this),i=i.prev}get(t){let e=0,i=this.head;for(;i&&e<t;e++)i=i.next;if(e===t&&i)return i.value}getReverse(t){let e=0,i=this.tail;for(;i&&e<t;e++)i=i.prev;if(e===t&&i)return i.value}map(t,e){e=e||this;let i=new s;for(let r=this.head;r;)i.push(t.call(e,r.value,this)),r=r.next;return i}mapReverse(t,e){e=e||this;var i=new s;for(let r=this.tail;r;)i.push(t.call(e,r.value,this)),r=r.prev;return i}reduce(t,e){let i,r=this.head;if(arguments.length>1)i=e;else if(this.head)r=this.head.next,i=this.head.value;else throw new TypeError("Reduce of empty list with no initial value");for(var n=0;r;n++)i=t(i,r.value,n),r=r.next;return i}reduceReverse(t,e){let i,r=this.tail;if(arguments.length>1)i=e;else if(this.tail)r=this.tail.prev,i=this.tail.value;else throw new TypeError("Reduce of empty list with no initial value");for(let n=this.length-1;r;n--)i=t(i,r.value,n),r=r.prev;return i}toArray(){let t=new Array(this.length);for(let e=0,i=this.head;i;e++)t[e]=i.value,i=i.next;return t}toArrayReverse(){let t=new Array(this.length);for(let e=0,i=this.tail;i;e++)t[e]=i.value,i=i.prev;return t}slice(t=0,e=this.length){e<0&&(e+=this.length),t<0&&(t+=this.length);let i=new s;if(e<t||e<0)return i;t<0&&(t=0),e>this.length&&(e=this.length);let r=this.head,n=0;for(n=0;r&&n<t;n++)r=r.next;for(;r&&n<e;n++,r=r.next)i.push(r.value);return i}sliceReverse(t=0,e=this.length){e<0&&(e+=this.length),t<0&&(t+=this.length);let i=new s;if(e<t||e<0)return i;t<0&&(t=0),e>this.length&&(e=this.length);let r=this.length,n=this.tail;for(;n&&r>e;r--)n=n.prev;for(;n&&r>t;r--,n=n.prev)i.push(n.value);return i}splice(t,e=0,...i){t>this.length&&(t=this.length-1),t<0&&(t=this.length+t);let r=this.head;for(let o=0;r&&o<t;o++)r=r.next;let n=[];for(let o=0;r&&o<e;o++)n.push(r.value),r=this.removeNode(r);r?r!==this.tail&&(r=r.prev):r=this.tail;for(let o of i)r=Yn(this,r,o);return n}reverse(){let t=this.head,e=this.tail;for(let i=t;i;i=i.prev){let r=i.prev;i.prev=i.next,i.next=r}return this.head=e,this.tail=t,this}};function Yn(s,t,e){let i=t,r=t?t.next:s.head,n=new me(e,i,r,s);return n.next===void 0&&(s.tail=n),n.prev===void 0&&(s.head=n),s.length++,n}function Kn(s,t){s.tail=new me(t,s.tail,void 0,s),s.head||(s.head=s.tail),s.length++}function $n(s,t){s.head=new me(t,void 0,s.head,s),s.tail||(s.tail=s.head),s.length++}var me=class{list;next;prev;value;constructor(t,e,i,r){this.list=r,this.value=t,e?(e.next=this,this.prev=e):this.prev=void 0,i?(i.prev=this,this.next=i):this.next=void 0}};var pi=class{path;absolute;entry;stat;readdir;pending=!1;pendingLink=!1;ignore=!1;piped=!1;constructor(t,e){this.path=t||"./",this.absolute=e}},nr=Buffer.alloc(1024),li=Symbol("onStat"),ue=Symbol("ended"),W=Symbol("queue"),pe=Symbol("pendingLinks"),Et=Symbol("current"),Ft=Symbol("process"),Ee=Symbol("processing"),ai=Symbol("processJob"),G=Symbol("jobs"),ls=Symbol("jobDone"),ci=Symbol("addFSEntry"),or=Symbol("addTarEntry"),ds=Symbol("stat"),ms=Symbol("readdir"),fi=Symbol("onreaddir"),di=Symbol("pipe"),hr=Symbol("entry"),cs=Symbol("entryOpt"),mi=Symbol("writeEntryClass"),lr=Symbol("write"),index_min_fs=Symbol("ondrain"),wt=class extends A{sync=!1;opt;cwd;maxReadSize;preservePaths;strict;noPax;prefix;linkCache;statCache;file;portable;zip;readdirCache;noDirRecurse;follow;noMtime;mtime;filter;jobs;[mi];onWriteEntry;[W];[pe]=new Map;[G]=0;[Ee]=!1;[ue]=!1;constructor(t={}){if(super(),this.opt=t,this.file=t.file||"",this.cwd=t.cwd||process.cwd(),this.maxReadSize=t.maxReadSize,this.preservePaths=!!t.preservePaths,this.strict=!!t.strict,this.noPax=!!t.noPax,this.prefix=f(t.prefix||""),this.linkCache=t.linkCache||new Map,this.statCache=t.statCache||new Map,this.readdirCache=t.readdirCache||new Map,this.onWriteEntry=t.onWriteEntry,this[mi]=de,typeof t.onwarn=="function"&&this.on("warn",t.onwarn),this.portable=!!t.portable,t.gzip||t.brotli||t.zstd){if((t.gzip?1:0)+(t.brotli?1:0)+(t.zstd?1:0)>1)throw new TypeError("gzip, brotli, zstd are mutually exclusive");if(t.gzip&&(typeof t.gzip!="object"&&(t.gzip={}),this.portable&&(t.gzip.portable=!0),this.zip=new ze(t.gzip)),t.brotli&&(typeof t.brotli!="object"&&(t.brotli={}),this.zip=new We(t.brotli)),t.zstd&&(typeof t.zstd!="object"&&(t.zstd={}),this.zip=new Ye(t.zstd)),!this.zip)throw new Error("impossible");let e=this.zip;e.on("data",i=>super.write(i)),e.on("end",()=>super.end()),e.on("drain",()=>this[index_min_fs]()),this.on("resume",()=>e.resume())}else this.on("drain",this[index_min_fs]);this.noDirRecurse=!!t.noDirRecurse,this.follow=!!t.follow,this.noMtime=!!t.noMtime,t.mtime&&(this.mtime=t.mtime),this.filter=typeof t.filter=="function"?t.filter:()=>!0,this[W]=new hi,this[G]=0,this.jobs=Number(t.jobs)||4,this[Ee]=!1,this[ue]=!1}[lr](t){return super.write(t)}add(t){return this.write(t),this}end(t,e,i){return typeof t=="function"&&(i=t,t=void 0),typeof e=="function"&&(i=e,e=void 0),t&&this.add(t),this[ue]=!0,this[Ft](),i&&i(),this}write(t){if(this[ue])throw new Error("write after end");return typeof t=="string"?this[ci](t):this[or](t),this.flowing}[or](t){let e=f(external_path_.resolve(this.cwd,t.path));if(!this.filter(t.path,t))t.resume();else{let i=new pi(t.path,e);i.entry=new oi(t,this[cs](i)),i.entry.on("end",()=>this[ls](i)),this[G]+=1,this[W].push(i)}this[Ft]()}[ci](t){let e=f(external_path_.resolve(this.cwd,t));this[W].push(new pi(t,e)),this[Ft]()}[ds](t){t.pending=!0,this[G]+=1;let e=this.follow?"stat":"lstat";external_fs_[e](t.absolute,(i,r)=>{t.pending=!1,this[G]-=1,i?this.emit("error",i):this[li](t,r)})}[li](t,e){if(this.statCache.set(t.absolute,e),t.stat=e,!this.filter(t.path,e))t.ignore=!0;else if(e.isFile()&&e.nlink>1&&!this.linkCache.get(`${e.dev}:${e.ino}`)&&!this.sync)if(t===this[Et])this[ai](t);else{let i=`${e.dev}:${e.ino}`,r=this[pe].get(i);r?r.push(t):this[pe].set(i,[t]),t.pendingLink=!0,t.pending=!0}this[Ft]()}[ms](t){t.pending=!0,this[G]+=1,external_fs_.readdir(t.absolute,(e,i)=>{if(t.pending=!1,this[G]-=1,e)return this.emit("error",e);this[fi](t,i)})}[fi](t,e){this.readdirCache.set(t.absolute,e),t.readdir=e,this[Ft]()}[Ft](){if(!this[Ee]){this[Ee]=!0;for(let t=this[W].head;t&&this[G]<this.jobs;t=t.next)if(this[ai](t.value),t.value.ignore){let e=t.next;this[W].removeNode(t),t.next=e}this[Ee]=!1,this[ue]&&this[W].length===0&&this[G]===0&&(this.zip?this.zip.end(nr):(super.write(nr),super.end()))}}get[Et](){return this[W]&&this[W].head&&this[W].head.value}[ls](t){this[W].shift(),this[G]-=1;let{stat:e}=t;if(e&&e.isFile()&&e.nlink>1){let i=`${e.dev}:${e.ino}`,r=this[pe].get(i);if(r){this[pe].delete(i);for(let n of r)n.pending=!1,this[ai](n)}}this[Ft]()}[ai](t){if(t.pending&&t.pendingLink&&t===this[Et]&&(t.pending=!1,t.pendingLink=!1),!t.pending){if(t.entry){t===this[Et]&&!t.piped&&this[di](t);return}if(!t.stat){let e=this.statCache.get(t.absolute);e?this[li](t,e):this[ds](t)}if(t.stat&&!t.ignore){if(!this.noDirRecurse&&t.stat.isDirectory()&&!t.readdir){let e=this.readdirCache.get(t.absolute);if(e?this[fi](t,e):this[ms](t),!t.readdir)return}if(t.entry=this[hr](t),!t.entry){t.ignore=!0;return}t===this[Et]&&!t.piped&&this[di](t)}}}[cs](t){return{onwarn:(e,i,r)=>this.warn(e,i,r),noPax:this.noPax,cwd:this.cwd,absolute:t.absolute,preservePaths:this.preservePaths,maxReadSize:this.maxReadSize,strict:this.strict,portable:this.portable,linkCache:this.linkCache,statCache:this.statCache,noMtime:this.noMtime,mtime:this.mtime,prefix:this.prefix,onWriteEntry:this.onWriteEntry}}[hr](t){this[G]+=1;try{return new this[mi](t.path,this[cs](t)).on("end",()=>this[ls](t)).on("error",i=>this.emit("error",i))}catch(e){this.emit("error",e)}}[index_min_fs](){this[Et]&&this[Et].entry&&this[Et].entry.resume()}[di](t){t.piped=!0,t.readdir&&t.readdir.forEach(r=>{let n=t.path,o=n==="./"?"":n.replace(/\/*$/,"/");this[ci](o+r)});let e=t.entry,i=this.zip;if(!e)throw new Error("cannot pipe without source");i?e.on("data",r=>{i.write(r)||e.pause()}):e.on("data",r=>{super.write(r)||e.pause()})}pause(){return this.zip&&this.zip.pause(),super.pause()}warn(t,e,i={}){Dt(this,t,e,i)}},kt=class extends wt{sync=!0;constructor(t){super(t),this[mi]=ni}pause(){}resume(){}[ds](t){let e=this.follow?"statSync":"lstatSync";this[li](t,external_fs_[e](t.absolute))}[ms](t){this[fi](t,external_fs_.readdirSync(t.absolute))}[di](t){let e=t.entry,i=this.zip;if(t.readdir&&t.readdir.forEach(r=>{let n=t.path,o=n==="./"?"":n.replace(/\/*$/,"/");this[ci](o+r)}),!e)throw new Error("Cannot pipe without source");i?e.on("data",r=>{i.write(r)}):e.on("data",r=>{super[lr](r)})}};var Vn=(s,t)=>{let e=new kt(s),i=new Wt(s.file,{mode:s.mode||438});e.pipe(i),fr(e,t)},Xn=(s,t)=>{let e=new wt(s),i=new et(s.file,{mode:s.mode||438});e.pipe(i);let r=new Promise((n,o)=>{i.on("error",o),i.on("close",n),e.on("error",o)});return dr(e,t).catch(n=>e.emit("error",n)),r},fr=(s,t)=>{t.forEach(e=>{e.charAt(0)==="@"?Ct({file:external_node_path_.resolve(s.cwd,e.slice(1)),sync:!0,noResume:!0,onReadEntry:i=>s.add(i)}):s.add(e)}),s.end()},dr=async(s,t)=>{for(let e of t)e.charAt(0)==="@"?await Ct({file:external_node_path_.resolve(String(s.cwd),e.slice(1)),noResume:!0,onReadEntry:i=>{s.add(i)}}):s.add(e);s.end()},qn=(s,t)=>{let e=new kt(s);return fr(e,t),e},Qn=(s,t)=>{let e=new wt(s);return dr(e,t).catch(i=>e.emit("error",i)),e},Jn=K(Vn,Xn,qn,Qn,(s,t)=>{if(!t?.length)throw new TypeError("no paths specified to add to archive")});var jn=process.env.__FAKE_PLATFORM__||process.platform,Er=jn==="win32",{O_CREAT:wr,O_NOFOLLOW:mr,O_TRUNC:Sr,O_WRONLY:yr}=external_fs_.constants,Rr=Number(process.env.__FAKE_FS_O_FILENAME__)||external_fs_.constants.UV_FS_O_FILEMAP||0,to=Er&&!!Rr,eo=512*1024,io=Rr|Sr|wr|yr,ur=!Er&&typeof mr=="number"?mr|Sr|wr|yr:null,us=ur!==null?()=>ur:to?s=>s<eo?io:"w":()=>"w";var ps=(s,t,e)=>{try{return external_node_fs_.lchownSync(s,t,e)}catch(i){if(i?.code!=="ENOENT")throw i}},Ei=(s,t,e,i)=>{external_node_fs_.lchown(s,t,e,r=>{i(r&&r?.code!=="ENOENT"?r:null)})},so=(s,t,e,i,r)=>{if(t.isDirectory())Es(external_node_path_.resolve(s,t.name),e,i,n=>{if(n)return r(n);let o=external_node_path_.resolve(s,t.name);Ei(o,e,i,r)});else{let n=external_node_path_.resolve(s,t.name);Ei(n,e,i,r)}},Es=(s,t,e,i)=>{external_node_fs_.readdir(s,{withFileTypes:!0},(r,n)=>{if(r){if(r.code==="ENOENT")return i();if(r.code!=="ENOTDIR"&&r.code!=="ENOTSUP")return i(r)}if(r||!n.length)return Ei(s,t,e,i);let o=n.length,h=null,a=l=>{if(!h){if(l)return i(h=l);if(--o===0)return Ei(s,t,e,i)}};for(let l of n)so(s,l,t,e,a)})},ro=(s,t,e,i)=>{t.isDirectory()&&ws(external_node_path_.resolve(s,t.name),e,i),ps(external_node_path_.resolve(s,t.name),e,i)},ws=(s,t,e)=>{let i;try{i=external_node_fs_.readdirSync(s,{withFileTypes:!0})}catch(r){let n=r;if(n?.code==="ENOENT")return;if(n?.code==="ENOTDIR"||n?.code==="ENOTSUP")return ps(s,t,e);throw n}for(let r of i)ro(s,r,t,e);return ps(s,t,e)};var Se=class extends Error{path;code;syscall="chdir";constructor(t,e){super(`${e}: Cannot cd into '${t}'`),this.path=t,this.code=e}get name(){return"CwdError"}};var St=class extends Error{path;symlink;syscall="symlink";code="TAR_SYMLINK_ERROR";constructor(t,e){super("TAR_SYMLINK_ERROR: Cannot extract through symbolic link"),this.symlink=t,this.path=e}get name(){return"SymlinkError"}};var oo=(s,t)=>{external_node_fs_.stat(s,(e,i)=>{(e||!i.isDirectory())&&(e=new Se(s,e?.code||"ENOTDIR")),t(e)})},gr=(s,t,e)=>{s=f(s);let i=t.umask??18,r=t.mode|448,n=(r&i)!==0,o=t.uid,h=t.gid,a=typeof o=="number"&&typeof h=="number"&&(o!==t.processUid||h!==t.processGid),l=t.preserve,c=t.unlink,d=f(t.cwd),y=(E,x)=>{E?e(E):x&&a?Es(x,o,h,Le=>y(Le)):n?external_node_fs_.chmod(s,r,e):e()};if(s===d)return oo(s,y);if(l)return promises_namespaceObject.mkdir(s,{mode:r,recursive:!0}).then(E=>y(null,E??void 0),y);let D=f(external_node_path_.relative(d,s)).split("/");Ss(d,D,r,c,d,void 0,y)},Ss=(s,t,e,i,r,n,o)=>{if(t.length===0)return o(null,n);let h=t.shift(),a=f(external_node_path_.resolve(s+"/"+h));external_node_fs_.mkdir(a,e,br(a,t,e,i,r,n,o))},br=(s,t,e,i,r,n,o)=>h=>{h?external_node_fs_.lstat(s,(a,l)=>{if(a)a.path=a.path&&f(a.path),o(a);else if(l.isDirectory())Ss(s,t,e,i,r,n,o);else if(i)external_node_fs_.unlink(s,c=>{if(c)return o(c);external_node_fs_.mkdir(s,e,br(s,t,e,i,r,n,o))});else{if(l.isSymbolicLink())return o(new St(s,s+"/"+t.join("/")));o(h)}}):(n=n||s,Ss(s,t,e,i,r,n,o))},ho=s=>{let t=!1,e;try{t=external_node_fs_.statSync(s).isDirectory()}catch(i){e=i?.code}finally{if(!t)throw new Se(s,e??"ENOTDIR")}},_r=(s,t)=>{s=f(s);let e=t.umask??18,i=t.mode|448,r=(i&e)!==0,n=t.uid,o=t.gid,h=typeof n=="number"&&typeof o=="number"&&(n!==t.processUid||o!==t.processGid),a=t.preserve,l=t.unlink,c=f(t.cwd),d=E=>{E&&h&&ws(E,n,o),r&&external_node_fs_.chmodSync(s,i)};if(s===c)return ho(c),d();if(a)return d(external_node_fs_.mkdirSync(s,{mode:i,recursive:!0})??void 0);let T=f(external_node_path_.relative(c,s)).split("/"),D;for(let E=T.shift(),x=c;E&&(x+="/"+E);E=T.shift()){x=f(external_node_path_.resolve(x));try{external_node_fs_.mkdirSync(x,i),D=D||x}catch{let Le=external_node_fs_.lstatSync(x);if(Le.isDirectory())continue;if(l){external_node_fs_.unlinkSync(x),external_node_fs_.mkdirSync(x,i),D=D||x;continue}else if(Le.isSymbolicLink())return new St(x,x+"/"+T.join("/"))}}return d(D)};var ys=Object.create(null),Or=1e4,$t=new Set,Tr=s=>{$t.has(s)?$t.delete(s):ys[s]=s.normalize("NFD").toLocaleLowerCase("en").toLocaleUpperCase("en"),$t.add(s);let t=ys[s],e=$t.size-Or;if(e>Or/10){for(let i of $t)if($t.delete(i),delete ys[i],--e<=0)break}return t};var ao=process.env.TESTING_TAR_FAKE_PLATFORM||process.platform,lo=ao==="win32",co=s=>s.split("/").slice(0,-1).reduce((e,i)=>{let r=e.at(-1);return r!==void 0&&(i=(0,external_node_path_.join)(r,i)),e.push(i||"/"),e},[]),yi=class{#t=new Map;#i=new Map;#s=new Set;reserve(t,e){t=lo?["win32 parallelization disabled"]:t.map(r=>ut((0,external_node_path_.join)(Tr(r))));let i=new Set(t.map(r=>co(r)).reduce((r,n)=>r.concat(n)));this.#i.set(e,{dirs:i,paths:t});for(let r of t){let n=this.#t.get(r);n?n.push(e):this.#t.set(r,[e])}for(let r of i){let n=this.#t.get(r);if(!n)this.#t.set(r,[new Set([e])]);else{let o=n.at(-1);o instanceof Set?o.add(e):n.push(new Set([e]))}}return this.#r(e)}#n(t){let e=this.#i.get(t);if(!e)throw new Error("function does not have any path reservations");return{paths:e.paths.map(i=>this.#t.get(i)),dirs:[...e.dirs].map(i=>this.#t.get(i))}}check(t){let{paths:e,dirs:i}=this.#n(t);return e.every(r=>r&&r[0]===t)&&i.every(r=>r&&r[0]instanceof Set&&r[0].has(t))}#r(t){return this.#s.has(t)||!this.check(t)?!1:(this.#s.add(t),t(()=>this.#e(t)),!0)}#e(t){if(!this.#s.has(t))return!1;let e=this.#i.get(t);if(!e)throw new Error("invalid reservation");let{paths:i,dirs:r}=e,n=new Set;for(let o of i){let h=this.#t.get(o);if(!h||h?.[0]!==t)continue;let a=h[1];if(!a){this.#t.delete(o);continue}if(h.shift(),typeof a=="function")n.add(a);else for(let l of a)n.add(l)}for(let o of r){let h=this.#t.get(o),a=h?.[0];if(!(!h||!(a instanceof Set)))if(a.size===1&&h.length===1){this.#t.delete(o);continue}else if(a.size===1){h.shift();let l=h[0];typeof l=="function"&&n.add(l)}else a.delete(t)}return this.#s.delete(t),n.forEach(o=>this.#r(o)),!0}};var Lr=()=>process.umask();var Dr=Symbol("onEntry"),_s=Symbol("checkFs"),Nr=Symbol("checkFs2"),Os=Symbol("isReusable"),P=Symbol("makeFs"),Ts=Symbol("file"),xs=Symbol("directory"),gi=Symbol("link"),Ar=Symbol("symlink"),Ir=Symbol("hardlink"),Re=Symbol("ensureNoSymlink"),Cr=Symbol("unsupported"),Fr=Symbol("checkPath"),Rs=Symbol("stripAbsolutePath"),yt=Symbol("mkdir"),O=Symbol("onError"),Ri=Symbol("pending"),kr=Symbol("pend"),Vt=Symbol("unpend"),gs=Symbol("ended"),bs=Symbol("maybeClose"),Ls=Symbol("skip"),ge=Symbol("doChown"),be=Symbol("uid"),_e=Symbol("gid"),Oe=Symbol("checkedCwd"),mo=process.env.TESTING_TAR_FAKE_PLATFORM||process.platform,Te=mo==="win32",uo=1024,po=(s,t)=>{if(!Te)return external_node_fs_.unlink(s,t);let e=s+".DELETE."+(0,external_node_crypto_.randomBytes)(16).toString("hex");external_node_fs_.rename(s,e,i=>{if(i)return t(i);external_node_fs_.unlink(e,t)})},Eo=s=>{if(!Te)return external_node_fs_.unlinkSync(s);let t=s+".DELETE."+(0,external_node_crypto_.randomBytes)(16).toString("hex");external_node_fs_.renameSync(s,t),external_node_fs_.unlinkSync(t)},Mr=(s,t,e)=>s!==void 0&&s===s>>>0?s:t!==void 0&&t===t>>>0?t:e,Xt=class extends rt{[gs]=!1;[Oe]=!1;[Ri]=0;reservations=new yi;transform;writable=!0;readable=!1;uid;gid;setOwner;preserveOwner;processGid;processUid;maxDepth;forceChown;win32;newer;keep;noMtime;preservePaths;unlink;cwd;strip;processUmask;umask;dmode;fmode;chmod;constructor(t={}){if(t.ondone=()=>{this[gs]=!0,this[bs]()},super(t),this.transform=t.transform,this.chmod=!!t.chmod,typeof t.uid=="number"||typeof t.gid=="number"){if(typeof t.uid!="number"||typeof t.gid!="number")throw new TypeError("cannot set owner without number uid and gid");if(t.preserveOwner)throw new TypeError("cannot preserve owner in archive and also set owner explicitly");this.uid=t.uid,this.gid=t.gid,this.setOwner=!0}else this.uid=void 0,this.gid=void 0,this.setOwner=!1;this.preserveOwner=t.preserveOwner===void 0&&typeof t.uid!="number"?process.getuid?.()===0:!!t.preserveOwner,this.processUid=(this.preserveOwner||this.setOwner)&&process.getuid?process.getuid():void 0,this.processGid=(this.preserveOwner||this.setOwner)&&process.getgid?process.getgid():void 0,this.maxDepth=typeof t.maxDepth=="number"?t.maxDepth:uo,this.forceChown=t.forceChown===!0,this.win32=!!t.win32||Te,this.newer=!!t.newer,this.keep=!!t.keep,this.noMtime=!!t.noMtime,this.preservePaths=!!t.preservePaths,this.unlink=!!t.unlink,this.cwd=f(external_node_path_.resolve(t.cwd||process.cwd())),this.strip=Number(t.strip)||0,this.processUmask=this.chmod?typeof t.processUmask=="number"?t.processUmask:Lr():0,this.umask=typeof t.umask=="number"?t.umask:this.processUmask,this.dmode=t.dmode||511&~this.umask,this.fmode=t.fmode||438&~this.umask,this.on("entry",e=>this[Dr](e))}warn(t,e,i={}){return(t==="TAR_BAD_ARCHIVE"||t==="TAR_ABORT")&&(i.recoverable=!1),super.warn(t,e,i)}[bs](){this[gs]&&this[Ri]===0&&(this.emit("prefinish"),this.emit("finish"),this.emit("end"))}[Rs](t,e){let i=t[e],{type:r}=t;if(!i||this.preservePaths)return!0;let[n,o]=ce(i),h=o.replaceAll(/\\/g,"/").split("/");if(h.includes("..")||Te&&/^[a-z]:\.\.$/i.test(h[0]??"")){if(e==="path"||r==="Link")return this.warn("TAR_ENTRY_ERROR",`${e} contains '..'`,{entry:t,[e]:i}),!1;let a=external_node_path_.posix.dirname(t.path),l=external_node_path_.posix.normalize(external_node_path_.posix.join(a,h.join("/")));if(l.startsWith("../")||l==="..")return this.warn("TAR_ENTRY_ERROR",`${e} escapes extraction directory`,{entry:t,[e]:i}),!1}return n&&(t[e]=String(o),this.warn("TAR_ENTRY_INFO",`stripping ${n} from absolute ${e}`,{entry:t,[e]:i})),!0}[Fr](t){let e=f(t.path),i=e.split("/");if(this.strip){if(i.length<this.strip)return!1;if(t.type==="Link"){let r=f(String(t.linkpath)).split("/");if(r.length>=this.strip)t.linkpath=r.slice(this.strip).join("/");else return!1}i.splice(0,this.strip),t.path=i.join("/")}if(isFinite(this.maxDepth)&&i.length>this.maxDepth)return this.warn("TAR_ENTRY_ERROR","path excessively deep",{entry:t,path:e,depth:i.length,maxDepth:this.maxDepth}),!1;if(!this[Rs](t,"path")||!this[Rs](t,"linkpath"))return!1;if(t.absolute=external_node_path_.isAbsolute(t.path)?f(external_node_path_.resolve(t.path)):f(external_node_path_.resolve(this.cwd,t.path)),!this.preservePaths&&typeof t.absolute=="string"&&t.absolute.indexOf(this.cwd+"/")!==0&&t.absolute!==this.cwd)return this.warn("TAR_ENTRY_ERROR","path escaped extraction target",{entry:t,path:f(t.path),resolvedPath:t.absolute,cwd:this.cwd}),!1;if(t.absolute===this.cwd&&t.type!=="Directory"&&t.type!=="GNUDumpDir")return!1;if(this.win32){let{root:r}=external_node_path_.win32.parse(String(t.absolute));t.absolute=r+ts(String(t.absolute).slice(r.length));let{root:n}=external_node_path_.win32.parse(t.path);t.path=n+ts(t.path.slice(n.length))}return!0}[Dr](t){if(!this[Fr](t))return t.resume();switch(external_node_assert_namespaceObject.equal(typeof t.absolute,"string"),t.type){case"Directory":case"GNUDumpDir":t.mode&&(t.mode=t.mode|448);case"File":case"OldFile":case"ContiguousFile":case"Link":case"SymbolicLink":return this[_s](t);default:return this[Cr](t)}}[O](t,e){t.name==="CwdError"?this.emit("error",t):(this.warn("TAR_ENTRY_ERROR",t,{entry:e}),this[Vt](),e.resume())}[yt](t,e,i){gr(f(t),{uid:this.uid,gid:this.gid,processUid:this.processUid,processGid:this.processGid,umask:this.processUmask,preserve:this.preservePaths,unlink:this.unlink,cwd:this.cwd,mode:e},i)}[ge](t){return this.forceChown||this.preserveOwner&&(typeof t.uid=="number"&&t.uid!==this.processUid||typeof t.gid=="number"&&t.gid!==this.processGid)||typeof this.uid=="number"&&this.uid!==this.processUid||typeof this.gid=="number"&&this.gid!==this.processGid}[be](t){return Mr(this.uid,t.uid,this.processUid)}[_e](t){return Mr(this.gid,t.gid,this.processGid)}[Ts](t,e){let i=typeof t.mode=="number"?t.mode&4095:this.fmode,r=new et(String(t.absolute),{flags:us(t.size),mode:i,autoClose:!1});r.on("error",a=>{r.fd&&external_node_fs_.close(r.fd,()=>{}),r.write=()=>!0,this[O](a,t),e()});let n=1,o=a=>{if(a){r.fd&&external_node_fs_.close(r.fd,()=>{}),this[O](a,t),e();return}--n===0&&r.fd!==void 0&&external_node_fs_.close(r.fd,l=>{l?this[O](l,t):this[Vt](),e()})};r.on("finish",()=>{let a=String(t.absolute),l=r.fd;if(typeof l=="number"&&t.mtime&&!this.noMtime){n++;let c=t.atime||new Date,d=t.mtime;external_node_fs_.futimes(l,c,d,y=>y?external_node_fs_.utimes(a,c,d,T=>o(T&&y)):o())}if(typeof l=="number"&&this[ge](t)){n++;let c=this[be](t),d=this[_e](t);typeof c=="number"&&typeof d=="number"&&external_node_fs_.fchown(l,c,d,y=>y?external_node_fs_.chown(a,c,d,T=>o(T&&y)):o())}o()});let h=this.transform&&this.transform(t)||t;h!==t&&(h.on("error",a=>{this[O](a,t),e()}),t.pipe(h)),h.pipe(r)}[xs](t,e){let i=typeof t.mode=="number"?t.mode&4095:this.dmode;this[yt](String(t.absolute),i,r=>{if(r){this[O](r,t),e();return}let n=1,o=()=>{--n===0&&(e(),this[Vt](),t.resume())};t.mtime&&!this.noMtime&&(n++,external_node_fs_.utimes(String(t.absolute),t.atime||new Date,t.mtime,o)),this[ge](t)&&(n++,external_node_fs_.chown(String(t.absolute),Number(this[be](t)),Number(this[_e](t)),o)),o()})}[Cr](t){t.unsupported=!0,this.warn("TAR_ENTRY_UNSUPPORTED",`unsupported entry type: ${t.type}`,{entry:t}),t.resume()}[Ar](t,e){let i=f(external_node_path_.relative(this.cwd,external_node_path_.resolve(external_node_path_.dirname(String(t.absolute)),String(t.linkpath)))).split("/");this[Re](t,this.cwd,i,()=>this[gi](t,String(t.linkpath),"symlink",e),r=>{this[O](r,t),e()})}[Ir](t,e){let i=f(external_node_path_.resolve(this.cwd,String(t.linkpath))),r=f(String(t.linkpath)).split("/");this[Re](t,this.cwd,r,()=>this[gi](t,i,"link",e),n=>{this[O](n,t),e()})}[Re](t,e,i,r,n){let o=i.shift();if(this.preservePaths||o===void 0)return r();let h=external_node_path_.resolve(e,o);external_node_fs_.lstat(h,(a,l)=>{if(a)return r();if(l?.isSymbolicLink())return n(new St(h,external_node_path_.resolve(h,i.join("/"))));this[Re](t,h,i,r,n)})}[kr](){this[Ri]++}[Vt](){this[Ri]--,this[bs]()}[Ls](t){this[Vt](),t.resume()}[Os](t,e){return t.type==="File"&&!this.unlink&&e.isFile()&&e.nlink<=1&&!Te}[_s](t){this[kr]();let e=[t.path];t.linkpath&&e.push(t.linkpath),this.reservations.reserve(e,i=>this[Nr](t,i))}[Nr](t,e){let i=h=>{e(h)},r=()=>{this[yt](this.cwd,this.dmode,h=>{if(h){this[O](h,t),i();return}this[Oe]=!0,n()})},n=()=>{if(t.absolute!==this.cwd){let h=f(external_node_path_.dirname(String(t.absolute)));if(h!==this.cwd)return this[yt](h,this.dmode,a=>{if(a){this[O](a,t),i();return}o()})}o()},o=()=>{external_node_fs_.lstat(String(t.absolute),(h,a)=>{if(a&&(this.keep||this.newer&&a.mtime>(t.mtime??a.mtime))){this[Ls](t),i();return}if(h||this[Os](t,a))return this[P](null,t,i);if(a.isDirectory()){if(t.type==="Directory"){let l=this.chmod&&t.mode&&(a.mode&4095)!==t.mode,c=d=>this[P](d??null,t,i);return l?external_node_fs_.chmod(String(t.absolute),Number(t.mode),c):c()}if(t.absolute!==this.cwd)return external_node_fs_.rmdir(String(t.absolute),l=>this[P](l??null,t,i))}if(t.absolute===this.cwd)return this[P](null,t,i);po(String(t.absolute),l=>this[P](l??null,t,i))})};this[Oe]?n():r()}[P](t,e,i){if(t){this[O](t,e),i();return}switch(e.type){case"File":case"OldFile":case"ContiguousFile":return this[Ts](e,i);case"Link":return this[Ir](e,i);case"SymbolicLink":return this[Ar](e,i);case"Directory":case"GNUDumpDir":return this[xs](e,i)}}[gi](t,e,i,r){external_node_fs_[i](e,String(t.absolute),n=>{n?this[O](n,t):(this[Vt](),t.resume()),r()})}},ye=s=>{try{return[null,s()]}catch(t){return[t,null]}},xe=class extends Xt{sync=!0;[P](t,e){return super[P](t,e,()=>{})}[_s](t){if(!this[Oe]){let n=this[yt](this.cwd,this.dmode);if(n)return this[O](n,t);this[Oe]=!0}if(t.absolute!==this.cwd){let n=f(external_node_path_.dirname(String(t.absolute)));if(n!==this.cwd){let o=this[yt](n,this.dmode);if(o)return this[O](o,t)}}let[e,i]=ye(()=>external_node_fs_.lstatSync(String(t.absolute)));if(i&&(this.keep||this.newer&&i.mtime>(t.mtime??i.mtime)))return this[Ls](t);if(e||this[Os](t,i))return this[P](null,t);if(i.isDirectory()){if(t.type==="Directory"){let o=this.chmod&&t.mode&&(i.mode&4095)!==t.mode,[h]=o?ye(()=>{external_node_fs_.chmodSync(String(t.absolute),Number(t.mode))}):[];return this[P](h,t)}let[n]=ye(()=>external_node_fs_.rmdirSync(String(t.absolute)));this[P](n,t)}let[r]=t.absolute===this.cwd?[]:ye(()=>Eo(String(t.absolute)));this[P](r,t)}[Ts](t,e){let i=typeof t.mode=="number"?t.mode&4095:this.fmode,r=h=>{let a;try{external_node_fs_.closeSync(n)}catch(l){a=l}(h||a)&&this[O](h||a,t),e()},n;try{n=external_node_fs_.openSync(String(t.absolute),us(t.size),i)}catch(h){return r(h)}let o=this.transform&&this.transform(t)||t;o!==t&&(o.on("error",h=>this[O](h,t)),t.pipe(o)),o.on("data",h=>{try{external_node_fs_.writeSync(n,h,0,h.length)}catch(a){r(a)}}),o.on("end",()=>{let h=null;if(t.mtime&&!this.noMtime){let a=t.atime||new Date,l=t.mtime;try{external_node_fs_.futimesSync(n,a,l)}catch(c){try{external_node_fs_.utimesSync(String(t.absolute),a,l)}catch{h=c}}}if(this[ge](t)){let a=this[be](t),l=this[_e](t);try{external_node_fs_.fchownSync(n,Number(a),Number(l))}catch(c){try{external_node_fs_.chownSync(String(t.absolute),Number(a),Number(l))}catch{h=h||c}}}r(h)})}[xs](t,e){let i=typeof t.mode=="number"?t.mode&4095:this.dmode,r=this[yt](String(t.absolute),i);if(r){this[O](r,t),e();return}if(t.mtime&&!this.noMtime)try{external_node_fs_.utimesSync(String(t.absolute),t.atime||new Date,t.mtime)}catch{}if(this[ge](t))try{external_node_fs_.chownSync(String(t.absolute),Number(this[be](t)),Number(this[_e](t)))}catch{}e(),t.resume()}[yt](t,e){try{return _r(f(t),{uid:this.uid,gid:this.gid,processUid:this.processUid,processGid:this.processGid,umask:this.processUmask,preserve:this.preservePaths,unlink:this.unlink,cwd:this.cwd,mode:e})}catch(i){return i}}[Re](t,e,i,r,n){if(this.preservePaths||i.length===0)return r();let o=e;for(let h of i){o=external_node_path_.resolve(o,h);let[a,l]=ye(()=>external_node_fs_.lstatSync(o));if(a)return r();if(l.isSymbolicLink())return n(new St(o,external_node_path_.resolve(e,i.join("/"))))}r()}[gi](t,e,i,r){let n=`${i}Sync`;try{external_node_fs_[n](e,String(t.absolute)),r(),t.resume()}catch(o){return this[O](o,t)}}};var wo=s=>{let t=new xe(s),e=s.file,i=external_node_fs_.statSync(e),r=s.maxReadSize||16*1024*1024;new Be(e,{readSize:r,size:i.size}).pipe(t)},So=(s,t)=>{let e=new Xt(s),i=s.maxReadSize||16*1024*1024,r=s.file;return new Promise((o,h)=>{e.on("error",h),e.on("close",o),external_node_fs_.stat(r,(a,l)=>{if(a)h(a);else{let c=new _t(r,{readSize:i,size:l.size});c.on("error",h),c.pipe(e)}})})},yo=K(wo,So,s=>new xe(s),s=>new Xt(s),(s,t)=>{t?.length&&Qi(s,t)});var Ro=(s,t)=>{let e=new kt(s),i=!0,r,n;try{try{r=external_node_fs_.openSync(s.file,"r+")}catch(a){if(a?.code==="ENOENT")r=external_node_fs_.openSync(s.file,"w+");else throw a}let o=external_node_fs_.fstatSync(r),h=Buffer.alloc(512);t:for(n=0;n<o.size;n+=512){for(let c=0,d=0;c<512;c+=d){if(d=external_node_fs_.readSync(r,h,c,h.length-c,n+c),n===0&&h[0]===31&&h[1]===139)throw new Error("cannot append to compressed archives");if(!d)break t}let a=new F(h);if(!a.cksumValid)break;let l=512*Math.ceil((a.size||0)/512);if(n+l+512>o.size)break;n+=l,s.mtimeCache&&a.mtime&&s.mtimeCache.set(String(a.path),a.mtime)}i=!1,go(s,e,n,r,t)}finally{if(i)try{external_node_fs_.closeSync(r)}catch{}}},go=(s,t,e,i,r)=>{let n=new Wt(s.file,{fd:i,start:e});t.pipe(n),_o(t,r)},bo=(s,t)=>{t=Array.from(t);let e=new wt(s),i=(n,o,h)=>{let a=(T,D)=>{T?external_node_fs_.close(n,E=>h(T)):h(null,D)},l=0;if(o===0)return a(null,0);let c=0,d=Buffer.alloc(512),y=(T,D)=>{if(T||D===void 0)return a(T);if(c+=D,c<512&&D)return external_node_fs_.read(n,d,c,d.length-c,l+c,y);if(l===0&&d[0]===31&&d[1]===139)return a(new Error("cannot append to compressed archives"));if(c<512)return a(null,l);let E=new F(d);if(!E.cksumValid)return a(null,l);let x=512*Math.ceil((E.size??0)/512);if(l+x+512>o||(l+=x+512,l>=o))return a(null,l);s.mtimeCache&&E.mtime&&s.mtimeCache.set(String(E.path),E.mtime),c=0,external_node_fs_.read(n,d,0,512,l,y)};external_node_fs_.read(n,d,0,512,l,y)};return new Promise((n,o)=>{e.on("error",o);let h="r+",a=(l,c)=>{if(l&&l.code==="ENOENT"&&h==="r+")return h="w+",external_node_fs_.open(s.file,h,a);if(l||!c)return o(l);external_node_fs_.fstat(c,(d,y)=>{if(d)return external_node_fs_.close(c,()=>o(d));i(c,y.size,(T,D)=>{if(T)return o(T);let E=new et(s.file,{fd:c,start:D});e.pipe(E),E.on("error",o),E.on("close",n),Oo(e,t)})})};external_node_fs_.open(s.file,h,a)})},_o=(s,t)=>{t.forEach(e=>{e.charAt(0)==="@"?Ct({file:external_node_path_.resolve(s.cwd,e.slice(1)),sync:!0,noResume:!0,onReadEntry:i=>s.add(i)}):s.add(e)}),s.end()},Oo=async(s,t)=>{for(let e of t)e.charAt(0)==="@"?await Ct({file:external_node_path_.resolve(String(s.cwd),e.slice(1)),noResume:!0,onReadEntry:i=>s.add(i)}):s.add(e);s.end()},Mt=K(Ro,bo,()=>{throw new TypeError("file is required")},()=>{throw new TypeError("file is required")},(s,t)=>{if(!Bs(s))throw new TypeError("file is required");if(s.gzip||s.brotli||s.zstd||s.file.endsWith(".br")||s.file.endsWith(".tbr"))throw new TypeError("cannot append to compressed archives");if(!t?.length)throw new TypeError("no paths specified to add/replace")});var To=K(Mt.syncFile,Mt.asyncFile,Mt.syncNoFile,Mt.asyncNoFile,(s,t=[])=>{Mt.validate?.(s,t),xo(s)}),xo=s=>{let t=s.filter;s.mtimeCache||(s.mtimeCache=new Map),s.filter=t?(e,i)=>t(e,i)&&!((s.mtimeCache?.get(e)??i.mtime??0)>(i.mtime??0)):(e,i)=>!((s.mtimeCache?.get(e)??i.mtime??0)>(i.mtime??0))};
//# sourceMappingURL=index.min.js.map

;// CONCATENATED MODULE: external "node:zlib"
const external_node_zlib_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");
;// CONCATENATED MODULE: ./lib/windows/zip.js



/** A zip archive is malformed, unsafe or uses a feature this reader does not support. */
class ZipError extends (/* unused pure expression or super */ null && (Error)) {
    name = 'ZipError';
}
const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const CRC_TABLE = (() => {
    const table = new Uint32Array(256);
    for (let n = 0; n < 256; n += 1) {
        let c = n;
        for (let k = 0; k < 8; k += 1)
            c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
        table[n] = c >>> 0;
    }
    return table;
})();
/** CRC-32 as zip uses it. */
function crc32(data) {
    let crc = 0xffffffff;
    for (const byte of data)
        crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
    return (crc ^ 0xffffffff) >>> 0;
}
/**
 * Extracts a zip archive (stored or deflated entries) into `destDir` and returns the relative
 * paths of the files written. Entries that would land outside `destDir` are refused before
 * anything is written, and every file is checked against its CRC-32.
 *
 * LIMITATION: no zip64, no encryption; the small CNI plugin archive needs neither.
 */
async function zip_extractZip(file, destDir) {
    const data = await fs.readFile(file);
    const entries = readCentralDirectory(data);
    const files = [];
    for (const entry of entries) {
        const name = safeEntryName(entry.name);
        if (name.endsWith('/'))
            continue;
        files.push({ name, body: readEntry(data, entry) });
    }
    for (const { name, body } of files) {
        const target = path.join(destDir, ...name.split('/'));
        await fs.mkdir(path.dirname(target), { recursive: true });
        await fs.writeFile(target, body, { mode: 0o755 });
    }
    return files.map((entry) => entry.name);
}
function readCentralDirectory(data) {
    const lowest = Math.max(0, data.length - 22 - 0xffff);
    let eocd = -1;
    for (let at = data.length - 22; at >= lowest; at -= 1) {
        if (data.readUInt32LE(at) === EOCD_SIGNATURE) {
            eocd = at;
            break;
        }
    }
    if (eocd < 0)
        throw new ZipError('not a zip archive (no end of central directory record)');
    const count = data.readUInt16LE(eocd + 10);
    let offset = data.readUInt32LE(eocd + 16);
    if (count === 0xffff || offset === 0xffffffff)
        throw new ZipError('zip64 archives are not supported');
    const entries = [];
    for (let i = 0; i < count; i += 1) {
        if (offset + 46 > data.length || data.readUInt32LE(offset) !== CENTRAL_SIGNATURE) {
            throw new ZipError(`central directory entry ${i} is damaged`);
        }
        const flags = data.readUInt16LE(offset + 8);
        const nameLength = data.readUInt16LE(offset + 28);
        const extraLength = data.readUInt16LE(offset + 30);
        const commentLength = data.readUInt16LE(offset + 32);
        const entry = {
            method: data.readUInt16LE(offset + 10),
            crc: data.readUInt32LE(offset + 16),
            compressedSize: data.readUInt32LE(offset + 20),
            size: data.readUInt32LE(offset + 24),
            localOffset: data.readUInt32LE(offset + 42),
            name: data.toString('utf8', offset + 46, offset + 46 + nameLength),
        };
        if (flags & 0x1)
            throw new ZipError(`${entry.name} is encrypted`);
        if (entry.size === 0xffffffff || entry.compressedSize === 0xffffffff) {
            throw new ZipError(`${entry.name} needs zip64, which is not supported`);
        }
        entries.push(entry);
        offset += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
}
function readEntry(data, entry) {
    const at = entry.localOffset;
    if (at + 30 > data.length || data.readUInt32LE(at) !== LOCAL_SIGNATURE) {
        throw new ZipError(`${entry.name}: local header is damaged`);
    }
    const start = at + 30 + data.readUInt16LE(at + 26) + data.readUInt16LE(at + 28);
    const raw = data.subarray(start, start + entry.compressedSize);
    if (raw.length !== entry.compressedSize)
        throw new ZipError(`${entry.name} is truncated`);
    let body;
    if (entry.method === 0)
        body = Buffer.from(raw);
    else if (entry.method === 8)
        body = inflateRawSync(raw);
    else
        throw new ZipError(`${entry.name} uses compression method ${entry.method}, which is not supported`);
    if (body.length !== entry.size || crc32(body) !== entry.crc) {
        throw new ZipError(`${entry.name} does not match its CRC-32; the archive is damaged`);
    }
    return body;
}
function safeEntryName(raw) {
    const name = raw.replace(/\\/g, '/');
    const parts = name.split('/');
    if (name.startsWith('/') || /^[A-Za-z]:/.test(name) || parts.includes('..') || name === '') {
        throw new ZipError(`entry '${raw}' would be written outside the target folder`);
    }
    return (parts.filter((part) => part !== '.' && part !== '').join('/') + (name.endsWith('/') ? '/' : ''));
}

;// CONCATENATED MODULE: ./lib/windows/archive.js





/**
 * Unpacks a verified archive into a staging folder next to `destDir` (same volume, so files can be
 * renamed into place), then moves every file into `destDir`. A file already there is renamed
 * aside first and put back if any later move fails, so a failed install leaves the old files.
 * Returns the installed files (absolute paths).
 */
async function archive_installArchive(archive, format, destDir) {
    const staging = `${destDir.replace(/[\\/]+$/, '')}.wcow-staging-${randomBytes(4).toString('hex')}`;
    await fs.mkdir(staging, { recursive: true });
    try {
        const files = format === 'zip' ? await extractZip(archive, staging) : await extractTarGz(archive, staging);
        if (files.length === 0)
            throw new Error(`${archive} contains no files`);
        return await moveIntoPlace(staging, files, destDir);
    }
    finally {
        await fs.rm(staging, { recursive: true, force: true });
    }
}
async function extractTarGz(archive, staging) {
    const files = [];
    // strict turns tar's warnings (absolute or `..` paths, bad headers) into errors; links and
    // devices are skipped because a release archive of executables has no use for them.
    await extractTar({
        file: archive,
        cwd: staging,
        strict: true,
        filter: (_entryPath, entry) => {
            const type = 'type' in entry ? entry.type : entry.isDirectory() ? 'Directory' : 'File';
            return type === 'File' || type === 'OldFile' || type === 'Directory';
        },
        onReadEntry: (entry) => {
            if (entry.type === 'File' || entry.type === 'OldFile')
                files.push(entry.path.replace(/\\/g, '/'));
        },
    });
    return files;
}
async function moveIntoPlace(staging, files, destDir) {
    const moved = [];
    try {
        for (const rel of files) {
            const parts = rel.split('/').filter((part) => part !== '' && part !== '.');
            const src = path.join(staging, ...parts);
            const dest = path.join(destDir, ...parts);
            await fs.mkdir(path.dirname(dest), { recursive: true });
            let backup;
            if (await exists(dest)) {
                // Windows lets a running executable be renamed but not deleted or overwritten.
                backup = `${dest}.wcow-old`;
                await fs.rm(backup, { force: true });
                await fs.rename(dest, backup);
            }
            moved.push({ dest, backup });
            await fs.rename(src, dest);
        }
    }
    catch (error) {
        for (const { dest, backup } of moved.reverse()) {
            await fs.rm(dest, { force: true }).catch(() => undefined);
            if (backup)
                await fs.rename(backup, dest).catch(() => undefined);
        }
        throw error;
    }
    for (const { backup } of moved) {
        if (backup)
            await fs.rm(backup, { force: true }).catch(() => undefined);
    }
    return moved.map(({ dest }) => dest);
}
async function exists(file) {
    try {
        await fs.access(file);
        return true;
    }
    catch {
        return false;
    }
}

;// CONCATENATED MODULE: ./lib/windows/powershell.js
/** A PowerShell script failed, printed no JSON, or did not finish in time. */
class PowerShellError extends Error {
    name = 'PowerShellError';
}
/** The environment variable that carries `data` to the script. */
const DATA_VARIABLE = 'WCOW_BUILD_DATA';
const PRELUDE = [
    "$ErrorActionPreference = 'Stop'",
    '$ProgressPreference = "SilentlyContinue"',
    `$data = if ($env:${DATA_VARIABLE}) { $env:${DATA_VARIABLE} | ConvertFrom-Json } else { $null }`,
].join('\n');
/** The argv that runs a script: no profile, no prompts, the script encoded, never spliced. */
function powerShellArgs(script) {
    const encoded = Buffer.from(`${PRELUDE}\n${script}`, 'utf16le').toString('base64');
    return [
        '-NoLogo',
        '-NoProfile',
        '-NonInteractive',
        '-ExecutionPolicy',
        'Bypass',
        '-EncodedCommand',
        encoded,
    ];
}
/**
 * Runs a script with Windows PowerShell and parses the JSON it prints last. Values reach the
 * script only as data, so no input can change the script's text.
 */
async function powershell_runPowerShell(script, options) {
    const env = {
        ...(options.env ?? process.env),
        [DATA_VARIABLE]: JSON.stringify(options.data ?? null),
    };
    const result = await options.exec('powershell', powerShellArgs(script), {
        env,
        timeoutMs: options.timeoutMs ?? 60_000,
    });
    if (result.startError !== undefined) {
        throw new PowerShellError(`powershell could not start: ${result.startError}`);
    }
    if (result.timedOut) {
        throw new PowerShellError(`powershell did not finish within ${options.timeoutMs ?? 60_000} ms`);
    }
    if (result.exitCode !== 0) {
        const detail = (result.stderr.trim() || result.stdout.trim())
            .split(/\r?\n/)
            .slice(-5)
            .join(' | ');
        throw new PowerShellError(`powershell exited with code ${result.exitCode}: ${detail}`);
    }
    const text = result.stdout.trim();
    const start = text.search(/[[{]/);
    try {
        return JSON.parse(start >= 0 ? text.slice(start) : text);
    }
    catch {
        throw new PowerShellError(`powershell printed no JSON: ${text.slice(0, 200)}`);
    }
}

;// CONCATENATED MODULE: ./lib/windows/scripts.js
/**
 * The PowerShell the host preparation runs. Each script reads its values from `$data` (never
 * spliced into the text), prints one JSON document and decides nothing: the decisions are made in
 * TypeScript. The first line names the script (`# wcow:<name>`) so logs and test stand-ins can
 * tell them apart.
 */
/** Service state for `$data.names`: Win32_Service facts plus the services each depends on. */
const scripts_SERVICES_SCRIPT = (/* unused pure expression or super */ null && (`# wcow:services
$all = @(Get-CimInstance -ClassName Win32_Service)
$out = foreach ($name in @($data.names)) {
  $svc = $all | Where-Object { $_.Name -eq $name } | Select-Object -First 1
  if ($null -eq $svc) { [pscustomobject]@{ name = $name; exists = $false }; continue }
  $deps = @((Get-Service -Name $svc.Name).ServicesDependedOn | ForEach-Object { $_.Name })
  [pscustomobject]@{
    name = $svc.Name; exists = $true; state = [string]$svc.State; startMode = [string]$svc.StartMode
    pathName = [string]$svc.PathName; processId = [int]$svc.ProcessId; dependencies = $deps
  }
}
ConvertTo-Json -InputObject @($out) -Depth 4 -Compress`));
/** Stops one process by id (a service stuck in a pending state ignores stop requests). */
const scripts_STOP_PROCESS_SCRIPT = (/* unused pure expression or super */ null && (`# wcow:stop-process
Stop-Process -Id ([int]$data.processId) -Force
ConvertTo-Json -InputObject @{ stopped = $true } -Compress`));
/** Defender status and the current exclusions; `available = $false` when Defender is absent. */
const scripts_DEFENDER_STATE_SCRIPT = (/* unused pure expression or super */ null && (`# wcow:defender-state
if ($null -eq (Get-Command -Name Get-MpComputerStatus -ErrorAction SilentlyContinue)) {
  ConvertTo-Json -InputObject @{ available = $false; reason = 'the Defender cmdlets are not installed' } -Compress
  return
}
try { $status = Get-MpComputerStatus; $pref = Get-MpPreference }
catch { ConvertTo-Json -InputObject @{ available = $false; reason = $_.Exception.Message } -Compress; return }
ConvertTo-Json -Depth 3 -Compress -InputObject @{
  available = $true
  amServiceEnabled = [bool]$status.AMServiceEnabled
  realTimeProtectionEnabled = [bool]$status.RealTimeProtectionEnabled
  amRunningMode = [string]$status.AMRunningMode
  isTamperProtected = [bool]$status.IsTamperProtected
  exclusionPath = @($pref.ExclusionPath | Where-Object { $_ })
  exclusionProcess = @($pref.ExclusionProcess | Where-Object { $_ })
}`));
/** Adds (`$data.action = 'add'`) or removes exclusions one by one and reports each refusal. */
const DEFENDER_CHANGE_SCRIPT = `# wcow:defender-change
$failures = @()
foreach ($item in @($data.paths | Where-Object { $_ })) {
  try {
    if ($data.action -eq 'add') { Add-MpPreference -ExclusionPath $item } else { Remove-MpPreference -ExclusionPath $item }
  } catch { $failures += [pscustomobject]@{ kind = 'path'; value = $item; message = $_.Exception.Message } }
}
foreach ($item in @($data.processes | Where-Object { $_ })) {
  try {
    if ($data.action -eq 'add') { Add-MpPreference -ExclusionProcess $item } else { Remove-MpPreference -ExclusionProcess $item }
  } catch { $failures += [pscustomobject]@{ kind = 'process'; value = $item; message = $_.Exception.Message } }
}
ConvertTo-Json -InputObject @{ failures = @($failures) } -Depth 3 -Compress`;
/** The HNS network named `$data.name` (the NAT network the CNI config must match). */
const scripts_NAT_NETWORK_SCRIPT = (/* unused pure expression or super */ null && (`# wcow:nat-network
if ($null -eq (Get-Command -Name Get-HnsNetwork -ErrorAction SilentlyContinue)) {
  ConvertTo-Json -InputObject @{ found = $false; reason = 'Get-HnsNetwork is not available (HostNetworkingService module missing)' } -Compress
  return
}
$net = @(Get-HnsNetwork | Where-Object { $_.Name -eq $data.name }) | Select-Object -First 1
if ($null -eq $net) { ConvertTo-Json -InputObject @{ found = $false; reason = 'no HNS network with that name' } -Compress; return }
ConvertTo-Json -Compress -InputObject @{
  found = $true; type = [string]$net.Type
  subnet = [string]$net.Subnets[0].AddressPrefix; gateway = [string]$net.Subnets[0].GatewayAddress
}`));

;// CONCATENATED MODULE: ./lib/windows/host-paths.js

/**
 * Joins below a base folder with the flavour of the base: a drive or UNC path is joined the
 * Windows way even when this process runs elsewhere (plans for a Windows host made on Linux);
 * any other base is a folder of this machine (tests point the Windows variables at temp folders).
 */
function host_paths_joinHostPath(base, ...parts) {
    return /^([A-Za-z]:[\\/]|\\\\)/.test(base)
        ? path.win32.join(base, ...parts)
        : path.join(base, ...parts);
}
/** The folder that holds a file, in the flavour of its path. */
function host_paths_hostDirname(file) {
    return /^([A-Za-z]:[\\/]|\\\\)/.test(file) ? path.win32.dirname(file) : path.dirname(file);
}
/** Resolves the host paths from the environment (`ProgramFiles`, `ProgramData`). */
function host_paths_resolveHostPaths(env) {
    const programFiles = env.ProgramFiles ?? env.PROGRAMFILES ?? 'C:\\Program Files';
    const programData = env.ProgramData ?? env.PROGRAMDATA ?? 'C:\\ProgramData';
    const containerdDir = host_paths_joinHostPath(programFiles, 'containerd');
    const buildkitDir = host_paths_joinHostPath(programFiles, 'buildkit');
    const cniBinDir = host_paths_joinHostPath(containerdDir, 'cni', 'bin');
    const cniConfDir = host_paths_joinHostPath(containerdDir, 'cni', 'conf');
    const logDir = host_paths_joinHostPath(programData, 'wcow-build', 'logs');
    return {
        programFiles,
        programData,
        containerdDir,
        containerdExe: host_paths_joinHostPath(containerdDir, 'bin', 'containerd.exe'),
        ctrExe: host_paths_joinHostPath(containerdDir, 'bin', 'ctr.exe'),
        shimExe: host_paths_joinHostPath(containerdDir, 'bin', 'containerd-shim-runhcs-v1.exe'),
        buildkitDir,
        buildkitdExe: host_paths_joinHostPath(buildkitDir, 'bin', 'buildkitd.exe'),
        buildctlExe: host_paths_joinHostPath(buildkitDir, 'bin', 'buildctl.exe'),
        cniBinDir,
        cniConfDir,
        cniConfPath: host_paths_joinHostPath(cniConfDir, '0-containerd-nat.conf'),
        natPluginExe: host_paths_joinHostPath(cniBinDir, 'nat.exe'),
        logDir,
        containerdLog: host_paths_joinHostPath(logDir, 'containerd.log'),
        buildkitdLog: host_paths_joinHostPath(logDir, 'buildkitd.log'),
        containerdRoot: host_paths_joinHostPath(programData, 'containerd', 'root'),
        containerdState: host_paths_joinHostPath(programData, 'containerd', 'state'),
        buildkitdRoot: host_paths_joinHostPath(programData, 'buildkitd'),
    };
}
/** Windows paths compare without case and without a trailing separator. */
function host_paths_normalizeWindowsPath(value) {
    return value.trim().replace(/\//g, '\\').replace(/\\+$/, '').toLowerCase();
}
/** True when `file` lies inside `folder` (Windows comparison rules). */
function host_paths_isInsideFolder(file, folder) {
    const f = host_paths_normalizeWindowsPath(file);
    const d = host_paths_normalizeWindowsPath(folder);
    return f.startsWith(`${d}\\`);
}

;// CONCATENATED MODULE: ./lib/windows/defender.js



/** Reads Defender's status and exclusions; never throws (an unreadable Defender is unavailable). */
async function defender_readDefenderState(ctx) {
    let raw;
    try {
        raw = await runPowerShell(DEFENDER_STATE_SCRIPT, { exec: ctx.exec, env: ctx.env });
    }
    catch (error) {
        return {
            available: false,
            reason: error.message,
            exclusionPath: null,
            exclusionProcess: null,
        };
    }
    return {
        ...raw,
        exclusionPath: readList(raw.exclusionPath),
        exclusionProcess: readList(raw.exclusionProcess),
    };
}
// Without the right to read exclusions, Get-MpPreference returns a single "N/A: ..." entry.
function readList(value) {
    const list = value === undefined || value === null ? [] : [value].flat();
    return list.some((item) => item.startsWith('N/A:')) ? null : list;
}
/** Real-time scanning is what takes file locks, so only then do exclusions matter. */
function isScanningFiles(state) {
    const mode = (state.amRunningMode ?? 'Normal').toLowerCase();
    return (state.available &&
        state.amServiceEnabled !== false &&
        state.realTimeProtectionEnabled === true &&
        !mode.includes('passive') &&
        mode !== 'not running');
}
/** Decides whether to add exclusions for `defender-exclusions` (auto, true, false). */
function defender_decideExclusions(mode, state) {
    if (mode === 'false')
        return { manage: false, reason: 'defender-exclusions is false' };
    if (!state.available) {
        return {
            manage: false,
            reason: `Microsoft Defender is not available (${state.reason ?? 'unknown reason'})`,
        };
    }
    if (mode === 'true')
        return { manage: true, reason: 'defender-exclusions is true' };
    if (!isScanningFiles(state)) {
        const detail = `real-time protection ${state.realTimeProtectionEnabled ? 'on' : 'off'}, ` +
            `running mode ${state.amRunningMode ?? 'unknown'}`;
        return { manage: false, reason: `Defender does not scan files in real time (${detail})` };
    }
    return { manage: true, reason: 'Defender real-time protection is on' };
}
/** The wanted entries that are not in the existing list (Windows comparison rules). */
function defender_missingEntries(wanted, existing) {
    const have = new Set(existing.map(normalizeWindowsPath));
    const seen = new Set();
    const missing = [];
    for (const entry of wanted) {
        const key = normalizeWindowsPath(entry);
        if (key === '' || have.has(key) || seen.has(key))
            continue;
        seen.add(key);
        missing.push(entry);
    }
    return missing;
}
/** Adds or removes exclusions one at a time; returns the entries Defender refused. */
async function defender_changeExclusions(action, set, ctx) {
    const result = await powershell_runPowerShell(DEFENDER_CHANGE_SCRIPT, {
        exec: ctx.exec,
        env: ctx.env,
        data: { action, paths: set.paths, processes: set.processes },
    });
    return result.failures === undefined ? [] : [result.failures].flat();
}
/** What an administrator should do when Defender refused exclusions. */
function defender_adviceForRefusal(state, failures) {
    const text = failures.map((failure) => failure.message).join(' ');
    if (/0x80070005|access (is )?denied|administrator/i.test(text)) {
        return 'The agent does not run with administrator rights; run it elevated or add the exclusions yourself.';
    }
    if (state?.isTamperProtected) {
        return ('Tamper protection is on and may block local exclusion changes; add the exclusions through ' +
            'your Defender management (Intune, Group Policy) or turn on defender-exclusions: false.');
    }
    return 'Add the exclusions yourself or set defender-exclusions: false.';
}
/** The PowerShell an administrator can run to make the same change by hand. */
function defender_manualCommand(action, set) {
    const verb = action === 'add' ? 'Add-MpPreference' : 'Remove-MpPreference';
    const list = (items) => items.map((item) => `'${item.replace(/'/g, "''")}'`).join(', ');
    const parts = [];
    if (set.paths.length > 0)
        parts.push(`${verb} -ExclusionPath ${list(set.paths)}`);
    if (set.processes.length > 0)
        parts.push(`${verb} -ExclusionProcess ${list(set.processes)}`);
    return parts.join('; ');
}

;// CONCATENATED MODULE: external "node:stream/promises"
const external_node_stream_promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream/promises");
;// CONCATENATED MODULE: ./lib/windows/releases.js
/**
 * Which release archives the host preparation downloads and how each one's SHA-256 is known.
 *
 * - containerd publishes `<archive>.sha256sum` next to every archive (`<hex>  <name>`).
 * - BuildKit publishes no checksum file; next to every archive it publishes
 *   `<archive base>.sbom.json`, an in-toto statement whose `subject` lists the archive by name
 *   with its sha256 digest (the release job writes the archive and the statement together).
 * - microsoft/windows-container-networking publishes no checksum at all, so its archive is only
 *   accepted with a SHA-256 pinned here or given by the caller.
 *
 * A pin (built in or given) always wins over a published document. When neither exists the
 * download is refused: a release is never installed unverified.
 */
/** GitHub's release downloads; a mirror with the same `<owner>/<repo>/releases/download` layout may replace it. */
const releases_DEFAULT_RELEASES_BASE = 'https://github.com';
/** The Windows NAT CNI plugin release that is installed when `nat.exe` is missing. */
const releases_CNI_VERSION = '0.3.1';
/**
 * SHA-256 values pinned in code, by archive file name. Only values read from a real record are
 * listed; an archive that is missing here and has no published checksum is refused.
 */
const PINNED_SHA256 = {
    // LIMITATION: Microsoft publishes no checksum for this archive. The value below was recorded
    // by a third-party project (a signed manifest of verified downloads), not by Microsoft; it has
    // not been checked against a download from here. A wrong pin fails closed.
    'windows-container-networking-cni-amd64-v0.3.1.zip': {
        sha256: '4f36ee6905ada238ca2a9e1bfb8a1fb2912c2d88c4b6e5af4c41a42db70d7d68',
        origin: 'pinned in wcow-build (recorded from a third-party verified download)',
    },
};
/** A checksum or checksum document could not be had, so the download is refused. */
class ChecksumUnavailableError extends (/* unused pure expression or super */ null && (Error)) {
    name = 'ChecksumUnavailableError';
}
/** The downloaded bytes do not match the expected SHA-256; nothing was extracted. */
class releases_ChecksumMismatchError extends (/* unused pure expression or super */ null && (Error)) {
    name = 'ChecksumMismatchError';
}
/** Maps Node's `process.arch` to the release naming; undefined when no release exists for it. */
function releases_releaseArch(nodeArch) {
    if (nodeArch === 'x64')
        return 'amd64';
    if (nodeArch === 'arm64')
        return 'arm64';
    return undefined;
}
/** Describes one release archive: its URL and where its SHA-256 comes from. */
function releases_releaseArtifact(tool, version, arch, base = releases_DEFAULT_RELEASES_BASE, extraPins = {}) {
    const root = base.replace(/\/+$/, '');
    let fileName;
    let url;
    let published;
    if (tool === 'containerd') {
        fileName = `containerd-${version}-windows-${arch}.tar.gz`;
        url = `${root}/containerd/containerd/releases/download/v${version}/${fileName}`;
        published = { kind: 'sha256sum', url: `${url}.sha256sum` };
    }
    else if (tool === 'buildkit') {
        const stem = `buildkit-v${version}.windows-${arch}`;
        fileName = `${stem}.tar.gz`;
        url = `${root}/moby/buildkit/releases/download/v${version}/${fileName}`;
        published = {
            kind: 'in-toto',
            url: `${root}/moby/buildkit/releases/download/v${version}/${stem}.sbom.json`,
        };
    }
    else {
        fileName = `windows-container-networking-cni-${arch}-v${version}.zip`;
        url = `${root}/microsoft/windows-container-networking/releases/download/v${version}/${fileName}`;
        published = {
            kind: 'none',
            reason: 'microsoft/windows-container-networking publishes no checksum and no SHA-256 is pinned ' +
                `for ${fileName}`,
        };
    }
    const given = extraPins[fileName];
    const builtIn = PINNED_SHA256[fileName];
    const checksum = given !== undefined
        ? { kind: 'pinned', sha256: given.toLowerCase(), origin: 'given by the caller' }
        : builtIn !== undefined
            ? { kind: 'pinned', sha256: builtIn.sha256, origin: builtIn.origin }
            : published;
    return {
        tool,
        version,
        arch,
        fileName,
        url,
        format: tool === 'cni' ? 'zip' : 'tar.gz',
        checksum,
    };
}
/** Reads the digest for `fileName` from a `sha256sum`-style document. */
function parseSha256Sum(text, fileName) {
    for (const line of text.split(/\r?\n/)) {
        const match = /^([0-9a-fA-F]{64})\s+\*?(\S.*)$/.exec(line.trim());
        if (match && baseName(match[2].trim()) === fileName)
            return match[1].toLowerCase();
    }
    throw new ChecksumUnavailableError(`the checksum file lists no SHA-256 for ${fileName}`);
}
/** Reads the sha256 digest of `fileName` from an in-toto statement's `subject` list. */
function parseInTotoSubject(text, fileName) {
    let statement;
    try {
        statement = JSON.parse(text);
    }
    catch {
        throw new ChecksumUnavailableError('the in-toto statement is not valid JSON');
    }
    const subjects = statement.subject;
    if (!Array.isArray(subjects)) {
        throw new ChecksumUnavailableError('the in-toto statement has no subject list');
    }
    for (const subject of subjects) {
        const digest = subject.digest?.sha256;
        if (typeof subject.name === 'string' &&
            baseName(subject.name) === fileName &&
            typeof digest === 'string') {
            if (/^[0-9a-fA-F]{64}$/.test(digest))
                return digest.toLowerCase();
        }
    }
    throw new ChecksumUnavailableError(`the in-toto statement names no sha256 digest for ${fileName}`);
}
/**
 * The SHA-256 an archive must have: pinned, or read from the document its publisher puts next to
 * it. Throws ChecksumUnavailableError (fail closed) when there is none.
 */
async function releases_resolveChecksum(artifact, fetchText) {
    const source = artifact.checksum;
    if (source.kind === 'pinned')
        return source.sha256;
    if (source.kind === 'none') {
        throw new ChecksumUnavailableError(`${artifact.fileName} cannot be verified: ${source.reason}. Install it yourself, or give ` +
            'its SHA-256 as a pinned checksum.');
    }
    let text;
    try {
        text = await fetchText(source.url);
    }
    catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new ChecksumUnavailableError(`the published checksum of ${artifact.fileName} could not be read from ${source.url}: ${reason}`);
    }
    return source.kind === 'sha256sum'
        ? parseSha256Sum(text, artifact.fileName)
        : parseInTotoSubject(text, artifact.fileName);
}
function baseName(name) {
    return name.replace(/^.*[\\/]/, '');
}

;// CONCATENATED MODULE: ./lib/windows/download.js







/** A download failed for a reason other than a wrong checksum. */
class DownloadError extends (/* unused pure expression or super */ null && (Error)) {
    name = 'DownloadError';
}
const TEXT_LIMIT = (/* unused pure expression or super */ null && (1024 * 1024));
/** Reads a small text document (checksum files); follows redirects; throws DownloadError. */
async function download_fetchText(url, timeoutMs = 60_000) {
    const response = await request(url, timeoutMs);
    const text = await response.text();
    if (text.length > TEXT_LIMIT)
        throw new DownloadError(`${url} is larger than ${TEXT_LIMIT} bytes`);
    return text;
}
/** The SHA-256 of a file, in lower-case hex. */
async function hashFile(file) {
    const hash = createHash('sha256');
    await pipeline(createReadStream(file), hash);
    return hash.digest('hex');
}
/**
 * Downloads `url` to `dest`, hashing while it streams into a temporary file next to `dest`. Only
 * bytes whose SHA-256 equals `sha256` ever reach `dest`; otherwise the temporary file is removed
 * and ChecksumMismatchError is thrown.
 */
async function downloadVerified(url, dest, sha256, timeoutMs = 15 * 60_000) {
    const partial = `${dest}.partial`;
    await fs.mkdir(hostDirname(dest), { recursive: true });
    const hash = createHash('sha256');
    let bytes = 0;
    const tee = new Transform({
        transform(chunk, _encoding, done) {
            hash.update(chunk);
            bytes += chunk.length;
            done(null, chunk);
        },
    });
    try {
        const response = await request(url, timeoutMs);
        if (response.body === null)
            throw new DownloadError(`${url} answered without a body`);
        const body = Readable.fromWeb(response.body);
        await pipeline(body, tee, createWriteStream(partial));
    }
    catch (error) {
        await fs.rm(partial, { force: true });
        if (error instanceof DownloadError)
            throw error;
        throw new DownloadError(`download of ${url} failed: ${error.message}`);
    }
    const actual = hash.digest('hex');
    if (actual !== sha256.toLowerCase()) {
        await fs.rm(partial, { force: true });
        throw new ChecksumMismatchError(`${url} has SHA-256 ${actual}, expected ${sha256}; the download was discarded and nothing ` +
            'was extracted. Check the version and the mirror (WCOW_BUILD_RELEASES_URL) you download from.');
    }
    await fs.rename(partial, dest);
    return { bytes };
}
async function request(url, timeoutMs) {
    let response;
    try {
        // LIMITATION: Node's fetch ignores HTTPS_PROXY unless NODE_USE_ENV_PROXY=1 (Node 24); hosts
        // behind a proxy need that variable or a mirror reachable without one.
        response = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) });
    }
    catch (error) {
        const cause = error.cause?.message;
        throw new DownloadError(`${url} could not be fetched: ${error.message}${cause ? ` (${cause})` : ''}`);
    }
    if (!response.ok) {
        await response.body?.cancel().catch(() => undefined);
        throw new DownloadError(`${url} answered HTTP ${response.status} ${response.statusText}`.trim());
    }
    return response;
}
/** Where an archive is kept between jobs: `<tool cache>/wcow-build/<tool>/<version>/<arch>`. */
function download_archiveCacheDir(toolCacheDir, artifact) {
    return joinHostPath(toolCacheDir, 'wcow-build', artifact.tool, artifact.version, artifact.arch);
}
/**
 * Returns a local copy of the archive whose SHA-256 is `sha256`: from the tool cache, else from
 * the host's download cache, else downloaded (and then saved to both). Every copy is verified.
 */
async function download_ensureArchive(artifact, sha256, options) {
    const dir = download_archiveCacheDir(options.toolCacheDir, artifact);
    const file = joinHostPath(dir, artifact.fileName);
    const key = `wcow-build-${artifact.fileName}-${sha256.slice(0, 16)}`;
    if (await isVerified(file, sha256, options))
        return { file, source: 'tool-cache' };
    if (options.downloadCache) {
        try {
            const restored = await options.downloadCache.restore([dir], key);
            if (restored && (await isVerified(file, sha256, options))) {
                options.log.info(`Restored ${artifact.fileName} from the download cache (key ${key}).`);
                return { file, source: 'download-cache' };
            }
        }
        catch (error) {
            options.log.debug(`Download cache restore of ${key} failed: ${error.message}`);
        }
    }
    const attempts = options.attempts ?? 3;
    for (let attempt = 1;; attempt += 1) {
        try {
            const started = options.clock.now();
            const { bytes } = await downloadVerified(artifact.url, file, sha256);
            options.log.info(`Downloaded ${artifact.url} (${bytes} bytes, SHA-256 ${sha256} verified) in ` +
                `${options.clock.now() - started} ms.`);
            break;
        }
        catch (error) {
            if (!(error instanceof DownloadError) || attempt >= attempts)
                throw error;
            const delay = 2000 * attempt;
            options.log.info(`${error.message}; trying again in ${delay / 1000} s (attempt ${attempt + 1} of ${attempts}).`);
            await options.clock.sleep(delay);
        }
    }
    if (options.downloadCache) {
        try {
            await options.downloadCache.save([dir], key);
            options.log.debug(`Saved ${artifact.fileName} to the download cache (key ${key}).`);
        }
        catch (error) {
            options.log.debug(`Download cache save of ${key} failed: ${error.message}`);
        }
    }
    return { file, source: 'download' };
}
async function isVerified(file, sha256, options) {
    try {
        await fs.access(file);
    }
    catch {
        return false;
    }
    const actual = await hashFile(file);
    if (actual === sha256) {
        options.log.debug(`Using cached ${file} (SHA-256 verified).`);
        return true;
    }
    options.log.info(`Cached archive ${file} has SHA-256 ${actual}, expected ${sha256}; it was removed and will be ` +
        'downloaded again.');
    await fs.rm(file, { force: true });
    return false;
}

;// CONCATENATED MODULE: ./lib/windows/cni.js


/** The HNS network the NAT plugin attaches containers to (Docker and the Containers feature create it). */
const cni_NAT_NETWORK_NAME = 'nat';
/** Reads the HNS NAT network; never throws (not found carries the reason). */
async function cni_readNatNetwork(ctx) {
    try {
        return await runPowerShell(NAT_NETWORK_SCRIPT, {
            exec: ctx.exec,
            env: ctx.env,
            data: { name: cni_NAT_NETWORK_NAME },
        });
    }
    catch (error) {
        return { found: false, reason: error.message };
    }
}
/** The NAT network configuration BuildKit hands to the `nat` plugin for RUN steps. */
function natCniConfig(subnet, gateway) {
    const config = {
        cniVersion: '0.3.0',
        name: cni_NAT_NETWORK_NAME,
        type: 'nat',
        master: 'Ethernet',
        ipam: { subnet, routes: [{ gateway }] },
        capabilities: { portMappings: true, dns: true },
    };
    return `${JSON.stringify(config, null, 2)}\n`;
}
/**
 * Decides what to do with the CNI config file: create it when missing; replace it only when it
 * is a NAT config whose subnet or gateway no longer matches the live network (RUN steps would
 * have no network); leave any other existing file alone.
 */
function cni_decideCniConf(existing, nat) {
    if (!nat.found || !nat.subnet || !nat.gateway) {
        return {
            action: 'none',
            reason: `the HNS network '${cni_NAT_NETWORK_NAME}' was not found (${nat.reason ?? 'no subnet'})`,
        };
    }
    const content = natCniConfig(nat.subnet, nat.gateway);
    if (existing === null)
        return { action: 'create', content, reason: 'no CNI config yet' };
    let parsed;
    try {
        parsed = JSON.parse(existing);
    }
    catch {
        return { action: 'none', reason: 'an existing CNI config that is not JSON was left as it is' };
    }
    if (parsed.type !== 'nat') {
        return {
            action: 'none',
            reason: `an existing CNI config of type ${String(parsed.type)} was left as it is`,
        };
    }
    const subnet = parsed.ipam?.subnet;
    const gateway = parsed.ipam?.routes?.[0]?.gateway;
    if (subnet === nat.subnet && gateway === nat.gateway) {
        return { action: 'none', reason: `the CNI config matches the NAT network (${nat.subnet})` };
    }
    return {
        action: 'replace',
        content,
        reason: `the CNI config names ${String(subnet)} via ${String(gateway)}, the NAT network is ${nat.subnet} via ${nat.gateway}`,
    };
}

;// CONCATENATED MODULE: ./lib/windows/services.js



/** States from which a service does not move on by itself. */
const services_STUCK_STATES = (/* unused pure expression or super */ null && ([
    'Start Pending',
    'Stop Pending',
    'Continue Pending',
    'Pause Pending',
    'Paused',
]));
/** Reads the named services; one PowerShell run for all of them. */
async function services_queryServices(names, ctx) {
    const list = await runPowerShell(SERVICES_SCRIPT, {
        exec: ctx.exec,
        env: ctx.env,
        data: { names },
    });
    const result = new Map();
    for (const info of Array.isArray(list) ? list : [list]) {
        result.set(info.name.toLowerCase(), {
            ...info,
            dependencies: info.dependencies === undefined || info.dependencies === null
                ? []
                : [info.dependencies].flat(),
        });
    }
    for (const name of names) {
        if (!result.has(name.toLowerCase()))
            result.set(name.toLowerCase(), { name, exists: false });
    }
    return result;
}
/** The program a service runs and its arguments. */
function services_serviceCommand(info) {
    return splitServiceCommandLine(info.pathName ?? '');
}
/** Runs sc.exe; its exit code is the Win32 error code. */
async function runSc(args, ctx) {
    ctx.log.debug(`sc.exe ${args.join(' ')}`);
    const result = await ctx.exec('sc.exe', args, { env: ctx.env, timeoutMs: 60_000 });
    if (result.startError !== undefined)
        throw new Error(`sc.exe could not start: ${result.startError}`);
    return result;
}
/** The error text of an sc.exe failure, on one line. */
function describeScFailure(result) {
    const text = `${result.stdout}\n${result.stderr}`
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '')
        .join(' ');
    return `exit code ${result.exitCode}${text === '' ? '' : `: ${text}`}`;
}
/** Asks the service manager to start a service; true when it was started or already running. */
async function services_startService(name, ctx) {
    const result = await runSc(['start', name], ctx);
    // 1056: an instance of the service is already running.
    return {
        ok: result.exitCode === 0 || result.exitCode === 1056,
        detail: describeScFailure(result),
    };
}
/** Asks the service manager to stop a service; true when it is stopping or was not started. */
async function services_stopService(name, ctx) {
    const result = await runSc(['stop', name], ctx);
    // 1062: the service has not been started.
    return {
        ok: result.exitCode === 0 || result.exitCode === 1062,
        detail: describeScFailure(result),
    };
}
/** Changes one setting of a service with `sc.exe config <name> <key>= <value>`. */
async function services_configureService(name, key, value, ctx) {
    const result = await runSc(['config', name, `${key}=`, value], ctx);
    if (result.exitCode !== 0) {
        throw new Error(`sc.exe config ${name} ${key}= ${value} failed with ${describeScFailure(result)}`);
    }
}
/** Stops a process by id through PowerShell. */
async function services_stopProcess(processId, ctx) {
    await runPowerShell(STOP_PROCESS_SCRIPT, { exec: ctx.exec, env: ctx.env, data: { processId } });
}

;// CONCATENATED MODULE: ./lib/windows/plan.js








const plan_DAEMONS = (/* unused pure expression or super */ null && (['containerd', 'buildkitd']));
/** The pipe containerd listens on by default on Windows. */
const CONTAINERD_ADDRESS = 'npipe:////./pipe/containerd-containerd';
const DEFAULT_BUILDKIT_PIPE = 'npipe:////./pipe/buildkitd';
/** Facts for a fresh Windows host: nothing installed, nothing registered, nothing probed. */
function plan_freshHostFacts() {
    const absent = (name) => ({ name, exists: false });
    return {
        fresh: true,
        installedVersions: { containerd: null, buildkitd: null },
        services: { containerd: absent('containerd'), buildkitd: absent('buildkitd') },
        foreignVersions: {},
        natPluginInstalled: false,
        cniConf: null,
        nat: null,
        logDirExists: false,
        defender: null,
        images: null,
    };
}
/** True when the daemon address is a named pipe on this host, which the preparation can serve. */
function plan_isLocalPipe(address) {
    return address.toLowerCase().startsWith('npipe://');
}
/** The arguments (after the program) that each service runs with. */
function serviceArgs(name, settings, paths) {
    if (name === 'containerd')
        return ['--log-file', paths.containerdLog];
    const args = [
        '--service-name',
        'buildkitd',
        '--containerd-worker=true',
        `--containerd-worker-addr=${CONTAINERD_ADDRESS}`,
        `--containerd-cni-config-path=${paths.cniConfPath}`,
        `--containerd-cni-binary-dir=${paths.cniBinDir}`,
        '--debug',
        '--log-file',
        paths.buildkitdLog,
    ];
    if (settings.buildkitGroup !== '')
        args.push('--group', settings.buildkitGroup);
    if (settings.buildkitAddress.toLowerCase() !== DEFAULT_BUILDKIT_PIPE)
        args.push('--addr', settings.buildkitAddress);
    return args;
}
/** The binaries the host runs: wcow-build's own, or those of services it does not manage. */
function plan_resolveBinaries(facts, paths) {
    const pick = (name, ours, ourDir) => {
        const info = facts.services[name];
        const { program } = serviceCommand(info);
        return plan_isManaged(info, ourDir) || program === '' ? ours : program;
    };
    const containerd = pick('containerd', paths.containerdExe, paths.containerdDir);
    const buildkitd = pick('buildkitd', paths.buildkitdExe, paths.buildkitDir);
    const containerdBin = hostDirname(containerd);
    const buildkitBin = hostDirname(buildkitd);
    return {
        containerd,
        shim: joinHostPath(containerdBin, 'containerd-shim-runhcs-v1.exe'),
        ctr: joinHostPath(containerdBin, 'ctr.exe'),
        buildkitd,
        buildctl: joinHostPath(buildkitBin, 'buildctl.exe'),
        containerdDir: containerd === paths.containerdExe ? paths.containerdDir : containerdBin,
        buildkitDir: buildkitd === paths.buildkitdExe ? paths.buildkitDir : buildkitBin,
    };
}
/** Decides every change from the facts; pure, so the plan and the run cannot disagree. */
function plan_buildPlan(input) {
    const { facts, settings, paths, arch } = input;
    const notes = [];
    const warnings = [];
    const downloads = [];
    const files = [];
    const services = [];
    const bins = plan_resolveBinaries(facts, paths);
    const pinned = {
        containerd: settings.containerdVersion,
        buildkitd: settings.buildkitVersion,
    };
    const installed = { containerd: false, buildkitd: false };
    for (const name of plan_DAEMONS) {
        const info = facts.services[name];
        const ourDir = name === 'containerd' ? paths.containerdDir : paths.buildkitDir;
        if (!plan_isManaged(info, ourDir)) {
            const version = facts.foreignVersions[name] ?? null;
            const program = serviceCommand(info).program;
            if (version !== pinned[name]) {
                warnings.push(`Service ${name} runs ${program} (version ${version ?? 'unknown'}), not ${pinned[name]}; wcow-build ` +
                    'leaves services it did not install alone. To let it install the pinned version, remove the ' +
                    `service (sc.exe delete ${name}) or set ${name === 'containerd' ? 'containerd' : 'buildkit'}-version.`);
            }
            if (!serviceCommand(info).args.includes('--log-file')) {
                warnings.push(`Service ${name} runs without --log-file, so its log goes nowhere; diagnostics will lack it.`);
            }
            continue;
        }
        if (facts.installedVersions[name] !== pinned[name]) {
            const tool = name === 'containerd' ? 'containerd' : 'buildkit';
            const { url, fileName } = input.urlOf(tool, pinned[name]);
            downloads.push({
                tool,
                version: pinned[name],
                fileName,
                url,
                sha256: null,
                checksumSource: '',
                installDir: ourDir,
                stopsService: info.exists && info.state !== 'Stopped' ? name : undefined,
            });
            installed[name] = true;
        }
    }
    if (!facts.natPluginInstalled) {
        if (arch === 'amd64') {
            const { url, fileName } = input.urlOf('cni', CNI_VERSION);
            downloads.push({
                tool: 'cni',
                version: CNI_VERSION,
                fileName,
                url,
                sha256: null,
                checksumSource: '',
                installDir: paths.cniBinDir,
            });
        }
        else {
            // LIMITATION: microsoft/windows-container-networking publishes the NAT plugin for amd64 only.
            warnings.push(`No Windows NAT CNI plugin is published for ${arch}; RUN steps get no network unless nat.exe is ` +
                `placed in ${paths.cniBinDir}.`);
        }
    }
    if (!facts.logDirExists) {
        files.push({
            path: paths.logDir,
            action: 'create-folder',
            purpose: 'containerd and buildkitd service logs',
        });
    }
    if (facts.nat === null) {
        files.push({
            path: paths.cniConfPath,
            action: 'create',
            purpose: `NAT network config for RUN steps, with the subnet and gateway of the HNS network '${NAT_NETWORK_NAME}'`,
        });
    }
    else {
        const decision = decideCniConf(facts.cniConf, facts.nat);
        if (decision.action === 'none') {
            if (!facts.nat.found)
                warnings.push(`RUN steps get no network: ${decision.reason}.`);
        }
        else {
            files.push({
                path: paths.cniConfPath,
                action: decision.action,
                purpose: decision.reason,
                content: decision.content,
            });
        }
    }
    for (const name of plan_DAEMONS) {
        services.push(planService(name, facts, settings, paths, installed[name]));
    }
    return {
        version: 1,
        platform: 'win32',
        arch,
        freshHostAssumed: facts.fresh,
        daemonAddress: settings.buildkitAddress,
        downloads,
        files,
        services,
        waitFor: {
            command: [bins.buildctl, ...workersArgs(settings.buildkitAddress)],
            timeoutSeconds: settings.serviceTimeoutMs / 1000,
            until: 'the daemon lists a worker for os windows',
        },
        exclusions: planExclusions(facts, settings, paths, bins, notes, warnings),
        warmup: settings.warmupImages
            .map(normalizeImageRef)
            .filter((image) => !(facts.images ?? []).includes(image))
            .map((image) => ({ image, command: [bins.ctr, ...pullArgs(image)] })),
        notes,
        warnings,
        tools: { buildctl: bins.buildctl, ctr: bins.ctr },
    };
}
function planService(name, facts, settings, paths, reinstalled) {
    const info = facts.services[name];
    const exe = name === 'containerd' ? paths.containerdExe : paths.buildkitdExe;
    const ourDir = name === 'containerd' ? paths.containerdDir : paths.buildkitDir;
    const args = serviceArgs(name, settings, paths);
    const wanted = [exe, '--run-service', ...args];
    const managed = plan_isManaged(info, ourDir);
    const actions = [];
    const reasons = [];
    const dependsOn = name === 'buildkitd' ? 'containerd' : undefined;
    if (managed) {
        if (!info.exists) {
            actions.push('register');
            reasons.push(`${name} is not registered as a service`);
        }
        else if (!sameCommand(serviceCommand(info), wanted)) {
            actions.push('reconfigure');
            reasons.push(`its command line is ${info.pathName ?? '(none)'}`);
        }
        if (info.exists && info.startMode !== 'Auto') {
            actions.push('set-automatic');
            reasons.push(`its start mode is ${info.startMode ?? 'unknown'}`);
        }
        if (dependsOn && !(info.dependencies ?? []).some((dep) => dep.toLowerCase() === dependsOn)) {
            actions.push('set-dependency');
            reasons.push(`it must start after ${dependsOn}`);
        }
    }
    const state = info.state ?? 'Stopped';
    if (!info.exists || state === 'Stopped') {
        actions.push('start');
        reasons.push(info.exists ? 'it is stopped' : 'it will be registered stopped');
    }
    else if (STUCK_STATES.includes(state)) {
        actions.push('restart');
        reasons.push(`it is stuck in state ${state}`);
    }
    else if (state === 'Running' && (reinstalled || actions.includes('reconfigure'))) {
        actions.push('restart');
        reasons.push(reinstalled ? 'its binaries are replaced' : 'its command line changes');
    }
    return {
        name,
        managed,
        actions,
        reasons,
        registerCommand: [exe, '--register-service', ...args],
        serviceCommandLine: joinWindowsCommandLine(wanted),
        logFile: name === 'containerd' ? paths.containerdLog : paths.buildkitdLog,
        dependsOn,
    };
}
/** A service is wcow-build's to configure when it is absent or runs a binary from its folder. */
function plan_isManaged(info, ourDir) {
    return !info.exists || isInsideFolder(serviceCommand(info).program, ourDir);
}
function sameCommand(actual, wanted) {
    const [program, ...args] = wanted;
    return (normalizeWindowsPath(actual.program) === normalizeWindowsPath(program) &&
        actual.args.length === args.length &&
        actual.args.every((arg, i) => arg === args[i]));
}
/** The exclusions wanted on this host: daemon data, install and log folders, and their processes. */
function wantedExclusions(settings, paths, bins) {
    return {
        paths: [
            paths.containerdRoot,
            paths.containerdState,
            paths.buildkitdRoot,
            bins.containerdDir,
            bins.buildkitDir,
            paths.logDir,
            ...settings.exclusionPaths,
        ],
        processes: [bins.containerd, bins.shim, bins.buildkitd, bins.buildctl],
    };
}
function planExclusions(facts, settings, paths, bins, notes, warnings) {
    const wanted = wantedExclusions(settings, paths, bins);
    if (settings.defenderExclusions === 'false') {
        notes.push('Defender exclusions are off (defender-exclusions: false).');
        return null;
    }
    if (facts.defender === null) {
        const condition = settings.defenderExclusions === 'true'
            ? 'when Microsoft Defender is installed'
            : 'only when Defender real-time protection is on';
        return { condition, ...wanted };
    }
    const decision = decideExclusions(settings.defenderExclusions, facts.defender);
    if (!decision.manage) {
        notes.push(`No Defender exclusions: ${decision.reason}.`);
        return null;
    }
    if (facts.defender.exclusionPath === null || facts.defender.exclusionProcess === null) {
        warnings.push('Defender hides its exclusion list from this account, so none are added (the post step could ' +
            'not tell added ones from existing ones).');
        return null;
    }
    return {
        condition: decision.reason,
        paths: missingEntries(wanted.paths, facts.defender.exclusionPath),
        processes: missingEntries(wanted.processes, facts.defender.exclusionProcess),
    };
}

;// CONCATENATED MODULE: ./lib/windows/probe.js






/**
 * Reads the version from `containerd --version` or `buildkitd --version`, which print
 * `<name> <module path> v<version> <revision>`; a `+unknown` build suffix is dropped.
 */
function parseToolVersion(output) {
    for (const token of output.trim().split(/\s+/).slice(1)) {
        const match = /^v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?)(?:\+\S*)?$/.exec(token);
        if (match)
            return match[1];
    }
    return null;
}
/** Runs `<exe> --version`; null when the file is missing or prints no version. */
async function probe_readToolVersion(exe, ctx) {
    if (!(await probe_exists(exe)))
        return null;
    const result = await ctx.exec(exe, ['--version'], { env: ctx.env, timeoutMs: 30_000 });
    if (result.exitCode !== 0) {
        ctx.log.debug(`${exe} --version failed: ${result.startError ?? result.stderr.trim()}`);
        return null;
    }
    return parseToolVersion(result.stdout);
}
/** Reads everything the plan depends on; changes nothing. */
async function probe_probeHost(ctx, paths, settings) {
    const found = await queryServices(DAEMONS, ctx);
    const services = {
        containerd: found.get('containerd'),
        buildkitd: found.get('buildkitd'),
    };
    const installedVersions = {
        containerd: await probe_readToolVersion(paths.containerdExe, ctx),
        buildkitd: await probe_readToolVersion(paths.buildkitdExe, ctx),
    };
    const foreignVersions = {};
    for (const name of DAEMONS) {
        const ourDir = name === 'containerd' ? paths.containerdDir : paths.buildkitDir;
        if (!isManaged(services[name], ourDir)) {
            foreignVersions[name] = await probe_readToolVersion(serviceCommand(services[name]).program, ctx);
        }
    }
    const facts = {
        fresh: false,
        installedVersions,
        services,
        foreignVersions,
        natPluginInstalled: await probe_exists(paths.natPluginExe),
        cniConf: await readText(paths.cniConfPath),
        nat: await readNatNetwork(ctx),
        logDirExists: await probe_exists(paths.logDir),
        defender: settings.defenderExclusions === 'false' ? null : await readDefenderState(ctx),
        images: null,
    };
    if (settings.warmupImages.length === 0 || services.containerd.state !== 'Running')
        return facts;
    return { ...facts, images: await listImages(resolveBinaries(facts, paths).ctr, ctx) };
}
async function probe_exists(file) {
    try {
        await fs.access(file);
        return true;
    }
    catch {
        return false;
    }
}
async function readText(file) {
    try {
        return await fs.readFile(file, 'utf8');
    }
    catch {
        return null;
    }
}

;// CONCATENATED MODULE: ./lib/windows/prepare.js












/** Preparation failed; `changes` holds what was changed before, for the post step to undo. */
class HostPreparationError extends SetupError {
    changes;
    constructor(message, changes) {
        super(message);
        this.changes = changes;
    }
}
const POLL_MS = 1000;
const STATE_WAIT_MS = 30_000;
const WARMUP_TIMEOUT_MS = (/* unused pure expression or super */ null && (30 * 60_000));
/** An empty record of host changes. */
function noHostChanges() {
    return {
        version: 1,
        installed: [],
        files: [],
        services: [],
        exclusions: { paths: [], processes: [] },
        warmedUp: [],
        tools: {},
    };
}
/**
 * Prepares a Windows host for BuildKit: installs what is missing, registers and starts the
 * services, waits for the daemon to answer, warms it up and adds Defender exclusions. Throws a
 * SetupError (HostPreparationError) only when the daemon cannot be brought to answer.
 *
 * Two jobs on one machine must not prepare it at the same time: the main step holds the
 * host-wide `host-preparation` queue slot around this call.
 */
async function prepare_prepareHost(options) {
    const changes = noHostChanges();
    const skip = skipReason(options);
    if (skip !== undefined) {
        changes.skipped = skip.code;
        if (skip.code === 'setup-false')
            options.log.debug(skip.message);
        else
            options.log.info(skip.message);
        return changes;
    }
    const arch = releaseArch(options.arch);
    if (arch === undefined) {
        throw new HostPreparationError(`No containerd or BuildKit release exists for architecture ${options.arch}; prepare the host ` +
            'yourself and set setup: false.', changes);
    }
    try {
        await new Preparation(options, arch, changes).run();
    }
    catch (error) {
        if (error instanceof HostPreparationError)
            throw error;
        throw new HostPreparationError(`Host preparation failed: ${describeError(error)}`, changes);
    }
    return changes;
}
/**
 * Removes exactly the Defender exclusions `prepareHost` added, unless keep-exclusions; never throws.
 *
 * LIMITATION: exclusions are per machine, the record is per job. When two agents share a machine,
 * a job that found the exclusions already present (added by the other job) records none, and the
 * other job's post step removes them while it still builds. Such hosts should use
 * keep-exclusions: true.
 */
async function restoreHost(options, changes) {
    const { log } = options;
    try {
        const added = {
            paths: stringList(changes?.exclusions?.paths),
            processes: stringList(changes?.exclusions?.processes),
        };
        const count = added.paths.length + added.processes.length;
        if (count === 0) {
            log.debug('No Defender exclusions were added, so none are removed.');
            return;
        }
        const listing = [...added.paths, ...added.processes].join(', ');
        if (options.settings.keepExclusions) {
            log.info(`keep-exclusions is true: the ${count} Defender exclusions added earlier stay (${listing}).`);
            return;
        }
        if (options.platform !== 'win32')
            return;
        await log.group('Restore host: Defender exclusions', async () => {
            const ctx = { exec: options.exec, env: options.env, log };
            let failures;
            try {
                failures = await defender_changeExclusions('remove', added, ctx);
            }
            catch (error) {
                failures = [
                    ...added.paths.map((value) => ({
                        kind: 'path',
                        value,
                        message: errors_describeError(error),
                    })),
                    ...added.processes.map((value) => ({
                        kind: 'process',
                        value,
                        message: errors_describeError(error),
                    })),
                ];
            }
            const failed = new Set(failures.map((failure) => `${failure.kind}:${failure.value}`));
            for (const value of added.paths) {
                if (!failed.has(`path:${value}`))
                    log.info(`Removed Defender exclusion path ${value}.`);
            }
            for (const value of added.processes) {
                if (!failed.has(`process:${value}`))
                    log.info(`Removed Defender exclusion process ${value}.`);
            }
            if (failures.length > 0) {
                const left = {
                    paths: failures.filter((f) => f.kind === 'path').map((f) => f.value),
                    processes: failures.filter((f) => f.kind === 'process').map((f) => f.value),
                };
                log.warning(`Defender did not remove ${failures.length} exclusion(s) wcow-build added ` +
                    `(${failures[0].message}). Remove them by hand as administrator: ${defender_manualCommand('remove', left)}`);
            }
        });
    }
    catch (error) {
        log.warning(`Undoing the host changes failed: ${errors_describeError(error)}. The job result is unchanged.`);
    }
}
/**
 * Lists, as JSON, every change `prepareHost` would make on this host (or on a fresh Windows host
 * with `assumeFreshHost`), with each download's URL and SHA-256; changes nothing.
 */
async function planHostPreparation(options) {
    const skip = skipReason(options);
    if (skip !== undefined)
        return skippedPlan(options, skip.message);
    const arch = releaseArch(options.arch);
    if (arch === undefined)
        return skippedPlan(options, `no containerd or BuildKit release exists for ${options.arch}`);
    const paths = resolveHostPaths(options.env);
    const ctx = { exec: options.exec, env: options.env, log: options.log };
    const facts = options.assumeFreshHost
        ? freshHostFacts()
        : await probeHost(ctx, paths, options.settings);
    const plan = makePlan(options, arch, paths, facts);
    for (const download of plan.downloads) {
        const artifact = artifactFor(options, arch, download.tool, download.version);
        download.checksumSource = describeChecksumSource(artifact.checksum);
        download.cacheDir = archiveCacheDir(options.toolCacheDir, artifact);
        try {
            download.sha256 = await resolveChecksum(artifact, (url) => fetchText(url));
        }
        catch (error) {
            download.checksumError = describeError(error);
        }
    }
    return plan;
}
function skipReason(options) {
    if (options.settings.setup === 'false') {
        return { code: 'setup-false', message: 'setup is false: the host is left as it is.' };
    }
    if (options.platform !== 'win32') {
        return {
            code: 'not-windows',
            message: `Host preparation applies to Windows hosts; this host runs ${options.platform}, so nothing was changed.`,
        };
    }
    if (!isLocalPipe(options.settings.buildkitAddress)) {
        return {
            code: 'remote-daemon',
            message: `buildkit-address ${options.settings.buildkitAddress} is not a named pipe on this host, so the host ` +
                'is not prepared (the daemon runs elsewhere).',
        };
    }
    return undefined;
}
function skippedPlan(options, reason) {
    return {
        version: 1,
        platform: options.platform,
        arch: options.arch,
        freshHostAssumed: false,
        skipped: reason,
        daemonAddress: options.settings.buildkitAddress,
        downloads: [],
        files: [],
        services: [],
        waitFor: null,
        exclusions: null,
        warmup: [],
        notes: [],
        warnings: [],
        tools: { buildctl: 'buildctl', ctr: 'ctr' },
    };
}
function artifactFor(options, arch, tool, version) {
    return releaseArtifact(tool, version, arch, options.releasesBaseUrl ?? DEFAULT_RELEASES_BASE, options.pinnedSha256);
}
function makePlan(options, arch, paths, facts) {
    return buildPlan({
        facts,
        settings: options.settings,
        paths,
        arch,
        urlOf: (tool, version) => {
            const artifact = artifactFor(options, arch, tool, version);
            return { url: artifact.url, fileName: artifact.fileName };
        },
    });
}
function describeChecksumSource(source) {
    switch (source.kind) {
        case 'pinned':
            return `pinned (${source.origin})`;
        case 'sha256sum':
            return `published checksum file ${source.url}`;
        case 'in-toto':
            return `published in-toto statement ${source.url} (subject digest)`;
        default:
            return `none: ${source.reason}`;
    }
}
function asSentence(text) {
    return /[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`;
}
function stringList(value) {
    return Array.isArray(value)
        ? value.filter((item) => typeof item === 'string')
        : [];
}
/** One run of the preparation: the phases share the host paths, the facts and the record. */
class Preparation {
    options;
    arch;
    changes;
    ctx;
    paths;
    log;
    settings;
    facts = freshHostFacts();
    /** Services stopped so that binaries could be replaced, with the reason to start them again. */
    stoppedForInstall = new Map();
    /** Services changed since the probe; the others are known from the probe without asking again. */
    touched = new Set();
    constructor(options, arch, changes) {
        this.options = options;
        this.arch = arch;
        this.changes = changes;
        this.ctx = { exec: options.exec, env: options.env, log: options.log };
        this.paths = resolveHostPaths(options.env);
        this.log = options.log;
        this.settings = options.settings;
    }
    async run() {
        const plan = await this.log.group('Prepare host: inspect', () => this.inspect());
        await this.log.group('Prepare host: Defender exclusions', () => this.addExclusions(plan));
        if (plan.downloads.length > 0) {
            await this.log.group('Prepare host: install', () => this.install(plan));
        }
        if (plan.files.length > 0) {
            await this.log.group('Prepare host: network and logs', () => this.writeFiles(plan));
        }
        await this.log.group('Prepare host: services', () => this.startServices(plan));
        if (plan.warmup.length > 0) {
            await this.log.group('Prepare host: warm-up', () => this.warmUp(plan));
        }
    }
    record(change, message) {
        change();
        this.log.info(message);
        this.options.onChange?.(this.changes);
    }
    async inspect() {
        this.facts = await probeHost(this.ctx, this.paths, this.settings);
        const plan = makePlan(this.options, this.arch, this.paths, this.facts);
        this.changes.tools = { ...plan.tools };
        for (const name of DAEMONS) {
            const info = this.facts.services[name];
            const service = info.exists ? `service ${info.state}, start ${info.startMode}` : 'no service';
            const foreign = name in this.facts.foreignVersions;
            const version = foreign
                ? `${this.facts.foreignVersions[name] ?? 'unknown version'} at ${info.pathName ?? ''}`
                : (this.facts.installedVersions[name] ?? 'not installed');
            this.log.info(`${name}: ${version} (${service}).`);
        }
        const planned = [
            ...plan.downloads.map((d) => `install ${d.tool} ${d.version}`),
            ...plan.files.map((f) => `${f.action} ${f.path}`),
            ...plan.services.flatMap((s) => s.actions.map((action) => `${action} ${s.name}`)),
        ];
        this.log.info(planned.length === 0 ? 'Nothing to install or configure.' : `Planned: ${planned.join('; ')}.`);
        // The plan's notes are for `setup --plan`; each phase logs its own decision.
        for (const warning of plan.warnings)
            this.log.warning(warning);
        return plan;
    }
    async addExclusions(plan) {
        const state = this.facts.defender;
        if (state === null) {
            this.log.info('Defender exclusions: off (defender-exclusions: false).');
            return;
        }
        const decision = decideExclusions(this.settings.defenderExclusions, state);
        if (!decision.manage) {
            this.log.info(`Defender exclusions: none added; ${decision.reason}.`);
            return;
        }
        const wanted = plan.exclusions;
        if (wanted === null)
            return; // the plan's warning already says why (hidden exclusion list)
        if (wanted.paths.length + wanted.processes.length === 0) {
            this.log.info(`Defender exclusions: all already present (${decision.reason}).`);
            return;
        }
        let failures;
        try {
            failures = await changeExclusions('add', wanted, this.ctx);
        }
        catch (error) {
            failures = [{ kind: 'path', value: '*', message: describeError(error) }];
        }
        const after = await readDefenderState(this.ctx);
        const added = presentNow(wanted, after, failures);
        for (const value of added.paths) {
            this.record(() => this.changes.exclusions.paths.push(value), `Added Defender exclusion path ${value}.`);
        }
        for (const value of added.processes) {
            this.record(() => this.changes.exclusions.processes.push(value), `Added Defender exclusion process ${value}.`);
        }
        const refused = {
            paths: wanted.paths.filter((p) => !added.paths.includes(p)),
            processes: wanted.processes.filter((p) => !added.processes.includes(p)),
        };
        const count = refused.paths.length + refused.processes.length;
        if (count > 0) {
            const why = failures.length > 0 ? failures[0].message : 'Defender did not keep them';
            this.log.warning(`Defender refused ${count} exclusion(s) (${why}). ${adviceForRefusal(after.available ? after : state, failures)} ` +
                `By hand, as administrator: ${manualCommand('add', refused)}`);
        }
    }
    async install(plan) {
        for (const download of plan.downloads) {
            try {
                await this.installOne(download);
            }
            catch (error) {
                const reason = asSentence(describeError(error));
                if (download.tool === 'cni') {
                    this.log.warning(`The Windows NAT CNI plugin was not installed: ${reason} RUN steps get no network until ` +
                        `nat.exe is in ${download.installDir}.`);
                    continue;
                }
                const name = download.tool === 'containerd' ? 'containerd' : 'buildkitd';
                const current = this.facts.installedVersions[name];
                if (current !== null) {
                    this.log.warning(`${download.tool} ${download.version} was not installed: ${reason} Going on with ${current}.`);
                    continue;
                }
                throw new HostPreparationError(`${download.tool} ${download.version} could not be installed: ${reason}`, this.changes);
            }
        }
    }
    async installOne(download) {
        const artifact = artifactFor(this.options, this.arch, download.tool, download.version);
        const sha256 = await resolveChecksum(artifact, (url) => fetchText(url));
        this.log.info(`${artifact.fileName} must have SHA-256 ${sha256} (${describeChecksumSource(artifact.checksum)}).`);
        const { file, source } = await ensureArchive(artifact, sha256, {
            toolCacheDir: this.options.toolCacheDir,
            downloadCache: this.options.downloadCache,
            clock: this.options.clock,
            log: this.log,
        });
        if (download.stopsService !== undefined)
            await this.stopForInstall(download.stopsService);
        const files = await installArchive(file, artifact.format, download.installDir);
        this.record(() => this.changes.installed.push({
            tool: artifact.tool,
            version: artifact.version,
            url: artifact.url,
            sha256,
            source,
            dir: download.installDir,
            files,
        }), `Installed ${artifact.tool} ${artifact.version} into ${download.installDir} (${files.length} files, archive from ${source}).`);
        if (artifact.tool === 'cni')
            return;
        const exe = artifact.tool === 'containerd' ? this.paths.containerdExe : this.paths.buildkitdExe;
        const version = await readToolVersion(exe, this.ctx);
        if (version !== artifact.version) {
            throw new Error(`the installed ${exe} reports version ${version ?? 'none'}, not ${artifact.version}.`);
        }
    }
    async stopForInstall(name, detail = 'to replace its binaries') {
        // The service manager refuses to stop containerd while buildkitd, which depends on it, runs.
        if (name === 'containerd')
            await this.stopForInstall('buildkitd', "to replace containerd's binaries");
        this.touched.add(name);
        const info = await this.query(name);
        if (!info.exists || info.state === 'Stopped')
            return;
        await this.stop(info);
        this.stoppedForInstall.set(name, detail.replace(/^to replace/, 'after replacing'));
        this.record(() => this.changes.services.push({ name, action: 'stopped', detail }), `Stopped service ${name} ${detail}.`);
    }
    async writeFiles(plan) {
        for (const file of plan.files) {
            if (file.action === 'create-folder') {
                await fs.mkdir(file.path, { recursive: true });
                this.record(() => this.changes.files.push({ path: file.path, action: 'created-folder' }), `Created folder ${file.path} (${file.purpose}).`);
                continue;
            }
            if (file.content === undefined)
                continue;
            const previous = await fs.readFile(file.path, 'utf8').catch(() => undefined);
            await fs.mkdir(hostDirname(file.path), { recursive: true });
            await fs.writeFile(file.path, file.content, 'utf8');
            const action = previous === undefined ? 'created' : 'replaced';
            this.record(() => this.changes.files.push({ path: file.path, action, previousContent: previous }), `${action === 'created' ? 'Created' : 'Replaced'} ${file.path}: ${file.purpose}.`);
        }
    }
    async startServices(plan) {
        for (const service of plan.services) {
            await this.configure(service);
            await this.ensureRunning(service.name, service.actions.includes('restart'), service.reasons.join('; '));
        }
        await this.waitForDaemon(plan);
    }
    async configure(service) {
        const { name } = service;
        if (service.actions.some((action) => action !== 'start' && action !== 'restart'))
            this.touched.add(name);
        for (const action of service.actions) {
            if (action === 'register') {
                const [program, ...args] = service.registerCommand;
                this.log.debug(`argv: ${JSON.stringify(service.registerCommand)}`);
                const result = await this.options.exec(program, args, {
                    env: this.options.env,
                    timeoutMs: 60_000,
                });
                if (result.exitCode !== 0) {
                    const detail = result.startError ??
                        (result.stderr.trim() || result.stdout.trim()).split(/\r?\n/).at(-1);
                    throw new HostPreparationError(`Registering the ${name} service failed (${detail}). The agent needs administrator rights to ` +
                        'register services; run it elevated or register the services yourself (see wcow-build setup --plan).', this.changes);
                }
                this.record(() => this.changes.services.push({
                    name,
                    action: 'registered',
                    detail: `automatic start, log file ${service.logFile}`,
                    commandLine: service.serviceCommandLine,
                }), `Registered service ${name}: ${service.serviceCommandLine}`);
            }
            else if (action === 'reconfigure') {
                const previous = this.facts.services[name].pathName;
                await configureService(name, 'binPath', service.serviceCommandLine, this.ctx);
                this.record(() => this.changes.services.push({
                    name,
                    action: 'reconfigured',
                    detail: 'command line set to the one wcow-build registers',
                    commandLine: service.serviceCommandLine,
                    previousCommandLine: previous,
                }), `Changed the command line of service ${name} from ${previous ?? '(none)'} to ${service.serviceCommandLine}`);
            }
            else if (action === 'set-automatic') {
                await configureService(name, 'start', 'auto', this.ctx);
                const was = this.facts.services[name].startMode ?? 'unknown';
                this.record(() => this.changes.services.push({
                    name,
                    action: 'set-automatic',
                    detail: `start mode was ${was}`,
                }), `Set service ${name} to start automatically (was ${was}).`);
            }
            else if (action === 'set-dependency' && service.dependsOn !== undefined) {
                const existing = [...(this.facts.services[name].dependencies ?? [])];
                const value = [...existing, service.dependsOn].join('/');
                await configureService(name, 'depend', value, this.ctx);
                this.record(() => this.changes.services.push({
                    name,
                    action: 'set-dependency',
                    detail: `depends on ${value}`,
                }), `Made service ${name} depend on ${value}.`);
            }
        }
    }
    async query(name) {
        const found = await queryServices([name], this.ctx);
        return found.get(name) ?? { name, exists: false };
    }
    /** Starts a stopped service, restarts a stuck one (or one that must restart), and waits for Running. */
    async ensureRunning(name, restart, reason) {
        let info = this.touched.has(name) ? await this.query(name) : this.facts.services[name];
        this.touched.add(name);
        if (!info.exists) {
            throw new HostPreparationError(`Service ${name} is not registered; it cannot be started.`, this.changes);
        }
        const state = info.state ?? 'Stopped';
        const stuck = STUCK_STATES.includes(state);
        if (state === 'Running' && !restart)
            return;
        if (state === 'Running' || stuck) {
            await this.stop(info);
            await this.start(name, 'restarted', stuck ? `it was stuck in state ${state}` : reason);
        }
        else {
            const detail = this.stoppedForInstall.get(name) ?? `it was ${state.toLowerCase()}`;
            await this.start(name, 'started', detail);
        }
        info = await this.waitForState(name, (s) => s === 'Running' || s === 'Stopped', this.stateWaitMs());
        if (info.state === 'Stopped') {
            const log = name === 'containerd' ? this.paths.containerdLog : this.paths.buildkitdLog;
            throw new HostPreparationError(`Service ${name} stopped right after it was started; read ${log} on the host for the reason.`, this.changes);
        }
        if (info.state !== 'Running') {
            this.log.info(`Service ${name} is still ${info.state}; waiting for the daemon to answer instead.`);
        }
    }
    async start(name, action, detail) {
        const result = await startService(name, this.ctx);
        if (!result.ok) {
            throw new HostPreparationError(`Service ${name} could not be started (sc.exe start: ${result.detail}).`, this.changes);
        }
        this.record(() => this.changes.services.push({ name, action, detail }), `${action === 'started' ? 'Started' : 'Restarted'} service ${name} (${detail}).`);
    }
    /** Stops a service; kills its process when it does not stop (a stuck service ignores requests). */
    async stop(info) {
        const name = info.name;
        const asked = await stopService(name, this.ctx);
        let now = asked.ok
            ? await this.waitForState(name, (s) => s === 'Stopped', this.stateWaitMs())
            : info;
        if (now.state !== 'Stopped') {
            const pid = now.processId ?? info.processId ?? 0;
            if (pid <= 0) {
                throw new HostPreparationError(`Service ${name} does not stop (${asked.detail}) and has no process to end.`, this.changes);
            }
            this.log.info(`Service ${name} does not stop (${asked.ok ? now.state : asked.detail}); ending process ${pid}.`);
            await stopProcess(pid, this.ctx);
            now = await this.waitForState(name, (s) => s === 'Stopped', this.stateWaitMs());
            if (now.state !== 'Stopped') {
                throw new HostPreparationError(`Service ${name} is still ${now.state} after its process was ended.`, this.changes);
            }
        }
    }
    /** How long to wait for a service state: 30 s, less when service-timeout is short. */
    stateWaitMs() {
        return Math.min(STATE_WAIT_MS, this.settings.serviceTimeoutMs / 4);
    }
    async waitForState(name, done, limitMs) {
        const deadline = this.options.clock.now() + limitMs;
        for (;;) {
            const info = await this.query(name);
            if (done(info.state ?? 'Stopped') || this.options.clock.now() >= deadline)
                return info;
            await this.options.clock.sleep(Math.min(POLL_MS, deadline - this.options.clock.now()));
        }
    }
    async waitForDaemon(plan) {
        const { clock } = this.options;
        const address = this.settings.buildkitAddress;
        const timeout = this.settings.serviceTimeoutMs;
        const started = clock.now();
        const deadline = started + timeout;
        let restarted = false;
        let last = '';
        for (;;) {
            const probe = await probeDaemon(plan.tools.buildctl, address, this.ctx);
            if (probe.windowsWorker) {
                this.log.info(`BuildKit answers at ${address} after ${Math.round((clock.now() - started) / 1000)} s: ${probe.detail}.`);
                return;
            }
            if (probe.detail !== last)
                this.log.debug(`BuildKit not ready: ${probe.detail}`);
            last = probe.detail;
            const now = clock.now();
            if (now >= deadline) {
                throw new HostPreparationError(`BuildKit at ${address} did not list a Windows worker within ${timeout / 1000} s (service-timeout); ` +
                    `last answer: ${last}. Read ${this.paths.buildkitdLog} and ${this.paths.containerdLog} on the host, ` +
                    'or raise service-timeout.', this.changes);
            }
            if (!restarted && now - started >= timeout / 2) {
                restarted = true;
                await this.restartSilentDaemon(Math.round((now - started) / 1000), last);
            }
            await clock.sleep(Math.min(POLL_MS, deadline - now));
        }
    }
    /** Halfway through the wait, a daemon that runs but does not answer is restarted once. */
    async restartSilentDaemon(seconds, last) {
        const containerd = await this.query('containerd');
        if (containerd.state !== 'Running')
            await this.ensureRunning('containerd', false, 'it was not running');
        await this.ensureRunning('buildkitd', true, `BuildKit did not answer for ${seconds} s (${last})`);
    }
    async warmUp(plan) {
        const ctr = plan.tools.ctr;
        const present = this.facts.images ?? (await listImages(ctr, this.ctx)) ?? [];
        for (const { image, command } of plan.warmup) {
            if (present.includes(image)) {
                this.log.info(`${image} is already in BuildKit's image store.`);
                continue;
            }
            const started = this.options.clock.now();
            this.log.debug(`argv: ${JSON.stringify(command)}`);
            const result = await this.options.exec(command[0], command.slice(1), {
                env: this.options.env,
                timeoutMs: WARMUP_TIMEOUT_MS,
                maxOutput: 64 * 1024,
            });
            if (result.exitCode === 0) {
                const seconds = Math.round((this.options.clock.now() - started) / 1000);
                this.record(() => this.changes.warmedUp.push(image), `Pulled ${image} into BuildKit's image store in ${seconds} s.`);
                continue;
            }
            const detail = result.timedOut
                ? `no result within ${WARMUP_TIMEOUT_MS / 60_000} min`
                : (result.startError ??
                    result.stderr.trim().split(/\r?\n/).at(-1) ??
                    `exit code ${result.exitCode}`);
            // LIMITATION: ctr reads no registry credentials, so images from private registries are not warmed up.
            this.log.warning(`Warm-up of ${image} failed (${detail}); the build pulls it itself. Images that need a registry ` +
                'login cannot be warmed up.');
        }
    }
}
/** The wanted exclusions Defender now lists and did not refuse. */
function presentNow(wanted, after, failures) {
    const refused = new Set(failures.map((failure) => `${failure.kind}:${normalizeWindowsPath(failure.value)}`));
    const has = (list, kind, value) => {
        if (refused.has(`${kind}:${normalizeWindowsPath(value)}`) || refused.has(`path:*`))
            return false;
        // When the list cannot be read back, an entry that raised no error is taken as added.
        return (list === null ||
            list.some((entry) => normalizeWindowsPath(entry) === normalizeWindowsPath(value)));
    };
    return {
        paths: wanted.paths.filter((value) => has(after.available ? after.exclusionPath : null, 'path', value)),
        processes: wanted.processes.filter((value) => has(after.available ? after.exclusionProcess : null, 'process', value)),
    };
}

// EXTERNAL MODULE: ./lib/engine/deps.js + 2 modules
var engine_deps = __nccwpck_require__(238);
;// CONCATENATED MODULE: ./lib/engine/diagnostics/bundle-writer.js




/** Read size for copies: large enough to be fast, small enough for bounded memory. */
const CHUNK_BYTES = 1024 * 1024;
/** A write refused because the collector that asked for it was already cut off. */
class ScopeClosedError extends Error {
    name = 'ScopeClosedError';
}
/** The bundle folder and the index of what was written into it. */
class BundleWriter {
    folder;
    redactor;
    records = new Map();
    constructor(folder, redactor) {
        this.folder = folder;
        this.redactor = redactor;
    }
    /** The files written so far, in write order. */
    get files() {
        return [...this.records.values()];
    }
    /** Absolute path of a bundle file. */
    resolve(name) {
        const target = external_node_path_.resolve(this.folder, name);
        if (!target.startsWith(external_node_path_.resolve(this.folder) + external_node_path_.sep)) {
            throw new Error(`bundle file name ${name} points outside the bundle folder`);
        }
        return target;
    }
    /** A scope for one collector; `close()` makes later writes fail and drops unfinished files. */
    scope(collector) {
        let open = true;
        const controller = new AbortController();
        const guard = async (name, write) => {
            if (!open)
                throw new ScopeClosedError(`collector ${collector} was cut off; ${name} not written`);
            const target = this.resolve(name);
            await external_node_fs_.promises.mkdir(external_node_path_.dirname(target), { recursive: true });
            let redactions;
            try {
                redactions = await write(target);
            }
            catch (error) {
                await external_node_fs_.promises.rm(target, { force: true });
                throw error;
            }
            if (!open) {
                await external_node_fs_.promises.rm(target, { force: true });
                throw new ScopeClosedError(`collector ${collector} was cut off while writing ${name}`);
            }
            const bytes = (await external_node_fs_.promises.stat(target)).size;
            this.record({ path: toBundlePath(name), bytes, collector, redactions });
        };
        const writeText = (name, text) => guard(name, async (target) => {
            const { output, count } = this.redactor.redactBuffer(Buffer.from(text, 'utf8'));
            await external_node_fs_.promises.writeFile(target, output);
            return count;
        });
        return {
            close() {
                open = false;
                controller.abort();
            },
            writeText,
            writeJson: (name, value) => writeText(name, `${JSON.stringify(value, jsonReplacer, 2)}\n`),
            copyTail: async (source, name, maxBytes) => {
                let result = { sourceBytes: 0, fromByte: 0, bytes: 0 };
                await guard(name, async (target) => {
                    const copied = await this.copyRedacted(source, target, maxBytes, controller.signal);
                    result = copied.result;
                    return copied.redactions;
                });
                return result;
            },
        };
    }
    /** Streams the tail of `source` through the redactor into `target`. */
    async copyRedacted(source, target, maxBytes, signal) {
        const sourceBytes = (await external_node_fs_.promises.stat(source)).size;
        const fromByte = Math.max(0, sourceBytes - maxBytes);
        // Start early by the longest pattern so a secret straddling the cut is still recognised.
        const readFrom = Math.max(0, fromByte - Math.max(0, this.redactor.longest - 1));
        const state = this.redactor.stream(fromByte - readFrom);
        const out = external_node_fs_.createWriteStream(target);
        if (fromByte > 0)
            out.write(cutNotice(fromByte, sourceBytes));
        const redact = new external_node_stream_namespaceObject.Transform({
            transform(chunk, _encoding, done) {
                done(null, state.push(chunk));
            },
            flush(done) {
                done(null, state.end());
            },
        });
        const input = external_node_fs_.createReadStream(source, { start: readFrom, highWaterMark: CHUNK_BYTES });
        await (0,external_node_stream_promises_namespaceObject.pipeline)(input, redact, out, { signal });
        const bytes = (await external_node_fs_.promises.stat(target)).size;
        return { result: { sourceBytes, fromByte, bytes }, redactions: state.count };
    }
    /**
     * Shortens a written file to its last `keepBytes` (plus a first line saying so). The content is
     * already redacted, so any suffix of it is too.
     */
    async keepTail(name, keepBytes) {
        const target = this.resolve(name);
        const size = (await external_node_fs_.promises.stat(target)).size;
        if (size <= keepBytes)
            return size;
        const temporary = `${target}.cut`;
        const out = external_node_fs_.createWriteStream(temporary);
        out.write(cutNotice(size - keepBytes, size));
        await (0,external_node_stream_promises_namespaceObject.pipeline)(external_node_fs_.createReadStream(target, { start: size - keepBytes, highWaterMark: CHUNK_BYTES }), out);
        await external_node_fs_.promises.rename(temporary, target);
        const bytes = (await external_node_fs_.promises.stat(target)).size;
        const record = this.records.get(toBundlePath(name));
        if (record !== undefined)
            this.records.set(record.path, { ...record, bytes });
        return bytes;
    }
    /** Writes a file outside any collector scope: the index itself. */
    async writeOwn(name, text, collector) {
        const target = this.resolve(name);
        await external_node_fs_.promises.mkdir(external_node_path_.dirname(target), { recursive: true });
        const { output, count } = this.redactor.redactBuffer(Buffer.from(text, 'utf8'));
        await external_node_fs_.promises.writeFile(target, output);
        this.record({ path: toBundlePath(name), bytes: output.length, collector, redactions: count });
        return output.length;
    }
    record(file) {
        this.records.set(file.path, file);
    }
}
function cutNotice(cutBytes, totalBytes) {
    return `[wcow-build: the first ${cutBytes} of ${totalBytes} bytes were left out to keep the bundle within its size cap]\n`;
}
function toBundlePath(name) {
    return name.split(external_node_path_.sep).join('/');
}
/** JSON for values JSON cannot show: regular expressions as their source, big numbers as text. */
function jsonReplacer(_key, value) {
    if (value instanceof RegExp)
        return value.source;
    if (typeof value === 'bigint')
        return value.toString();
    return value;
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(161);
;// CONCATENATED MODULE: ./lib/windows/diagnostics-scripts.js

const OS_VERSION = String.raw `# wcow-diagnostics: os-version
$cv = Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion'
[ordered]@{
  productName = [string]$cv.ProductName
  displayVersion = [string]$cv.DisplayVersion
  editionId = [string]$cv.EditionID
  installationType = [string]$cv.InstallationType
  currentBuild = [string]$cv.CurrentBuild
  ubr = [int]$cv.UBR
  buildLabEx = [string]$cv.BuildLabEx
} | ConvertTo-Json -Compress`;
/** Reads the OS product, build and revision from the registry. */
function readOsVersion(options) {
    return powershell_runPowerShell(OS_VERSION, options);
}
const SERVICES = String.raw `# wcow-diagnostics: services
$wanted = @($data.names)
$all = @(Get-CimInstance -ClassName Win32_Service | Where-Object { $wanted -contains $_.Name })
$out = foreach ($name in $wanted) {
  $s = $all | Where-Object { $_.Name -eq $name } | Select-Object -First 1
  if ($null -eq $s) { [ordered]@{ name = $name; found = $false }; continue }
  $started = $null
  if ($s.ProcessId -gt 0) {
    $p = Get-Process -Id $s.ProcessId -ErrorAction SilentlyContinue
    if ($p -and $p.StartTime) { $started = $p.StartTime.ToUniversalTime().ToString('o') }
  }
  [ordered]@{
    name = $s.Name; found = $true; displayName = $s.DisplayName; state = $s.State
    startMode = $s.StartMode; pathName = $s.PathName; processId = [int]$s.ProcessId
    processStartedAt = $started; startName = $s.StartName; exitCode = [int]$s.ExitCode
    serviceSpecificExitCode = [int]$s.ServiceSpecificExitCode; delayedAutoStart = [bool]$s.DelayedAutoStart
  }
}
@{ services = @($out) } | ConvertTo-Json -Depth 4 -Compress`;
/** Reads the named services' state and configuration. */
async function readServices(names, options) {
    const result = await powershell_runPowerShell(SERVICES, {
        ...options,
        data: { names },
    });
    return result.services ?? [];
}
const EVENT_LOGS = String.raw `# wcow-diagnostics: event-logs
$since = [DateTimeOffset]::FromUnixTimeMilliseconds([int64]$data.since).LocalDateTime
$out = foreach ($q in @($data.queries)) {
  $filter = @{ LogName = [string]$q.logName; StartTime = $since }
  if ($q.providers) { $filter.ProviderName = [string[]]@($q.providers) }
  if ($q.levels) { $filter.Level = [int[]]@($q.levels) }
  try {
    $events = @(Get-WinEvent -FilterHashtable $filter -MaxEvents ([int]$data.maxEvents) -ErrorAction Stop | ForEach-Object {
      $text = [string]$_.Message
      if ($text.Length -gt [int]$data.maxMessage) { $text = $text.Substring(0, [int]$data.maxMessage) }
      [ordered]@{
        time = $_.TimeCreated.ToUniversalTime().ToString('o'); id = $_.Id; level = [int]$_.Level
        levelName = [string]$_.LevelDisplayName; provider = $_.ProviderName; message = $text
      }
    })
    [ordered]@{ name = $q.name; logName = $q.logName; events = $events; error = $null }
  } catch {
    if ($_.FullyQualifiedErrorId -like 'NoMatchingEventsFound*') {
      [ordered]@{ name = $q.name; logName = $q.logName; events = @(); error = $null }
    } else {
      [ordered]@{ name = $q.name; logName = $q.logName; events = @(); error = $_.Exception.Message }
    }
  }
}
@{ queries = @($out) } | ConvertTo-Json -Depth 5 -Compress`;
/** Reads event log entries written since `since` (ms since epoch), newest first. */
async function readEventLogs(queries, since, limits, options) {
    const data = { queries, since, maxEvents: limits.maxEvents, maxMessage: limits.maxMessage };
    const result = await powershell_runPowerShell(EVENT_LOGS, {
        ...options,
        data,
    });
    return result.queries ?? [];
}
// RmGetList is asked twice: once for the count, then with room for it (ERROR_MORE_DATA = 234).
const RESTART_MANAGER_SOURCE = String.raw `
using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Runtime.InteropServices;
using System.Text;

public static class WcowRestartManager {
  [StructLayout(LayoutKind.Sequential)]
  private struct UniqueProcess {
    public int ProcessId;
    public System.Runtime.InteropServices.ComTypes.FILETIME StartTime;
  }

  [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
  private struct ProcessInfo {
    public UniqueProcess Process;
    [MarshalAs(UnmanagedType.ByValTStr, SizeConst = 256)] public string AppName;
    [MarshalAs(UnmanagedType.ByValTStr, SizeConst = 64)] public string ServiceShortName;
    public int ApplicationType;
    public uint AppStatus;
    public uint SessionId;
    [MarshalAs(UnmanagedType.Bool)] public bool Restartable;
  }

  [DllImport("rstrtmgr.dll", CharSet = CharSet.Unicode)]
  private static extern int RmStartSession(out uint session, int flags, StringBuilder key);

  [DllImport("rstrtmgr.dll")]
  private static extern int RmEndSession(uint session);

  [DllImport("rstrtmgr.dll", CharSet = CharSet.Unicode)]
  private static extern int RmRegisterResources(uint session, uint fileCount, string[] files,
    uint processCount, UniqueProcess[] processes, uint serviceCount, string[] services);

  [DllImport("rstrtmgr.dll")]
  private static extern int RmGetList(uint session, out uint needed, ref uint count,
    [In, Out] ProcessInfo[] info, ref uint rebootReasons);

  public sealed class Holder {
    public int Pid;
    public string App;
    public string Service;
    public int Type;
  }

  public static List<Holder> Find(string[] files) {
    uint session;
    int rc = RmStartSession(out session, 0, new StringBuilder(33));
    if (rc != 0) throw new Win32Exception(rc);
    try {
      rc = RmRegisterResources(session, (uint)files.Length, files, 0, null, 0, null);
      if (rc != 0) throw new Win32Exception(rc);
      uint needed = 0, count = 0, reasons = 0;
      ProcessInfo[] info = null;
      while (true) {
        rc = RmGetList(session, out needed, ref count, info, ref reasons);
        if (rc == 0) break;
        if (rc != 234) throw new Win32Exception(rc);
        count = needed;
        info = new ProcessInfo[needed];
      }
      var holders = new List<Holder>();
      for (int i = 0; i < count; i++) {
        holders.Add(new Holder {
          Pid = info[i].Process.ProcessId, App = info[i].AppName,
          Service = info[i].ServiceShortName, Type = info[i].ApplicationType
        });
      }
      return holders;
    } finally {
      RmEndSession(session);
    }
  }
}
`;
const LOCK_HOLDERS = String.raw `# wcow-diagnostics: lock-holders
$source = @'${RESTART_MANAGER_SOURCE}'@
Add-Type -TypeDefinition $source -Language CSharp
$types = @{ 0 = 'Unknown'; 1 = 'MainWindow'; 2 = 'OtherWindow'; 3 = 'Service'; 4 = 'Explorer'; 5 = 'Console'; 1000 = 'Critical' }
$out = foreach ($item in @($data.paths)) {
  $path = [string]$item
  try {
    if (Test-Path -LiteralPath $path -PathType Container) {
      $files = @(Get-ChildItem -LiteralPath $path -File -Recurse -Depth 2 -Force -ErrorAction SilentlyContinue |
        Select-Object -First ([int]$data.maxFiles) | ForEach-Object { $_.FullName })
    } elseif (Test-Path -LiteralPath $path) {
      $files = @($path)
    } else {
      [ordered]@{ path = $path; files = 0; holders = @(); error = 'The file no longer exists.' }
      continue
    }
    $holders = @()
    if ($files.Count -gt 0) {
      $holders = @([WcowRestartManager]::Find([string[]]$files) | ForEach-Object {
        $p = Get-Process -Id $_.Pid -ErrorAction SilentlyContinue
        [ordered]@{
          pid = $_.Pid; app = $_.App; service = $_.Service; type = $types[$_.Type]
          processName = if ($p) { $p.ProcessName } else { $null }
          path = if ($p) { $p.Path } else { $null }
        }
      })
    }
    [ordered]@{ path = $path; files = $files.Count; holders = $holders; error = $null }
  } catch {
    [ordered]@{ path = $path; files = 0; holders = @(); error = $_.Exception.Message }
  }
}
@{ checks = @($out) } | ConvertTo-Json -Depth 5 -Compress`;
/**
 * Asks the Restart Manager which processes hold each path open. A folder stands for up to
 * `maxFiles` files inside it (layer folders are locked file by file).
 */
async function findFileHolders(paths, maxFiles, options) {
    const data = { paths, maxFiles };
    const result = await powershell_runPowerShell(LOCK_HOLDERS, { ...options, data });
    return result.checks ?? [];
}
const DEFENDER = String.raw `# wcow-diagnostics: defender
$status = $null; $statusError = $null; $preference = $null; $preferenceError = $null
try {
  $s = Get-MpComputerStatus -ErrorAction Stop
  $status = [ordered]@{
    amRunningMode = [string]$s.AMRunningMode; antivirusEnabled = [bool]$s.AntivirusEnabled
    realTimeProtectionEnabled = [bool]$s.RealTimeProtectionEnabled
    onAccessProtectionEnabled = [bool]$s.OnAccessProtectionEnabled
    behaviorMonitorEnabled = [bool]$s.BehaviorMonitorEnabled
    productVersion = [string]$s.AMProductVersion; signatureVersion = [string]$s.AntivirusSignatureVersion
  }
} catch { $statusError = $_.Exception.Message }
try {
  $p = Get-MpPreference -ErrorAction Stop
  $preference = [ordered]@{
    disableRealtimeMonitoring = [bool]$p.DisableRealtimeMonitoring
    exclusionPath = @($p.ExclusionPath | Where-Object { $_ })
    exclusionProcess = @($p.ExclusionProcess | Where-Object { $_ })
    exclusionExtension = @($p.ExclusionExtension | Where-Object { $_ })
  }
} catch { $preferenceError = $_.Exception.Message }
[ordered]@{ status = $status; statusError = $statusError; preference = $preference; preferenceError = $preferenceError } |
  ConvertTo-Json -Depth 4 -Compress`;
/** Reads Defender's status (Get-MpComputerStatus) and exclusions (Get-MpPreference). */
function readDefender(options) {
    return powershell_runPowerShell(DEFENDER, options);
}
const VOLUMES = String.raw `# wcow-diagnostics: volumes
$seen = @{}
$out = foreach ($item in @($data.paths)) {
  $path = [string]$item
  try { $root = [System.IO.Path]::GetPathRoot($path) } catch { continue }
  if (-not $root -or $seen.ContainsKey($root.ToUpperInvariant())) { continue }
  $seen[$root.ToUpperInvariant()] = $true
  try {
    $drive = New-Object System.IO.DriveInfo $root
    [ordered]@{ root = $root; path = $path; format = $drive.DriveFormat; totalBytes = $drive.TotalSize; freeBytes = $drive.AvailableFreeSpace }
  } catch {
    [ordered]@{ root = $root; path = $path; error = $_.Exception.Message }
  }
}
@{ volumes = @($out) } | ConvertTo-Json -Depth 3 -Compress`;
/** Reads size and free space of the volumes the given paths lie on, one entry per volume. */
async function readVolumes(paths, options) {
    const result = await powershell_runPowerShell(VOLUMES, {
        ...options,
        data: { paths },
    });
    return result.volumes ?? [];
}

;// CONCATENATED MODULE: ./lib/engine/diagnostics/base-image.js
/** Windows release names in image tags and the build each one is. Order matters: first wins. */
const TAG_BUILDS = [
    [/ltsc2025/i, 26100],
    [/ltsc2022/i, 20348],
    [/ltsc2019/i, 17763],
    [/ltsc2016/i, 14393],
    [/(^|\D)24h2(\D|$)/i, 26100],
    [/(^|\D)23h2(\D|$)/i, 25398],
    [/(^|\D)20h2(\D|$)/i, 19042],
    [/(^|\D)2004(\D|$)/, 19041],
    [/(^|\D)1909(\D|$)/, 18363],
    [/(^|\D)1903(\D|$)/, 18362],
    [/(^|\D)1809(\D|$)/, 17763],
    [/(^|\D)1803(\D|$)/, 17134],
    [/(^|\D)1709(\D|$)/, 16299],
    [/(^|\D)1607(\D|$)/, 14393],
];
/** LTSC builds whose images later hosts keep running in process isolation (stable ABI). */
const STABLE_LTSC = [20348, 26100];
/** The Windows build an image reference's tag names, when it names one. */
function windowsBuildOfRef(ref) {
    if (!/windows|nanoserver|servercore|mcr\.microsoft\.com/i.test(ref))
        return undefined;
    const name = ref.split('@')[0];
    const lastSegment = name.slice(name.lastIndexOf('/') + 1);
    const colon = lastSegment.indexOf(':');
    if (colon < 0)
        return undefined;
    const tag = lastSegment.slice(colon + 1);
    const explicit = /10\.0\.(\d{5})/.exec(tag);
    if (explicit)
        return Number(explicit[1]);
    return TAG_BUILDS.find(([pattern]) => pattern.test(tag))?.[1];
}
/**
 * Whether a container of `imageBuild` can run process-isolated on a host of `hostBuild`. Before
 * Windows Server 2022 the builds must be equal; from 20348 on a host also runs images from the
 * newest stable LTSC below it up to its own build.
 */
function processIsolationCompatible(hostBuild, imageBuild) {
    if (hostBuild < STABLE_LTSC[0])
        return hostBuild === imageBuild;
    const floor = [...STABLE_LTSC].reverse().find((ltsc) => ltsc < hostBuild) ?? hostBuild;
    return imageBuild >= floor && imageBuild <= hostBuild;
}
/**
 * The base images of every stage of a Dockerfile, with `ARG` defaults and `--build-arg` values
 * substituted; stages built FROM an earlier stage are left out.
 */
function baseImagesOf(dockerfile, buildArgs) {
    const args = new Map();
    for (const arg of buildArgs) {
        const at = arg.indexOf('=');
        if (at > 0)
            args.set(arg.slice(0, at), arg.slice(at + 1));
    }
    const stages = new Set();
    const images = [];
    let inStages = false;
    for (const line of logicalLines(dockerfile)) {
        const [instruction, ...rest] = line.trim().split(/\s+/);
        const keyword = instruction?.toUpperCase();
        if (keyword === 'ARG' && !inStages) {
            const [name, value] = (rest[0] ?? '').split(/=(.*)/s, 2);
            if (name !== '' && !args.has(name) && value !== undefined)
                args.set(name, unquote(value));
        }
        if (keyword !== 'FROM')
            continue;
        inStages = true;
        const words = rest.filter((word) => !word.startsWith('--'));
        const ref = substitute(words[0] ?? '', args);
        if (words[1]?.toUpperCase() === 'AS' && words[2] !== undefined)
            stages.add(words[2].toLowerCase());
        if (ref === '' || ref.toLowerCase() === 'scratch' || stages.has(ref.toLowerCase()))
            continue;
        images.push({ ref, build: windowsBuildOfRef(ref) });
    }
    return images;
}
/** Dockerfile lines with continuations joined; honours the `# escape=` directive. */
function logicalLines(text) {
    const escape = /^#\s*escape\s*=\s*(\S)/im.exec(text.split(/\r?\n/, 5).join('\n'))?.[1] ?? '\\';
    const lines = [];
    let current = '';
    for (const raw of text.split(/\r?\n/)) {
        if (/^\s*#/.test(raw) && current === '')
            continue;
        const trimmed = raw.trimEnd();
        if (trimmed.endsWith(escape)) {
            current += `${trimmed.slice(0, -1)} `;
            continue;
        }
        lines.push(current + trimmed);
        current = '';
    }
    if (current !== '')
        lines.push(current);
    return lines;
}
function substitute(value, args) {
    return value.replace(/\$\{(\w+)(?::?-([^}]*))?\}|\$(\w+)/g, (_match, braced, fallback, bare) => {
        const name = (braced ?? bare);
        return args.get(name) || fallback || '';
    });
}
function unquote(value) {
    return value.replace(/^(["'])(.*)\1$/, '$2');
}

;// CONCATENATED MODULE: ./lib/engine/diagnostics/redact.js
/** What replaces every secret occurrence. */
const MASK = '***';
const MASK_BYTES = Buffer.from(MASK);
/** Values shorter than this are redacted in plain form only and reported as short. */
const SHORT_SECRET_LENGTH = 4;
/**
 * The byte patterns one value can take in a log or file: as is, JSON-escaped, URL-encoded,
 * base64 (whole, and the part that does not depend on what follows it when embedded in a longer
 * base64 text), and UTF-16LE as Windows tools write it.
 */
function secretForms(value) {
    const forms = new Set([value, JSON.stringify(value).slice(1, -1)]);
    const buffers = [];
    if (value.length >= SHORT_SECRET_LENGTH) {
        forms.add(encodeURIComponent(value));
        for (const encoded of base64Forms(value))
            forms.add(encoded);
        buffers.push(Buffer.from(value, 'utf16le'));
    }
    for (const form of forms)
        buffers.push(Buffer.from(form, 'utf8'));
    return buffers;
}
function base64Forms(value) {
    const bytes = Buffer.from(value, 'utf8');
    const padded = bytes.toString('base64');
    const aligned = bytes.subarray(0, bytes.length - (bytes.length % 3)).toString('base64');
    const forms = [padded, padded.replace(/=+$/, '')];
    return aligned.length >= SHORT_SECRET_LENGTH ? [...forms, aligned] : forms;
}
/**
 * Replaces every known secret, in each of its forms, by `***`. Works on bytes so that logs in
 * any encoding pass through unchanged apart from the replacements.
 */
class Redactor {
    needles;
    /** Length of the longest pattern: how much a stream must hold back between chunks. */
    longest;
    stats;
    constructor(values, credentials = []) {
        const distinct = [...new Set(values.filter((value) => value.trim() !== ''))];
        const needles = new Map();
        const add = (buffer) => {
            if (buffer.length > 0)
                needles.set(buffer.toString('hex'), buffer);
        };
        for (const value of distinct)
            secretForms(value).forEach(add);
        for (const { username, password } of credentials) {
            if (password.trim() === '')
                continue;
            for (const encoded of base64Forms(`${username}:${password}`))
                add(Buffer.from(encoded));
        }
        this.needles = [...needles.values()].sort((a, b) => b.length - a.length);
        this.longest = this.needles.reduce((max, needle) => Math.max(max, needle.length), 0);
        this.stats = {
            values: distinct.length,
            patterns: this.needles.length,
            shortValues: distinct.filter((value) => value.length < SHORT_SECRET_LENGTH).length,
        };
    }
    /** Where secrets occur in `buffer`, as merged, sorted [start, end) ranges. */
    ranges(buffer) {
        const found = [];
        for (const needle of this.needles) {
            for (let at = buffer.indexOf(needle); at !== -1; at = buffer.indexOf(needle, at + 1)) {
                found.push([at, at + needle.length]);
            }
        }
        found.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
        const merged = [];
        for (const range of found) {
            const last = merged[merged.length - 1];
            if (last !== undefined && range[0] < last[1])
                last[1] = Math.max(last[1], range[1]);
            else
                merged.push([range[0], range[1]]);
        }
        return merged;
    }
    /** A redacted copy of `buffer` and the number of replacements. */
    redactBuffer(buffer) {
        const ranges = this.ranges(buffer);
        if (ranges.length === 0)
            return { output: buffer, count: 0 };
        return { output: splice(buffer, ranges, 0, buffer.length, 0), count: ranges.length };
    }
    /** `text` with every secret replaced. */
    redactText(text) {
        if (this.needles.length === 0)
            return text;
        return this.redactBuffer(Buffer.from(text, 'utf8')).output.toString('utf8');
    }
    /**
     * A redacting stream state. Input before byte `discardBefore` is read (so that a secret that
     * straddles the cut is still recognised) but not emitted; a secret crossing it becomes `***`.
     */
    stream(discardBefore = 0) {
        return new StreamRedactor(this, discardBefore);
    }
}
/**
 * Redacts a byte stream of any size in bounded memory, line by line where lines allow. After each
 * chunk it emits everything up to the last line end that lies before the final `longest - 1`
 * bytes: a secret that starts in the emitted part must end inside the buffer, so it has been seen
 * whole, and one that a chunk boundary splits is held back until its end arrives. A line longer
 * than the buffer is cut at that same bound, so memory stays bounded whatever the input.
 */
class StreamRedactor {
    redactor;
    discardBefore;
    pending = Buffer.alloc(0);
    /** Input offset of `pending[0]`. */
    offset = 0;
    count = 0;
    constructor(redactor, discardBefore) {
        this.redactor = redactor;
        this.discardBefore = discardBefore;
    }
    /** Takes the next input bytes; returns what can be written now. */
    push(chunk) {
        this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
        return this.emit(false);
    }
    /** Returns the rest once the input has ended. */
    end() {
        return this.emit(true);
    }
    emit(final) {
        const buffer = this.pending;
        const ranges = this.redactor.ranges(buffer);
        let end = final ? buffer.length : buffer.length - Math.max(0, this.redactor.longest - 1);
        if (end <= 0)
            return Buffer.alloc(0);
        if (!final) {
            const lineEnd = buffer.lastIndexOf(0x0a, end - 1);
            if (lineEnd >= 0)
                end = lineEnd + 1;
        }
        // A match across the cut waits for the next round, whole, so that overlapping secrets merge.
        for (const [start, stop] of ranges)
            if (start < end && stop > end)
                end = start;
        if (end <= 0)
            return Buffer.alloc(0);
        const used = ranges.filter(([start]) => start < end);
        this.count += used.filter(([, stop]) => this.offset + stop > this.discardBefore).length;
        const output = splice(buffer, used, 0, end, Math.max(0, this.discardBefore - this.offset));
        this.pending = buffer.subarray(end);
        this.offset += end;
        return output;
    }
}
/** Bytes [from, to) of `buffer` with `ranges` masked, leaving out plain bytes before `skip`. */
function splice(buffer, ranges, from, to, skip) {
    const parts = [];
    let at = from;
    const plain = (start, stop) => {
        const begin = Math.max(start, skip);
        if (stop > begin)
            parts.push(buffer.subarray(begin, stop));
    };
    for (const [start, stop] of ranges) {
        plain(at, start);
        if (stop > skip)
            parts.push(MASK_BYTES);
        at = stop;
    }
    plain(at, to);
    return Buffer.concat(parts);
}

;// CONCATENATED MODULE: ./lib/engine/diagnostics/collectors/helpers.js

/** Output kept of one helper command: enough for any listing, small beside the logs. */
const MAX_COMMAND_OUTPUT = 2 * 1024 * 1024;
/** Runs a helper command under the collector's deadline; never throws. */
function runCommand(context, command, args) {
    return context.exec(command, args, {
        env: context.env,
        timeoutMs: context.remainingMs(),
        maxOutput: MAX_COMMAND_OUTPUT,
    });
}
/** The command line and what it printed, as a text file reads best. */
function formatCommand(command, args, result) {
    const status = result.startError !== undefined
        ? `could not start: ${result.startError}`
        : result.timedOut
            ? `killed after ${result.durationMs} ms (time limit)`
            : `exit code ${result.exitCode}, ${result.durationMs} ms`;
    const lines = [`$ ${[command, ...args].join(' ')}`, `# ${status}`];
    if (result.stdout !== '')
        lines.push('', result.stdout.trimEnd());
    if (result.stderr !== '')
        lines.push('', '# stderr', result.stderr.trimEnd());
    return `${lines.join('\n')}\n`;
}
/** Runs a helper command and saves its output into the bundle. */
async function saveCommand(context, name, command, args) {
    const result = await runCommand(context, command, args);
    await context.files.writeText(name, formatCommand(command, args, result));
    return result;
}
/** Whether a command ran and exited 0. */
function succeeded(result) {
    return result.startError === undefined && !result.timedOut && result.exitCode === 0;
}
/** The first line that says what went wrong with a failed command. */
function failureLine(result) {
    if (result.startError !== undefined)
        return result.startError;
    if (result.timedOut)
        return `no answer within ${result.durationMs} ms`;
    const text = result.stderr.trim() || result.stdout.trim();
    const line = text
        .split(/\r?\n/)
        .find((candidate) => /error|denied|refused|cannot|failed/i.test(candidate));
    return truncate((line ?? text.split(/\r?\n/)[0] ?? `exit code ${result.exitCode}`).trim(), 300);
}
/** At most `max` characters of `text`, marked when cut. */
function truncate(text, max) {
    return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
/** Bytes as a short human figure (binary units, as Windows Explorer shows them). */
function formatBytes(bytes) {
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let value = bytes;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
        value /= 1024;
        unit++;
    }
    return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
/** The machine-wide data folder on Windows. */
function programData(env) {
    return env.ProgramData ?? env.PROGRAMDATA ?? 'C:\\ProgramData';
}
/** Joins Windows path parts whatever OS runs the code (paths for Windows tools, not for fs). */
function windowsPath(...parts) {
    return external_node_path_.win32.join(...parts);
}

;// CONCATENATED MODULE: ./lib/engine/diagnostics/collectors/common.js








/** The attempts as a timeline: what each one was, how long it took and what came after. */
const timelineCollector = {
    id: 'timeline',
    title: 'Attempt timeline',
    async collect(context) {
        await context.files.writeJson('timeline.json', timelineOf(context.attempts));
        return { note: `${context.attempts.length} attempt(s)` };
    },
};
/** The timeline entries written to timeline.json. */
function timelineOf(attempts) {
    return attempts.map((attempt) => ({
        attempt: attempt.number,
        startedAt: new Date(attempt.startedAt).toISOString(),
        durationMs: attempt.durationMs,
        exitCode: attempt.exitCode,
        class: attempt.failureClass ?? 'success',
        rule: attempt.rule ?? null,
        evidence: attempt.evidence ?? null,
        lockedPaths: attempt.lockedPaths,
        queueWaitMs: attempt.queueWaitMs,
        waitAfterMs: attempt.waitAfterMs,
        waitReason: attempt.waitReason,
        log: attemptLogName(attempt),
        logBytes: attempt.logBytes,
    }));
}
/** Name of an attempt's log inside the bundle. */
function attemptLogName(attempt) {
    return `attempt-${attempt.number}.log`;
}
/** The settings the step ran with, the registry password masked. */
const settingsCollector = {
    id: 'settings',
    title: 'Settings',
    async collect(context) {
        await context.files.writeJson('settings.json', sanitizeSettings(context.settings));
        return {};
    },
};
/** Settings as JSON can show them, with no secret value in them. */
function sanitizeSettings(settings) {
    const login = settings.registryLogin;
    return {
        ...settings,
        registryLogin: login === undefined
            ? null
            : { server: login.server, username: login.username, password: MASK },
        retryPatterns: settings.retryPatterns.map((pattern) => pattern.source),
        fatalPatterns: settings.fatalPatterns.map((pattern) => pattern.source),
    };
}
const TOOL_VERSIONS = [
    ['containerd', 'containerd', ['--version']],
    ['buildkitd', 'buildkitd', ['--version']],
    ['buildctl', 'buildctl', ['--version']],
    ['buildx', 'docker', ['buildx', 'version']],
];
/**
 * OS build with revision, the daemons' and clients' versions, and the base image check.
 * LIMITATION: the tools are looked up on PATH, and a base image's build is read from its tag
 * (ltsc2022, 10.0.17763...); an image named only by digest or by a custom tag is not checked.
 */
const versionsCollector = {
    id: 'versions',
    title: 'Versions',
    async collect(context) {
        const facts = [];
        const osInfo = await readOs(context);
        const results = await Promise.all(TOOL_VERSIONS.map(async ([tool, command, args]) => {
            const result = await runCommand(context, command, args);
            const line = [command, ...args].join(' ');
            const entry = succeeded(result)
                ? { command: line, version: result.stdout.trim().split(/\r?\n/)[0] }
                : { command: line, error: failureLine(result) };
            return [tool, entry];
        }));
        const tools = Object.fromEntries(results);
        const baseImages = readBaseImages(context);
        await context.files.writeJson('versions.json', { os: osInfo.details, tools, baseImages });
        if (osInfo.build !== undefined) {
            facts.push({ kind: 'host-build', text: `Host OS build ${osInfo.label}.`, weight: 5 });
            const mismatched = baseImages.filter((image) => image.build !== undefined && !processIsolationCompatible(osInfo.build, image.build));
            if (mismatched.length > 0) {
                const images = mismatched
                    .map((image) => `\`${image.ref}\` (build ${image.build})`)
                    .join(', ');
                facts.push({
                    kind: 'os-mismatch',
                    text: `Host is Windows build ${osInfo.label} but the Dockerfile's base ${images} does not match it: ` +
                        'process isolation needs a matching build; use a matching base image or Hyper-V isolation.',
                    weight: 70,
                });
            }
        }
        return { facts };
    },
};
async function readOs(context) {
    if (context.platform === 'win32') {
        const options = { exec: context.exec, env: context.env, timeoutMs: context.remainingMs() };
        // The tools' versions are worth keeping even when the registry cannot be read.
        const info = await readOsVersion(options).catch((error) => errors_describeError(error));
        if (typeof info === 'string')
            return { details: { error: info }, label: 'unknown' };
        const label = `${info.currentBuild}.${info.ubr}`;
        return {
            details: { ...info, version: `10.0.${label}` },
            build: Number(info.currentBuild),
            label,
        };
    }
    const details = {
        type: external_node_os_.type(),
        release: external_node_os_.release(),
        version: external_node_os_.version(),
        arch: external_node_os_.arch(),
    };
    return { details, label: details.release };
}
function readBaseImages(context) {
    const { settings, cwd } = context;
    const contextDir = external_node_path_.resolve(cwd, settings.context);
    const file = settings.file === '' ? external_node_path_.join(contextDir, 'Dockerfile') : external_node_path_.resolve(cwd, settings.file);
    try {
        const text = external_node_fs_.readFileSync(file, 'utf8').slice(0, 256 * 1024);
        return baseImagesOf(text, settings.buildArgs);
    }
    catch {
        return [];
    }
}
/** The daemon's workers and build cache, through the client the build used. */
const buildkitCollector = {
    id: 'buildkit',
    title: 'BuildKit workers and disk usage',
    async collect(context) {
        const { settings } = context;
        const facts = [];
        const [command, workersArgs, usageArgs] = settings.builder === 'buildx'
            ? [
                'docker',
                ['buildx', 'inspect', ...builderFlag(settings)],
                ['buildx', 'du', '--verbose', ...builderFlag(settings)],
            ]
            : [
                'buildctl',
                [...addressFlags(settings), 'debug', 'workers', '--verbose'],
                [...addressFlags(settings), 'du', '--verbose'],
            ];
        const workers = await saveCommand(context, 'buildkit/workers.txt', command, workersArgs);
        if (!succeeded(workers)) {
            facts.push({
                kind: 'service-state',
                text: `${command} could not query the daemon at ${settings.buildkitAddress}: ${failureLine(workers)}`,
                weight: 55,
            });
            return { facts, note: 'the daemon did not answer; disk usage skipped' };
        }
        const usage = await saveCommand(context, 'buildkit/disk-usage.txt', command, usageArgs);
        const total = /^Total:\s*(\S+)/m.exec(usage.stdout)?.[1];
        if (total !== undefined) {
            facts.push({ kind: 'build-cache', text: `BuildKit's cache holds ${total}.`, weight: 10 });
        }
        return { facts };
    },
};
function addressFlags(settings) {
    const flags = ['--addr', settings.buildkitAddress];
    if (settings.buildkitTlsDir !== '')
        flags.push('--tlsdir', settings.buildkitTlsDir);
    return flags;
}
function builderFlag(settings) {
    return settings.buildxBuilder === '' ? [] : ['--builder', settings.buildxBuilder];
}
/** Below either figure a volume counts as nearly full: Windows base layers need gigabytes. */
const LOW_FREE_BYTES = 5 * 1024 ** 3;
const LOW_FREE_SHARE = 0.05;
/** Size and free space of the volumes the build and its daemons use. */
const diskCollector = {
    id: 'disk',
    title: 'Disk space',
    async collect(context) {
        const volumes = context.platform === 'win32'
            ? await readVolumes(involvedPaths(context), {
                exec: context.exec,
                env: context.env,
                timeoutMs: context.remainingMs(),
            })
            : await readPosixVolumes(context);
        await context.files.writeJson('disk.json', { volumes });
        return { facts: diskFacts(volumes) };
    },
};
/** The folders whose volumes matter: state, context, temp, and the daemons' data. */
function involvedPaths(context) {
    const { settings, env, cwd } = context;
    const temp = env.RUNNER_TEMP || env.AGENT_TEMPDIRECTORY || env.TEMP || external_node_os_.tmpdir();
    const common = [settings.stateDir, external_node_path_.resolve(cwd, settings.context), temp];
    const daemons = context.platform === 'win32'
        ? [windowsPath(programData(env), 'containerd'), windowsPath(programData(env), 'buildkitd')]
        : ['/var/lib/containerd', '/var/lib/buildkit'];
    return [...new Set([...common, ...daemons].filter((item) => item !== ''))];
}
async function readPosixVolumes(context) {
    const paths = involvedPaths(context).filter((item) => external_node_fs_.existsSync(item));
    const result = await saveCommand(context, 'disk.txt', 'df', ['-Pk', ...paths]);
    if (!succeeded(result) && result.stdout === '')
        throw new Error(`df failed: ${failureLine(result)}`);
    const volumes = [];
    const seen = new Set();
    const lines = result.stdout.trim().split(/\r?\n/).slice(1);
    lines.forEach((line, index) => {
        const fields = line.trim().split(/\s+/);
        if (fields.length < 6)
            return;
        const root = fields.slice(5).join(' ');
        if (seen.has(root))
            return;
        seen.add(root);
        volumes.push({
            root,
            path: paths[index] ?? root,
            format: fields[0],
            totalBytes: Number(fields[1]) * 1024,
            freeBytes: Number(fields[3]) * 1024,
        });
    });
    return volumes;
}
/** The volume with least room, as a fact: low when under 5 GiB or 5 %. */
function diskFacts(volumes) {
    const known = volumes.filter((volume) => volume.freeBytes !== undefined && volume.totalBytes !== undefined);
    if (known.length === 0)
        return [];
    const tightest = [...known].sort((a, b) => a.freeBytes - b.freeBytes)[0];
    const free = tightest.freeBytes;
    const total = tightest.totalBytes;
    const figure = `${formatBytes(free)} free of ${formatBytes(total)} on ${tightest.root} (holds ${tightest.path})`;
    if (free < LOW_FREE_BYTES || free < total * LOW_FREE_SHARE) {
        return [{ kind: 'disk-low', text: `Disk nearly full: ${figure}.`, weight: 75 }];
    }
    return [{ kind: 'disk-free', text: `Disk space: ${truncate(figure, 200)}.`, weight: 5 }];
}

;// CONCATENATED MODULE: ./lib/engine/diagnostics/collectors/windows.js





const WINDOWS = ['win32'];
/** The two daemons this step runs as services, and where they keep data when not told. */
const windows_DAEMONS = [
    {
        name: 'containerd',
        defaultRoot: (env) => windowsPath(programData(env), 'containerd', 'root'),
    },
    {
        name: 'buildkitd',
        defaultRoot: (env) => windowsPath(programData(env), 'buildkitd', '.buildstate'),
    },
];
function scriptOptions(context) {
    return { exec: context.exec, env: context.env, timeoutMs: context.remainingMs() };
}
/**
 * Service state and configuration of containerd and buildkitd, their log tails and panic logs.
 * LIMITATION: the data root and log file are read from the service's command line (`--root`,
 * `--log-file`); a root set only in the daemon's config file is not seen, and the default root
 * is searched for panic.log instead.
 */
const servicesCollector = {
    id: 'services',
    title: 'containerd and buildkitd services',
    platforms: WINDOWS,
    async collect(context) {
        // Without the service manager's view, sc output and logs at default places still help.
        let services = [];
        let error;
        try {
            services = await readServices(windows_DAEMONS.map((daemon) => daemon.name), scriptOptions(context));
        }
        catch (failure) {
            error = errors_describeError(failure);
        }
        await context.files.writeJson('services/services.json', { services, error: error ?? null });
        await Promise.all(windows_DAEMONS.map(async (daemon) => {
            const calls = [
                ['qc', daemon.name],
                ['queryex', daemon.name],
            ].map(async (args) => formatCommand('sc', args, await runCommand(context, 'sc', args)));
            await context.files.writeText(`services/sc-${daemon.name}.txt`, (await Promise.all(calls)).join('\n'));
        }));
        const facts = services.flatMap((service) => serviceFacts(service, context.jobStartedAt));
        const notes = [];
        for (const daemon of windows_DAEMONS) {
            const service = services.find((candidate) => candidate.name === daemon.name);
            const args = splitCommandLine(service?.pathName ?? '');
            const root = flagValue(args, '--root') ?? daemon.defaultRoot(context.env);
            const logFile = flagValue(args, '--log-file') ?? defaultLogFile(context, daemon.name);
            facts.push(...(await copyDaemonFiles(context, daemon.name, logFile, root, notes)));
        }
        if (error !== undefined)
            notes.unshift(`service query failed: ${error}`);
        return { facts, note: notes.join('; ') || undefined };
    },
};
function defaultLogFile(context, name) {
    const candidate = external_node_path_.join(context.settings.stateDir, 'logs', `${name}.log`);
    return external_node_fs_.existsSync(candidate) ? candidate : undefined;
}
async function copyDaemonFiles(context, name, logFile, root, notes) {
    const facts = [];
    if (logFile === undefined)
        notes.push(`${name}: no --log-file and no log in the state folder`);
    else if (!external_node_fs_.existsSync(logFile))
        notes.push(`${name}: log file ${logFile} does not exist`);
    else
        await context.files.copyTail(logFile, `daemon-logs/${name}.log`, context.maxLogTailBytes);
    for (const panicName of ['panic.log', 'panic.log.old']) {
        const file = external_node_path_.join(root, panicName);
        let size;
        try {
            size = (await external_node_fs_.promises.stat(file)).size;
        }
        catch {
            continue;
        }
        if (size === 0)
            continue;
        await context.files.copyTail(file, `daemon-logs/${name}-${panicName}`, context.maxLogTailBytes);
        if (panicName === 'panic.log') {
            const head = (await external_node_fs_.promises.readFile(file, 'utf8')).slice(0, 4096);
            const line = head.split(/\r?\n/).find((candidate) => /panic|fatal/i.test(candidate)) ??
                head.split(/\r?\n/)[0];
            facts.push({
                kind: 'panic',
                text: `${name} wrote a panic log (${formatBytes(size)}): ${truncate(line.trim(), 200)}`,
                weight: 80,
            });
        }
    }
    return facts;
}
/** Facts about a service: missing, not running, or restarted since the job began. */
function serviceFacts(service, jobStartedAt) {
    if (!service.found) {
        return [
            { kind: 'service-state', text: `The ${service.name} service is not installed.`, weight: 45 },
        ];
    }
    if (service.state !== 'Running') {
        const exit = service.exitCode ? ` (exit code ${service.exitCode})` : '';
        return [
            {
                kind: 'service-state',
                text: `The ${service.name} service is ${service.state}${exit}.`,
                weight: 60,
            },
        ];
    }
    const started = service.processStartedAt ? Date.parse(service.processStartedAt) : NaN;
    if (Number.isFinite(started) && started > jobStartedAt) {
        return [
            {
                kind: 'service-state',
                text: `The ${service.name} process started during the job (at ${service.processStartedAt}): it restarted or crashed.`,
                weight: 50,
            },
        ];
    }
    return [];
}
/** Splits a Windows command line: double quotes group, backslashes stay as they are. */
function splitCommandLine(line) {
    const words = [];
    let current = '';
    let quoted = false;
    let started = false;
    for (const char of line) {
        if (char === '"') {
            quoted = !quoted;
            started = true;
        }
        else if (/\s/.test(char) && !quoted) {
            if (started)
                words.push(current);
            current = '';
            started = false;
        }
        else {
            current += char;
            started = true;
        }
    }
    if (started)
        words.push(current);
    return words;
}
/** The value of `--name value` or `--name=value`, when given. */
function flagValue(args, name) {
    for (let index = 0; index < args.length; index++) {
        if (args[index] === name)
            return args[index + 1];
        if (args[index].startsWith(`${name}=`))
            return args[index].slice(name.length + 1);
    }
    return undefined;
}
/**
 * The event logs worth reading for a container build, narrowed to keep them readable.
 * LIMITATION: at most the 300 newest entries per log, each message cut at 2000 characters.
 */
const EVENT_QUERIES = [
    { name: 'application-daemons', logName: 'Application', providers: ['containerd', 'buildkitd'] },
    { name: 'system', logName: 'System', levels: [1, 2, 3] },
    { name: 'hyper-v-compute-operational', logName: 'Microsoft-Windows-Hyper-V-Compute-Operational' },
    { name: 'hyper-v-compute-admin', logName: 'Microsoft-Windows-Hyper-V-Compute-Admin' },
    { name: 'wcifs', logName: 'Microsoft-Windows-Containers-Wcifs/Operational' },
    { name: 'wcnfs', logName: 'Microsoft-Windows-Containers-Wcnfs/Operational' },
    { name: 'defender', logName: 'Microsoft-Windows-Windows Defender/Operational' },
];
/** Defender event ids that report a detection or an action taken on one. */
const DEFENDER_DETECTIONS = new Set([1006, 1007, 1008, 1015, 1116, 1117, 1118, 1119]);
/** Event log entries since the job started. */
const eventLogsCollector = {
    id: 'event-logs',
    title: 'Windows event logs since the job started',
    platforms: WINDOWS,
    async collect(context) {
        const results = await readEventLogs(EVENT_QUERIES, context.jobStartedAt, { maxEvents: 300, maxMessage: 2000 }, scriptOptions(context));
        for (const result of results)
            await context.files.writeJson(`event-logs/${result.name}.json`, result);
        const unread = results.filter((result) => result.error).map((result) => result.name);
        return {
            facts: eventFacts(results),
            note: unread.length > 0 ? `not readable: ${unread.join(', ')}` : undefined,
        };
    },
};
/** Facts from event logs: detections, daemon and driver errors, services that died. */
function eventFacts(results) {
    const facts = [];
    const byName = new Map(results.map((result) => [result.name, result.events]));
    const errors = (name) => (byName.get(name) ?? []).filter((event) => event.level >= 1 && event.level <= 2);
    const firstLine = (message) => truncate(message.split(/\r?\n/)[0].trim(), 200);
    const detections = (byName.get('defender') ?? []).filter((event) => DEFENDER_DETECTIONS.has(event.id));
    if (detections.length > 0) {
        const latest = detections[0];
        facts.push({
            kind: 'defender-detection',
            text: `Defender reported ${detections.length} detection event(s) during the job; latest (${latest.id} at ${latest.time}): ${firstLine(latest.message)}`,
            weight: 60,
        });
    }
    for (const [name, label, weight] of [
        ['application-daemons', 'containerd/buildkitd', 35],
        ['hyper-v-compute-operational', 'Hyper-V compute (HCS)', 35],
        ['hyper-v-compute-admin', 'Hyper-V compute (HCS)', 35],
        ['wcifs', 'the container filter driver (wcifs)', 40],
        ['wcnfs', 'the container name-space filter (wcnfs)', 40],
    ]) {
        const found = errors(name);
        if (found.length === 0)
            continue;
        facts.push({
            kind: 'daemon-error',
            text: `${label} logged ${found.length} error(s) during the job; latest at ${found[0].time}: ${firstLine(found[0].message)}`,
            weight,
        });
    }
    const died = (byName.get('system') ?? []).filter((event) => (event.id === 7031 || event.id === 7034) && /containerd|buildkit/i.test(event.message));
    if (died.length > 0) {
        facts.push({
            kind: 'service-state',
            text: `The service manager saw a daemon terminate unexpectedly (event ${died[0].id} at ${died[0].time}): ${firstLine(died[0].message)}`,
            weight: 70,
        });
    }
    return facts;
}
/** Strips what error text wraps around a path: `\\?\` prefixes, quotes, trailing punctuation. */
function normalizeLockedPath(value) {
    return value
        .trim()
        .replace(/^["'{[]+|["'}\]),.:;]+$/g, '')
        .replace(/^\\\\\?\\/, '')
        .replace(/\\\\/g, '\\');
}
/** Most paths asked about in one run: a lock error names one or two. */
const MAX_LOCKED_PATHS = 20;
/** Files registered per folder: enough for a layer folder's top levels. */
const MAX_FILES_PER_FOLDER = 500;
/**
 * Which processes hold the files the lock errors named (Restart Manager).
 * LIMITATION: this is a snapshot taken when diagnostics run, after the last attempt; a holder
 * that had already let go is not seen, which is itself a hint (see lockFacts).
 */
const lockHoldersCollector = {
    id: 'lock-holders',
    title: 'Processes holding the locked files',
    platforms: WINDOWS,
    async collect(context) {
        const paths = [
            ...new Set(context.attempts.flatMap((attempt) => attempt.lockedPaths).map(normalizeLockedPath)),
        ]
            .filter((item) => item !== '')
            .slice(0, MAX_LOCKED_PATHS);
        if (paths.length === 0)
            return { note: 'no lock error named a file' };
        const checks = await findFileHolders(paths, MAX_FILES_PER_FOLDER, scriptOptions(context));
        await context.files.writeJson('lock-holders.json', {
            checkedAt: new Date(context.clock.now()).toISOString(),
            checks,
        });
        return { facts: lockFacts(checks) };
    },
};
/** Who held each locked path, or that nobody did any more. */
function lockFacts(checks) {
    return checks.map((check) => {
        if (check.error) {
            return {
                kind: 'lock-no-holder',
                text: `Could not check \`${check.path}\`: ${truncate(check.error, 200)}`,
                weight: 15,
            };
        }
        if (check.holders.length === 0) {
            return {
                kind: 'lock-no-holder',
                text: `No process held \`${check.path}\` when diagnostics ran: the holder had let go by then ` +
                    '(typically a scanner, backup or indexing agent, or the daemon itself between retries).',
                weight: 20,
            };
        }
        const holders = check.holders.slice(0, 3).map((holder) => {
            const name = holder.processName
                ? `${holder.processName}.exe`
                : holder.app || 'unknown process';
            const service = holder.service ? `, service ${holder.service}` : '';
            return `${name} (pid ${holder.pid}${service})`;
        });
        const more = check.holders.length > 3 ? ` and ${check.holders.length - 3} more` : '';
        return {
            kind: 'lock-holder',
            text: `\`${check.path}\` was held by ${holders.join(', ')}${more} when diagnostics ran.`,
            weight: 50,
        };
    });
}
/** Minifilters that ship with Windows or Defender; anything else is third-party. */
const INBOX_FILTERS = new Set([
    'bindflt',
    'wcifs',
    'wcnfs',
    'wdfilter',
    'storqosflt',
    'cldflt',
    'filecrypt',
    'luafv',
    'npsvctrig',
    'wof',
    'fileinfo',
    'unionfs',
    'applockerfltr',
    'bfs',
    'winsetupmon',
    'mssecflt',
    'cimfs',
    'ucpd',
    'dfsrro',
    'datascrn',
    'quota',
    'srmsvc',
    'fsdepends',
    'prjflt',
    'iorate',
    'mpkslsrv',
    'rsfx0800',
].map((name) => name.toLowerCase()));
/** Parses `fltmc filters` output (name, instances, altitude, frame). */
function parseFltmc(text) {
    const drivers = [];
    for (const line of text.split(/\r?\n/)) {
        const match = /^(\S+)\s+(\d+)\s+([\d.]+)\s+\d+\s*$/.exec(line.trim());
        if (match)
            drivers.push({ name: match[1], instances: Number(match[2]), altitude: match[3] });
    }
    return drivers;
}
/** The loaded filesystem minifilters (`fltmc filters`). */
const filterDriversCollector = {
    id: 'filter-drivers',
    title: 'Loaded filesystem filter drivers',
    platforms: WINDOWS,
    async collect(context) {
        const result = await saveCommand(context, 'filter-drivers.txt', 'fltmc', ['filters']);
        if (!succeeded(result))
            throw new Error(`fltmc filters failed: ${failureLine(result)}`);
        const drivers = parseFltmc(result.stdout);
        await context.files.writeJson('filter-drivers.json', { drivers });
        const foreign = drivers.filter((driver) => !INBOX_FILTERS.has(driver.name.toLowerCase()));
        if (foreign.length === 0)
            return { note: `${drivers.length} filters, all inbox` };
        const names = foreign
            .map((driver) => `${driver.name} (altitude ${driver.altitude})`)
            .join(', ');
        return {
            facts: [
                {
                    kind: 'filter-drivers',
                    text: `Third-party filesystem filter drivers are loaded: ${names}; such drivers can hold layer files open.`,
                    weight: 35,
                },
            ],
        };
    },
};
/**
 * Defender's real-time state and whether the daemons' folders are excluded.
 * LIMITATION: the folders checked are the default daemon folders under ProgramData and the
 * `exclusion-paths` input, not roots moved elsewhere by a daemon's config file.
 */
const defenderCollector = {
    id: 'defender',
    title: 'Microsoft Defender status and exclusions',
    platforms: WINDOWS,
    async collect(context) {
        const info = await readDefender(scriptOptions(context));
        await context.files.writeJson('defender.json', info);
        if (info.status === null) {
            const reason = truncate(info.statusError ?? 'no status', 200);
            return {
                facts: [
                    { kind: 'defender-state', text: `Defender status unavailable: ${reason}`, weight: 10 },
                ],
            };
        }
        if (!info.status.realTimeProtectionEnabled) {
            return {
                facts: [
                    { kind: 'defender-state', text: 'Defender real-time protection is off.', weight: 10 },
                ],
            };
        }
        const folders = [
            windowsPath(programData(context.env), 'containerd'),
            windowsPath(programData(context.env), 'buildkitd'),
            ...context.settings.exclusionPaths,
        ];
        const exclusions = info.preference?.exclusionPath ?? [];
        if (info.preference === null || exclusions.some((item) => /^N\/A/i.test(item))) {
            return {
                facts: [
                    {
                        kind: 'defender-state',
                        text: 'Defender real-time protection is on; its exclusions could not be read (needs administrator rights).',
                        weight: 20,
                    },
                ],
            };
        }
        const uncovered = folders.filter((folder) => !isExcluded(folder, exclusions, context.env));
        if (uncovered.length === 0) {
            return {
                facts: [
                    {
                        kind: 'defender-state',
                        text: "Defender real-time protection is on; the daemons' folders are excluded.",
                        weight: 10,
                    },
                ],
            };
        }
        return {
            facts: [
                {
                    kind: 'defender-exposed',
                    text: `Defender real-time protection is on and ${uncovered.map((item) => `\`${item}\``).join(', ')} not excluded: the scanner can hold layer files open.`,
                    weight: 40,
                },
            ],
        };
    },
};
/** Whether a folder lies under one of Defender's path exclusions (they cover subfolders). */
function isExcluded(folder, exclusions, env) {
    const normal = (value) => value
        .replace(/%([^%]+)%/g, (match, name) => env[name] ?? match)
        .replace(/\//g, '\\')
        .replace(/\\+$/, '')
        .toLowerCase();
    const target = normal(folder);
    return exclusions.some((exclusion) => {
        const base = normal(exclusion);
        return base !== '' && (target === base || target.startsWith(`${base}\\`));
    });
}

;// CONCATENATED MODULE: ./lib/engine/diagnostics/highlights.js
/**
 * How much more a kind of fact explains a failure of each class, on top of its own weight. For a
 * lock the holder comes first, then what makes locks persist (build mismatch, Defender, drivers).
 */
const BOOSTS = {
    lock: {
        'lock-holder': 60,
        'lock-no-holder': 30,
        'os-mismatch': 20,
        'defender-exposed': 35,
        'defender-state': 15,
        'defender-detection': 20,
        'filter-drivers': 30,
        'disk-free': 5,
    },
    permanent: { 'tool-error': 60, 'os-mismatch': 20, 'disk-low': 10 },
    transient: { 'tool-error': 40, 'service-state': 20, 'daemon-error': 20, panic: 10 },
    timeout: { timeout: 60, 'build-cache': 15, 'disk-low': 10, 'service-state': 10 },
    unknown: { 'tool-error': 40, 'service-state': 10 },
    cancelled: { cancelled: 60 },
    success: {},
};
/** The `count` facts most likely to explain the failure, best first, without repeats. */
function pickHighlights(facts, which, count = 3) {
    const boosts = BOOSTS[which];
    const ranked = facts
        .map((fact, index) => ({ fact, index, score: fact.weight + (boosts[fact.kind] ?? 0) }))
        .sort((a, b) => b.score - a.score || a.index - b.index);
    const texts = [];
    for (const { fact } of ranked) {
        if (!texts.includes(fact.text))
            texts.push(fact.text);
        if (texts.length === count)
            break;
    }
    return texts;
}
/** Which case the highlights are for: the last failed attempt's class, else the reason. */
function highlightCase(attempts, reason) {
    if (reason === 'cancelled')
        return 'cancelled';
    const last = attempts[attempts.length - 1];
    return last?.failureClass ?? 'success';
}
/** Facts the attempts themselves tell: the tool's error line, a timeout, a cancellation. */
function attemptFacts(attempts, reason) {
    const facts = [];
    const last = attempts[attempts.length - 1];
    if (reason === 'cancelled') {
        const during = last === undefined ? 'before the first attempt' : `during or after attempt ${last.number}`;
        facts.push({ kind: 'cancelled', text: `The job was cancelled ${during}.`, weight: 50 });
    }
    if (last === undefined || last.failureClass === undefined)
        return facts;
    const evidence = last.evidence ?? '';
    const rule = last.rule ? `, rule \`${last.rule}\`` : '';
    if (last.failureClass === 'timeout') {
        facts.push({
            kind: 'timeout',
            text: `Attempt ${last.number} was stopped by attempt-timeout after ${formatDuration(last.durationMs)}.`,
            weight: 50,
        });
    }
    else if (evidence !== '') {
        facts.push({
            kind: 'tool-error',
            text: `Attempt ${last.number} failed (${last.failureClass}${rule}): ${errorLine(evidence)}`,
            weight: 50,
        });
    }
    if (/0xc0370101|does not match the (operating system of the )?host/i.test(evidence)) {
        facts.push({
            kind: 'os-mismatch',
            text: 'The container OS build does not match the host (0xc0370101): use a base image of the host build or Hyper-V isolation.',
            weight: 70,
        });
    }
    if (/not enough space on the disk|no space left on device/i.test(evidence)) {
        facts.push({
            kind: 'disk-low',
            text: `The build ran out of disk space: ${errorLine(evidence)}`,
            weight: 75,
        });
    }
    return facts;
}
/** The most telling line of a tool's error output, at most 300 characters. */
function errorLine(evidence) {
    const lines = evidence
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '');
    const line = [...lines]
        .reverse()
        .find((candidate) => /error|failed|denied|cannot|not found/i.test(candidate));
    const chosen = line ?? lines[lines.length - 1] ?? evidence.trim();
    return chosen.length <= 300 ? chosen : `${chosen.slice(0, 299)}…`;
}
function formatDuration(ms) {
    if (ms < 60_000)
        return `${Math.round(ms / 1000)} s`;
    return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

;// CONCATENATED MODULE: ./lib/engine/diagnostics/run-collectors.js

const TIMED_OUT = Symbol('timed-out');
/** How long a cut-off collector's helper processes get to die (their own timeouts kill them). */
const REAP_GRACE_MS = 2000;
/**
 * Runs the collectors a few at a time, each under its own time limit. A collector that throws or
 * overruns is recorded and left behind: its scope is closed so nothing it writes later reaches
 * the bundle, and its helper processes die with their exec timeouts.
 */
async function runCollectors(collectors, shared, writer, limitMs, concurrency) {
    const records = new Array(collectors.length);
    const facts = [];
    let next = 0;
    const worker = async () => {
        while (next < collectors.length) {
            const index = next++;
            const collector = collectors[index];
            const outcome = await runOne(collector, shared, writer, limitMs);
            records[index] = outcome.record;
            facts.push(...outcome.facts);
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, collectors.length)) }, worker));
    return { records, facts };
}
async function runOne(collector, shared, writer, limitMs) {
    const base = { id: collector.id, title: collector.title, limitMs };
    if (collector.platforms !== undefined && !collector.platforms.includes(shared.platform)) {
        const reason = `applies to ${collector.platforms.join(', ')} only; this host is ${shared.platform}`;
        return { record: { ...base, status: 'skipped', durationMs: 0, reason, files: [] }, facts: [] };
    }
    const started = shared.clock.now();
    const controller = new AbortController();
    const scope = writer.scope(collector.id);
    const remainingMs = () => Math.max(1, limitMs - (shared.clock.now() - started));
    const running = new Set();
    // Every helper process dies by the collector's deadline at the latest, whatever it asked for.
    const exec = (command, args, options = {}) => {
        const asked = options.timeoutMs !== undefined && options.timeoutMs > 0 ? options.timeoutMs : Infinity;
        const run = shared.exec(command, args, {
            ...options,
            timeoutMs: Math.min(asked, remainingMs()),
        });
        running.add(run);
        void run.finally(() => running.delete(run)).catch(() => undefined);
        return run;
    };
    const context = {
        ...shared,
        exec,
        signal: controller.signal,
        remainingMs,
        files: scope,
    };
    const timer = new AbortController();
    const deadline = shared.clock
        .sleep(limitMs, timer.signal)
        .then(() => TIMED_OUT);
    const filesOf = () => writer.files.filter((file) => file.collector === collector.id).map((file) => file.path);
    const work = Promise.resolve().then(() => collector.collect(context));
    // A collector that is cut off may still fail later, when nobody waits for it any more.
    work.catch(() => undefined);
    try {
        const result = await Promise.race([work, deadline]);
        const durationMs = shared.clock.now() - started;
        if (result === TIMED_OUT) {
            controller.abort();
            scope.close();
            await reap(running, shared);
            const reason = `did not finish within its ${limitMs} ms limit; cut off, the files it had finished are kept`;
            shared.log.info(`Diagnostics: ${collector.title} ${reason}.`);
            return {
                record: { ...base, status: 'timed-out', durationMs, reason, files: filesOf() },
                facts: [],
            };
        }
        scope.close();
        const record = {
            ...base,
            status: 'ok',
            durationMs,
            note: result.note,
            files: filesOf(),
        };
        shared.log.debug(`Diagnostics: ${collector.id} took ${durationMs} ms.`);
        return { record, facts: result.facts ?? [] };
    }
    catch (error) {
        controller.abort();
        scope.close();
        const reason = errors_describeError(error);
        shared.log.debug(`Diagnostics: ${collector.id} failed: ${reason}`);
        const durationMs = shared.clock.now() - started;
        return {
            record: { ...base, status: 'failed', durationMs, reason, files: filesOf() },
            facts: [],
        };
    }
    finally {
        timer.abort();
    }
}
/** Waits, briefly, for a cut-off collector's helper processes to be killed and reaped. */
async function reap(running, shared) {
    if (running.size === 0)
        return;
    const grace = new AbortController();
    await Promise.race([
        Promise.allSettled([...running]),
        shared.clock.sleep(REAP_GRACE_MS, grace.signal),
    ]);
    grace.abort();
}

;// CONCATENATED MODULE: ./lib/engine/diagnostics/size-cap.js
/** Room a cut file needs for its first line saying what was left out. */
const CUT_NOTICE_BYTES = 160;
/**
 * The largest size each item may keep so that all of them fit `budget`, cutting the largest
 * first ("water-filling"): items at or below the returned cap stay whole. Infinity = no cut.
 */
function capFor(sizes, budget) {
    const sorted = [...sizes].sort((a, b) => a - b);
    let remaining = Math.max(0, budget);
    for (let index = 0; index < sorted.length; index++) {
        const share = remaining / (sorted.length - index);
        if (sorted[index] > share)
            return Math.floor(share);
        remaining -= sorted[index];
    }
    return Infinity;
}
/** Bytes kept of an item of `size` under `cap`, leaving room for the cut notice. */
function keepUnder(size, cap) {
    return size <= cap ? size : Math.max(0, cap - CUT_NOTICE_BYTES);
}
/**
 * Cuts the bundle's written files (keeping their tails) until they fit `budget` bytes. Returns
 * one record per file it cut.
 */
async function fitFiles(writer, budget, exclude) {
    const files = writer.files.filter((file) => !exclude.has(file.path));
    const total = files.reduce((sum, file) => sum + file.bytes, 0);
    if (total <= budget)
        return [];
    const cap = capFor(files.map((file) => file.bytes), budget);
    const cuts = [];
    for (const file of files) {
        if (file.bytes <= cap)
            continue;
        const bytesAfter = await writer.keepTail(file.path, keepUnder(file.bytes, cap));
        cuts.push({
            path: file.path,
            bytesBefore: file.bytes,
            bytesAfter,
            reason: 'size cap: kept the tail',
        });
    }
    return cuts;
}
/** Merges cut records of the same file: first size before, last size after. */
function mergeCuts(cuts) {
    const merged = new Map();
    for (const cut of cuts) {
        const earlier = merged.get(cut.path);
        merged.set(cut.path, earlier === undefined ? cut : { ...earlier, bytesAfter: cut.bytesAfter });
    }
    return [...merged.values()];
}

;// CONCATENATED MODULE: ./lib/engine/diagnostics/artifact-name.js
/** Characters an artifact name may not hold on either host, and control characters. */
const INVALID = /["<>:|*?\\/\r\n\t\x00-\x1f]+/g;
/** Longest name kept; both hosts accept more, but a name is for reading. */
const MAX_LENGTH = 200;
/**
 * The default diagnostics artifact name, unique per run, job and attempt. `extra` separates jobs
 * that share a job id (matrix legs). Characters no artifact name may hold become `-`.
 */
function defaultArtifactName(runId, job, attempt, extra = '') {
    const parts = ['wcow-diagnostics', runId, job, extra, attempt].filter((part) => part.trim() !== '');
    return sanitizeArtifactName(parts.join('-'));
}
/** A name with every character that artifact services refuse replaced by `-`. */
function sanitizeArtifactName(name) {
    const clean = name
        .replace(INVALID, '-')
        .replace(/\s+/g, '-')
        .replace(/-{2,}/g, '-')
        .replace(/^[-.]+|[-.]+$/g, '');
    return (clean || 'wcow-diagnostics').slice(0, MAX_LENGTH);
}

;// CONCATENATED MODULE: ./lib/engine/diagnostics/summary.js
/**
 * Markdown for the job summary: where the bundle is, the facts most likely to explain the
 * failure, and what the collection itself could not do.
 */
function renderDiagnosticsSummary(result, artifact) {
    const lines = ['### wcow-build diagnostics', ''];
    if (artifact?.url)
        lines.push(`The diagnostics bundle is attached as [${escapeText(artifact.name)}](${artifact.url}).`);
    else if (artifact)
        lines.push(`The diagnostics bundle is attached as artifact \`${artifact.name}\`.`);
    else if (result.folder !== '')
        lines.push(`The diagnostics bundle was not attached; it is in \`${result.folder}\` on the build host.`);
    else
        lines.push('No diagnostics bundle could be made; see the step log.');
    if (result.highlights.length > 0) {
        lines.push('', '**Most likely explanations**', '');
        result.highlights.forEach((text, index) => lines.push(`${index + 1}. ${escapeText(text)}`));
    }
    const { manifest } = result;
    const count = (status) => manifest.collectors.filter((record) => record.status === status);
    const problems = [...count('failed'), ...count('timed-out')].map((record) => `${record.id} ${record.status}`);
    const size = `${manifest.files.length + 1} files, ${(manifest.totalBytes / 1024 / 1024).toFixed(1)} MiB`;
    const trouble = problems.length > 0 ? `; incomplete: ${problems.join(', ')}` : '';
    const cut = manifest.cuts.length > 0 ? `; ${manifest.cuts.length} file(s) cut to fit the size cap` : '';
    lines.push('', `<sub>${size}${trouble}${cut}. Start with manifest.json in the bundle.</sub>`, '');
    return lines.join('\n');
}
/** Escapes HTML outside code spans, so a message cannot inject markup into the summary. */
function escapeText(text) {
    return text
        .split(/(`[^`]*`)/)
        .map((part) => part.startsWith('`')
        ? part
        : part.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'))
        .join('');
}

;// CONCATENATED MODULE: ./lib/engine/diagnostics/index.js












const DEFAULT_COLLECTOR_TIMEOUT_MS = 30_000;
/** Collectors run at once: PowerShell starts are slow, a few in parallel keep the total short. */
const CONCURRENCY = 4;
/** Room kept for manifest.json when the size cap is planned. */
const MANIFEST_RESERVE = 64 * 1024;
/** Largest tail of one daemon log: logs of earlier days are rarely the story. */
const MAX_DAEMON_LOG_BYTES = 8 * 1024 * 1024;
/** Secret files larger than this are not read for redaction. */
const MAX_SECRET_FILE_BYTES = 64 * 1024;
/** Every standard collector; those for another platform are recorded as skipped. */
function standardCollectors() {
    return [
        timelineCollector,
        settingsCollector,
        versionsCollector,
        buildkitCollector,
        diskCollector,
        servicesCollector,
        eventLogsCollector,
        lockHoldersCollector,
        filterDriversCollector,
        defenderCollector,
    ];
}
/**
 * Collects the diagnostics bundle: runs each collector under its own time limit, copies the
 * attempts' logs, redacts every secret from every file and keeps the whole under `maxBytes`.
 * Never throws: what went wrong is in the manifest and the log.
 */
async function collectDiagnostics(input) {
    const started = input.clock.now();
    const redactor = new Redactor(secretValues(input), credentials(input.settings));
    let folder = '';
    try {
        folder = await createBundleFolder(input.outDir, started);
        return await collectInto(folder, input, redactor, started);
    }
    catch (error) {
        const reason = redactor.redactText(errors_describeError(error));
        input.log.warning(`Diagnostics could not be collected (${reason}); the build's own result stands.`);
        const manifest = baseManifest(input, redactor, started, { error: reason });
        return { folder, manifest, highlights: [] };
    }
}
async function collectInto(folder, input, redactor, started) {
    const log = redactingLog(input.log, redactor);
    log.info(`Collecting diagnostics (${input.reason}) into ${folder}`);
    if (redactor.stats.shortValues > 0) {
        log.warning(`${redactor.stats.shortValues} secret value(s) are shorter than ${SHORT_SECRET_LENGTH} characters; ` +
            'they are redacted wherever they occur, which makes the bundle harder to read. Use longer secrets.');
    }
    const writer = new BundleWriter(folder, redactor);
    const limitMs = input.collectorTimeoutMs ?? DEFAULT_COLLECTOR_TIMEOUT_MS;
    const shared = {
        settings: input.settings,
        attempts: input.attempts,
        platform: input.platform,
        env: input.env,
        exec: input.exec,
        clock: input.clock,
        jobStartedAt: input.jobStartedAt,
        cwd: input.cwd ?? process.cwd(),
        maxLogTailBytes: Math.min(MAX_DAEMON_LOG_BYTES, Math.floor(input.maxBytes / 8)),
        log,
    };
    const collected = await runCollectors(input.collectors ?? standardCollectors(), shared, writer, limitMs, CONCURRENCY);
    const logs = await copyAttemptLogs(input, shared, writer, limitMs);
    const facts = [...attemptFacts(input.attempts, input.reason), ...collected.facts];
    const highlights = pickHighlights(facts, highlightCase(input.attempts, input.reason)).map((text) => redactor.redactText(text));
    const records = [...collected.records, logs.record];
    const manifest = await writeManifest(input, writer, started, {
        collectors: records,
        cuts: logs.cuts,
        missing: logs.missing,
        highlights,
    });
    const ok = records.filter((record) => record.status === 'ok').length;
    const ran = records.filter((record) => record.status !== 'skipped').length;
    log.info(`Diagnostics: ${manifest.files.length + 1} files, ${manifest.totalBytes} bytes; ${ok} of ${ran} collectors ` +
        `finished; ${manifest.cuts.length} file(s) cut for size; took ${manifest.durationMs} ms.`);
    return { folder, manifest, highlights };
}
/**
 * Copies every attempt's log, redacted, as one more time-limited collector. The size cap is
 * planned here, when every other file is known: the largest files (usually these logs) are cut
 * first and keep their tails, where the error is.
 */
async function copyAttemptLogs(input, shared, writer, limitMs) {
    const missing = [];
    const sources = [];
    for (const attempt of input.attempts) {
        try {
            sources.push({ attempt, size: (await external_node_fs_.promises.stat(attempt.logFile)).size });
        }
        catch (error) {
            missing.push({
                path: attemptLogName(attempt),
                reason: `log ${attempt.logFile} unreadable: ${errors_describeError(error)}`,
            });
        }
    }
    const budget = input.maxBytes - MANIFEST_RESERVE;
    const cap = capFor([...writer.files.map((file) => file.bytes), ...sources.map((source) => source.size)], budget);
    const cuts = await fitFiles(writer, budget - sources.reduce((sum, source) => sum + Math.min(source.size, cap), 0), new Set());
    const logsCollector = {
        id: 'build-logs',
        title: 'Build logs of every attempt',
        async collect(context) {
            for (const { attempt, size } of sources) {
                const keep = keepUnder(size, cap);
                const copied = await context.files.copyTail(attempt.logFile, attemptLogName(attempt), keep);
                if (copied.fromByte > 0) {
                    cuts.push({
                        path: attemptLogName(attempt),
                        bytesBefore: size,
                        bytesAfter: copied.bytes,
                        reason: 'size cap: kept the tail',
                    });
                }
            }
            return { note: `${sources.length} log(s)` };
        },
    };
    // The logs are the heart of the bundle and may be large: they get a longer limit.
    const outcome = await runCollectors([logsCollector], shared, writer, limitMs * 4, 1);
    return { record: outcome.records[0], cuts, missing };
}
/**
 * Writes manifest.json last, and cuts more when the bundle with its index is still over the cap
 * (redaction can change sizes a little). A few rounds settle the index's own size.
 */
async function writeManifest(input, writer, started, parts) {
    const own = new Set(['manifest.json']);
    let cuts = [...parts.cuts];
    let manifestBytes = 0;
    let manifest = baseManifest(input, writer.redactor, started, {});
    for (let round = 0; round < 5; round++) {
        const files = writer.files.filter((file) => !own.has(file.path));
        const totalBytes = files.reduce((sum, file) => sum + file.bytes, 0) + manifestBytes;
        manifest = {
            ...baseManifest(input, writer.redactor, started, {}),
            durationMs: input.clock.now() - started,
            totalBytes,
            ...parts,
            cuts: mergeCuts(cuts),
            files,
            redaction: {
                ...writer.redactor.stats,
                replacements: files.reduce((sum, file) => sum + file.redactions, 0),
            },
        };
        // The index returned is the one written: redacted, so that no caller can log a secret from it.
        manifest = JSON.parse(writer.redactor.redactText(JSON.stringify(manifest)));
        const written = await writer.writeOwn('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`, 'manifest');
        const actual = totalBytes - manifestBytes + written;
        if (actual > input.maxBytes) {
            cuts = [...cuts, ...(await fitFiles(writer, input.maxBytes - written - 1024, own))];
        }
        else if (written === manifestBytes) {
            break;
        }
        manifestBytes = written;
    }
    return manifest;
}
function baseManifest(input, redactor, started, extra) {
    return {
        schema: 1,
        tool: 'wcow-build',
        reason: input.reason,
        platform: input.platform,
        createdAt: new Date(started).toISOString(),
        jobStartedAt: new Date(input.jobStartedAt).toISOString(),
        durationMs: input.clock.now() - started,
        maxBytes: input.maxBytes,
        totalBytes: 0,
        collectors: [],
        files: [],
        cuts: [],
        missing: [],
        redaction: { ...redactor.stats, replacements: 0 },
        highlights: [],
        ...extra,
    };
}
/** Creates a fresh folder for this bundle, so that no earlier file is ever attached with it. */
async function createBundleFolder(outDir, now) {
    await external_node_fs_.promises.mkdir(outDir, { recursive: true });
    const stamp = new Date(now)
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d+Z$/, 'Z');
    for (let index = 1;; index++) {
        const folder = external_node_path_.join(outDir, `wcow-diagnostics-${stamp}${index === 1 ? '' : `-${index}`}`);
        try {
            await external_node_fs_.promises.mkdir(folder);
            return folder;
        }
        catch (error) {
            if (error.code !== 'EEXIST' || index > 100)
                throw error;
        }
    }
}
/** The values to redact: those given, plus the registry password and build secrets' values. */
function secretValues(input) {
    const values = [...input.secrets];
    const { settings, env } = input;
    if (settings.registryLogin !== undefined)
        values.push(settings.registryLogin.password);
    for (const spec of settings.secrets) {
        if (spec.env !== undefined && env[spec.env])
            values.push(env[spec.env]);
        if (spec.src !== undefined)
            values.push(...secretFileValues(external_node_path_.resolve(input.cwd ?? process.cwd(), spec.src)));
    }
    return values;
}
/** A secret file's content, whole and line by line (a log may print one line of it). */
function secretFileValues(file) {
    try {
        if (external_node_fs_.statSync(file).size > MAX_SECRET_FILE_BYTES)
            return [];
        const text = external_node_fs_.readFileSync(file, 'utf8');
        const lines = text
            .split(/\r?\n/)
            .map((line) => line.trim())
            .filter((line) => line.length >= 8);
        return [text, text.trim(), ...lines];
    }
    catch {
        return [];
    }
}
/** A log that never passes on a secret, whatever a collector's error message holds. */
function redactingLog(log, redactor) {
    return {
        debug: (message) => log.debug(redactor.redactText(message)),
        info: (message) => log.info(redactor.redactText(message)),
        warning: (message) => log.warning(redactor.redactText(message)),
    };
}
function credentials(settings) {
    return settings.registryLogin === undefined ? [] : [settings.registryLogin];
}

;// CONCATENATED MODULE: ./lib/engine/diagnostics-step.js


/**
 * The per-collector limit: WCOW_BUILD_COLLECTOR_TIMEOUT_MS when set (slow hosts, tests),
 * otherwise the engine's default.
 */
function collectorTimeout(env) {
    const value = Number(env.WCOW_BUILD_COLLECTOR_TIMEOUT_MS);
    return Number.isFinite(value) && value > 0 ? value : undefined;
}
/**
 * Collects the bundle and attaches it to the run. Best effort: nothing here changes the step's
 * result; an upload that fails leaves the folder in place and says where.
 */
async function diagnostics_step_collectAndAttach(host, settings, deps, request) {
    await host.group('Diagnostics', async () => {
        try {
            const result = await collectDiagnostics({
                settings,
                attempts: request.attempts,
                outDir: request.outDir,
                platform: deps.platform,
                env: request.env ?? host.env,
                exec: deps.exec,
                clock: deps.clock,
                secrets: request.secrets,
                jobStartedAt: host.context.jobStartedAt,
                maxBytes: settings.diagnosticsMaxBytes,
                reason: request.reason,
                log: host,
                collectorTimeoutMs: collectorTimeout(host.env),
            });
            host.setOutput('diagnostics-path', result.folder);
            host.info(`Diagnostics bundle: ${result.folder}`);
            let artifact;
            if (host.kind !== 'cli') {
                const name = settings.diagnosticsName
                    ? sanitizeArtifactName(settings.diagnosticsName)
                    : defaultArtifactName(host.context.runId, host.context.job, host.context.attempt, host.context.instance);
                try {
                    artifact = await host.uploadArtifact(name, result.folder, settings.diagnosticsRetentionDays);
                    host.setOutput('diagnostics-artifact', artifact.name);
                    host.info(`Diagnostics attached to the run as artifact ${artifact.name}.`);
                }
                catch (error) {
                    host.warning(`Could not upload the diagnostics artifact ${name}: ${errors_describeError(error)}. The bundle is kept at ${result.folder}.`);
                }
            }
            await host.writeSummary(renderDiagnosticsSummary(result, artifact));
        }
        catch (error) {
            host.warning(`Diagnostics could not be collected: ${errors_describeError(error)}`);
        }
    });
}

;// CONCATENATED MODULE: ./lib/engine/build-command.js

/** Builds the buildctl or docker buildx argv for the settings; pure, no I/O. */
function build_command_buildCommand(settings, metadataFile, cwd) {
    const args = settings.builder === 'buildx'
        ? buildxArgs(settings, metadataFile, cwd)
        : buildctlArgs(settings, metadataFile, cwd);
    return { command: settings.builder === 'buildx' ? 'docker' : 'buildctl', args, metadataFile };
}
function dockerfileParts(settings, cwd) {
    const context = path.resolve(cwd, settings.context);
    const file = settings.file === '' ? path.join(context, 'Dockerfile') : path.resolve(cwd, settings.file);
    return { dir: path.dirname(file), name: path.basename(file), context };
}
function buildctlArgs(settings, metadataFile, cwd) {
    const { dir, name, context } = dockerfileParts(settings, cwd);
    const args = ['--addr', settings.buildkitAddress];
    if (settings.buildkitTlsDir !== '')
        args.push('--tlsdir', settings.buildkitTlsDir);
    args.push('build', '--progress', 'plain', '--frontend', 'dockerfile.v0');
    args.push('--local', `context=${context}`, '--local', `dockerfile=${dir}`);
    args.push('--opt', `filename=${name}`);
    if (settings.target !== '')
        args.push('--opt', `target=${settings.target}`);
    for (const arg of settings.buildArgs)
        args.push('--opt', `build-arg:${arg}`);
    for (const label of settings.labels)
        args.push('--opt', `label:${label}`);
    if (settings.platforms.length > 0)
        args.push('--opt', `platform=${settings.platforms.join(',')}`);
    if (settings.noCache)
        args.push('--no-cache');
    for (const spec of settings.cacheFrom)
        args.push('--import-cache', spec);
    for (const spec of settings.cacheTo)
        args.push('--export-cache', spec);
    for (const secret of settings.secrets)
        args.push('--secret', secretSpec(secret, cwd));
    for (const output of buildctlOutputs(settings))
        args.push('--output', output);
    args.push('--metadata-file', metadataFile);
    args.push(...settings.extraArgs);
    return args;
}
/**
 * buildctl takes one image output whose `name` lists every tag; the field is quoted because the
 * output spec is itself comma-separated (CSV), so `name=a,b` would split.
 */
function buildctlOutputs(settings) {
    if (settings.outputs.length > 0)
        return [...settings.outputs];
    if (settings.tags.length === 0)
        return settings.push ? ['type=image,push=true'] : [];
    const names = settings.tags.join(',');
    const name = settings.tags.length > 1 ? `"name=${names}"` : `name=${names}`;
    return [`type=image,${name},push=${settings.push}`];
}
function buildxArgs(settings, metadataFile, cwd) {
    const { dir, name, context } = dockerfileParts(settings, cwd);
    const args = ['buildx', 'build'];
    if (settings.buildxBuilder !== '')
        args.push('--builder', settings.buildxBuilder);
    args.push('--progress', 'plain');
    args.push('--file', path.join(dir, name));
    if (settings.target !== '')
        args.push('--target', settings.target);
    for (const arg of settings.buildArgs)
        args.push('--build-arg', arg);
    for (const label of settings.labels)
        args.push('--label', label);
    if (settings.platforms.length > 0)
        args.push('--platform', settings.platforms.join(','));
    if (settings.noCache)
        args.push('--no-cache');
    for (const spec of settings.cacheFrom)
        args.push('--cache-from', spec);
    for (const spec of settings.cacheTo)
        args.push('--cache-to', spec);
    for (const secret of settings.secrets)
        args.push('--secret', secretSpec(secret, cwd));
    if (settings.outputs.length > 0) {
        for (const output of settings.outputs)
            args.push('--output', output);
    }
    else {
        for (const tag of settings.tags)
            args.push('--tag', tag);
        if (settings.push)
            args.push('--push');
    }
    args.push('--metadata-file', metadataFile);
    args.push(...settings.extraArgs);
    args.push(context);
    return args;
}
function secretSpec(secret, cwd) {
    if (secret.env !== undefined)
        return `id=${secret.id},env=${secret.env}`;
    return `id=${secret.id},src=${path.resolve(cwd, secret.src ?? '')}`;
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __nccwpck_require__(421);
// EXTERNAL MODULE: ./lib/engine/exec.js
var exec = __nccwpck_require__(69);
;// CONCATENATED MODULE: ./lib/engine/build-process.js



const DEFAULT_TAIL_BYTES = (/* unused pure expression or super */ null && (1024 * 1024));
/** Keeps the last `limit` bytes of a stream in a few chunks, never more. */
class Tail {
    limit;
    chunks = [];
    size = 0;
    constructor(limit) {
        this.limit = limit;
    }
    add(chunk) {
        this.chunks.push(chunk);
        this.size += chunk.length;
        while (this.size - this.chunks[0].length >= this.limit) {
            this.size -= this.chunks[0].length;
            this.chunks.shift();
        }
    }
    text() {
        const all = Buffer.concat(this.chunks);
        return all.subarray(Math.max(0, all.length - this.limit)).toString('utf8');
    }
}
/**
 * Runs the build tool with stdout and stderr merged, streams the output live through the guard,
 * writes it all to the log file and keeps only a bounded tail in memory. Never throws for the
 * tool's own failures. Output is read no faster than the log and the live stream take it, so
 * memory stays flat whatever the log size.
 */
async function build_process_runBuildProcess(options) {
    const started = Date.now();
    const tail = new Tail(options.tailBytes ?? DEFAULT_TAIL_BYTES);
    const file = fs.createWriteStream(options.logFile);
    let logBytes = 0;
    const begin = options.guard.begin();
    if (begin !== '')
        options.output.write(begin);
    const outcome = await new Promise((resolve) => {
        let timedOut = false;
        let startError;
        const child = spawn(options.command, [...options.args], {
            env: options.env,
            cwd: options.cwd,
            detached: process.platform !== 'win32',
            windowsHide: true,
            stdio: ['ignore', 'pipe', 'pipe'],
        });
        const streams = [child.stdout, child.stderr];
        let waiting = 0;
        const resume = () => {
            waiting -= 1;
            if (waiting === 0)
                for (const stream of streams)
                    stream.resume();
        };
        const onData = (chunk) => {
            logBytes += chunk.length;
            tail.add(chunk);
            const shown = options.guard.transform(chunk);
            const slowFile = !file.write(chunk);
            const slowOutput = shown.length > 0 && !options.output.write(shown);
            if (slowFile || slowOutput) {
                for (const stream of streams)
                    stream.pause();
                if (slowFile) {
                    waiting += 1;
                    file.once('drain', resume);
                }
                if (slowOutput) {
                    waiting += 1;
                    options.output.once('drain', resume);
                }
            }
        };
        for (const stream of streams)
            stream.on('data', onData);
        const timer = options.timeoutMs > 0
            ? setTimeout(() => {
                timedOut = true;
                killTree(child);
            }, options.timeoutMs)
            : undefined;
        const onAbort = () => killTree(child);
        options.signal?.addEventListener('abort', onAbort, { once: true });
        child.on('error', (error) => (startError = error.message));
        child.on('close', (code) => {
            if (timer !== undefined)
                clearTimeout(timer);
            options.signal?.removeEventListener('abort', onAbort);
            resolve({ code: startError === undefined ? code : null, timedOut, startError });
        });
    });
    const end = options.guard.end();
    if (end !== '')
        options.output.write(end);
    await new Promise((resolve) => file.end(resolve));
    return {
        exitCode: outcome.code,
        timedOut: outcome.timedOut,
        startError: outcome.startError,
        tail: tail.text(),
        logBytes,
        durationMs: Date.now() - started,
    };
}

;// CONCATENATED MODULE: ./lib/engine/classify-rules.js
/** A Win32 sharing violation (0x20) or lock violation (0x21), in each form Windows tools print. */
const SHARING = group('being used by another process', 'another process has locked a portion of the file', String.raw `0x8007002[01]\b`, String.raw `\(0x2[01]\)`, 'ERROR_(?:SHARING|LOCK)_VIOLATION');
/** Folders where Windows container engines keep layers and snapshots. */
const LAYER_STORE = group('windowsfilter', String.raw `io\.containerd\.snapshotter`, 'layerdb');
/** The reason phrases of the HTTP server errors a registry answers when it is overloaded. */
const SERVER_ERROR = group('Internal Server Error', 'Bad Gateway', 'Service (?:Temporarily )?Unavailable', 'Gateway Time-?out');
/** What an engine does to a layer when it says `failed to <step> layer`. */
const LAYER_STEP = group('register', 'extract', 'mount', 'unpack', 'commit', 'apply', 'activate', 'prepare', 'import');
const classify_rules_RULES = [
    // 2. Permanent, beats lock and transient text.
    {
        id: 'os-version-mismatch',
        class: 'permanent',
        reason: 'The image needs another Windows build than the host has; use a matching base image.',
        pattern: anyOf('0xc0370101', 'operating system does not match the host operating system', 'operating system of the container does not match'),
    },
    {
        id: 'daemon-pipe-access-denied',
        class: 'permanent',
        reason: 'The client may not open the daemon pipe; run elevated or allow the group in buildkitd.',
        pattern: anyOf(String.raw `\bpipe[\\/]+[\w.-]{1,80}: Access is denied`),
    },
    // 3. Lock.
    {
        id: 'hcs-layer-sharing-violation',
        class: 'lock',
        reason: 'A Windows layer operation (hcsshim ...Layer) hit a file held by another process.',
        pattern: anyOf(String.raw `hcsshim::\w{0,40}Layer\b[^\n]{0,400}?${SHARING}`),
    },
    {
        id: 'layer-sharing-violation',
        class: 'lock',
        reason: 'Registering, mounting or committing a layer hit a file held by another process.',
        pattern: anyOf(String.raw `${LAYER_STORE}[^\n]{0,600}?${SHARING}`, String.raw `failed to ${LAYER_STEP} (?:layer|snapshot)[^\n]{0,600}?${SHARING}`),
    },
    {
        id: 'layer-rename-access-denied',
        class: 'lock',
        reason: 'Renaming or removing a layer or snapshot folder was denied while it was still held.',
        // (?=(...))\1 settles on the first layer folder name and never backtracks into it.
        pattern: anyOf(String.raw `\b(?:rename|remove|unlinkat) (?=([^\n]{0,200}?${LAYER_STORE}))\1` +
            String.raw `[^\n]{0,400}?: Access is denied`),
    },
    {
        id: 'sharing-violation',
        class: 'lock',
        reason: 'A file was held by another process (Win32 sharing or lock violation).',
        pattern: anyOf('cannot access the file because it is being used by another process', 'another process has locked a portion of the file', 'ERROR_(?:SHARING|LOCK)_VIOLATION', String.raw `0x8007002[01]\b`, String.raw `\(0x2[01]\)`),
    },
    // 4. Transient.
    {
        id: 'device-not-ready',
        class: 'transient',
        reason: 'A layer disk was not ready (0x15); it usually is a moment later.',
        pattern: anyOf('The device is not ready', String.raw `\(0x15\)`, String.raw `0x80070015\b`),
    },
    {
        id: 'daemon-pipe-missing',
        class: 'transient',
        reason: 'The daemon pipe does not exist: the daemon is not running (yet).',
        pattern: anyOf(String.raw `pipe[\\/]+[\w.-]{1,80}: The system cannot find the file specified`, 'named pipe error: The system cannot find the file specified'),
    },
    {
        id: 'daemon-unreachable',
        class: 'transient',
        reason: 'The build client could not connect to the daemon.',
        pattern: anyOf('failed to list workers', 'listing workers', 'failed to dial gRPC', 'error reading server preface', 'transport: error while dialing', 'connection error: desc', 'error during connect'),
    },
    {
        id: 'daemon-connection-lost',
        class: 'transient',
        reason: 'The connection to the daemon closed during the build.',
        pattern: anyOf('transport is closing', 'the client connection is closing', 'code = Unavailable', 'error reading from server'),
    },
    {
        id: 'registry-rate-limited',
        class: 'transient',
        reason: 'The registry rate-limited the pull or push (429 / toomanyrequests).',
        pattern: anyOf(String.raw `\b429 Too Many Requests\b`, String.raw `\btoomanyrequests\b`, 'pull rate limit'),
    },
    {
        id: 'registry-unavailable',
        class: 'transient',
        reason: 'The registry answered with a server error (500, 502, 503, 504).',
        pattern: anyOf(String.raw `\b50[0234] ${SERVER_ERROR}\b`),
    },
    {
        id: 'network-error',
        class: 'transient',
        reason: 'The network dropped or timed out (reset, refused, i/o or TLS timeout, EOF).',
        pattern: anyOf('connection reset by peer', 'connection refused', 'i/o timeout', 'TLS handshake timeout', 'net/http: request canceled', String.raw `(?:https?://|\btcp )[^\n]{0,600}?: (?:unexpected )?EOF\b`),
    },
    {
        id: 'deadline-exceeded',
        class: 'transient',
        reason: 'An operation ran out of time (context deadline exceeded), typically while resolving.',
        pattern: anyOf('context deadline exceeded', String.raw `\bDeadlineExceeded\b`),
    },
    // 6. Permanent, most specific first.
    {
        id: 'disk-full',
        class: 'permanent',
        reason: 'The disk is full (0x70, no space left on device); free space or prune the cache.',
        pattern: anyOf('There is not enough space on the disk', 'no space left on device', String.raw `0x80070070\b`, String.raw `\(0x70\)`),
    },
    {
        id: 'dockerfile-invalid',
        class: 'permanent',
        reason: 'The Dockerfile does not parse, or names a stage or target that does not exist.',
        pattern: anyOf('dockerfile parse error', 'unknown instruction', 'failed to parse stage name', 'failed to parse dockerfile', String.raw `target stage "[^"\n]{0,200}" could not be found`),
    },
    {
        id: 'dockerfile-not-found',
        class: 'permanent',
        reason: 'The Dockerfile could not be read from the build context.',
        pattern: anyOf('failed to read dockerfile'),
    },
    {
        id: 'run-step-failed',
        class: 'permanent',
        reason: 'A RUN command ran and exited non-zero; the command itself failed.',
        pattern: anyOf(String.raw `did not complete successfully: exit code: \d+`, String.raw `executor failed running \[[^\n]{0,4000}?\]: exit code:? \d+`, String.raw `returned a non-zero code: \d+`),
    },
    {
        id: 'no-platform-match',
        class: 'permanent',
        reason: 'The image has no variant for this platform or Windows build.',
        pattern: anyOf('no match for platform in manifest', String.raw `no matching manifest for [^\n]{0,200}? in the manifest list`),
    },
    {
        id: 'image-not-found',
        class: 'permanent',
        reason: 'The image, tag or repository does not exist (or is private and not logged in).',
        pattern: anyOf('manifest unknown', 'repository does not exist', 'pull access denied', String.raw `failed to resolve source metadata for [^\n]{0,400}?: not found`, String.raw `failed to create LLB definition: [^\n]{0,400}?: not found`),
    },
    {
        id: 'registry-unauthorized',
        class: 'permanent',
        reason: 'The registry refused the credentials (401, insufficient scope, access denied).',
        pattern: anyOf(String.raw `\b401 Unauthorized\b`, 'authorization status: 401', 'insufficient_scope', 'authentication required', 'unauthorized: ', 'denied: requested access to the resource is denied'),
    },
    {
        id: 'copy-source-not-found',
        class: 'permanent',
        reason: 'A COPY or ADD source is not in the build context or stage.',
        pattern: anyOf(String.raw `failed to calculate checksum of ref [^\n]{0,160}?: "[^"\n]{0,1000}": not found`, 'COPY failed: (?:file not found|stat |no source files)'),
    },
    {
        id: 'invalid-reference',
        class: 'permanent',
        reason: 'An image name or tag is not a valid reference.',
        pattern: anyOf('invalid reference format'),
    },
    {
        id: 'invalid-flag',
        class: 'permanent',
        reason: 'The build command got an unknown or malformed flag.',
        pattern: anyOf('unknown flag: ', 'unknown shorthand flag', 'flag needs an argument', String.raw `invalid argument "[^"\n]{0,200}" for "[^"\n]{0,80}" flag`),
    },
    {
        id: 'hcs-layer-error',
        class: 'permanent',
        reason: 'A Windows layer operation failed in a way retrying does not change (driver, path, layer).',
        pattern: anyOf(String.raw `hcsshim::\w{0,40}Layer\b[^\n]{0,40}?failed`),
    },
    {
        id: 'access-denied',
        class: 'permanent',
        reason: 'Access was denied outside layer and snapshot folders; a retry does not grant rights.',
        pattern: anyOf('Access is denied'),
    },
];
/** A case-insensitive pattern matching any of the alternatives (regular expression sources). */
function anyOf(...alternatives) {
    return new RegExp(alternatives.join('|'), 'i');
}
/** A non-capturing group of alternatives, to embed in a larger pattern. */
function group(...alternatives) {
    return `(?:${alternatives.join('|')})`;
}

;// CONCATENATED MODULE: ./lib/engine/classify.js
/**
 * Decides why a build failed, from the tail of its output, so the retry loop knows whether a
 * retry can help. The rules and their precedence live in classify-rules.ts.
 */


const EVIDENCE_MAX = 500;
/** Longest text a single pattern test sees; longer lines are cut into pieces of this size. */
const PIECE_MAX = 4096;
/** How much of each side of a line break a joined test sees; a wrapped match spans the break. */
const JOIN_REACH = 1024;
/** How far above the final error line the failing step's `#N ERROR` line may be. */
const STEP_LOOKBACK = 80;
/** How many of the failing step's own output lines are considered. */
const STEP_LINES_MAX = 400;
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;
const CI_TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)[ \t]/;
const PROGRESS_PREFIX = /^#\d+ +\d+(?:\.\d+)? +/;
/** A line that starts an error report: buildx/buildctl, a docker daemon answer, a logrus line. */
const ERROR_HEADER = new RegExp([
    String.raw `^(?:#\d+ +)?(?:ERROR\b|error:|Error:|Error response from daemon\b|ERRO\[|FATA\[)`,
    String.raw `^(?:time="[^"\n]{0,64}" +)?level=(?:error|fatal)\b`,
].join('|'));
const STEP_ERROR = /^#(\d+) +ERROR\b/;
/** Classifies a failed build's output (buildctl or buildx, plain progress) into a verdict. */
function classify_classify(log, options = {}) {
    const lines = splitLines(log);
    const view = new LogView(lines, decisiveLines(lines));
    for (const candidate of orderCandidates(options)) {
        const hit = view.findLast(candidate.pattern, candidate.perLine === true);
        if (hit === undefined)
            continue;
        return {
            class: candidate.class,
            rule: candidate.id,
            evidence: excerpt(hit),
            lockedPaths: candidate.class === 'lock' ? collectLockedPaths(view) : [],
        };
    }
    return { class: 'unknown', rule: 'no-match', evidence: unknownEvidence(lines), lockedPaths: [] };
}
/**
 * Windows paths in `text` (drive-letter, `\\?\C:\...` and `\\?\Volume{...}\...` forms), with
 * JSON-escaped backslashes undone, `\\?\` dropped before a drive letter, trailing punctuation
 * removed, in order of appearance and without case-insensitive duplicates.
 */
function extractWindowsPaths(text) {
    const found = new PathSet();
    const roots = /(?<![A-Za-z0-9])[A-Za-z]:(?=\\)|(?<=\?\\{1,2})Volume\{[0-9A-Fa-f-]{36}\}(?=\\)/g;
    for (const root of text.matchAll(roots)) {
        const start = root.index;
        const bodyStart = start + root[0].length;
        const path = readPathBody(text, bodyStart);
        if (path === undefined)
            continue;
        const prefix = root[0].startsWith('Volume') ? `\\\\?\\${root[0]}` : root[0];
        found.add(prefix + path);
    }
    return found.values();
}
/** One cleaned log line: ANSI codes, CR, a CI timestamp and surrounding blanks removed. */
function splitLines(log) {
    const lines = [];
    for (const raw of log.replace(ANSI, '').split(/\r\n|\r|\n/)) {
        const line = raw.replace(CI_TIMESTAMP, '').trim();
        if (line.length <= PIECE_MAX) {
            lines.push(line);
            continue;
        }
        // LIMITATION: a match that spans more than two pieces of one very long line is not seen.
        for (let at = 0; at < line.length; at += PIECE_MAX)
            lines.push(line.slice(at, at + PIECE_MAX));
    }
    return lines;
}
/**
 * The indexes of the lines that decide: the final error report (from the last error line to
 * the end) plus the output of the step whose `#N ERROR` line opens it. Without any error line,
 * every line.
 */
function decisiveLines(lines) {
    let last = -1;
    for (let i = lines.length - 1; i >= 0 && last < 0; i--)
        if (ERROR_HEADER.test(lines[i]))
            last = i;
    if (last < 0)
        return lines.map((_, i) => i);
    let start = last;
    let step;
    for (let i = last; i >= Math.max(0, last - STEP_LOOKBACK); i--) {
        const match = STEP_ERROR.exec(lines[i]);
        if (match) {
            start = i;
            step = match[1];
            break;
        }
    }
    const picked = [];
    if (step !== undefined) {
        const prefix = `#${step} `;
        for (let i = start - 1; i >= 0 && picked.length < STEP_LINES_MAX; i--) {
            if (lines[i].startsWith(prefix))
                picked.push(i);
        }
        picked.reverse();
    }
    for (let i = start; i < lines.length; i++)
        picked.push(i);
    return picked;
}
/** Precedence: user fatal-patterns, built-in rules, user retry-patterns after the transients. */
function orderCandidates(options) {
    let retryAt = 0;
    RULES.forEach((rule, i) => {
        if (rule.class === 'transient')
            retryAt = i + 1;
    });
    const fatal = (options.fatalPatterns ?? []).map((pattern) => ({
        id: 'user-fatal-pattern',
        class: 'permanent',
        pattern: reusable(pattern),
        perLine: true,
    }));
    const retry = (options.retryPatterns ?? []).map((pattern) => ({
        id: 'user-retry-pattern',
        class: 'transient',
        pattern: reusable(pattern),
        perLine: true,
    }));
    return [...fatal, ...RULES.slice(0, retryAt), ...retry, ...RULES.slice(retryAt)];
}
/** A copy without the g and y flags, whose `lastIndex` state would make `exec` skip matches. */
function reusable(pattern) {
    return /[gy]/.test(pattern.flags)
        ? new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''))
        : pattern;
}
/**
 * The decisive lines of a log as three texts: the lines themselves, and each line joined with
 * the next one (with and without a space). Built-in rules scan each text in one pass; their
 * patterns never cross a line break, so a match always lies within one line or one join.
 */
class LogView {
    lines;
    texts;
    constructor(lines, scope) {
        this.lines = lines;
        const single = [];
        const spaced = [];
        const tight = [];
        scope.forEach((i, k) => {
            single.push({ text: lines[i], lines: [i], rank: 2 * i + 1, split: Infinity });
            if (scope[k + 1] !== i + 1)
                return;
            // A wrap may fall between words (the space was lost) or inside one; try both joins.
            // LIMITATION: a signature wrapped over three or more lines is not seen whole.
            const end = lines[i].slice(-JOIN_REACH);
            const next = lines[i + 1].replace(PROGRESS_PREFIX, '').slice(0, JOIN_REACH);
            spaced.push({
                text: `${end} ${next}`,
                lines: [i, i + 1],
                rank: 2 * i,
                split: end.length + 1,
            });
            tight.push({ text: end + next, lines: [i, i + 1], rank: 2 * i, split: end.length });
        });
        this.texts = [new Corpus(single), new Corpus(spaced), new Corpus(tight)];
    }
    /** The latest match; a line alone wins over the same line joined with the next. */
    findLast(pattern, perLine) {
        let best;
        for (const corpus of this.texts) {
            const hit = perLine ? corpus.lastPerSegment(pattern) : corpus.lastInOnePass(pattern);
            if (hit && (best === undefined || hit.rank > best.rank))
                best = hit;
        }
        return best;
    }
    /** Indexes of every line that takes part in a match of `pattern`. */
    linesMatching(pattern) {
        const found = new Set();
        for (const corpus of this.texts)
            for (const hit of corpus.all(pattern))
                hit.lines.forEach((i) => found.add(i));
        return found;
    }
}
/** Segments joined by line breaks, so that one regular expression scan covers all of them. */
class Corpus {
    segments;
    text;
    starts = [];
    constructor(segments) {
        this.segments = segments;
        let at = 0;
        for (const segment of segments) {
            this.starts.push(at);
            at += segment.text.length + 1;
        }
        this.text = segments.map((segment) => segment.text).join('\n');
    }
    *all(pattern) {
        for (const match of this.text.matchAll(globalCopy(pattern)))
            yield this.hitAt(match.index, match[0].length);
    }
    lastInOnePass(pattern) {
        let last;
        for (const hit of this.all(pattern))
            last = hit;
        return last;
    }
    /** For user patterns, which may use ^, $ or classes that would cross a line break. */
    lastPerSegment(pattern) {
        for (let s = this.segments.length - 1; s >= 0; s--) {
            const match = pattern.exec(this.segments[s].text);
            if (match)
                return this.hitAt(this.starts[s] + match.index, match[0].length);
        }
        return undefined;
    }
    hitAt(offset, length) {
        let low = 0;
        let high = this.starts.length - 1;
        while (low < high) {
            const mid = (low + high + 1) >> 1;
            if (this.starts[mid] <= offset)
                low = mid;
            else
                high = mid - 1;
        }
        const segment = this.segments[low];
        const index = offset - this.starts[low];
        // A match inside one half of a join is that line's own match; only a spanning one joins both.
        const [first, second] = segment.lines;
        const lines = second === undefined || (index < segment.split && index + length > segment.split)
            ? segment.lines
            : [index < segment.split ? first : second];
        return { text: segment.text, index, length, lines, rank: segment.rank };
    }
}
const globalCopies = new WeakMap();
function globalCopy(pattern) {
    let copy = globalCopies.get(pattern);
    if (copy === undefined) {
        copy = new RegExp(pattern.source, `${pattern.flags.replace(/[gy]/g, '')}g`);
        globalCopies.set(pattern, copy);
    }
    copy.lastIndex = 0;
    return copy;
}
// LIMITATION: paths are read line by line, so a path broken by a hard line wrap is reported only
// up to the end of its first line.
function collectLockedPaths(view) {
    const lines = new Set();
    for (const rule of RULES)
        if (rule.class === 'lock')
            view.linesMatching(rule.pattern).forEach((i) => lines.add(i));
    const found = new PathSet();
    for (const i of [...lines].sort((a, b) => a - b))
        for (const path of extractWindowsPaths(view.lines[i]))
            found.add(path);
    return found.values();
}
/** The matched text, cut to at most EVIDENCE_MAX characters around the match. */
function excerpt(hit) {
    if (hit.text.length <= EVIDENCE_MAX)
        return hit.text;
    const room = EVIDENCE_MAX - 2;
    const from = Math.max(0, Math.min(hit.index - Math.floor((room - hit.length) / 2), hit.text.length - room));
    const cut = hit.text.slice(from, from + room);
    return `${from > 0 ? '…' : ''}${cut}${from + room < hit.text.length ? '…' : ''}`;
}
function unknownEvidence(lines) {
    for (let i = lines.length - 1; i >= 0; i--)
        if (ERROR_HEADER.test(lines[i]))
            return cap(lines[i]);
    for (let i = lines.length - 1; i >= 0; i--)
        if (lines[i] !== '')
            return cap(lines[i]);
    return '';
}
function cap(text) {
    return text.length <= EVIDENCE_MAX ? text : `${text.slice(0, EVIDENCE_MAX - 1)}…`;
}
/** Characters that end a path in an error message. */
const PATH_STOP = '"\'`<>|?*:,;[]{}';
/** How far past a space to look for the backslash that shows a path goes on (`Program Files\`). */
const SPACE_LOOKAHEAD = 64;
/**
 * The path after a root (`C:` or `Volume{...}`) starting at `from`, which is on a backslash;
 * undefined when nothing but the root is there.
 */
function readPathBody(text, from) {
    const escaped = text.startsWith('\\\\', from);
    let end = from;
    while (end < text.length) {
        const c = text[end];
        if (c === ' ' && continuesAfterSpace(text, end)) {
            end++;
            continue;
        }
        if (c <= ' ' || PATH_STOP.includes(c))
            break;
        end++;
    }
    let body = text.slice(from, end);
    if (escaped)
        body = body.replace(/\\\\/g, '\\');
    body = trimPathEnd(body);
    return body.length > 1 ? body : undefined;
}
/** A space continues a path only when a backslash follows within a few plain words. */
function continuesAfterSpace(text, space) {
    if (text[space + 1] === ' ')
        return false;
    const limit = Math.min(text.length, space + 1 + SPACE_LOOKAHEAD);
    for (let j = space + 1; j < limit; j++) {
        const c = text[j];
        if (c === '\\')
            return true;
        if (c === ' ' && text[j + 1] === ' ')
            return false;
        if (c !== ' ' && (c < ' ' || c === '=' || PATH_STOP.includes(c)))
            return false;
    }
    return false;
}
function trimPathEnd(body) {
    let end = body.length;
    while (end > 1) {
        const c = body[end - 1];
        if (c === '.' || c === '\\' || (c === ')' && !body.slice(0, end).includes('(')))
            end--;
        else
            break;
    }
    return body.slice(0, end);
}
/** Paths in order of first appearance, compared case-insensitively as Windows does. */
class PathSet {
    seen = new Map();
    add(path) {
        const key = path.toLowerCase();
        if (!this.seen.has(key))
            this.seen.set(key, path);
    }
    values() {
        return [...this.seen.values()];
    }
}

;// CONCATENATED MODULE: external "node:timers/promises"
const external_node_timers_promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:timers/promises");
// EXTERNAL MODULE: ./node_modules/proper-lockfile/index.js
var proper_lockfile = __nccwpck_require__(648);
;// CONCATENATED MODULE: ./lib/engine/queue/store.js
/**
 * Where the queue of one daemon lives on disk and how it is read and changed: a folder per
 * daemon address, a JSON state file replaced atomically under a short proper-lockfile lock, and
 * a separate small file with the end time of the last build.
 */






/** The queue folder could not be created or used. */
class QueueStateError extends (/* unused pure expression or super */ null && (Error)) {
    name = 'QueueStateError';
}
/** The short state lock stayed taken through all retries (another process is inside it). */
class store_StateLockBusyError extends (/* unused pure expression or super */ null && (Error)) {
    name = 'StateLockBusyError';
}
/** How long the state lock may go without a refresh before others take it over. */
const LOCK_STALE_MS = 4000;
/** How long to keep trying for the state lock before giving up this round. */
const LOCK_PATIENCE_MS = LOCK_STALE_MS + 2000;
/** Temporary files older than this are left-overs of a writer that died mid-write. */
const STRAY_TEMP_AGE_MS = (/* unused pure expression or super */ null && (10 * 60_000));
/** Grants Modify, inherited by files and subfolders, to Authenticated Users (by SID). */
const WINDOWS_SHARED_GRANT = '*S-1-5-11:(OI)(CI)M';
/** The files of the queue of `address` inside `stateDir`. */
function store_findQueuePaths(stateDir, address) {
    const dir = path.join(stateDir, queueFolderName(address));
    return {
        dir,
        stateFile: path.join(dir, 'queue.json'),
        lockPath: path.join(dir, 'queue.lock'),
        lastEndFile: path.join(dir, 'last-end.json'),
    };
}
/**
 * A readable, file-system-safe folder name for a daemon address. Windows pipe names ignore case,
 * so `npipe:` addresses are compared without it; the hash keeps different addresses apart.
 */
function queueFolderName(address) {
    const trimmed = address.trim();
    const key = /^npipe:/i.test(trimmed) ? trimmed.toLowerCase() : trimmed;
    const hash = createHash('sha256').update(key).digest('hex').slice(0, 12);
    const slug = key
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 40)
        .replace(/-+$/g, '');
    return `queue-${slug || 'daemon'}-${hash}`;
}
/**
 * Creates the state folder and the daemon's queue folder when missing, open to every account on
 * the machine, and fails with a clear message when they cannot be used.
 */
async function store_prepareQueueFolder(stateDir, paths, platform, exec, log) {
    // LIMITATION: on Windows the grant is made only when this step creates the state folder; a
    // folder made beforehand by something else keeps the access rights it was given.
    const createdState = await createSharedFolder(stateDir, stateDir, platform);
    if (createdState && platform === 'win32')
        await grantEveryAccount(stateDir, exec, log);
    await createSharedFolder(paths.dir, stateDir, platform);
    try {
        await fs.access(paths.dir, fsConstants.R_OK | fsConstants.W_OK);
    }
    catch (error) {
        throw new QueueStateError(`The queue folder ${paths.dir} is not writable for this account ` +
            `(${describeCode(error)}). Give every build account write access to ${stateDir}, or ` +
            'set state-dir to a folder they share.');
    }
    await removeStrayTempFiles(paths.dir);
}
/** A fresh look at the state without taking the lock: a hint for waiting, never for deciding. */
async function store_peekQueueState(paths, address) {
    const text = await store_readText(paths.stateFile);
    if (text === undefined)
        return { state: createEmptyState(address, await readLastEnd(paths)) };
    return parseState(text);
}
/**
 * Changes the state under the short lock: reads it, lets `mutate` compute the next state, and
 * replaces the file atomically. An unreadable file is rebuilt empty, with the last build ending
 * now and a recovery mark, so running builds can put themselves back before anyone starts.
 */
async function store_updateQueueState(paths, address, clock, mutate) {
    for (let round = 1;; round += 1) {
        try {
            return await updateOnce(paths, address, clock, mutate);
        }
        catch (error) {
            // Another writer slipped in (possible only when a stale lock was taken over twice).
            if (!(error instanceof StateChangedError) || round >= 3)
                throw error;
        }
    }
}
/** The end time of the last build from its own file; its mtime when the content is damaged. */
async function readLastEnd(paths) {
    const text = await store_readText(paths.lastEndFile);
    if (text === undefined)
        return 0;
    try {
        const value = JSON.parse(text);
        if (typeof value.at === 'number' && Number.isFinite(value.at) && value.at >= 0)
            return value.at;
    }
    catch {
        // Fall through to the modification time, which is when the last end was written.
    }
    try {
        return (await fs.stat(paths.lastEndFile)).mtimeMs;
    }
    catch {
        return 0;
    }
}
/** Records the end of a build, never moving the recorded time backwards. */
async function store_writeLastEnd(paths, at) {
    const previous = await readLastEnd(paths);
    const value = Math.max(previous, at);
    await writeAtomically(paths.lastEndFile, `${JSON.stringify({ at: value, iso: new Date(value).toISOString() })}\n`);
}
/** Whether a process exists on this machine; a process of another account counts as alive. */
function isProcessAlive(pid) {
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (error) {
        return error.code !== 'ESRCH';
    }
}
class StateChangedError extends (/* unused pure expression or super */ null && (Error)) {
    name = 'StateChangedError';
}
async function updateOnce(paths, address, clock, mutate) {
    let compromised;
    const unlock = await takeStateLock(paths, clock, (error) => (compromised = error));
    try {
        const text = await store_readText(paths.stateFile);
        const { state, problem } = await readForUpdate(text, paths, address, clock.now);
        const { next, result } = mutate(state);
        if (next === undefined && problem === undefined)
            return { result };
        const written = { ...(next ?? state), address, revision: state.revision + 1 };
        if (compromised)
            throw new StateChangedError(`lost the state lock: ${compromised.message}`);
        if ((await store_readText(paths.stateFile)) !== text) {
            throw new StateChangedError('the state file changed while the lock was held');
        }
        await writeAtomically(paths.stateFile, `${JSON.stringify(written, null, 2)}\n`);
        return problem === undefined ? { result } : { result, recoveredFrom: problem };
    }
    finally {
        await unlock().catch(() => undefined);
    }
}
async function readForUpdate(text, paths, address, now) {
    if (text === undefined)
        return { state: createEmptyState(address, await readLastEnd(paths)) };
    const parsed = parseState(text);
    if ('state' in parsed)
        return { state: parsed.state };
    // Nothing in the file can be trusted, so behave as if a build ended just now.
    const at = now();
    const lastEndAt = Math.max(await readLastEnd(paths), at);
    return {
        state: { ...createEmptyState(address, lastEndAt), recoveredAt: at },
        problem: parsed.problem,
    };
}
async function takeStateLock(paths, clock, onCompromised) {
    const started = clock.now();
    // LIMITATION: proper-lockfile takes over a stale lock by removing and re-creating it; two
    // processes that both judge it stale at the same instant can both get it. A lock turns stale
    // only when its holder died inside the few milliseconds it holds it, and updateOnce re-reads
    // the file before replacing it, which turns most such collisions into a retry.
    for (;;) {
        try {
            return await lockfile.lock(paths.stateFile, {
                lockfilePath: paths.lockPath,
                realpath: false,
                stale: LOCK_STALE_MS,
                update: 1000,
                // The default throws from a timer and would crash the step; the write checks this instead.
                onCompromised,
            });
        }
        catch (error) {
            if (error.code !== 'ELOCKED') {
                throw new QueueStateError(`Cannot lock the queue state ${paths.stateFile} (${describeCode(error)}).`);
            }
        }
        // The lock is held for milliseconds at a time; the retries outlast its stale time, so a lock
        // left by a killed process is taken over before giving up.
        if (clock.now() - started > LOCK_PATIENCE_MS) {
            throw new store_StateLockBusyError(`The queue state lock ${paths.lockPath} stayed taken.`);
        }
        await clock.sleep(5 + Math.floor(Math.random() * 20));
    }
}
/**
 * Writes through a temporary file and a rename, so a reader or a crash never sees half a file.
 * LIMITATION: the rename is not flushed to disk (no fsync); after a power loss the file may be
 * empty or old, which the reader treats as damaged and rebuilds.
 */
async function writeAtomically(file, text) {
    const temp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
    await fs.writeFile(temp, text, { flag: 'wx', mode: 0o666 });
    try {
        await renameWithRetries(temp, file);
    }
    catch (error) {
        await fs.rm(temp, { force: true }).catch(() => undefined);
        throw error;
    }
}
/** On Windows a reader or a virus scanner can hold the target for a moment (EPERM, EBUSY). */
async function renameWithRetries(from, to) {
    for (let attempt = 1;; attempt += 1) {
        try {
            await fs.rename(from, to);
            return;
        }
        catch (error) {
            const code = error.code;
            const passing = code === 'EPERM' || code === 'EACCES' || code === 'EBUSY';
            if (!passing || attempt >= 20)
                throw error;
            await delay(attempt * 5);
        }
    }
}
async function store_readText(file) {
    try {
        return await fs.readFile(file, 'utf8');
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return undefined;
        throw error;
    }
}
/** Returns whether the folder was created now; opens a new folder to every account (POSIX). */
async function createSharedFolder(folder, stateDir, platform) {
    let created;
    try {
        created = (await fs.mkdir(folder, { recursive: true, mode: 0o777 })) !== undefined;
    }
    catch (error) {
        throw new QueueStateError(`Cannot create the queue folder ${folder} (${describeCode(error)}). Create ${stateDir} ` +
            'writable for every build account, or set state-dir to a folder they share.');
    }
    // The umask strips group and other write bits from mkdir. No sticky bit: other accounts must
    // be able to replace the state file by rename, which the sticky bit forbids for files they do
    // not own.
    if (created && platform !== 'win32')
        await fs.chmod(folder, 0o777).catch(() => undefined);
    return created;
}
/**
 * ProgramData lets other accounts read but not replace a file its creator made; the queue needs
 * every agent account (services included) to replace the state file, so the folder grants Modify.
 */
async function grantEveryAccount(folder, exec, log) {
    const args = [folder, '/grant', WINDOWS_SHARED_GRANT, '/Q'];
    const result = await exec('icacls', args, { timeoutMs: 30_000 });
    if (result.exitCode === 0) {
        log.info(`Created the queue state folder ${folder}, writable for every signed-in account.`);
        return;
    }
    const why = result.startError ??
        (result.stderr.trim() || result.stdout.trim() || `exit code ${result.exitCode}`);
    log.warning(`Could not open the queue state folder ${folder} to other accounts (icacls: ${why}). Builds ` +
        'under other accounts may fail to join the queue; run as an administrator: ' +
        `icacls "${folder}" ` +
        `/grant "${WINDOWS_SHARED_GRANT}"`);
}
async function removeStrayTempFiles(dir) {
    try {
        const cutoff = Date.now() - STRAY_TEMP_AGE_MS;
        for (const name of await fs.readdir(dir)) {
            if (!name.endsWith('.tmp'))
                continue;
            const file = path.join(dir, name);
            const stat = await fs.stat(file).catch(() => undefined);
            if (stat && stat.mtimeMs < cutoff)
                await fs.rm(file, { force: true }).catch(() => undefined);
        }
    }
    catch {
        // Best effort: a left-over temporary file harms nothing.
    }
}
function describeCode(error) {
    const code = error?.code;
    const message = error instanceof Error ? error.message : String(error);
    return code && !message.includes(code) ? `${code}: ${message}` : message;
}

;// CONCATENATED MODULE: ./lib/engine/queue.js
/**
 * The host-wide build queue: one build at a time per BuildKit daemon on this machine, first come
 * first served across processes, jobs, agents and accounts, with a mandatory pause between the end
 * of one build and the start of the next. See docs/build-queue.md.
 */







const DEFAULT_QUEUE_TUNING = {
    pollMs: 25,
    renewMs: 2000,
    leaseMs: 30_000,
    recoveryGraceMs: 5000,
    logEveryMs: 30_000,
    platform: process.platform,
    exec: exec/* execCommand */.N,
    hostname: (0,external_node_os_.hostname)(),
    isAlive: isProcessAlive,
};
/**
 * Waits for this machine's build slot for the daemon, in arrival order and with the spacing
 * after the previous build, and returns it; throws QueueTimeoutError when the wait runs too long.
 */
// LIMITATION: the queue lives on this machine. Steps on other machines that use the same remote
// daemon (tcp://) are not in it and are neither serialised nor spaced with the steps here.
async function queue_acquireBuildSlot(options) {
    checkOptions(options);
    const tuning = { ...DEFAULT_QUEUE_TUNING, ...options.tuning };
    const paths = findQueuePaths(options.stateDir, options.daemonAddress);
    await prepareQueueFolder(options.stateDir, paths, tuning.platform, tuning.exec, options.log);
    options.log.debug(`Build queue of daemon ${options.daemonAddress}: ${paths.stateFile}`);
    return new SlotRequest(options, tuning, paths).wait();
}
/** One step's wait for the slot, from joining the line to taking the slot or leaving. */
class SlotRequest {
    options;
    tuning;
    paths;
    self;
    liveness;
    joined = false;
    failedPasses = 0;
    lastRenewAt = 0;
    lastLogAt;
    latest;
    constructor(options, tuning, paths) {
        this.options = options;
        this.tuning = tuning;
        this.paths = paths;
        const requestedAt = options.clock.now();
        this.self = {
            id: randomUUID(),
            pid: options.holder.pid,
            step: options.holder.step,
            host: options.holder.host,
            hostname: tuning.hostname,
            requestedAt,
            renewedAt: requestedAt,
        };
        this.liveness = { hostname: tuning.hostname, isAlive: tuning.isAlive };
    }
    async wait() {
        const { clock } = this.options;
        for (;;) {
            await this.stopWhenAbortedOrLate();
            const now = clock.now();
            const peeked = this.joined ? await this.peek(now) : undefined;
            if (peeked === undefined || this.needsLockedPass(peeked, now)) {
                const pass = await this.runLockedPass();
                if (pass?.decision.kind === 'start')
                    return this.take();
                if (pass)
                    this.latest = { state: pass.state, decision: pass.decision };
            }
            else {
                this.latest = peeked;
            }
            if (this.latest)
                this.reportWaiting(this.latest.decision, clock.now());
            await clock.sleep(this.pickSleep(clock.now()), this.options.signal);
        }
    }
    /** A look without the lock; undefined when the file cannot be read or is damaged. */
    async peek(now) {
        try {
            const peeked = await peekQueueState(this.paths, this.options.daemonAddress);
            if (!('state' in peeked))
                return undefined;
            return { state: peeked.state, decision: this.decide(peeked.state, now) };
        }
        catch (error) {
            this.options.log.debug(`Queue state unreadable for a moment: ${String(error)}`);
            return undefined;
        }
    }
    /** Changes are made only under the lock: to start, to prune, to renew, or to rejoin. */
    needsLockedPass(peeked, now) {
        if (peeked.decision.kind !== 'wait')
            return true;
        if (now - this.lastRenewAt >= this.tuning.renewMs)
            return true;
        return peeked.state.entries.some((entry) => findDeathReason(entry, now, this.tuning.leaseMs, this.liveness) !== undefined);
    }
    async runLockedPass() {
        const { clock, log } = this.options;
        let outcome;
        try {
            outcome = await updateQueueState(this.paths, this.options.daemonAddress, clock, (found) => {
                const at = clock.now();
                // Renew first: this process is plainly alive, whatever its lease says.
                const mine = found.entries.find((entry) => entry.id === this.self.id);
                const current = clampToNow(found, at);
                const renewed = mine ? replaceEntry(current, { ...mine, renewedAt: at }) : current;
                const { state: pruned, removed } = pruneState(renewed, at, this.tuning.leaseMs, this.liveness);
                let state = mine ? pruned : insertEntry(pruned, { ...this.self, renewedAt: at });
                const decision = this.decide(state, at);
                if (decision.kind === 'start') {
                    state = replaceEntry(state, { ...this.self, renewedAt: at, startedAt: at });
                }
                return { next: state, result: { decision, removed, rejoined: !mine, state } };
            });
        }
        catch (error) {
            // A busy lock or a passing file error costs one round; a lasting failure ends the wait.
            this.failedPasses += 1;
            if (!(error instanceof StateLockBusyError) && (!this.joined || this.failedPasses >= 20)) {
                throw error;
            }
            log.debug(`Queue state not updated this round: ${String(error)}`);
            return undefined;
        }
        this.failedPasses = 0;
        const { result } = outcome;
        this.lastRenewAt = clock.now();
        if (outcome.recoveredFrom !== undefined)
            this.reportRecovery(outcome.recoveredFrom);
        for (const removed of result.removed)
            this.reportRemoved(removed);
        if (result.rejoined && this.joined) {
            log.info("This step's place in the build queue had gone (the state file was rebuilt or its " +
                'lease ran out while the process did not respond); it rejoined in the order of its ' +
                'request time.');
        }
        this.joined = true;
        return result;
    }
    decide(state, now) {
        return decideStart(state, this.self.id, now, this.options.spacingMs, this.tuning.recoveryGraceMs);
    }
    take() {
        const startedAt = this.options.clock.now();
        const waitedMs = Math.max(0, startedAt - this.self.requestedAt);
        const { daemonAddress } = this.options;
        this.options.log.info(`Took the build slot of daemon ${daemonAddress} after ${queue_formatDuration(waitedMs)}.`);
        return new HeldSlot(this.options, this.tuning, this.paths, { ...this.self, startedAt }, waitedMs);
    }
    /** Short polls while someone is ahead; one precise sleep when only the spacing is left. */
    pickSleep(now) {
        const { pollMs, renewMs } = this.tuning;
        let ms = pollMs;
        const decision = this.latest?.decision;
        if (decision?.kind === 'wait' && !decision.holder && decision.ahead.length === 0) {
            ms = Math.min(Math.max(decision.startAllowedAt - now, 1), this.lastRenewAt + renewMs - now);
        }
        if (this.options.timeoutMs > 0) {
            ms = Math.min(ms, this.self.requestedAt + this.options.timeoutMs - now);
        }
        return Math.max(ms, 1);
    }
    async stopWhenAbortedOrLate() {
        const { signal, timeoutMs, clock } = this.options;
        if (signal?.aborted) {
            await this.leave();
            throw signal.reason instanceof Error
                ? signal.reason
                : new Error('Waiting for the build slot was cancelled.');
        }
        const waited = clock.now() - this.self.requestedAt;
        if (timeoutMs > 0 && waited >= timeoutMs) {
            await this.leave();
            throw new QueueTimeoutError(this.describeTimeout(waited));
        }
    }
    /** Best effort: a step that leaves without this is pruned as soon as its process ends. */
    async leave() {
        if (!this.joined)
            return;
        try {
            await updateQueueState(this.paths, this.options.daemonAddress, this.options.clock, (state) => ({
                next: removeEntry(state, this.self.id),
                result: undefined,
            }));
        }
        catch (error) {
            this.options.log.debug(`Could not leave the build queue: ${String(error)}`);
        }
    }
    reportWaiting(decision, now) {
        if (decision.kind !== 'wait')
            return;
        if (this.lastLogAt !== undefined && now - this.lastLogAt < this.tuning.logEveryMs)
            return;
        this.lastLogAt = now;
        this.options.log.info(this.describeWait(decision, now));
    }
    describeWait(decision, now) {
        const { daemonAddress, spacingMs } = this.options;
        const { holder, ahead, position, startAllowedAt } = decision;
        if (!holder && ahead.length === 0)
            return this.describeWaitAfterBuild(startAllowedAt, now);
        const parts = [
            `Waiting for the build slot of daemon ${daemonAddress}: position ${position} in line.`,
        ];
        if (holder) {
            const since = holder.startedAt ?? now;
            const running = `${toIso(since)} (${queue_formatDuration(now - since)})`;
            parts.push(`Building now: ${this.describeEntry(holder)} since ${running}.`);
        }
        if (ahead.length > 0) {
            parts.push(`Ahead: ${ahead.map((entry) => this.describeEntry(entry)).join(', ')}.`);
        }
        if (holder && spacingMs > 0) {
            const spacing = queue_formatDuration(spacingMs);
            parts.push(`Each start comes at least ${spacing} after the previous build ends (build-spacing).`);
        }
        else if (startAllowedAt > now) {
            parts.push(`build-spacing allows the next start in ${queue_formatDuration(startAllowedAt - now)}.`);
        }
        return parts.join(' ');
    }
    describeWaitAfterBuild(startAllowedAt, now) {
        const state = this.latest?.state;
        const { daemonAddress, spacingMs } = this.options;
        const wait = queue_formatDuration(Math.max(0, startAllowedAt - now));
        const recoveryEnd = state?.recoveredAt !== undefined ? state.recoveredAt + this.tuning.recoveryGraceMs : 0;
        if (state && recoveryEnd >= startAllowedAt) {
            return (`Waiting ${wait} before starting: the queue state of daemon ${daemonAddress} was rebuilt ` +
                `at ${toIso(state.recoveredAt ?? now)}, and builds still running get time to re-register.`);
        }
        const ended = state ? ` which ended at ${toIso(state.lastEndAt)}` : '';
        return (`Waiting ${wait} before starting: build-spacing (${queue_formatDuration(spacingMs)}) after the ` +
            `previous build on daemon ${daemonAddress},${ended}.`);
    }
    describeTimeout(waited) {
        const { daemonAddress, timeoutMs, spacingMs, clock } = this.options;
        const now = clock.now();
        const head = `Waited ${queue_formatDuration(waited)} for the build slot of daemon ${daemonAddress} and gave ` +
            `up (queue-timeout ${queue_formatDuration(timeoutMs)}).`;
        const decision = this.latest?.decision;
        if (decision?.kind === 'wait' && decision.holder) {
            const holder = decision.holder;
            const since = holder.startedAt ?? now;
            const machine = holder.hostname === this.tuning.hostname ? 'this machine' : `machine ${holder.hostname}`;
            return (`${head} The slot is held by ${this.describeEntry(holder)} since ${toIso(since)} ` +
                `(${queue_formatDuration(now - since)}). Raise queue-timeout, or look at process ` +
                `${holder.pid} on ${machine}: if it hangs, stop it; the queue notices a stopped holder ` +
                'within a second.');
        }
        if (decision?.kind === 'wait' && decision.ahead.length > 0) {
            const first = decision.ahead[0];
            return (`${head} No build is running, but ${decision.ahead.length} step(s) are ahead in line, ` +
                `first ${this.describeEntry(first)} waiting since ${toIso(first.requestedAt)}. Raise ` +
                `queue-timeout, or look at process ${first.pid}.`);
        }
        if (!this.latest) {
            return (`${head} The queue state ${this.paths.stateFile} could not be read or locked in that ` +
                'time; check that every build account can write to its folder.');
        }
        const allowed = findStartAllowedAt(this.latest.state, spacingMs, this.tuning.recoveryGraceMs);
        return (`${head} No build is running, but build-spacing (${queue_formatDuration(spacingMs)}) did not ` +
            `allow a start before ${toIso(allowed)}. Lower build-spacing or raise queue-timeout.`);
    }
    describeEntry(entry) {
        return describeEntry(entry, this.tuning.hostname);
    }
    reportRemoved({ entry, reason }) {
        const role = entry.startedAt !== undefined ? 'the build slot holder' : 'a waiting step';
        const why = reason === 'process-gone'
            ? 'its process is gone'
            : `it showed no sign of life for ${queue_formatDuration(this.tuning.leaseMs)} (lease)`;
        const spacing = entry.startedAt !== undefined ? '; its build counts as ended now for build-spacing' : '';
        this.options.log.info(`Removed ${role} ${this.describeEntry(entry)} from the queue of daemon ` +
            `${this.options.daemonAddress}: ${why}${spacing}.`);
    }
    reportRecovery(problem) {
        this.options.log.warning(describeRecovery(this.paths.stateFile, problem, this.tuning));
    }
}
/** The slot while held: renews the holder's lease until released. */
class HeldSlot {
    options;
    tuning;
    paths;
    entry;
    waitedMs;
    stopRenewing = new AbortController();
    renewing;
    releasing;
    warnedOverlap = false;
    constructor(options, tuning, paths, entry, waitedMs) {
        this.options = options;
        this.tuning = tuning;
        this.paths = paths;
        this.entry = entry;
        this.waitedMs = waitedMs;
        this.renewing = this.renewUntilReleased();
    }
    release() {
        this.releasing ??= this.giveBack();
        return this.releasing;
    }
    async renewUntilReleased() {
        const { clock } = this.options;
        const stop = this.stopRenewing.signal;
        while (!stop.aborted) {
            await clock.sleep(this.tuning.renewMs, stop);
            if (stop.aborted)
                return;
            await this.renew();
        }
    }
    async renew() {
        const { clock, log } = this.options;
        try {
            const outcome = await updateQueueState(this.paths, this.options.daemonAddress, clock, (state) => {
                const at = clock.now();
                const mine = state.entries.find((item) => item.id === this.entry.id);
                if (mine)
                    return {
                        next: replaceEntry(state, { ...mine, renewedAt: at }),
                        result: 'renewed',
                    };
                const other = state.entries.find((item) => item.startedAt !== undefined);
                if (other)
                    return { result: other };
                return {
                    next: insertEntry(state, { ...this.entry, renewedAt: at }),
                    result: 'rejoined',
                };
            });
            const { result } = outcome;
            if (outcome.recoveredFrom !== undefined) {
                log.warning(describeRecovery(this.paths.stateFile, outcome.recoveredFrom, this.tuning));
            }
            if (result === 'rejoined') {
                log.info('The build slot entry of this step had gone from the queue; it put itself back as ' +
                    'holder.');
            }
            else if (result !== 'renewed' && !this.warnedOverlap) {
                this.warnedOverlap = true;
                log.warning(`Another build, ${describeEntry(result, this.tuning.hostname)}, took the slot while ` +
                    "this step's build still runs: this step's lease ran out while its process did not " +
                    'respond. The builds now overlap; if this repeats, the machine is overloaded.');
            }
        }
        catch (error) {
            log.debug(`Could not renew the build slot lease: ${String(error)}`);
        }
    }
    async giveBack() {
        const { clock, log } = this.options;
        try {
            this.stopRenewing.abort();
            await this.renewing;
            const end = clock.now();
            await writeLastEnd(this.paths, end).catch((error) => log.debug(`Could not record the build end time: ${String(error)}`));
            await this.removeEntry(end);
            log.debug(`Released the build slot of daemon ${this.options.daemonAddress} at ${toIso(end)}.`);
        }
        catch (error) {
            log.warning(`Could not give the build slot back (${String(error)}). Other steps wait until this ` +
                `process ends or its lease (${queue_formatDuration(this.tuning.leaseMs)}) runs out.`);
        }
    }
    async removeEntry(end) {
        for (let round = 1;; round += 1) {
            try {
                await updateQueueState(this.paths, this.options.daemonAddress, this.options.clock, (state) => ({
                    next: {
                        ...removeEntry(state, this.entry.id),
                        lastEndAt: Math.max(state.lastEndAt, end),
                    },
                    result: undefined,
                }));
                return;
            }
            catch (error) {
                if (round >= 3)
                    throw error;
            }
        }
    }
}
function checkOptions(options) {
    const problems = [];
    if (options.stateDir.trim() === '')
        problems.push('stateDir is empty');
    if (options.daemonAddress.trim() === '')
        problems.push('daemonAddress is empty');
    if (!(options.spacingMs >= 0) || !Number.isFinite(options.spacingMs)) {
        problems.push(`spacingMs ${options.spacingMs} is not a number of 0 or more`);
    }
    if (!(options.timeoutMs >= 0) || !Number.isFinite(options.timeoutMs)) {
        problems.push(`timeoutMs ${options.timeoutMs} is not a number of 0 or more`);
    }
    if (!Number.isInteger(options.holder.pid) || options.holder.pid <= 0) {
        problems.push(`holder.pid ${options.holder.pid} is not a process id`);
    }
    if (problems.length > 0)
        throw new RangeError(`Build queue options: ${problems.join('; ')}.`);
}
function describeEntry(entry, hostname) {
    const machine = entry.hostname === hostname ? '' : `, machine ${entry.hostname}`;
    return `pid ${entry.pid} (step '${entry.step}', ${entry.host}${machine})`;
}
function describeRecovery(file, problem, tuning) {
    return (`The build queue state file ${file} was unreadable (${problem}) and was rebuilt. Starts wait ` +
        `${queue_formatDuration(tuning.recoveryGraceMs)} so that running builds re-register. If this ` +
        'repeats, check the disk and anything else that writes to that folder.');
}
function toIso(ms) {
    return new Date(ms).toISOString();
}
/** A short human duration: 850 ms, 12.3 s, 5 min 3 s, 2 h 5 min. */
function queue_formatDuration(ms) {
    if (ms < 1000)
        return `${Math.round(ms)} ms`;
    if (ms < 60_000)
        return `${(Math.floor(ms / 100) / 10).toFixed(1)} s`;
    const minutes = Math.floor(ms / 60_000);
    if (minutes < 60) {
        const seconds = Math.floor((ms % 60_000) / 1000);
        return seconds > 0 ? `${minutes} min ${seconds} s` : `${minutes} min`;
    }
    const rest = minutes % 60;
    return rest > 0 ? `${Math.floor(minutes / 60)} h ${rest} min` : `${Math.floor(minutes / 60)} h`;
}

;// CONCATENATED MODULE: ./lib/engine/registry-login.js




/**
 * Every private Docker config folder is named with this prefix; the post step removes only
 * folders named so, whatever its saved state says.
 */
const DOCKER_CONFIG_PREFIX = 'wcow-build-docker-';
/**
 * The key Docker Hub credentials are stored under. buildctl and buildx ask for the host
 * `registry-1.docker.io` and both translate it to this legacy key before reading config.json,
 * so Hub credentials stored under any other name are never found.
 */
const DOCKER_HUB_CONFIG_KEY = 'https://index.docker.io/v1/';
/** Names people write for Docker Hub; all of them mean DOCKER_HUB_CONFIG_KEY. */
const DOCKER_HUB_NAMES = new Set([
    'docker.io',
    'index.docker.io',
    'registry-1.docker.io',
    'registry.hub.docker.com',
]);
const HOST_PATTERN = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)(:\d{1,5})?$/;
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
/** The registry login cannot be used: the message says which part is wrong, never its value. */
class RegistryLoginError extends (/* unused pure expression or super */ null && (Error)) {
    name = 'RegistryLoginError';
}
/** The config.json key for a registry server as users write it (URL, host, host:port, empty). */
function normaliseRegistryServer(server) {
    const trimmed = server.trim();
    if (trimmed === '')
        return DOCKER_HUB_CONFIG_KEY;
    const withoutScheme = trimmed.replace(/^[A-Za-z][A-Za-z0-9+.-]*:\/\//, '');
    const host = withoutScheme.split('/')[0] ?? '';
    if (DOCKER_HUB_NAMES.has(host.toLowerCase()))
        return DOCKER_HUB_CONFIG_KEY;
    if (!HOST_PATTERN.test(host)) {
        throw new RegistryLoginError(`Registry login: server '${trimmed}' is not a registry host; expected a host name such as ` +
            'ghcr.io or registry.example.com:5000 (empty means Docker Hub).');
    }
    return host;
}
/** The `auth` value Docker keeps in config.json: base64 of `user:password`. */
function encodeDockerAuth(login) {
    return Buffer.from(`${login.username}:${login.password}`, 'utf8').toString('base64');
}
/**
 * Writes a private Docker config folder under parentDir holding one login, for the build tool to
 * read through DOCKER_CONFIG; nothing is written when the login is invalid.
 */
async function registry_login_writeDockerConfig(login, parentDir, options = {}) {
    const server = registry_login_checkRegistryLogin(login);
    const auth = encodeDockerAuth(login);
    const env = options.env ?? process.env;
    const userConfigDir = env.DOCKER_CONFIG || path.join(options.homeDir ?? os.homedir(), '.docker');
    const inherited = await readInheritedSettings(userConfigDir);
    const config = { auths: { [server]: { auth } }, ...inherited };
    let dir;
    try {
        dir = await fs.mkdtemp(path.join(parentDir, DOCKER_CONFIG_PREFIX));
    }
    catch (error) {
        throw new RegistryLoginError(`Registry login: could not create a private Docker config folder in ${parentDir} ` +
            `(${describeError(error)}); check that the folder exists and is writable.`);
    }
    try {
        // mkdtemp already uses 0700 on POSIX; chmod makes it independent of the platform default.
        await fs.chmod(dir, 0o700);
        await writePrivateFile(path.join(dir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
    }
    catch (error) {
        await removeDockerConfig(dir);
        throw new RegistryLoginError(`Registry login: could not write the private Docker config in ${dir} ` +
            `(${describeError(error)}); nothing was left behind.`);
    }
    const toolEnv = { DOCKER_CONFIG: dir };
    if (!env.BUILDX_CONFIG)
        toolEnv.BUILDX_CONFIG = path.join(userConfigDir, 'buildx');
    return {
        dir,
        server,
        env: toolEnv,
        secrets: [login.password, auth],
        remove: (report) => removeDockerConfig(dir, report).then(() => undefined),
    };
}
/**
 * Deletes a private Docker config folder made by writeDockerConfig (also from the post step,
 * given only its path); never throws. Resolves true when the folder is gone.
 */
async function removeDockerConfig(dir, report) {
    if (dir === '')
        return true;
    if (!external_node_path_.basename(dir).startsWith(DOCKER_CONFIG_PREFIX)) {
        report?.(`Left ${dir} alone: it is not a wcow-build Docker config folder.`);
        return false;
    }
    try {
        const stats = await external_node_fs_.promises.lstat(dir);
        if (!stats.isDirectory()) {
            report?.(`Left ${dir} alone: it is not a folder.`);
            return false;
        }
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return true;
    }
    try {
        // Windows may hold a just-closed file for a moment (antivirus, indexer): retry briefly.
        await external_node_fs_.promises.rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
        return true;
    }
    catch (error) {
        report?.(`Could not delete the private Docker config ${dir} (${errors_describeError(error)}); it holds ` +
            'registry credentials, so delete it by hand.');
        return false;
    }
}
/**
 * Checks a login without writing anything and returns its config.json key; call it before the
 * host is changed so that a bad login fails the step first.
 */
function registry_login_checkRegistryLogin(login) {
    const server = normaliseRegistryServer(login.server);
    checkCredentials(login);
    return server;
}
function checkCredentials(login) {
    if (login.username === '') {
        throw new RegistryLoginError('Registry login: the user name is empty; give a user name.');
    }
    // Docker splits the decoded auth at the first colon, so a colon in the user name would move
    // part of it into the password.
    if (login.username.includes(':') || CONTROL_CHARACTERS.test(login.username)) {
        throw new RegistryLoginError('Registry login: the user name contains a colon or a control character, which the Docker ' +
            'config format cannot hold; check the username input or the service connection.');
    }
    if (login.password === '') {
        throw new RegistryLoginError('Registry login: the password is empty; give a password or token.');
    }
}
/**
 * Settings of the user's own config.json that the build tools need and that hold no secret:
 * plugin folders (so `docker buildx` is still found once DOCKER_CONFIG moves) and proxies
 * (which buildx turns into build arguments). Credential stores and helpers are left out on
 * purpose: they would take precedence over the login written here.
 */
async function readInheritedSettings(userConfigDir) {
    const inherited = {};
    const pluginDirs = [];
    const ownPlugins = path.join(userConfigDir, 'cli-plugins');
    if (await isDirectory(ownPlugins))
        pluginDirs.push(ownPlugins);
    const userConfig = await readJsonObject(path.join(userConfigDir, 'config.json'));
    const extraDirs = userConfig?.cliPluginsExtraDirs;
    if (Array.isArray(extraDirs)) {
        for (const extra of extraDirs)
            if (typeof extra === 'string')
                pluginDirs.push(extra);
    }
    if (pluginDirs.length > 0)
        inherited.cliPluginsExtraDirs = pluginDirs;
    const proxies = userConfig?.proxies;
    if (proxies !== null && typeof proxies === 'object' && !Array.isArray(proxies)) {
        inherited.proxies = proxies;
    }
    // LIMITATION: Docker contexts live in <config dir>/contexts and cannot be pointed to from
    // another folder, so with a registry login `docker buildx` uses the default context (or
    // DOCKER_HOST / DOCKER_CONTEXT from the environment). Builder instances are still found
    // through BUILDX_CONFIG.
    return inherited;
}
async function readJsonObject(file) {
    try {
        const text = (await fs.readFile(file, 'utf8')).replace(/^\uFEFF/, '');
        const value = JSON.parse(text);
        return value !== null && typeof value === 'object' && !Array.isArray(value)
            ? value
            : undefined;
    }
    catch {
        // A missing or unreadable user config only means there is nothing to inherit.
        return undefined;
    }
}
async function isDirectory(candidate) {
    try {
        return (await fs.stat(candidate)).isDirectory();
    }
    catch {
        return false;
    }
}
async function writePrivateFile(file, content) {
    // LIMITATION: on Windows, modes are not ACLs; the file is private only as far as parentDir is
    // (the runner's and agent's temp folders are readable by the runner account and
    // administrators only).
    const handle = await fs.open(file, fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL, 0o600);
    try {
        await handle.writeFile(content, 'utf8');
    }
    finally {
        await handle.close();
    }
    await fs.chmod(file, 0o600);
}

// EXTERNAL MODULE: ./lib/engine/inputs.js
var inputs = __nccwpck_require__(541);
;// CONCATENATED MODULE: ./lib/engine/settings.js



const RETRYABLE_CLASSES = [
    'lock',
    'transient',
    'unknown',
    'timeout',
];
/** The default daemon address for a platform. */
function defaultBuildkitAddress(platform) {
    return platform === 'win32'
        ? 'npipe:////./pipe/buildkitd'
        : 'unix:///run/buildkit/buildkitd.sock';
}
/** The default machine-wide state folder for a platform. */
function defaultStateDir(platform, env, tempDir) {
    if (platform === 'win32') {
        return external_node_path_.win32.join(env.ProgramData ?? env.PROGRAMDATA ?? 'C:\\ProgramData', 'wcow-build');
    }
    return external_node_path_.join(tempDir, 'wcow-build');
}
class Reader {
    read;
    host;
    constructor(read, host) {
        this.read = read;
        this.host = host;
    }
    spec(name) {
        const spec = inputs/* INPUTS */.mc.find((candidate) => candidate.name === name);
        if (spec === undefined)
            throw new Error(`unknown input ${name}`);
        return spec;
    }
    label(spec) {
        return this.host === 'azure' ? (0,inputs/* azureInputName */.tF)(spec) : spec.name;
    }
    raw(name) {
        const spec = this.spec(name);
        const value = this.read(spec);
        const text = value === undefined || value.trim() === '' ? (spec.default ?? '') : value;
        return text.trim();
    }
    fail(name, value, accepted) {
        throw new errors_InputError(this.label(this.spec(name)), value, accepted);
    }
    string(name) {
        return this.raw(name);
    }
    choice(name) {
        const spec = this.spec(name);
        const value = this.raw(name).toLowerCase();
        const options = spec.options ?? [];
        if (!options.includes(value))
            this.fail(name, value, `one of ${options.join(', ')}`);
        return value;
    }
    boolean(name) {
        const value = this.raw(name).toLowerCase();
        if (value === 'true')
            return true;
        if (value === 'false')
            return false;
        return this.fail(name, value, '`true` or `false`');
    }
    number(name, min, max, integer = false) {
        const text = this.raw(name);
        const value = Number(text);
        const pattern = integer ? /^\d+$/ : /^\d+(\.\d+)?$/;
        if (!pattern.test(text) || !Number.isFinite(value) || value < min || value > max) {
            const kind = integer ? 'a whole number' : 'a number';
            this.fail(name, text, `${kind} from ${min} to ${max}`);
        }
        return value;
    }
    lines(name) {
        return this.raw(name)
            .split(/\r?\n/)
            .map((line) => line.trim())
            .filter((line) => line !== '' && !line.startsWith('#'));
    }
    list(name) {
        return this.raw(name)
            .split(/[\r\n,]/)
            .map((item) => item.trim())
            .filter((item) => item !== '');
    }
}
/** Reads and validates every input; throws an InputError naming the first bad one. */
function readSettings(read, context) {
    const r = new Reader(read, context.host);
    const resolve = (value) => (value === '' ? '' : external_node_path_.resolve(context.cwd, value));
    const buildArgs = r.lines('build-args');
    for (const arg of buildArgs)
        checkKeyValue(r, 'build-args', arg);
    const labels = r.lines('labels');
    for (const label of labels)
        checkKeyValue(r, 'labels', label);
    const address = r.string('buildkit-address') || defaultBuildkitAddress(context.platform);
    if (!/^(npipe|unix|tcp|docker-container|kube-pod|podman-container|ssh):\/\//.test(address)) {
        r.fail('buildkit-address', address, 'an address such as npipe:////./pipe/buildkitd, unix:///path or tcp://host:port');
    }
    const retryOn = readRetryOn(r);
    const retryDelay = r.number('retry-delay', 0, 3600);
    const retryMaxDelay = r.number('retry-max-delay', 0, 3600);
    if (retryMaxDelay < retryDelay) {
        r.fail('retry-max-delay', String(retryMaxDelay), `a number of seconds not below retry-delay (${retryDelay})`);
    }
    const registry = r.string('registry');
    const username = r.string('username');
    const password = r.string('password');
    if ((username !== '' || password !== '') && (username === '' || password === '')) {
        r.fail(username === '' ? 'username' : 'password', '', 'a value whenever the other of username and password is set');
    }
    return {
        builder: r.choice('builder'),
        buildkitAddress: address,
        buildkitTlsDir: resolve(r.string('buildkit-tls-dir')),
        buildxBuilder: r.string('buildx-builder'),
        context: r.string('context'),
        file: r.string('file'),
        target: r.string('target'),
        buildArgs,
        tags: r.list('tags'),
        push: r.boolean('push'),
        outputs: r.lines('outputs'),
        platforms: r.list('platform'),
        cacheFrom: r.lines('cache-from'),
        cacheTo: r.lines('cache-to'),
        secrets: r.lines('secrets').map((line) => parseSecret(r, line, context.env)),
        labels,
        noCache: r.boolean('no-cache'),
        extraArgs: r.lines('extra-args'),
        maxAttempts: r.number('max-attempts', 1, 10, true),
        retryOn,
        retryDelayMs: retryDelay * 1000,
        retryMaxDelayMs: retryMaxDelay * 1000,
        lockWaitTimeoutMs: r.number('lock-wait-timeout', 0, 3600) * 1000,
        attemptTimeoutMs: r.number('attempt-timeout', 0, 24 * 60) * 60_000,
        retryPatterns: r.lines('retry-patterns').map((line) => parsePattern(r, 'retry-patterns', line)),
        fatalPatterns: r.lines('fatal-patterns').map((line) => parsePattern(r, 'fatal-patterns', line)),
        buildSpacingMs: r.number('build-spacing', 0, 3600) * 1000,
        queueTimeoutMs: r.number('queue-timeout', 0, 24 * 60) * 60_000,
        stateDir: resolve(r.string('state-dir')) ||
            defaultStateDir(context.platform, context.env, context.tempDir),
        setup: r.choice('setup'),
        containerdVersion: readVersion(r, 'containerd-version'),
        buildkitVersion: readVersion(r, 'buildkit-version'),
        serviceTimeoutMs: r.number('service-timeout', 1, 3600) * 1000,
        buildkitGroup: r.string('buildkit-group'),
        warmupImages: r.list('warmup-images'),
        defenderExclusions: r.choice('defender-exclusions'),
        exclusionPaths: r.lines('exclusion-paths'),
        keepExclusions: r.boolean('keep-exclusions'),
        diagnostics: r.choice('diagnostics'),
        diagnosticsName: r.string('diagnostics-name'),
        diagnosticsRetentionDays: r.number('diagnostics-retention-days', 0, 400, true),
        diagnosticsMaxBytes: Math.round(r.number('diagnostics-max-mb', 1, 10_000) * 1024 * 1024),
        registryLogin: username !== '' ? { server: registry, username, password } : undefined,
        containerRegistry: r.string('container-registry'),
    };
}
function checkKeyValue(r, name, line) {
    if (!/^[^=\s][^=]*=/.test(line))
        r.fail(name, line, 'one KEY=VALUE per line');
}
function readRetryOn(r) {
    const items = r.list('retry-on').map((item) => item.toLowerCase());
    if (items.length === 1 && items[0] === 'none')
        return [];
    for (const item of items) {
        if (!RETRYABLE_CLASSES.includes(item)) {
            r.fail('retry-on', item, `a list of ${RETRYABLE_CLASSES.join(', ')}, or none`);
        }
    }
    return items;
}
function readVersion(r, name) {
    const value = r.string(name).replace(/^v/, '');
    if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?$/.test(value))
        r.fail(name, value, 'a release version such as 1.2.3');
    return value;
}
function parsePattern(r, name, line) {
    try {
        return new RegExp(line, 'i');
    }
    catch (error) {
        return r.fail(name, line, `valid regular expressions, one per line (${error.message})`);
    }
}
function parseSecret(r, line, env) {
    const fields = new Map();
    for (const part of line.split(',')) {
        const at = part.indexOf('=');
        if (at <= 0)
            r.fail('secrets', line, 'id=NAME,env=VARIABLE or id=NAME,src=FILE per line');
        fields.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
    }
    const id = fields.get('id') ?? '';
    const source = fields.get('env');
    const src = fields.get('src') ?? fields.get('source');
    const known = [...fields.keys()].every((key) => ['id', 'env', 'src', 'source', 'type'].includes(key));
    if (id === '' || !known || (source === undefined) === (src === undefined)) {
        r.fail('secrets', line, 'id=NAME,env=VARIABLE or id=NAME,src=FILE per line');
    }
    if (source !== undefined && env[source] === undefined) {
        r.fail('secrets', line, `a variable that is set in the step's environment (${source} is not)`);
    }
    return source !== undefined ? { id, env: source } : { id, src };
}

;// CONCATENATED MODULE: ./lib/engine/state.js
/** Keys of the values the main step keeps for the post step. */
const state_STATE = {
    /** The step's private work folder (logs, metadata, diagnostics). */
    workDir: 'wcow-work-dir',
    /** When the main step started (ms since epoch). */
    started: 'wcow-started',
    /** The JSON record of host changes made by the preparation. */
    hostChanges: 'wcow-host-changes',
    /** The private Docker config folder holding registry credentials. */
    dockerConfig: 'wcow-docker-config',
    /** The JSON attempt records so far. */
    attempts: 'wcow-attempts',
    /** Set when the main step ran to its end (the post step then has nothing to rescue). */
    finished: 'wcow-finished',
};

;// CONCATENATED MODULE: ./lib/engine/main.js

















/** Reads and validates the settings for this host; the step's first action. */
function loadSettings(host, deps) {
    return readSettings((spec) => host.getInput(spec), {
        host: host.kind,
        platform: deps.platform,
        env: host.env,
        cwd: deps.cwd,
        tempDir: external_node_os_.tmpdir(),
    });
}
/** Fails on paths that cannot work, before anything changes on the host. */
function checkPaths(settings, cwd) {
    const context = path.resolve(cwd, settings.context);
    if (!main_isDirectory(context))
        throw new InputError('context', settings.context, 'an existing folder');
    const file = settings.file === '' ? path.join(context, 'Dockerfile') : path.resolve(cwd, settings.file);
    if (!fs.existsSync(file)) {
        throw new InputError(settings.file === '' ? 'context' : 'file', settings.file || settings.context, `a path to an existing Dockerfile (${file} does not exist)`);
    }
    for (const secret of settings.secrets) {
        if (secret.src !== undefined && !fs.existsSync(path.resolve(cwd, secret.src))) {
            throw new InputError('secrets', `id=${secret.id},src=${secret.src}`, 'a src file that exists');
        }
    }
    if (settings.buildkitTlsDir !== '' && !main_isDirectory(settings.buildkitTlsDir)) {
        throw new InputError('buildkit-tls-dir', settings.buildkitTlsDir, 'an existing folder with ca.pem, cert.pem and key.pem');
    }
}
function main_isDirectory(folder) {
    try {
        return fs.statSync(folder).isDirectory();
    }
    catch {
        return false;
    }
}
/** Every value that must never be shown: registers each with the host and returns them all. */
function registerSecrets(host, settings, login, cwd) {
    const values = [];
    for (const secret of settings.secrets) {
        if (secret.env !== undefined)
            values.push(host.env[secret.env] ?? '');
        if (secret.src !== undefined)
            values.push(...readSecretFile(external_node_path_.resolve(cwd, secret.src)));
    }
    if (login !== undefined) {
        values.push(login.password, Buffer.from(`${login.username}:${login.password}`).toString('base64'));
    }
    const kept = [
        ...new Set(values.map((value) => value.trim()).filter((value) => value.length > 0)),
    ];
    for (const value of kept)
        host.setSecret(value);
    return kept;
}
/** A secret file's content, and its lines, so that each is masked; large files are skipped. */
function readSecretFile(file) {
    try {
        if (external_node_fs_.statSync(file).size > 64 * 1024)
            return [];
        const text = external_node_fs_.readFileSync(file, 'utf8');
        return [text, ...text.split(/\r?\n/)];
    }
    catch {
        return [];
    }
}
/** Reads the tool's metadata file; an empty object when it wrote none. */
function readMetadata(file) {
    try {
        const value = JSON.parse(fs.readFileSync(file, 'utf8'));
        return value !== null && typeof value === 'object' ? value : {};
    }
    catch {
        return {};
    }
}
/** The failure message: what failed, why, and the tool's own error lines. */
function failureMessage(result, settings) {
    const verdict = result.verdict;
    const count = result.attempts.length;
    if (verdict === undefined)
        return `Build failed after ${count} attempt(s).`;
    const reason = result.cancelled
        ? 'the job was cancelled'
        : count >= settings.maxAttempts && settings.retryOn.includes(verdict.class)
            ? `max-attempts (${settings.maxAttempts}) reached`
            : `class ${verdict.class} is not retried (retry-on: ${settings.retryOn.join(',') || 'none'})`;
    return `Build failed after ${count} attempt(s) with a ${verdict.class} error (rule ${verdict.rule}; ${reason}):\n${verdict.evidence}`;
}
/** Queue key: the daemon the build talks to. */
function daemonKey(settings) {
    return settings.builder === 'buildx'
        ? `buildx:${settings.buildxBuilder || 'default'}`
        : settings.buildkitAddress;
}
/**
 * The main step: prepare the host, run the build with retries, report, and collect diagnostics.
 * Never throws: every failure reaches the host as a failed step with a message.
 */
async function runMain(host, deps = systemDeps()) {
    try {
        await runMainSteps(host, deps);
    }
    catch (error) {
        host.setFailed(describeError(error));
    }
}
async function runMainSteps(host, deps) {
    let settings;
    let login;
    try {
        settings = loadSettings(host, deps);
        checkPaths(settings, deps.cwd);
        login = settings.registryLogin ?? resolveConnection(host, settings);
        if (login !== undefined)
            checkRegistryLogin(login);
    }
    catch (error) {
        host.setFailed(describeError(error));
        return;
    }
    const secrets = registerSecrets(host, settings, login, deps.cwd);
    const workDir = fs.mkdtempSync(path.join(host.context.tempDir, 'wcow-build-'));
    host.saveState(STATE.workDir, workDir);
    host.saveState(STATE.started, String(deps.clock.now()));
    let dockerConfig;
    let result;
    let lastToolEnv = host.env;
    try {
        const changes = await prepareHostOnce(host, settings, deps, workDir);
        const toolEnv = withToolsOnPath(host.env, changes.tools, deps.platform);
        lastToolEnv = toolEnv;
        if (login !== undefined) {
            dockerConfig = await writeDockerConfig(login, workDir, { env: toolEnv });
            host.saveState(STATE.dockerConfig, dockerConfig.dir);
            host.info(`Registry credentials for ${dockerConfig.server} are in a private Docker config.`);
        }
        result = await runBuildAttempts(host, settings, deps, workDir, toolEnv, dockerConfig);
        await report(host, settings, result, workDir);
    }
    catch (error) {
        host.setFailed(describeError(error));
    }
    finally {
        await dockerConfig?.remove((message) => host.warning(message));
    }
    const failed = result === undefined || !result.succeeded;
    if (settings.diagnostics === 'always' || (failed && settings.diagnostics === 'on-failure')) {
        await collectAndAttach(host, settings, deps, {
            env: lastToolEnv,
            attempts: result?.attempts ?? [],
            outDir: workDir,
            secrets,
            reason: failed ? 'failure' : 'always',
        });
    }
    host.saveState(STATE.finished, 'true');
}
function resolveConnection(host, settings) {
    if (settings.containerRegistry === '' || host.resolveRegistryLogin === undefined)
        return undefined;
    const login = host.resolveRegistryLogin(settings.containerRegistry);
    if (login === undefined) {
        throw new InputError('containerRegistry', settings.containerRegistry, 'a Docker registry service connection with a user name and password');
    }
    return login;
}
/**
 * Prepares the host while holding the host-wide preparation slot, so two jobs on one machine
 * never install or register services at the same time. Every change is saved as it is made, so
 * the post step can undo it even when preparation fails half way.
 */
async function prepareHostOnce(host, settings, deps, workDir) {
    const options = {
        ...prepareOptions(host, settings, deps, workDir),
        onChange: (changes) => host.saveState(STATE.hostChanges, JSON.stringify(changes)),
    };
    if (settings.setup === 'false' || deps.platform !== 'win32')
        return prepareHost(options);
    const slot = await acquireBuildSlot({
        stateDir: settings.stateDir,
        daemonAddress: 'host-preparation',
        spacingMs: 0,
        timeoutMs: settings.queueTimeoutMs,
        holder: {
            pid: process.pid,
            step: `${host.context.stepName} (host preparation)`,
            host: host.kind,
        },
        clock: deps.clock,
        log: host,
        signal: deps.signal,
    });
    try {
        const changes = await prepareHost(options);
        host.saveState(STATE.hostChanges, JSON.stringify(changes));
        return changes;
    }
    finally {
        await slot.release();
    }
}
/** The environment with the folders of freshly installed tools first on PATH. */
function withToolsOnPath(env, tools, platform) {
    const pathApi = platform === 'win32' ? path.win32 : path.posix;
    const folders = [tools.buildctl, tools.ctr]
        .filter((tool) => tool !== undefined)
        .map((tool) => pathApi.dirname(tool));
    if (folders.length === 0)
        return env;
    const key = Object.keys(env).find((name) => name.toUpperCase() === 'PATH') ?? 'PATH';
    return { ...env, [key]: [...new Set(folders), env[key] ?? ''].join(pathApi.delimiter) };
}
async function runBuildAttempts(host, settings, deps, workDir, toolEnv, dockerConfig) {
    const env = { ...toolEnv, ...(dockerConfig?.env ?? {}) };
    const runBuild = async (attempt) => {
        const metadataFile = path.join(workDir, `metadata-${attempt}.json`);
        const logFile = path.join(workDir, `attempt-${attempt}.log`);
        const command = buildCommand(settings, metadataFile, deps.cwd);
        host.debug(`argv: ${JSON.stringify([command.command, ...command.args])}`);
        const startedAt = deps.clock.now();
        const outcome = await runBuildProcess({
            command: command.command,
            args: command.args,
            env,
            cwd: deps.cwd,
            logFile,
            output: host.output,
            guard: host.outputGuard(),
            timeoutMs: settings.attemptTimeoutMs,
            signal: deps.signal,
        });
        return { ...outcome, logFile, startedAt };
    };
    const result = await runAttempts(settings, {
        clock: deps.clock,
        random: deps.random,
        acquireSlot: () => acquireBuildSlot({
            stateDir: settings.stateDir,
            daemonAddress: daemonKey(settings),
            spacingMs: settings.buildSpacingMs,
            timeoutMs: settings.queueTimeoutMs,
            holder: { pid: process.pid, step: host.context.stepName, host: host.kind },
            clock: deps.clock,
            log: host,
            signal: deps.signal,
        }),
        runBuild,
        classify: (tail) => classify(tail, {
            retryPatterns: settings.retryPatterns,
            fatalPatterns: settings.fatalPatterns,
        }),
        probeFile: deps.probeFile,
        log: host,
        group: (title, run) => host.group(title, run),
        onAttempt: (records) => host.saveState(STATE.attempts, JSON.stringify(records)),
        signal: deps.signal,
    });
    return result;
}
async function report(host, settings, result, workDir) {
    const last = result.attempts[result.attempts.length - 1];
    host.setOutput('result', result.succeeded ? 'success' : 'failure');
    host.setOutput('attempts', String(result.attempts.length));
    host.setOutput('failure-class', result.verdict?.class ?? '');
    host.setOutput('lock-retries', String(result.lockRetries));
    host.setOutput('queue-wait-seconds', (result.queueWaitMs / 1000).toFixed(1));
    if (result.succeeded && last !== undefined) {
        const metadata = readMetadata(path.join(workDir, `metadata-${last.number}.json`));
        host.setOutput('digest', String(metadata['containerimage.digest'] ?? ''));
        host.setOutput('image-id', String(metadata['containerimage.config.digest'] ?? ''));
        host.setOutput('metadata', JSON.stringify(metadata));
    }
    await writeSummarySafely(host, renderAttemptsTable(result, settings));
    if (result.succeeded) {
        const retries = result.attempts.length - 1;
        host.info(`Build succeeded after ${result.attempts.length} attempt(s)${retries > 0 ? ` (${result.lockRetries} lock retries)` : ''}; queue wait ${seconds(result.queueWaitMs)}.`);
    }
    else {
        host.setFailed(failureMessage(result, settings));
    }
}
/** The summary is a courtesy: a failure to write it is a warning, never the step's result. */
async function writeSummarySafely(host, markdown) {
    try {
        await host.writeSummary(markdown);
    }
    catch (error) {
        host.warning(`Could not write the job summary: ${describeError(error)}`);
    }
}

;// CONCATENATED MODULE: ./lib/engine/prepare-options.js
/** What host preparation, its undo and its plan need from the host and the engine. */
function prepare_options_prepareOptions(host, settings, deps, tempDir) {
    return {
        settings,
        platform: deps.platform,
        arch: deps.arch,
        env: host.env,
        exec: deps.exec,
        clock: deps.clock,
        log: host,
        toolCacheDir: host.context.toolCacheDir,
        tempDir,
        downloadCache: host.downloadCache,
        // A mirror with the same <owner>/<repo>/releases/download/... paths as github.com.
        releasesBaseUrl: host.env.WCOW_BUILD_RELEASES_URL || undefined,
    };
}

;// CONCATENATED MODULE: ./lib/engine/post.js








function parseJson(text, fallback) {
    try {
        return text === '' ? fallback : JSON.parse(text);
    }
    catch {
        return fallback;
    }
}
/**
 * The post step: removes the registry config, undoes the host changes recorded by the main step,
 * and, when the main step never finished (cancelled, killed), collects what diagnostics it can.
 * It never fails the job: every problem is a warning.
 */
async function runPost(host, deps = (0,engine_deps/* systemDeps */.I)()) {
    await step(host, 'finish', () => runPostSteps(host, deps));
}
async function runPostSteps(host, deps) {
    const workDir = host.getState(state_STATE.workDir);
    if (workDir === '') {
        host.debug('The main step made no changes; nothing to clean up.');
        return;
    }
    let settings;
    try {
        settings = loadSettings(host, deps);
    }
    catch (error) {
        host.debug(`Post step cannot read the inputs (${errors_describeError(error)}); cleaning up what was recorded.`);
    }
    await step(host, 'remove the registry config', async () => {
        const dir = host.getState(state_STATE.dockerConfig);
        if (dir !== '')
            await removeDockerConfig(dir, (message) => host.warning(message));
    });
    const changes = host.getState(state_STATE.hostChanges);
    if (changes !== '' && settings !== undefined) {
        await step(host, 'undo host changes', () => restoreHost(prepare_options_prepareOptions(host, settings, deps, workDir), JSON.parse(changes)));
    }
    if (host.getState(state_STATE.finished) !== 'true' &&
        settings !== undefined &&
        settings.diagnostics !== 'never') {
        host.info('The main step did not finish (cancelled or timed out); collecting diagnostics.');
        const attempts = parseJson(host.getState(state_STATE.attempts), []);
        await diagnostics_step_collectAndAttach(host, settings, deps, {
            attempts,
            outDir: workDir,
            secrets: registerSecrets(host, settings, settings.registryLogin, deps.cwd),
            reason: 'cancelled',
        });
    }
}
async function step(host, what, run) {
    try {
        await run();
    }
    catch (error) {
        host.warning(`Post step could not ${what}: ${errors_describeError(error)}. The job result is unchanged.`);
    }
}


/***/ }),

/***/ 466:
/***/ ((__webpack_module__, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(__webpack_module__, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _engine_deps_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(238);
/* harmony import */ var _engine_post_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(523);
/* harmony import */ var _hosts_azure_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(994);



await (0,_engine_post_js__WEBPACK_IMPORTED_MODULE_1__/* .runPost */ .a)((0,_hosts_azure_js__WEBPACK_IMPORTED_MODULE_2__/* .createAzureHost */ .m)(), (0,_engine_deps_js__WEBPACK_IMPORTED_MODULE_0__/* .systemDeps */ .I)());

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 994:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  m: () => (/* binding */ createAzureHost)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(24);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(760);
// EXTERNAL MODULE: ./node_modules/azure-pipelines-task-lib/task.js
var task = __nccwpck_require__(358);
// EXTERNAL MODULE: ./lib/engine/inputs.js
var inputs = __nccwpck_require__(541);
;// CONCATENATED MODULE: ./lib/hosts/job-start.js

/**
 * When the job started, as near as the host lets us know: the runner creates its temp folder
 * afresh for every job, so its creation time is the job's start. Falls back to `fallback`.
 */
function jobStartFromTempDir(tempDir, fallback) {
    if (tempDir === undefined || tempDir === '')
        return fallback;
    try {
        const stats = external_node_fs_.statSync(tempDir);
        const born = stats.birthtimeMs > 0 ? stats.birthtimeMs : stats.ctimeMs;
        return Math.min(born, fallback);
    }
    catch {
        return fallback;
    }
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(598);
// EXTERNAL MODULE: external "node:string_decoder"
var external_node_string_decoder_ = __nccwpck_require__(193);
;// CONCATENATED MODULE: ./lib/hosts/output-guards.js


/** Passes output through unchanged (the CLI has no runner commands). */
function plainGuard() {
    return { begin: () => '', transform: (chunk) => chunk, end: () => '' };
}
/**
 * GitHub: brackets the output in `::stop-commands::<token>` ... `::<token>::` with a random
 * token, so the runner ignores every workflow command the build prints, and the bytes pass
 * through unchanged.
 */
function githubGuard(token = randomBytes(16).toString('hex')) {
    let endsWithNewline = true;
    return {
        begin: () => `::stop-commands::${token}\n`,
        transform: (chunk) => {
            if (chunk.length > 0)
                endsWithNewline = chunk[chunk.length - 1] === 0x0a;
            return chunk;
        },
        end: () => `${endsWithNewline ? '' : '\n'}::${token}::\n`,
    };
}
/** Longest text held back when a line does not end, so a split `##vso[` is still caught. */
const AZURE_CARRY_LIMIT = 64 * 1024;
const AZURE_COMMAND = /##(vso)?\[/g;
/**
 * Azure Pipelines: the agent acts on `##vso[` and `##[` wherever they appear in a line, and has
 * no stop-commands, so each is rewritten as `## vso[` / `## [`. Whole lines are rewritten; a
 * partial last line waits for its end (or for the carry limit).
 */
function azureGuard() {
    const decoder = new external_node_string_decoder_.StringDecoder('utf8');
    let carry = '';
    const neutralise = (text) => text.indexOf('##') === -1
        ? text
        : text.replace(AZURE_COMMAND, (match) => `## ${match.slice(2)}`);
    return {
        begin: () => '',
        transform: (chunk) => {
            const text = carry + decoder.write(chunk);
            let cut = text.lastIndexOf('\n') + 1;
            if (cut === 0 && text.length > AZURE_CARRY_LIMIT)
                cut = text.length - 8;
            carry = text.slice(cut);
            return neutralise(text.slice(0, cut));
        },
        end: () => {
            const rest = neutralise(carry + decoder.end());
            carry = '';
            return rest === '' || rest.endsWith('\n') ? rest : `${rest}\n`;
        },
    };
}

;// CONCATENATED MODULE: ./lib/hosts/azure.js







/** The pipeline's start from System.PipelineStartTime, when the agent sets it. */
function pipelineStart(env) {
    const value = Date.parse(env.SYSTEM_PIPELINESTARTTIME ?? '');
    return Number.isFinite(value) ? value : undefined;
}
/**
 * The Host port on Azure Pipelines, through azure-pipelines-task-lib. Loaded only by the Azure
 * bundle: importing task-lib clears every INPUT_* variable and writes a `.taskkey` file.
 */
function createAzureHost(env = process.env) {
    const tempDir = env.AGENT_TEMPDIRECTORY || external_node_os_.tmpdir();
    const now = Date.now();
    return {
        kind: 'azure',
        env,
        context: {
            runId: env.BUILD_BUILDID ?? 'local',
            job: env.SYSTEM_JOBNAME ?? env.SYSTEM_JOBID ?? 'job',
            attempt: env.SYSTEM_JOBATTEMPT ?? '1',
            tempDir,
            toolCacheDir: env.AGENT_TOOLSDIRECTORY || external_node_os_.tmpdir(),
            jobStartedAt: Math.min(pipelineStart(env) ?? now, jobStartFromTempDir(env.AGENT_TEMPDIRECTORY, now)),
            instance: (env.SYSTEM_TASKINSTANCEID ?? '').slice(0, 8),
            stepName: [env.BUILD_DEFINITIONNAME, env.SYSTEM_JOBDISPLAYNAME, env.SYSTEM_TASKDISPLAYNAME]
                .filter(Boolean)
                .join(' / ') || 'azure',
        },
        getInput: (spec) => task.getInput((0,inputs/* azureInputName */.tF)(spec), false),
        setOutput: (name, value) => task.setVariable((0,inputs/* camelCase */.xQ)(name), value, false, true),
        debug: (message) => task.debug(message),
        info: (message) => console.log(message),
        warning: (message) => task.warning(message),
        error: (message) => task.error(message),
        group: async (title, run) => {
            console.log(`##[group]${title}`);
            try {
                return await run();
            }
            finally {
                console.log('##[endgroup]');
            }
        },
        saveState: (key, value) => task.setTaskVariable(key, value),
        getState: (key) => task.getTaskVariable(key) ?? '',
        setSecret: (value) => task.setSecret(value),
        setFailed: (message) => task.setResult(task.TaskResult.Failed, message),
        writeSummary: async (markdown) => {
            const file = external_node_path_.join(tempDir, `wcow-build-summary-${process.pid}-${Date.now()}.md`);
            await external_node_fs_.promises.writeFile(file, markdown);
            task.uploadSummary(file);
        },
        uploadArtifact: async (name, folder) => {
            task.uploadArtifact(name, folder, name);
            return { name };
        },
        outputGuard: () => azureGuard(),
        resolveRegistryLogin: (connection) => {
            const username = task.getEndpointAuthorizationParameter(connection, 'username', true) ?? '';
            const password = task.getEndpointAuthorizationParameter(connection, 'password', true) ?? '';
            const server = task.getEndpointAuthorizationParameter(connection, 'registry', true) ??
                task.getEndpointUrl(connection, true) ??
                '';
            return username === '' || password === '' ? undefined : { server, username, password };
        },
        output: process.stdout,
    };
}


/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId].call(module.exports, module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(466);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
