#!/usr/bin/env node
import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

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

/***/ 181:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("buffer");

/***/ }),

/***/ 140:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("constants");

/***/ }),

/***/ 434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 589:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:assert");

/***/ }),

/***/ 598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

/***/ }),

/***/ 24:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

/***/ }),

/***/ 161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

/***/ }),

/***/ 75:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 466:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream/promises");

/***/ }),

/***/ 193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:string_decoder");

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

/***/ 106:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("zlib");

/***/ }),

/***/ 288:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Zr: () => (/* binding */ SHORT_SECRET_LENGTH),
/* harmony export */   pO: () => (/* binding */ Redactor),
/* harmony export */   v5: () => (/* binding */ MASK)
/* harmony export */ });
/* unused harmony exports secretForms, StreamRedactor */
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


/***/ }),

/***/ 899:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   DA: () => (/* binding */ QueueTimeoutError),
/* harmony export */   Uc: () => (/* binding */ describeError),
/* harmony export */   dz: () => (/* binding */ InputError),
/* harmony export */   w3: () => (/* binding */ SetupError)
/* harmony export */ });
/* unused harmony export BuildFailedError */
/** A bad input value: the message names the input, the value and what is accepted. */
class InputError extends Error {
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
class QueueTimeoutError extends Error {
    name = 'QueueTimeoutError';
}
/** Host preparation could not bring the daemon up. */
class SetupError extends Error {
    name = 'SetupError';
}
/** The message of any thrown value, without a stack trace. */
function describeError(error) {
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


/***/ }),

/***/ 898:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   F: () => (/* binding */ secretFileValues)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(24);

/** Larger secret files are not read: their lines are registered only up to this size. */
const MAX_SECRET_FILE_BYTES = 64 * 1024;
/** Shorter lines are not secrets worth masking (`{`, `}`, blank lines) and would mangle logs. */
const MIN_SECRET_LINE = 8;
/** A secret file's content, whole and line by line (a log may print one line of it). */
function secretFileValues(file) {
    try {
        if (node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync(file).size > MAX_SECRET_FILE_BYTES)
            return [];
        const text = node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync(file, 'utf8');
        const lines = text
            .split(/\r?\n/)
            .map((line) => line.trim())
            .filter((line) => line.length >= MIN_SECRET_LINE);
        return [text, text.trim(), ...lines];
    }
    catch {
        return [];
    }
}


/***/ }),

/***/ 146:
/***/ ((__webpack_module__, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(__webpack_module__, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _hosts_cli_commands_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(295);

process.exitCode = await (0,_hosts_cli_commands_js__WEBPACK_IMPORTED_MODULE_0__/* .runCli */ .a)(process.argv.slice(2));

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 295:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  a: () => (/* binding */ runCli)
});

// UNUSED EXPORTS: parseFlags

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(24);
;// CONCATENATED MODULE: ./lib/engine/classify-rules.js
/** A Win32 sharing violation (0x20) or lock violation (0x21), in each form Windows tools print. */
const SHARING = group('being used by another process', 'another process has locked a portion of the file', String.raw `0x8007002[01]\b`, String.raw `\(0x2[01]\)`, 'ERROR_(?:SHARING|LOCK)_VIOLATION');
/** Folders where Windows container engines keep layers and snapshots. */
const LAYER_STORE = group('windowsfilter', String.raw `io\.containerd\.snapshotter`, 'layerdb');
/** The reason phrases of the HTTP server errors a registry answers when it is overloaded. */
const SERVER_ERROR = group('Internal Server Error', 'Bad Gateway', 'Service (?:Temporarily )?Unavailable', 'Gateway Time-?out');
/** What an engine does to a layer when it says `failed to <step> layer`. */
const LAYER_STEP = group('register', 'extract', 'mount', 'unpack', 'commit', 'apply', 'activate', 'prepare', 'import');
const RULES = [
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
function classify(log, options = {}) {
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

;// CONCATENATED MODULE: external "node:child_process"
const external_node_child_process_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");
;// CONCATENATED MODULE: ./lib/engine/exec.js

/** Runs a helper command with the real operating system. */
const execCommand = (command, args, options = {}) => new Promise((resolve) => {
    const started = Date.now();
    const max = options.maxOutput ?? 4 * 1024 * 1024;
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let child;
    try {
        child = (0,external_node_child_process_namespaceObject.spawn)(command, [...args], {
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
        (0,external_node_child_process_namespaceObject.spawnSync)('taskkill', ['/pid', String(child.pid), '/T', '/F'], { windowsHide: true });
        return;
    }
    try {
        process.kill(-child.pid, 'SIGKILL');
    }
    catch {
        child.kill('SIGKILL');
    }
}

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
        exec: execCommand,
        clock: systemClock,
        random: Math.random,
        platform: process.platform,
        arch: process.arch,
        cwd: process.cwd(),
        probeFile: probeFile,
        signal,
    };
}

;// CONCATENATED MODULE: ./lib/engine/cancel.js
/**
 * An AbortSignal that fires when the runner cancels the step (SIGINT then SIGTERM; on Windows
 * Ctrl-C then Ctrl-Break, which Node reports as SIGINT and SIGBREAK), so the build
 * is killed and no retry starts; the post step then collects diagnostics. The listeners stay, so
 * a second signal does not end the process half way through its cleanup (the runner kills the
 * process itself if it takes too long).
 */
function cancelOnSignals() {
    const controller = new AbortController();
    for (const name of ['SIGINT', 'SIGTERM', 'SIGBREAK']) {
        process.on(name, () => controller.abort(new Error(`received ${name}`)));
    }
    return controller.signal;
}

// EXTERNAL MODULE: ./lib/engine/errors.js
var errors = __nccwpck_require__(899);
;// CONCATENATED MODULE: ./lib/engine/inputs.js
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
        hosts: ['github'],
        cliVariable: 'WCOW_BUILD_PASSWORD',
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
        description: 'Class of the last failure: `lock`, `transient`, `permanent`, `unknown`, `timeout` or ' +
            '`cancelled`; empty on success.',
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

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(760);
;// CONCATENATED MODULE: ./lib/engine/attempts.js
/** How often a held file is probed while waiting for its release. */
const LOCK_PROBE_INTERVAL_MS = 250;
/** The wait before retry `retry` (1 = first retry): doubled each time, equal jitter, capped. */
function backoffMs(settings, retry, random) {
    const base = Math.min(settings.retryMaxDelayMs, settings.retryDelayMs * 2 ** (retry - 1));
    return Math.round(base / 2 + (random() * base) / 2);
}
/** The verdict when the tool timed out or could not start; otherwise the classifier's. */
function judgeOutcome(outcome, deps) {
    if (deps.signal?.aborted === true) {
        return {
            class: 'cancelled',
            rule: 'job-cancelled',
            evidence: 'the job was cancelled while the attempt ran; the build was stopped',
            lockedPaths: [],
        };
    }
    if (outcome.timedOut) {
        return {
            class: 'timeout',
            rule: 'attempt-timeout',
            evidence: 'the attempt ran past attempt-timeout and was killed',
            lockedPaths: [],
        };
    }
    if (outcome.startError !== undefined) {
        return {
            class: 'permanent',
            rule: 'tool-not-started',
            evidence: `The build tool could not be started (${outcome.startError}). Put buildctl (or docker ` +
                'with buildx) on PATH, or on Windows let the step install BuildKit with setup: auto.',
            lockedPaths: [],
        };
    }
    return deps.classify(outcome.tail);
}
/**
 * Polls the files named in a lock error until every one can be opened again or the timeout
 * passes. `never-held` means no probe ever found a file held: the path is a folder, is gone, or
 * lives on another machine (a remote daemon), so the probe says nothing and the caller backs off.
 */
async function waitForRelease(paths, timeoutMs, deps) {
    const deadline = deps.clock.now() + timeoutMs;
    let seenHeld = false;
    for (;;) {
        const states = await Promise.all(paths.map((file) => deps.probeFile(file)));
        seenHeld ||= states.includes('held');
        if (!states.includes('held'))
            return seenHeld ? 'released' : 'never-held';
        if (deps.clock.now() >= deadline || deps.signal?.aborted)
            return 'timeout';
        await deps.clock.sleep(Math.min(LOCK_PROBE_INTERVAL_MS, deadline - deps.clock.now()), deps.signal);
    }
}
/** Runs the build up to `max-attempts` times, retrying only the classes in `retry-on`. */
async function runAttempts(settings, deps) {
    const attempts = [];
    let lockRetries = 0;
    let queueWaitMs = 0;
    for (let number = 1;; number += 1) {
        const title = `Attempt ${number} of ${settings.maxAttempts}`;
        const { outcome, waitedMs } = await deps.group(title, async () => {
            const slot = await deps.acquireSlot();
            try {
                return { outcome: await deps.runBuild(number), waitedMs: slot.waitedMs };
            }
            finally {
                await slot.release();
            }
        });
        queueWaitMs += waitedMs;
        const record = (entry) => {
            attempts.push(entry);
            deps.onAttempt?.(attempts);
        };
        const base = {
            number,
            startedAt: outcome.startedAt,
            durationMs: outcome.durationMs,
            exitCode: outcome.exitCode,
            queueWaitMs: waitedMs,
            logFile: outcome.logFile,
            logBytes: outcome.logBytes,
        };
        if (outcome.exitCode === 0 && !outcome.timedOut) {
            record({ ...base, lockedPaths: [], waitAfterMs: 0, waitReason: '' });
            deps.log.info(`${title} succeeded in ${seconds(outcome.durationMs)}.`);
            return { succeeded: true, attempts, lockRetries, queueWaitMs, cancelled: false };
        }
        const verdict = judgeOutcome(outcome, deps);
        const retryable = settings.retryOn.includes(verdict.class);
        const last = number >= settings.maxAttempts;
        const cancelled = deps.signal?.aborted === true;
        deps.log.info(`${title} failed (exit code ${outcome.exitCode ?? 'none'}): class ${verdict.class}, rule ${verdict.rule}.`);
        if (!retryable || last || cancelled) {
            record({ ...base, ...failure(verdict), waitAfterMs: 0, waitReason: '' });
            if (!retryable && !cancelled) {
                deps.log.info(`Not retrying: class ${verdict.class} is not in retry-on (${settings.retryOn.join(', ') || 'none'}).`);
            }
            return { succeeded: false, attempts, verdict, lockRetries, queueWaitMs, cancelled };
        }
        if (verdict.class === 'lock')
            lockRetries += 1;
        // The record is kept before the wait, so a job cancelled while waiting still has it.
        record({ ...base, ...failure(verdict), waitAfterMs: 0, waitReason: 'pending' });
        const waitStarted = deps.clock.now();
        const waitReason = await waitBeforeRetry(settings, deps, verdict, number, title);
        attempts[attempts.length - 1] = {
            ...attempts[attempts.length - 1],
            waitAfterMs: deps.clock.now() - waitStarted,
            waitReason,
        };
        deps.onAttempt?.(attempts);
    }
}
function failure(verdict) {
    return {
        failureClass: verdict.class,
        rule: verdict.rule,
        evidence: verdict.evidence,
        lockedPaths: verdict.lockedPaths,
    };
}
async function waitBeforeRetry(settings, deps, verdict, number, title) {
    const what = `${title} failed with a ${verdict.class} error (rule ${verdict.rule})`;
    const annotation = { title: `wcow-build: ${verdict.class} error, retrying` };
    if (verdict.class === 'lock' && verdict.lockedPaths.length > 0) {
        const waitStarted = deps.clock.now();
        const wait = await waitForRelease(verdict.lockedPaths, settings.lockWaitTimeoutMs, deps);
        const named = verdict.lockedPaths.join(', ');
        if (wait === 'released') {
            const held = seconds(deps.clock.now() - waitStarted);
            deps.log.warning(`${what}; ${named} was released after ${held}; retrying now.`, annotation);
            return 'lock-released';
        }
        if (wait === 'timeout') {
            const limit = seconds(settings.lockWaitTimeoutMs);
            deps.log.warning(`${what}; ${named} was still held after lock-wait-timeout (${limit}); retrying anyway.`, annotation);
            return 'lock-wait-timeout';
        }
        deps.log.debug(`No process on this machine holds ${named} open (a folder, gone, or on the daemon's ` +
            'machine): backing off instead of waiting for it.');
    }
    const delay = backoffMs(settings, number, deps.random);
    deps.log.warning(`${what}; retrying in ${seconds(delay)}.`, annotation);
    await deps.clock.sleep(delay, deps.signal);
    return 'backoff';
}
/** A duration for people: `4.2 s`. */
function seconds(ms) {
    return `${(ms / 1000).toFixed(1)} s`;
}

;// CONCATENATED MODULE: ./lib/engine/build-command.js

/** Builds the buildctl or docker buildx argv for the settings; pure, no I/O. */
function buildCommand(settings, metadataFile, cwd) {
    const args = settings.builder === 'buildx'
        ? buildxArgs(settings, metadataFile, cwd)
        : buildctlArgs(settings, metadataFile, cwd);
    return { command: settings.builder === 'buildx' ? 'docker' : 'buildctl', args, metadataFile };
}
function dockerfileParts(settings, cwd) {
    const context = external_node_path_.resolve(cwd, settings.context);
    const file = settings.file === '' ? external_node_path_.join(context, 'Dockerfile') : external_node_path_.resolve(cwd, settings.file);
    return { dir: external_node_path_.dirname(file), name: external_node_path_.basename(file), context };
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
    // Without tags the result stays in the build cache (settings refuse push without tags).
    if (settings.tags.length === 0)
        return [];
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
    args.push('--file', external_node_path_.join(dir, name));
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
    return `id=${secret.id},src=${external_node_path_.resolve(cwd, secret.src ?? '')}`;
}

;// CONCATENATED MODULE: ./lib/engine/build-process.js



const DEFAULT_TAIL_BYTES = 1024 * 1024;
/**
 * Keeps the last `limit` bytes of a stream in one ring buffer allocated up front, so the chunks
 * that pass through are not retained and memory does not depend on the log's size.
 */
class Tail {
    ring;
    end = 0;
    filled = false;
    constructor(limit) {
        this.ring = Buffer.alloc(limit);
    }
    add(chunk) {
        const size = this.ring.length;
        if (chunk.length >= size) {
            chunk.copy(this.ring, 0, chunk.length - size);
            this.end = 0;
            this.filled = true;
            return;
        }
        const first = Math.min(chunk.length, size - this.end);
        chunk.copy(this.ring, this.end, 0, first);
        chunk.copy(this.ring, 0, first);
        if (this.end + chunk.length >= size)
            this.filled = true;
        this.end = (this.end + chunk.length) % size;
    }
    text() {
        const bytes = this.filled
            ? Buffer.concat([this.ring.subarray(this.end), this.ring.subarray(0, this.end)])
            : this.ring.subarray(0, this.end);
        return bytes.toString('utf8');
    }
}
/** How long the reader waits for more output when it has caught up with the build. */
const POLL_MS = 50;
const READ_BYTES = 64 * 1024;
/** Writes to a stream and resolves once the stream has taken the bytes (so the buffer may be reused). */
function writeFully(output, data) {
    return new Promise((resolve) => {
        output.write(data, () => resolve());
    });
}
/**
 * Runs the build tool with stdout and stderr going straight into the log file (one file
 * descriptor, so the two streams keep their true order), and streams that file live through the
 * guard to the output. One read buffer is reused for the whole build and only a bounded tail is
 * kept, so memory does not grow with the log's size. Never throws for the tool's own failures.
 */
async function runBuildProcess(options) {
    const started = Date.now();
    const tail = new Tail(options.tailBytes ?? DEFAULT_TAIL_BYTES);
    const writer = external_node_fs_.openSync(options.logFile, 'w');
    const reader = external_node_fs_.openSync(options.logFile, 'r');
    const buffer = Buffer.alloc(READ_BYTES);
    let logBytes = 0;
    const begin = options.guard.begin();
    if (begin !== '')
        await writeFully(options.output, begin);
    let exited = false;
    const outcome = runChild(options, writer).then((result) => {
        exited = true;
        return result;
    });
    // The child holds its own copy of the descriptor; ours is not needed any more.
    external_node_fs_.closeSync(writer);
    for (;;) {
        // Read whether the child has exited before reading, so the last read after exit sees all.
        const done = exited;
        const count = external_node_fs_.readSync(reader, buffer, 0, buffer.length, logBytes);
        if (count > 0) {
            const chunk = buffer.subarray(0, count);
            logBytes += count;
            tail.add(chunk);
            const shown = options.guard.transform(chunk);
            if (shown.length > 0)
                await writeFully(options.output, shown);
            continue;
        }
        if (done)
            break;
        let timer;
        await Promise.race([outcome, new Promise((resolve) => (timer = setTimeout(resolve, POLL_MS)))]);
        // A pending poll timer would keep the step alive after the build is over.
        clearTimeout(timer);
    }
    external_node_fs_.closeSync(reader);
    const end = options.guard.end();
    if (end !== '')
        await writeFully(options.output, end);
    const result = await outcome;
    return { ...result, tail: tail.text(), logBytes, durationMs: Date.now() - started };
}
/** Starts the tool with its output on `fd`; resolves when it exits, killed or not. */
function runChild(options, fd) {
    return new Promise((resolve) => {
        let timedOut = false;
        let startError;
        const child = (0,external_node_child_process_namespaceObject.spawn)(options.command, [...options.args], {
            env: options.env,
            cwd: options.cwd,
            detached: process.platform !== 'win32',
            windowsHide: true,
            stdio: ['ignore', fd, fd],
        });
        const timer = options.timeoutMs > 0
            ? setTimeout(() => {
                timedOut = true;
                killTree(child);
            }, options.timeoutMs)
            : undefined;
        const onAbort = () => killTree(child);
        options.signal?.addEventListener('abort', onAbort, { once: true });
        // A cancel that came while the build was being started stops it at once.
        if (options.signal?.aborted === true)
            killTree(child);
        child.on('error', (error) => (startError = error.message));
        child.on('close', (code) => {
            if (timer !== undefined)
                clearTimeout(timer);
            options.signal?.removeEventListener('abort', onAbort);
            resolve({ exitCode: startError === undefined ? code : null, timedOut, startError });
        });
    });
}

// EXTERNAL MODULE: ./lib/engine/diagnostics/redact.js
var redact = __nccwpck_require__(288);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(598);
;// CONCATENATED MODULE: ./lib/engine/queue/state.js
/**
 * The queue state of one BuildKit daemon and the pure rules over it: who is in line, who is
 * dead, and whether a given entry may start now. No input/output happens here.
 */
const STATE_VERSION = 1;
/** A state with nobody in line. */
function createEmptyState(address, lastEndAt = 0) {
    return { version: STATE_VERSION, address, revision: 0, lastEndAt, entries: [] };
}
/** Reads a state file's text; returns the reason instead of a state when it cannot be used. */
function parseState(text) {
    if (text.trim() === '')
        return { problem: 'the file is empty' };
    let value;
    try {
        value = JSON.parse(text);
    }
    catch (error) {
        return { problem: `the file is not valid JSON (${error.message})` };
    }
    if (!isRecord(value))
        return { problem: 'the file does not hold a JSON object' };
    if (value.version !== STATE_VERSION) {
        return {
            problem: `the file has version ${JSON.stringify(value.version)}, not ${STATE_VERSION}`,
        };
    }
    if (!isTime(value.lastEndAt) || !isCount(value.revision) || !Array.isArray(value.entries)) {
        return { problem: 'the file lacks a valid lastEndAt, revision or entries field' };
    }
    if (value.recoveredAt !== undefined && !isTime(value.recoveredAt)) {
        return { problem: 'the file has an invalid recoveredAt field' };
    }
    const entries = [];
    for (const [index, item] of value.entries.entries()) {
        const entry = readEntry(item);
        if (!entry)
            return { problem: `entry ${index} of the file is not a valid queue entry` };
        entries.push(entry);
    }
    return {
        state: {
            version: STATE_VERSION,
            address: typeof value.address === 'string' ? value.address : '',
            revision: value.revision,
            lastEndAt: value.lastEndAt,
            ...(value.recoveredAt !== undefined ? { recoveredAt: value.recoveredAt } : {}),
            entries,
        },
    };
}
/**
 * Removes entries whose process is gone or whose lease ran out. A removed holder's build counts
 * as ended `now`, so the spacing after it is kept even though its real end is unknown.
 */
function pruneState(state, now, leaseMs, liveness) {
    const removed = [];
    const kept = state.entries.filter((entry) => {
        const reason = findDeathReason(entry, now, leaseMs, liveness);
        if (reason)
            removed.push({ entry, reason });
        return reason === undefined;
    });
    if (removed.length === 0)
        return { state, removed };
    const holderRemoved = removed.some(({ entry }) => entry.startedAt !== undefined);
    const lastEndAt = holderRemoved ? Math.max(state.lastEndAt, now) : state.lastEndAt;
    return { state: { ...state, lastEndAt, entries: kept }, removed };
}
/** The reason an entry counts as dead, or undefined while it lives. */
function findDeathReason(entry, now, leaseMs, liveness) {
    if (entry.hostname === liveness.hostname && !liveness.isAlive(entry.pid))
        return 'process-gone';
    // LIMITATION: a reused pid looks alive; such an entry goes only when its lease runs out.
    if (entry.renewedAt + leaseMs < now)
        return 'lease-expired';
    return undefined;
}
/** Whether entry `id` may take the slot at `now`, and if not, what it waits for. */
function decideStart(state, id, now, spacingMs, recoveryGraceMs) {
    const index = state.entries.findIndex((entry) => entry.id === id);
    if (index < 0)
        return { kind: 'missing' };
    const self = state.entries[index];
    if (self.startedAt !== undefined)
        return { kind: 'start' };
    const holder = state.entries.find((entry) => entry.startedAt !== undefined);
    const ahead = state.entries.slice(0, index).filter((entry) => entry.startedAt === undefined);
    const startAllowedAt = findStartAllowedAt(state, spacingMs, recoveryGraceMs);
    if (!holder && ahead.length === 0 && now >= startAllowedAt)
        return { kind: 'start' };
    return { kind: 'wait', position: ahead.length + 1, holder, ahead, startAllowedAt };
}
/** The earliest start allowed by the spacing after the last build and by a recent recovery. */
function findStartAllowedAt(state, spacingMs, recoveryGraceMs) {
    const afterSpacing = spacingMs > 0 ? state.lastEndAt + spacingMs : 0;
    const afterRecovery = state.recoveredAt !== undefined ? state.recoveredAt + recoveryGraceMs : 0;
    return Math.max(afterSpacing, afterRecovery);
}
/**
 * Brings times that lie after `now` back to `now`: after the system clock was set back, a last
 * end in the future would otherwise hold every start until the clock catches up.
 */
function clampToNow(state, now) {
    const lastEndLate = state.lastEndAt > now;
    const recoveryLate = state.recoveredAt !== undefined && state.recoveredAt > now;
    if (!lastEndLate && !recoveryLate)
        return state;
    return {
        ...state,
        lastEndAt: Math.min(state.lastEndAt, now),
        ...(state.recoveredAt !== undefined ? { recoveredAt: Math.min(state.recoveredAt, now) } : {}),
    };
}
/** Adds an entry where its request time puts it, behind any holder (keeps FIFO on return). */
function insertEntry(state, entry) {
    const entries = [...state.entries];
    if (entry.startedAt !== undefined) {
        entries.unshift(entry);
    }
    else {
        let at = entries.length;
        while (at > 0 &&
            entries[at - 1].startedAt === undefined &&
            entries[at - 1].requestedAt > entry.requestedAt) {
            at -= 1;
        }
        entries.splice(at, 0, entry);
    }
    return { ...state, entries };
}
/** Replaces the entry with the same id. */
function replaceEntry(state, entry) {
    return {
        ...state,
        entries: state.entries.map((item) => (item.id === entry.id ? entry : item)),
    };
}
/** Drops the entry with this id (no change when it is not there). */
function removeEntry(state, id) {
    return { ...state, entries: state.entries.filter((entry) => entry.id !== id) };
}
function readEntry(item) {
    if (!isRecord(item))
        return undefined;
    const { id, pid, step, host, hostname, requestedAt, renewedAt, startedAt } = item;
    if (typeof id !== 'string' || id === '' || !Number.isInteger(pid) || pid <= 0) {
        return undefined;
    }
    if (typeof step !== 'string' || typeof host !== 'string' || typeof hostname !== 'string') {
        return undefined;
    }
    if (!isTime(requestedAt) || !isTime(renewedAt))
        return undefined;
    if (startedAt !== undefined && !isTime(startedAt))
        return undefined;
    return {
        id,
        pid: pid,
        step,
        host,
        hostname,
        requestedAt,
        renewedAt,
        ...(startedAt !== undefined ? { startedAt } : {}),
    };
}
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function isTime(value) {
    return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
function isCount(value) {
    return Number.isInteger(value) && value >= 0;
}

;// CONCATENATED MODULE: external "node:timers/promises"
const promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:timers/promises");
// EXTERNAL MODULE: ./node_modules/proper-lockfile/index.js
var proper_lockfile = __nccwpck_require__(648);
;// CONCATENATED MODULE: ./lib/engine/queue/store.js
/**
 * Where the queue of one daemon lives on disk and how it is read and changed: a folder per
 * daemon address, a JSON state file replaced atomically under a short proper-lockfile lock, and
 * a separate small file with the end time of the last build.
 */






/** The queue folder could not be created or used. */
class QueueStateError extends Error {
    name = 'QueueStateError';
}
/** The short state lock stayed taken through all retries (another process is inside it). */
class StateLockBusyError extends Error {
    name = 'StateLockBusyError';
}
/** How long the state lock may go without a refresh before others take it over. */
const LOCK_STALE_MS = 4000;
/** How long to keep trying for the state lock before giving up this round. */
const LOCK_PATIENCE_MS = LOCK_STALE_MS + 2000;
/** Temporary files older than this are left-overs of a writer that died mid-write. */
const STRAY_TEMP_AGE_MS = 10 * 60_000;
/** Grants Modify, inherited by files and subfolders, to Authenticated Users (by SID). */
const WINDOWS_SHARED_GRANT = '*S-1-5-11:(OI)(CI)M';
/** The files of the queue of `address` inside `stateDir`. */
function findQueuePaths(stateDir, address) {
    const dir = external_node_path_.join(stateDir, queueFolderName(address));
    return {
        dir,
        stateFile: external_node_path_.join(dir, 'queue.json'),
        lockPath: external_node_path_.join(dir, 'queue.lock'),
        lastEndFile: external_node_path_.join(dir, 'last-end.json'),
    };
}
/**
 * A readable, file-system-safe folder name for a daemon address. Windows pipe names ignore case,
 * so `npipe:` addresses are compared without it; the hash keeps different addresses apart.
 */
function queueFolderName(address) {
    const trimmed = address.trim();
    const key = /^npipe:/i.test(trimmed) ? trimmed.toLowerCase() : trimmed;
    const hash = (0,external_node_crypto_.createHash)('sha256').update(key).digest('hex').slice(0, 12);
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
async function prepareQueueFolder(stateDir, paths, platform, exec, log) {
    // LIMITATION: on Windows the grant is made only when this step creates the state folder; a
    // folder made beforehand by something else keeps the access rights it was given.
    const createdState = await createSharedFolder(stateDir, stateDir, platform);
    if (createdState && platform === 'win32')
        await grantEveryAccount(stateDir, exec, log);
    await createSharedFolder(paths.dir, stateDir, platform);
    try {
        await external_node_fs_.promises.access(paths.dir, external_node_fs_.constants.R_OK | external_node_fs_.constants.W_OK);
    }
    catch (error) {
        throw new QueueStateError(`The queue folder ${paths.dir} is not writable for this account ` +
            `(${describeCode(error)}). Give every build account write access to ${stateDir}, or ` +
            'set state-dir to a folder they share.');
    }
    await removeStrayTempFiles(paths.dir);
}
/** A fresh look at the state without taking the lock: a hint for waiting, never for deciding. */
async function peekQueueState(paths, address) {
    const text = await readText(paths.stateFile);
    if (text === undefined)
        return { state: createEmptyState(address, await readLastEnd(paths)) };
    return parseState(text);
}
/**
 * Changes the state under the short lock: reads it, lets `mutate` compute the next state, and
 * replaces the file atomically. An unreadable file is rebuilt empty, with the last build ending
 * now and a recovery mark, so running builds can put themselves back before anyone starts.
 */
async function updateQueueState(paths, address, clock, mutate) {
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
    const text = await readText(paths.lastEndFile);
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
        return (await external_node_fs_.promises.stat(paths.lastEndFile)).mtimeMs;
    }
    catch {
        return 0;
    }
}
/** Records the end of a build, never moving the recorded time backwards. */
async function writeLastEnd(paths, at) {
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
class StateChangedError extends Error {
    name = 'StateChangedError';
}
async function updateOnce(paths, address, clock, mutate) {
    let compromised;
    const unlock = await takeStateLock(paths, clock, (error) => (compromised = error));
    try {
        const text = await readText(paths.stateFile);
        const { state, problem } = await readForUpdate(text, paths, address, clock.now);
        const { next, result } = mutate(state);
        if (next === undefined && problem === undefined)
            return { result };
        const written = { ...(next ?? state), address, revision: state.revision + 1 };
        if (compromised)
            throw new StateChangedError(`lost the state lock: ${compromised.message}`);
        if ((await readText(paths.stateFile)) !== text) {
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
            return await proper_lockfile.lock(paths.stateFile, {
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
            throw new StateLockBusyError(`The queue state lock ${paths.lockPath} stayed taken.`);
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
    const temp = `${file}.${process.pid}-${(0,external_node_crypto_.randomBytes)(4).toString('hex')}.tmp`;
    await external_node_fs_.promises.writeFile(temp, text, { flag: 'wx', mode: 0o666 });
    try {
        await renameWithRetries(temp, file);
    }
    catch (error) {
        await external_node_fs_.promises.rm(temp, { force: true }).catch(() => undefined);
        throw error;
    }
}
/** On Windows a reader or a virus scanner can hold the target for a moment (EPERM, EBUSY). */
async function renameWithRetries(from, to) {
    for (let attempt = 1;; attempt += 1) {
        try {
            await external_node_fs_.promises.rename(from, to);
            return;
        }
        catch (error) {
            const code = error.code;
            const passing = code === 'EPERM' || code === 'EACCES' || code === 'EBUSY';
            if (!passing || attempt >= 20)
                throw error;
            await (0,promises_namespaceObject.setTimeout)(attempt * 5);
        }
    }
}
async function readText(file) {
    try {
        return await external_node_fs_.promises.readFile(file, 'utf8');
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
        created = (await external_node_fs_.promises.mkdir(folder, { recursive: true, mode: 0o777 })) !== undefined;
    }
    catch (error) {
        throw new QueueStateError(`Cannot create the queue folder ${folder} (${describeCode(error)}). Create ${stateDir} ` +
            'writable for every build account, or set state-dir to a folder they share.');
    }
    // The umask strips group and other write bits from mkdir. No sticky bit: other accounts must
    // be able to replace the state file by rename, which the sticky bit forbids for files they do
    // not own.
    if (created && platform !== 'win32')
        await external_node_fs_.promises.chmod(folder, 0o777).catch(() => undefined);
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
        for (const name of await external_node_fs_.promises.readdir(dir)) {
            if (!name.endsWith('.tmp'))
                continue;
            const file = external_node_path_.join(dir, name);
            const stat = await external_node_fs_.promises.stat(file).catch(() => undefined);
            if (stat && stat.mtimeMs < cutoff)
                await external_node_fs_.promises.rm(file, { force: true }).catch(() => undefined);
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
    exec: execCommand,
    hostname: (0,external_node_os_.hostname)(),
    isAlive: isProcessAlive,
};
/**
 * Waits for this machine's build slot for the daemon, in arrival order and with the spacing
 * after the previous build, and returns it; throws QueueTimeoutError when the wait runs too long.
 */
// LIMITATION: the queue lives on this machine. Steps on other machines that use the same remote
// daemon (tcp://) are not in it and are neither serialised nor spaced with the steps here.
async function acquireBuildSlot(options) {
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
            id: (0,external_node_crypto_.randomUUID)(),
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
        this.options.log.info(`Took the build slot of daemon ${daemonAddress} after ${formatDuration(waitedMs)}.`);
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
            throw new errors/* QueueTimeoutError */.DA(this.describeTimeout(waited));
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
            const running = `${toIso(since)} (${formatDuration(now - since)})`;
            parts.push(`Building now: ${this.describeEntry(holder)} since ${running}.`);
        }
        if (ahead.length > 0) {
            parts.push(`Ahead: ${ahead.map((entry) => this.describeEntry(entry)).join(', ')}.`);
        }
        if (holder && spacingMs > 0) {
            const spacing = formatDuration(spacingMs);
            parts.push(`Each start comes at least ${spacing} after the previous build ends (build-spacing).`);
        }
        else if (startAllowedAt > now) {
            parts.push(`build-spacing allows the next start in ${formatDuration(startAllowedAt - now)}.`);
        }
        return parts.join(' ');
    }
    describeWaitAfterBuild(startAllowedAt, now) {
        const state = this.latest?.state;
        const { daemonAddress, spacingMs } = this.options;
        const wait = formatDuration(Math.max(0, startAllowedAt - now));
        const recoveryEnd = state?.recoveredAt !== undefined ? state.recoveredAt + this.tuning.recoveryGraceMs : 0;
        if (state && recoveryEnd >= startAllowedAt) {
            return (`Waiting ${wait} before starting: the queue state of daemon ${daemonAddress} was rebuilt ` +
                `at ${toIso(state.recoveredAt ?? now)}, and builds still running get time to re-register.`);
        }
        const ended = state ? ` which ended at ${toIso(state.lastEndAt)}` : '';
        return (`Waiting ${wait} before starting: build-spacing (${formatDuration(spacingMs)}) after the ` +
            `previous build on daemon ${daemonAddress},${ended}.`);
    }
    describeTimeout(waited) {
        const { daemonAddress, timeoutMs, spacingMs, clock } = this.options;
        const now = clock.now();
        const head = `Waited ${formatDuration(waited)} for the build slot of daemon ${daemonAddress} and gave ` +
            `up (queue-timeout ${formatDuration(timeoutMs)}).`;
        const decision = this.latest?.decision;
        if (decision?.kind === 'wait' && decision.holder) {
            const holder = decision.holder;
            const since = holder.startedAt ?? now;
            const machine = holder.hostname === this.tuning.hostname ? 'this machine' : `machine ${holder.hostname}`;
            return (`${head} The slot is held by ${this.describeEntry(holder)} since ${toIso(since)} ` +
                `(${formatDuration(now - since)}). Raise queue-timeout, or look at process ` +
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
        return (`${head} No build is running, but build-spacing (${formatDuration(spacingMs)}) did not ` +
            `allow a start before ${toIso(allowed)}. Lower build-spacing or raise queue-timeout.`);
    }
    describeEntry(entry) {
        return describeEntry(entry, this.tuning.hostname);
    }
    reportRemoved({ entry, reason }) {
        const role = entry.startedAt !== undefined ? 'the build slot holder' : 'a waiting step';
        const why = reason === 'process-gone'
            ? 'its process is gone'
            : `it showed no sign of life for ${formatDuration(this.tuning.leaseMs)} (lease)`;
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
                `process ends or its lease (${formatDuration(this.tuning.leaseMs)}) runs out.`);
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
        `${formatDuration(tuning.recoveryGraceMs)} so that running builds re-register. If this ` +
        'repeats, check the disk and anything else that writes to that folder.');
}
function toIso(ms) {
    return new Date(ms).toISOString();
}
/** A short human duration: 850 ms, 12.3 s, 5 min 3 s, 2 h 5 min. */
function formatDuration(ms) {
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
class RegistryLoginError extends Error {
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
async function writeDockerConfig(login, parentDir, options = {}) {
    const server = checkRegistryLogin(login);
    const auth = encodeDockerAuth(login);
    const env = options.env ?? process.env;
    const userConfigDir = env.DOCKER_CONFIG || external_node_path_.join(options.homeDir ?? external_node_os_.homedir(), '.docker');
    const inherited = await readInheritedSettings(userConfigDir);
    const config = { auths: { [server]: { auth } }, ...inherited };
    let dir;
    try {
        dir = await external_node_fs_.promises.mkdtemp(external_node_path_.join(parentDir, DOCKER_CONFIG_PREFIX));
    }
    catch (error) {
        throw new RegistryLoginError(`Registry login: could not create a private Docker config folder in ${parentDir} ` +
            `(${(0,errors/* describeError */.Uc)(error)}); check that the folder exists and is writable.`);
    }
    try {
        // mkdtemp already uses 0700 on POSIX; chmod makes it independent of the platform default.
        await external_node_fs_.promises.chmod(dir, 0o700);
        await writePrivateFile(external_node_path_.join(dir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
    }
    catch (error) {
        await removeDockerConfig(dir);
        throw new RegistryLoginError(`Registry login: could not write the private Docker config in ${dir} ` +
            `(${(0,errors/* describeError */.Uc)(error)}); nothing was left behind.`);
    }
    const toolEnv = { DOCKER_CONFIG: dir };
    if (!env.BUILDX_CONFIG)
        toolEnv.BUILDX_CONFIG = external_node_path_.join(userConfigDir, 'buildx');
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
        report?.(`Could not delete the private Docker config ${dir} (${(0,errors/* describeError */.Uc)(error)}); it holds ` +
            'registry credentials, so delete it by hand.');
        return false;
    }
}
/**
 * Checks a login without writing anything and returns its config.json key; call it before the
 * host is changed so that a bad login fails the step first.
 */
function checkRegistryLogin(login) {
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
    const ownPlugins = external_node_path_.join(userConfigDir, 'cli-plugins');
    if (await isDirectory(ownPlugins))
        pluginDirs.push(ownPlugins);
    const userConfig = await readJsonObject(external_node_path_.join(userConfigDir, 'config.json'));
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
        const text = (await external_node_fs_.promises.readFile(file, 'utf8')).replace(/^\uFEFF/, '');
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
        return (await external_node_fs_.promises.stat(candidate)).isDirectory();
    }
    catch {
        return false;
    }
}
async function writePrivateFile(file, content) {
    // LIMITATION: on Windows, modes are not ACLs; the file is private only as far as parentDir is
    // (the runner's and agent's temp folders are readable by the runner account and
    // administrators only).
    const handle = await external_node_fs_.promises.open(file, external_node_fs_.constants.O_WRONLY | external_node_fs_.constants.O_CREAT | external_node_fs_.constants.O_EXCL, 0o600);
    try {
        await handle.writeFile(content, 'utf8');
    }
    finally {
        await handle.close();
    }
    await external_node_fs_.promises.chmod(file, 0o600);
}

;// CONCATENATED MODULE: ./lib/engine/prepare-options.js
/** What host preparation, its undo and its plan need from the host and the engine. */
function prepareOptions(host, settings, deps, tempDir) {
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
        const spec = INPUTS.find((candidate) => candidate.name === name);
        if (spec === undefined)
            throw new Error(`unknown input ${name}`);
        return spec;
    }
    label(spec) {
        return this.host === 'azure' ? azureInputName(spec) : spec.name;
    }
    raw(name) {
        const spec = this.spec(name);
        const value = this.read(spec);
        const text = value === undefined || value.trim() === '' ? (spec.default ?? '') : value;
        return text.trim();
    }
    fail(name, value, accepted) {
        throw new errors/* InputError */.dz(this.label(this.spec(name)), value, accepted);
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
    const push = r.boolean('push');
    if (push && r.list('tags').length === 0 && r.lines('outputs').length === 0) {
        r.fail('push', 'true', 'push: true only together with tags (or outputs) naming the image');
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
        push,
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
        exclusionPaths: readExclusionPaths(r, context.platform),
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
/** Defender takes absolute paths only; a relative one would exclude nothing, or the wrong folder. */
function readExclusionPaths(r, platform) {
    const paths = r.lines('exclusion-paths');
    for (const folder of paths) {
        if (platform === 'win32' && !external_node_path_.win32.isAbsolute(folder)) {
            r.fail('exclusion-paths', folder, 'absolute Windows paths, one per line (C:\\build\\cache)');
        }
    }
    return paths;
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

// EXTERNAL MODULE: ./lib/engine/secret-files.js
var secret_files = __nccwpck_require__(898);
;// CONCATENATED MODULE: ./lib/engine/state.js
/** Keys of the values the main step keeps for the post step. */
const STATE = {
    /** The step's private work folder (logs, metadata, diagnostics). */
    workDir: 'wcow-work-dir',
    /** The JSON record of host changes made by the preparation. */
    hostChanges: 'wcow-host-changes',
    /** The private Docker config folder holding registry credentials. */
    dockerConfig: 'wcow-docker-config',
    /** The JSON attempt records so far. */
    attempts: 'wcow-attempts',
    /** Set when the main step ran to its end (the post step then has nothing to rescue). */
    finished: 'wcow-finished',
};

;// CONCATENATED MODULE: ./lib/engine/summary.js
function cell(text) {
    return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
function secondsCell(ms) {
    return `${(ms / 1000).toFixed(1)} s`;
}
/** The attempts table for the job or build summary, in Markdown. */
function renderAttemptsTable(result, settings) {
    const status = result.succeeded ? 'succeeded' : 'failed';
    const lines = [
        `### wcow-build: build ${status} after ${result.attempts.length} of ${settings.maxAttempts} attempt(s)`,
        '',
        '| Attempt | Result | Class | Rule | Duration | Queue wait | Wait after |',
        '| ---: | --- | --- | --- | ---: | ---: | --- |',
    ];
    for (const attempt of result.attempts) {
        const ok = attempt.failureClass === undefined;
        const wait = attempt.waitAfterMs > 0 || attempt.waitReason !== ''
            ? `${secondsCell(attempt.waitAfterMs)} (${attempt.waitReason})`
            : '';
        lines.push(`| ${attempt.number} | ${ok ? 'success' : `exit ${attempt.exitCode ?? 'killed'}`} | ${ok ? '' : attempt.failureClass} | ${cell(attempt.rule ?? '')} | ${secondsCell(attempt.durationMs)} | ${secondsCell(attempt.queueWaitMs)} | ${wait} |`);
    }
    lines.push('', `Queue wait in all: ${secondsCell(result.queueWaitMs)}. Lock retries: ${result.lockRetries}.`);
    if (!result.succeeded && result.verdict !== undefined) {
        lines.push('', '```text', result.verdict.evidence, '```');
    }
    return `${lines.join('\n')}\n`;
}

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
    const context = external_node_path_.resolve(cwd, settings.context);
    if (!main_isDirectory(context))
        throw new errors/* InputError */.dz('context', settings.context, 'an existing folder');
    const file = settings.file === '' ? external_node_path_.join(context, 'Dockerfile') : external_node_path_.resolve(cwd, settings.file);
    if (!external_node_fs_.existsSync(file)) {
        throw new errors/* InputError */.dz(settings.file === '' ? 'context' : 'file', settings.file || settings.context, `a path to an existing Dockerfile (${file} does not exist)`);
    }
    for (const secret of settings.secrets) {
        if (secret.src !== undefined && !external_node_fs_.existsSync(external_node_path_.resolve(cwd, secret.src))) {
            throw new errors/* InputError */.dz('secrets', `id=${secret.id},src=${secret.src}`, 'a src file that exists');
        }
    }
    if (settings.buildkitTlsDir !== '' && !main_isDirectory(settings.buildkitTlsDir)) {
        throw new errors/* InputError */.dz('buildkit-tls-dir', settings.buildkitTlsDir, 'an existing folder with ca.pem, cert.pem and key.pem');
    }
}
function main_isDirectory(folder) {
    try {
        return external_node_fs_.statSync(folder).isDirectory();
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
            values.push(...(0,secret_files/* secretFileValues */.F)(external_node_path_.resolve(cwd, secret.src)));
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
/** Reads the tool's metadata file; an empty object when it wrote none. */
function readMetadata(file) {
    try {
        const value = JSON.parse(external_node_fs_.readFileSync(file, 'utf8'));
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
        host.setFailed((0,errors/* describeError */.Uc)(error));
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
        host.setFailed((0,errors/* describeError */.Uc)(error));
        return;
    }
    const secrets = registerSecrets(host, settings, login, deps.cwd);
    const workDir = external_node_fs_.mkdtempSync(external_node_path_.join(host.context.tempDir, 'wcow-build-'));
    host.saveState(STATE.workDir, workDir);
    let dockerConfig;
    let result;
    let lastToolEnv = host.env;
    // The attempts so far, kept even when the retry loop is cut short (queue timeout, cancel).
    let recorded = [];
    try {
        const changes = await prepareHostOnce(host, settings, deps, workDir);
        const toolEnv = withToolsOnPath(host.env, changes.tools, deps.platform);
        lastToolEnv = toolEnv;
        if (login !== undefined) {
            dockerConfig = await writeDockerConfig(login, workDir, { env: toolEnv });
            host.saveState(STATE.dockerConfig, dockerConfig.dir);
            host.info(`Registry credentials for ${dockerConfig.server} are in a private Docker config.`);
        }
        result = await runBuildAttempts(host, settings, deps, workDir, toolEnv, dockerConfig, (records) => {
            recorded = [...records];
        });
        await report(host, settings, result, workDir, new redact/* Redactor */.pO(secrets));
    }
    catch (error) {
        if (recorded.length > 0)
            reportInterrupted(host, recorded);
        host.setFailed((0,errors/* describeError */.Uc)(error));
    }
    finally {
        await dockerConfig?.remove((message) => host.warning(message));
    }
    if (result?.cancelled === true || deps.signal?.aborted === true) {
        // The runner asked the step to stop: leave `finished` unset, and the post step (which the
        // runner still runs) collects the diagnostics with reason `cancelled`.
        host.info('The job was cancelled; the post step collects the diagnostics.');
        return;
    }
    const failed = result === undefined || !result.succeeded;
    if (settings.diagnostics === 'always' || (failed && settings.diagnostics === 'on-failure')) {
        // Loaded when needed: diagnostics and host preparation are most of the engine's code, and
        // most steps run neither (start-up time is measured by `npm run bench`).
        const { collectAndAttach } = await __nccwpck_require__.e(/* import() */ 549).then(__nccwpck_require__.bind(__nccwpck_require__, 549));
        await collectAndAttach(host, settings, deps, {
            env: lastToolEnv,
            attempts: result?.attempts ?? recorded,
            outDir: workDir,
            secrets,
            reason: failed ? 'failure' : 'always',
        });
    }
    host.saveState(STATE.finished, 'true');
}
/** The login of the Azure service connection named by `containerRegistry`, if any. */
function resolveConnection(host, settings) {
    if (settings.containerRegistry === '' || host.resolveRegistryLogin === undefined)
        return undefined;
    const login = host.resolveRegistryLogin(settings.containerRegistry);
    if (login === undefined) {
        throw new errors/* InputError */.dz('containerRegistry', settings.containerRegistry, 'a Docker registry service connection with a user name and password');
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
    const { prepareHost } = await Promise.resolve(/* import() */).then(__nccwpck_require__.bind(__nccwpck_require__, 544));
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
    const pathApi = platform === 'win32' ? external_node_path_.win32 : external_node_path_.posix;
    const folders = [tools.buildctl, tools.ctr]
        .filter((tool) => tool !== undefined)
        .map((tool) => pathApi.dirname(tool));
    if (folders.length === 0)
        return env;
    const key = Object.keys(env).find((name) => name.toUpperCase() === 'PATH') ?? 'PATH';
    return { ...env, [key]: [...new Set(folders), env[key] ?? ''].join(pathApi.delimiter) };
}
async function runBuildAttempts(host, settings, deps, workDir, toolEnv, dockerConfig, onRecords) {
    const env = { ...toolEnv, ...(dockerConfig?.env ?? {}) };
    const runBuild = async (attempt) => {
        const metadataFile = external_node_path_.join(workDir, `metadata-${attempt}.json`);
        const logFile = external_node_path_.join(workDir, `attempt-${attempt}.log`);
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
        onAttempt: (records) => {
            onRecords(records);
            host.saveState(STATE.attempts, JSON.stringify(records));
        },
        signal: deps.signal,
    });
    return result;
}
async function report(host, settings, result, workDir, redactor) {
    const last = result.attempts[result.attempts.length - 1];
    host.setOutput('result', result.succeeded ? 'success' : 'failure');
    host.setOutput('attempts', String(result.attempts.length));
    host.setOutput('failure-class', result.verdict?.class ?? '');
    host.setOutput('lock-retries', String(result.lockRetries));
    host.setOutput('queue-wait-seconds', (result.queueWaitMs / 1000).toFixed(1));
    if (result.succeeded && last !== undefined) {
        const metadata = readMetadata(external_node_path_.join(workDir, `metadata-${last.number}.json`));
        host.setOutput('digest', String(metadata['containerimage.digest'] ?? ''));
        host.setOutput('image-id', String(metadata['containerimage.config.digest'] ?? ''));
        host.setOutput('metadata', JSON.stringify(metadata));
    }
    // The summary quotes the build's own error lines, which may show a secret; the runner masks
    // its log, not the files a step writes.
    await writeSummarySafely(host, redactor.redactText(renderAttemptsTable(result, settings)));
    if (result.succeeded) {
        const retries = result.attempts.length - 1;
        host.info(`Build succeeded after ${result.attempts.length} attempt(s)${retries > 0 ? ` (${result.lockRetries} lock retries)` : ''}; queue wait ${seconds(result.queueWaitMs)}.`);
    }
    else {
        host.setFailed(redactor.redactText(failureMessage(result, settings)));
    }
}
/** Outputs for a retry loop that was cut short: the attempts made and the last one's class. */
function reportInterrupted(host, records) {
    host.setOutput('result', 'failure');
    host.setOutput('attempts', String(records.length));
    host.setOutput('failure-class', records[records.length - 1].failureClass ?? '');
}
/** The summary is a courtesy: a failure to write it is a warning, never the step's result. */
async function writeSummarySafely(host, markdown) {
    try {
        await host.writeSummary(markdown);
    }
    catch (error) {
        host.warning(`Could not write the job summary: ${(0,errors/* describeError */.Uc)(error)}`);
    }
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
async function runPost(host, deps = systemDeps()) {
    await step(host, 'finish', () => runPostSteps(host, deps));
}
async function runPostSteps(host, deps) {
    const workDir = host.getState(STATE.workDir);
    if (workDir === '') {
        host.debug('The main step made no changes; nothing to clean up.');
        return;
    }
    let settings;
    try {
        settings = loadSettings(host, deps);
    }
    catch (error) {
        const message = `Post step cannot read the inputs (${(0,errors/* describeError */.Uc)(error)})`;
        if (host.getState(STATE.hostChanges) !== '') {
            host.warning(`${message}, so the host changes recorded by the main step are left in place; ` +
                'docs/host-preparation.md says how to undo them.');
        }
        else {
            host.debug(`${message}; cleaning up what was recorded.`);
        }
    }
    await step(host, 'remove the registry config', async () => {
        const dir = host.getState(STATE.dockerConfig);
        if (dir !== '')
            await removeDockerConfig(dir, (message) => host.warning(message));
    });
    const changes = host.getState(STATE.hostChanges);
    if (changes !== '' && settings !== undefined) {
        const { restoreHost } = await Promise.resolve(/* import() */).then(__nccwpck_require__.bind(__nccwpck_require__, 544));
        await step(host, 'undo host changes', () => restoreHost(prepareOptions(host, settings, deps, workDir), JSON.parse(changes)));
    }
    if (host.getState(STATE.finished) !== 'true' &&
        settings !== undefined &&
        settings.diagnostics !== 'never') {
        host.info('The main step did not finish (cancelled or timed out); collecting diagnostics.');
        const attempts = parseJson(host.getState(STATE.attempts), []);
        const { collectAndAttach } = await __nccwpck_require__.e(/* import() */ 549).then(__nccwpck_require__.bind(__nccwpck_require__, 549));
        await collectAndAttach(host, settings, deps, {
            attempts,
            outDir: workDir,
            env: withToolsOnPath(host.env, savedTools(host), deps.platform),
            secrets: registerSecrets(host, settings, loginFor(host, settings), deps.cwd),
            reason: 'cancelled',
        });
    }
}
/** Where the main step installed the tools, from its saved record of host changes. */
function savedTools(host) {
    return parseJson(host.getState(STATE.hostChanges), {}).tools ?? {};
}
/** The registry login the main step used, so that the bundle redacts it too. */
function loginFor(host, settings) {
    try {
        return settings.registryLogin ?? resolveConnection(host, settings);
    }
    catch {
        return undefined;
    }
}
async function step(host, what, run) {
    try {
        await run();
    }
    catch (error) {
        host.warning(`Post step could not ${what}: ${(0,errors/* describeError */.Uc)(error)}. The job result is unchanged.`);
    }
}

;// CONCATENATED MODULE: ./lib/version.js
/** The product version; moved together with package.json, task.json and the extension. */
const VERSION = '1.0.0';

// EXTERNAL MODULE: ./lib/windows/prepare.js + 15 modules
var prepare = __nccwpck_require__(544);
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
const AZURE_CARRY_LIMIT = (/* unused pure expression or super */ null && (64 * 1024));
const AZURE_COMMAND = /##(vso)?\[/g;
/**
 * Azure Pipelines: the agent acts on `##vso[` and `##[` wherever they appear in a line, and has
 * no stop-commands, so each is rewritten as `## vso[` / `## [`. Whole lines are rewritten; a
 * partial last line waits for its end (or for the carry limit).
 */
function azureGuard() {
    const decoder = new StringDecoder('utf8');
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

;// CONCATENATED MODULE: ./lib/hosts/cli.js



/** Where the CLI keeps downloads between runs. */
function cliToolCache(env) {
    if (process.platform === 'win32')
        return external_node_path_.join(env.LOCALAPPDATA ?? external_node_os_.tmpdir(), 'wcow-build', 'tools');
    return external_node_path_.join(env.XDG_CACHE_HOME ?? external_node_path_.join(external_node_os_.homedir(), '.cache'), 'wcow-build', 'tools');
}
/**
 * The Host port for the command line: inputs from `--name value` flags, logs and build output on
 * stderr, outputs collected for one JSON object on stdout, state kept in memory.
 */
function createCliHost(inputs, env = process.env) {
    const state = new Map();
    const outputs = {};
    const summaries = [];
    let failure;
    const debugOn = env.WCOW_BUILD_DEBUG === '1' || env.RUNNER_DEBUG === '1';
    const say = (text) => {
        process.stderr.write(`${text}\n`);
    };
    const host = {
        kind: 'cli',
        env,
        context: {
            runId: 'local',
            job: 'cli',
            attempt: '1',
            tempDir: external_node_os_.tmpdir(),
            toolCacheDir: cliToolCache(env),
            jobStartedAt: Date.now(),
            instance: String(process.pid),
            stepName: `wcow-build (${external_node_os_.userInfo().username})`,
        },
        // A password is never a flag (the process list and shell history would show it).
        // A value that must not be a flag (a password) comes from the variable its spec names.
        getInput: (spec) => spec.cliVariable !== undefined ? env[spec.cliVariable] : inputs.get(spec.name),
        setOutput: (name, value) => {
            outputs[name] = value;
        },
        debug: (message) => {
            if (debugOn)
                say(`debug: ${message}`);
        },
        info: say,
        warning: (message) => say(`warning: ${message}`),
        error: (message) => say(`error: ${message}`),
        group: async (title, run) => {
            say(`== ${title}`);
            return run();
        },
        saveState: (key, value) => {
            state.set(key, value);
        },
        getState: (key) => state.get(key) ?? '',
        setSecret: () => undefined,
        setFailed: (message) => {
            failure = message;
            say(`error: ${message}`);
        },
        writeSummary: async (markdown) => {
            summaries.push(markdown);
        },
        uploadArtifact: async (name) => {
            throw new Error(`the command line has no run to attach ${name} to; the folder is kept`);
        },
        outputGuard: plainGuard,
        output: process.stderr,
    };
    return { host, outputs, summaries, failed: () => failure };
}

;// CONCATENATED MODULE: ./lib/hosts/cli-commands.js












const USAGE = `Usage:
  wcow-build build [--<input> <value> ...]   run a build with retries (inputs as in action.yml)
  wcow-build classify [FILE|-] [--retry-patterns RE] [--fatal-patterns RE]
                                            print how a build log would be classified, as JSON
  wcow-build setup --plan [--os windows] [--<input> <value> ...]
                                            print every change host preparation would make, as JSON
  wcow-build --help | --version

Repeat a flag to give several lines (--tags a --tags b). A boolean flag alone means true.
`;
/** Exit codes: 0 done, 1 the build (or the command) failed, 2 the command line was wrong. */
class UsageError extends Error {
    name = 'UsageError';
}
const CLI_INPUTS = INPUTS.filter((spec) => offersInput(spec, 'cli'));
/**
 * Parses `--name value` flags into input values; repeated flags become lines. `extra` names the
 * command's own options: a `switch` takes no value.
 */
function parseFlags(args, extraOptions = {}) {
    const extra = Object.keys(extraOptions);
    const inputs = new Map();
    const positional = [];
    for (let index = 0; index < args.length; index += 1) {
        const arg = args[index];
        if (!arg.startsWith('--')) {
            positional.push(arg);
            continue;
        }
        const eq = arg.indexOf('=');
        const name = arg.slice(2, eq === -1 ? undefined : eq);
        const spec = CLI_INPUTS.find((candidate) => candidate.name === name);
        if (spec === undefined && !extra.includes(name)) {
            throw new UsageError(`Unknown option --${name}. Accepted: ${[...CLI_INPUTS.map((s) => s.name), ...extra].map((n) => `--${n}`).join(', ')}.`);
        }
        let value;
        if (eq !== -1) {
            value = arg.slice(eq + 1);
        }
        else if (extraOptions[name] === 'switch') {
            value = 'true';
        }
        else if (spec?.kind === 'boolean' &&
            (index + 1 >= args.length || args[index + 1].startsWith('--'))) {
            value = 'true';
        }
        else if (index + 1 < args.length) {
            index += 1;
            value = args[index];
        }
        else {
            throw new UsageError(`Option --${name} needs a value.`);
        }
        const before = inputs.get(name);
        inputs.set(name, before === undefined ? value : `${before}\n${value}`);
    }
    return { inputs, positional };
}
async function readLog(source) {
    if (source === undefined || source === '-') {
        const chunks = [];
        for await (const chunk of process.stdin)
            chunks.push(chunk);
        return Buffer.concat(chunks).toString('utf8');
    }
    const handle = await external_node_fs_.promises.open(source, 'r');
    try {
        // The classifier reads the end of a log; a multi-gigabyte file is not read whole.
        const { size } = await handle.stat();
        const length = Math.min(size, 4 * 1024 * 1024);
        const buffer = Buffer.alloc(length);
        await handle.read(buffer, 0, length, size - length);
        return buffer.toString('utf8');
    }
    finally {
        await handle.close();
    }
}
async function classifyCommand(args) {
    const { inputs, positional } = parseFlags(args);
    if (positional.length > 1)
        throw new UsageError('classify takes one FILE (or - for standard input).');
    const { host } = createCliHost(inputs);
    const settings = loadSettings(host, systemDeps());
    const text = await readLog(positional[0]);
    const verdict = classify(text, {
        retryPatterns: settings.retryPatterns,
        fatalPatterns: settings.fatalPatterns,
    });
    process.stdout.write(`${JSON.stringify({ class: verdict.class, rule: verdict.rule, evidence: verdict.evidence, lockedPaths: verdict.lockedPaths })}\n`);
    return 0;
}
async function buildCommandLine(args) {
    const { inputs, positional } = parseFlags(args);
    if (positional.length > 0)
        throw new UsageError(`build takes only --<input> flags, not ${positional.join(' ')}.`);
    const { host, outputs, failed } = createCliHost(inputs);
    const deps = systemDeps(cancelOnSignals());
    await runMain(host, deps);
    await runPost(host, deps);
    process.stdout.write(`${JSON.stringify(outputs)}\n`);
    return failed() === undefined ? 0 : 1;
}
async function setupCommand(args) {
    const { inputs, positional } = parseFlags(args, { plan: 'switch', os: 'value' });
    if (!inputs.has('plan') || positional.length > 0)
        throw new UsageError('setup needs --plan: it only shows what it would change.');
    const os = inputs.get('os');
    if (os !== undefined && os !== 'windows')
        throw new UsageError(`--os accepts only windows, not ${os}.`);
    inputs.delete('plan');
    inputs.delete('os');
    const { host } = createCliHost(inputs);
    const deps = systemDeps();
    const platform = os === 'windows' ? 'win32' : deps.platform;
    const settings = loadSettings(host, { ...deps, platform });
    const plan = await (0,prepare/* planHostPreparation */.Fq)({
        ...prepareOptions(host, settings, { ...deps, platform }, host.context.tempDir),
        assumeFreshHost: os === 'windows' && deps.platform !== 'win32',
    });
    process.stdout.write(`${JSON.stringify(plan, null, 2)}\n`);
    return 0;
}
/** Runs the `wcow-build` command line; resolves with the exit code. */
async function runCli(args) {
    const [command, ...rest] = args;
    try {
        switch (command) {
            case 'build':
                return await buildCommandLine(rest);
            case 'classify':
                return await classifyCommand(rest);
            case 'setup':
                return await setupCommand(rest);
            case '--version':
                process.stdout.write(`${VERSION}\n`);
                return 0;
            case undefined:
            case '--help':
            case '-h':
            case 'help':
                process.stdout.write(USAGE);
                return command === undefined ? 2 : 0;
            default:
                throw new UsageError(`Unknown command ${command}.`);
        }
    }
    catch (error) {
        process.stderr.write(`wcow-build: ${(0,errors/* describeError */.Uc)(error)}\n`);
        if (error instanceof UsageError)
            process.stderr.write(USAGE);
        return error instanceof UsageError ? 2 : 1;
    }
}


/***/ }),

/***/ 680:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   N5: () => (/* binding */ runPowerShell)
/* harmony export */ });
/* unused harmony exports PowerShellError, DATA_VARIABLE, powerShellArgs */
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
async function runPowerShell(script, options) {
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


/***/ }),

/***/ 544:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  Fq: () => (/* binding */ planHostPreparation),
  prepareHost: () => (/* binding */ prepareHost),
  restoreHost: () => (/* binding */ restoreHost)
});

// UNUSED EXPORTS: HostPreparationError, noHostChanges

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __nccwpck_require__(455);
// EXTERNAL MODULE: ./lib/engine/errors.js
var errors = __nccwpck_require__(899);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(598);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __nccwpck_require__(760);
;// CONCATENATED MODULE: external "node:zlib"
const external_node_zlib_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");
;// CONCATENATED MODULE: ./lib/windows/zip.js



/** A zip archive is malformed, unsafe or uses a feature this reader does not support. */
class ZipError extends Error {
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
async function extractZip(file, destDir) {
    const data = await promises_.readFile(file);
    const entries = readCentralDirectory(data);
    const files = [];
    for (const entry of entries) {
        const name = safeEntryName(entry.name);
        if (name.endsWith('/'))
            continue;
        files.push({ name, body: readEntry(data, entry) });
    }
    for (const { name, body } of files) {
        const target = external_node_path_.join(destDir, ...name.split('/'));
        await promises_.mkdir(external_node_path_.dirname(target), { recursive: true });
        await promises_.writeFile(target, body, { mode: 0o755 });
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
        body = (0,external_node_zlib_namespaceObject.inflateRawSync)(raw);
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
async function installArchive(archive, format, destDir) {
    const staging = `${destDir.replace(/[\\/]+$/, '')}.wcow-staging-${(0,external_node_crypto_.randomBytes)(4).toString('hex')}`;
    await promises_.mkdir(staging, { recursive: true });
    try {
        const files = format === 'zip' ? await extractZip(archive, staging) : await extractTarGz(archive, staging);
        if (files.length === 0)
            throw new Error(`${archive} contains no files`);
        return await moveIntoPlace(staging, files, destDir);
    }
    finally {
        await promises_.rm(staging, { recursive: true, force: true });
    }
}
async function extractTarGz(archive, staging) {
    const files = [];
    // Loaded when an archive is unpacked: most steps install nothing.
    const { x: extractTar } = await __nccwpck_require__.e(/* import() */ 697).then(__nccwpck_require__.bind(__nccwpck_require__, 697));
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
            const src = external_node_path_.join(staging, ...parts);
            const dest = external_node_path_.join(destDir, ...parts);
            await promises_.mkdir(external_node_path_.dirname(dest), { recursive: true });
            let backup;
            if (await exists(dest)) {
                // Windows lets a running executable be renamed but not deleted or overwritten.
                backup = `${dest}.wcow-old`;
                await promises_.rm(backup, { force: true });
                await promises_.rename(dest, backup);
            }
            moved.push({ dest, backup });
            await promises_.rename(src, dest);
        }
    }
    catch (error) {
        for (const { dest, backup } of moved.reverse()) {
            await promises_.rm(dest, { force: true }).catch(() => undefined);
            if (backup)
                await promises_.rename(backup, dest).catch(() => undefined);
        }
        throw error;
    }
    for (const { backup } of moved) {
        if (backup)
            await promises_.rm(backup, { force: true }).catch(() => undefined);
    }
    return moved.map(({ dest }) => dest);
}
/** True when the path exists (file or folder). */
async function exists(file) {
    try {
        await promises_.access(file);
        return true;
    }
    catch {
        return false;
    }
}

;// CONCATENATED MODULE: ./lib/windows/daemon.js
/** Parses the JSON list of workers; `null` (no workers) gives an empty list. */
function parseWorkers(stdout) {
    const text = stdout.trim();
    if (text === '' || text === 'null')
        return [];
    const value = JSON.parse(text);
    if (!Array.isArray(value))
        throw new Error('buildctl printed JSON that is not a list of workers');
    return value;
}
/** The argv that asks the daemon for its workers. */
function workersArgs(address) {
    return ['--addr', address, 'debug', 'workers', '--format', '{{json .}}'];
}
/** Asks the daemon at `address` for its workers once; never throws. */
async function probeDaemon(buildctl, address, ctx) {
    const result = await ctx.exec(buildctl, workersArgs(address), {
        env: ctx.env,
        timeoutMs: 20_000,
    });
    if (result.startError !== undefined) {
        return { answering: false, detail: `${buildctl} could not start: ${result.startError}` };
    }
    if (result.timedOut)
        return { answering: false, detail: 'buildctl did not answer within 20 s' };
    if (result.exitCode !== 0) {
        const lines = result.stderr
            .trim()
            .split(/\r?\n/)
            .filter((line) => line.trim() !== '');
        return {
            answering: false,
            detail: lines.at(-1) ?? `buildctl exited with code ${result.exitCode}`,
        };
    }
    let workers;
    try {
        workers = parseWorkers(result.stdout);
    }
    catch (error) {
        return { answering: true, detail: `unreadable worker list: ${error.message}` };
    }
    const windowsWorker = workers.find((worker) => (worker.platforms ?? []).some((p) => p.os === 'windows'));
    if (windowsWorker) {
        const platforms = (windowsWorker.platforms ?? [])
            .map((p) => [p.os, p.architecture].join('/') + (p['os.version'] ? ` (${p['os.version']})` : ''))
            .join(', ');
        return {
            answering: true,
            windowsWorker,
            detail: `worker ${windowsWorker.id} for ${platforms}`,
        };
    }
    const seen = workers.map((worker) => worker.id).join(', ');
    return {
        answering: true,
        detail: workers.length === 0 ? 'no workers yet' : `no Windows worker (workers: ${seen})`,
    };
}

// EXTERNAL MODULE: ./lib/windows/powershell.js
var powershell = __nccwpck_require__(680);
;// CONCATENATED MODULE: ./lib/windows/scripts.js
/**
 * The PowerShell the host preparation runs. Each script reads its values from `$data` (never
 * spliced into the text), prints one JSON document and decides nothing: the decisions are made in
 * TypeScript. The first line names the script (`# wcow:<name>`) so logs and test stand-ins can
 * tell them apart.
 */
/** Service state for `$data.names`: Win32_Service facts plus the services each depends on. */
const SERVICES_SCRIPT = `# wcow:services
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
ConvertTo-Json -InputObject @($out) -Depth 4 -Compress`;
/** Stops one process by id (a service stuck in a pending state ignores stop requests). */
const STOP_PROCESS_SCRIPT = `# wcow:stop-process
Stop-Process -Id ([int]$data.processId) -Force
ConvertTo-Json -InputObject @{ stopped = $true } -Compress`;
/** Defender status and the current exclusions; `available = $false` when Defender is absent. */
const DEFENDER_STATE_SCRIPT = `# wcow:defender-state
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
}`;
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
const NAT_NETWORK_SCRIPT = `# wcow:nat-network
if ($null -eq (Get-Command -Name Get-HnsNetwork -ErrorAction SilentlyContinue)) {
  ConvertTo-Json -InputObject @{ found = $false; reason = 'Get-HnsNetwork is not available (HostNetworkingService module missing)' } -Compress
  return
}
$net = @(Get-HnsNetwork | Where-Object { $_.Name -eq $data.name }) | Select-Object -First 1
if ($null -eq $net) { ConvertTo-Json -InputObject @{ found = $false; reason = 'no HNS network with that name' } -Compress; return }
ConvertTo-Json -Compress -InputObject @{
  found = $true; type = [string]$net.Type
  subnet = [string]$net.Subnets[0].AddressPrefix; gateway = [string]$net.Subnets[0].GatewayAddress
}`;

;// CONCATENATED MODULE: ./lib/windows/host-paths.js

/**
 * Joins below a base folder with the flavour of the base: a drive or UNC path is joined the
 * Windows way even when this process runs elsewhere (plans for a Windows host made on Linux);
 * any other base is a folder of this machine (tests point the Windows variables at temp folders).
 */
function joinHostPath(base, ...parts) {
    return /^([A-Za-z]:[\\/]|\\\\)/.test(base)
        ? external_node_path_.win32.join(base, ...parts)
        : external_node_path_.join(base, ...parts);
}
/** The folder that holds a file, in the flavour of its path. */
function hostDirname(file) {
    return /^([A-Za-z]:[\\/]|\\\\)/.test(file) ? external_node_path_.win32.dirname(file) : external_node_path_.dirname(file);
}
/** Resolves the host paths from the environment (`ProgramFiles`, `ProgramData`). */
function resolveHostPaths(env) {
    const programFiles = env.ProgramFiles ?? env.PROGRAMFILES ?? 'C:\\Program Files';
    const programData = env.ProgramData ?? env.PROGRAMDATA ?? 'C:\\ProgramData';
    const containerdDir = joinHostPath(programFiles, 'containerd');
    const buildkitDir = joinHostPath(programFiles, 'buildkit');
    const cniBinDir = joinHostPath(containerdDir, 'cni', 'bin');
    const cniConfDir = joinHostPath(containerdDir, 'cni', 'conf');
    const logDir = joinHostPath(programData, 'wcow-build', 'logs');
    return {
        programFiles,
        programData,
        containerdDir,
        containerdExe: joinHostPath(containerdDir, 'bin', 'containerd.exe'),
        ctrExe: joinHostPath(containerdDir, 'bin', 'ctr.exe'),
        shimExe: joinHostPath(containerdDir, 'bin', 'containerd-shim-runhcs-v1.exe'),
        buildkitDir,
        buildkitdExe: joinHostPath(buildkitDir, 'bin', 'buildkitd.exe'),
        buildctlExe: joinHostPath(buildkitDir, 'bin', 'buildctl.exe'),
        cniBinDir,
        cniConfDir,
        cniConfPath: joinHostPath(cniConfDir, '0-containerd-nat.conf'),
        natPluginExe: joinHostPath(cniBinDir, 'nat.exe'),
        logDir,
        containerdLog: joinHostPath(logDir, 'containerd.log'),
        buildkitdLog: joinHostPath(logDir, 'buildkitd.log'),
        containerdRoot: joinHostPath(programData, 'containerd', 'root'),
        containerdState: joinHostPath(programData, 'containerd', 'state'),
        buildkitdRoot: joinHostPath(programData, 'buildkitd'),
    };
}
/** Windows paths compare without case and without a trailing separator. */
function normalizeWindowsPath(value) {
    return value.trim().replace(/\//g, '\\').replace(/\\+$/, '').toLowerCase();
}
/** True when `file` lies inside `folder` (Windows comparison rules). */
function isInsideFolder(file, folder) {
    const f = normalizeWindowsPath(file);
    const d = normalizeWindowsPath(folder);
    return f.startsWith(`${d}\\`);
}

;// CONCATENATED MODULE: ./lib/windows/defender.js



/** Reads Defender's status and exclusions; never throws (an unreadable Defender is unavailable). */
async function readDefenderState(ctx) {
    let raw;
    try {
        raw = await (0,powershell/* runPowerShell */.N5)(DEFENDER_STATE_SCRIPT, { exec: ctx.exec, env: ctx.env });
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
function decideExclusions(mode, state) {
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
function missingEntries(wanted, existing) {
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
async function changeExclusions(action, set, ctx) {
    const result = await (0,powershell/* runPowerShell */.N5)(DEFENDER_CHANGE_SCRIPT, {
        exec: ctx.exec,
        env: ctx.env,
        data: { action, paths: set.paths, processes: set.processes },
    });
    return result.failures === undefined ? [] : [result.failures].flat();
}
/** What an administrator should do when Defender refused exclusions. */
function adviceForRefusal(state, failures) {
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
function manualCommand(action, set) {
    const verb = action === 'add' ? 'Add-MpPreference' : 'Remove-MpPreference';
    const list = (items) => items.map((item) => `'${item.replace(/'/g, "''")}'`).join(', ');
    const parts = [];
    if (set.paths.length > 0)
        parts.push(`${verb} -ExclusionPath ${list(set.paths)}`);
    if (set.processes.length > 0)
        parts.push(`${verb} -ExclusionProcess ${list(set.processes)}`);
    return parts.join('; ');
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(24);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __nccwpck_require__(75);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __nccwpck_require__(466);
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
const DEFAULT_RELEASES_BASE = 'https://github.com';
/** The Windows NAT CNI plugin release that is installed when `nat.exe` is missing. */
const CNI_VERSION = '0.3.1';
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
class ChecksumUnavailableError extends Error {
    name = 'ChecksumUnavailableError';
}
/** The downloaded bytes do not match the expected SHA-256; nothing was extracted. */
class ChecksumMismatchError extends Error {
    name = 'ChecksumMismatchError';
}
/** Maps Node's `process.arch` to the release naming; undefined when no release exists for it. */
function releaseArch(nodeArch) {
    if (nodeArch === 'x64')
        return 'amd64';
    if (nodeArch === 'arm64')
        return 'arm64';
    return undefined;
}
/** Describes one release archive: its URL and where its SHA-256 comes from. */
function releaseArtifact(tool, version, arch, base = DEFAULT_RELEASES_BASE, extraPins = {}) {
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
async function resolveChecksum(artifact, fetchText) {
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
class DownloadError extends Error {
    name = 'DownloadError';
}
const TEXT_LIMIT = 1024 * 1024;
/** Reads a small text document (checksum files); follows redirects; throws DownloadError. */
async function fetchText(url, timeoutMs = 60_000) {
    const response = await request(url, timeoutMs);
    const text = await response.text();
    if (text.length > TEXT_LIMIT)
        throw new DownloadError(`${url} is larger than ${TEXT_LIMIT} bytes`);
    return text;
}
/** The SHA-256 of a file, in lower-case hex. */
async function hashFile(file) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    await (0,external_node_stream_promises_.pipeline)((0,external_node_fs_.createReadStream)(file), hash);
    return hash.digest('hex');
}
/**
 * Downloads `url` to `dest`, hashing while it streams into a temporary file next to `dest`. Only
 * bytes whose SHA-256 equals `sha256` ever reach `dest`; otherwise the temporary file is removed
 * and ChecksumMismatchError is thrown.
 */
async function downloadVerified(url, dest, sha256, timeoutMs = 15 * 60_000) {
    const partial = `${dest}.partial`;
    await promises_.mkdir(hostDirname(dest), { recursive: true });
    const hash = (0,external_node_crypto_.createHash)('sha256');
    let bytes = 0;
    const tee = new external_node_stream_.Transform({
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
        const body = external_node_stream_.Readable.fromWeb(response.body);
        await (0,external_node_stream_promises_.pipeline)(body, tee, (0,external_node_fs_.createWriteStream)(partial));
    }
    catch (error) {
        await promises_.rm(partial, { force: true });
        if (error instanceof DownloadError)
            throw error;
        throw new DownloadError(`download of ${url} failed: ${error.message}`);
    }
    const actual = hash.digest('hex');
    if (actual !== sha256.toLowerCase()) {
        await promises_.rm(partial, { force: true });
        throw new ChecksumMismatchError(`${url} has SHA-256 ${actual}, expected ${sha256}; the download was discarded and nothing ` +
            'was extracted. Check the version and the mirror (WCOW_BUILD_RELEASES_URL) you download from.');
    }
    await promises_.rename(partial, dest);
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
function archiveCacheDir(toolCacheDir, artifact) {
    return joinHostPath(toolCacheDir, 'wcow-build', artifact.tool, artifact.version, artifact.arch);
}
/**
 * Returns a local copy of the archive whose SHA-256 is `sha256`: from the tool cache, else from
 * the host's download cache, else downloaded (and then saved to both). Every copy is verified.
 */
async function ensureArchive(artifact, sha256, options) {
    const dir = archiveCacheDir(options.toolCacheDir, artifact);
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
        await promises_.access(file);
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
    await promises_.rm(file, { force: true });
    return false;
}

;// CONCATENATED MODULE: ./lib/windows/command-line.js
/**
 * Windows command lines. The service manager keeps one string per service (`BinaryPathName`), so
 * comparing a registered service with the wanted one means splitting and joining with the rules
 * the Microsoft C runtime uses (the same rules Go's `syscall.EscapeArg` writes for).
 */
/** Quotes one argument so that the C runtime reads it back unchanged. */
function quoteWindowsArg(arg) {
    if (arg === '')
        return '""';
    if (!/[\s"]/.test(arg))
        return arg;
    let out = '"';
    let backslashes = 0;
    for (const ch of arg) {
        if (ch === '\\') {
            backslashes += 1;
            continue;
        }
        // Backslashes are literal unless they precede a quote, so only then are they doubled.
        out += ch === '"' ? '\\'.repeat(backslashes * 2 + 1) + '"' : '\\'.repeat(backslashes) + ch;
        backslashes = 0;
    }
    return `${out}${'\\'.repeat(backslashes * 2)}"`;
}
/** Joins an argv into one Windows command line. */
function joinWindowsCommandLine(argv) {
    return argv.map(quoteWindowsArg).join(' ');
}
/** Splits a Windows command line into argv (CommandLineToArgvW rules for the arguments). */
function splitWindowsCommandLine(line) {
    const args = [];
    let current = '';
    let inArg = false;
    let inQuotes = false;
    let i = 0;
    while (i < line.length) {
        const ch = line[i];
        if (!inQuotes && (ch === ' ' || ch === '\t')) {
            if (inArg)
                args.push(current);
            current = '';
            inArg = false;
            i += 1;
            continue;
        }
        inArg = true;
        if (ch === '\\') {
            let count = 0;
            while (line[i] === '\\') {
                count += 1;
                i += 1;
            }
            if (line[i] === '"') {
                current += '\\'.repeat(Math.floor(count / 2));
                if (count % 2 === 1) {
                    current += '"';
                    i += 1;
                }
            }
            else {
                current += '\\'.repeat(count);
            }
            continue;
        }
        if (ch === '"') {
            if (inQuotes && line[i + 1] === '"') {
                current += '"';
                i += 2;
                continue;
            }
            inQuotes = !inQuotes;
            i += 1;
            continue;
        }
        current += ch;
        i += 1;
    }
    if (inArg)
        args.push(current);
    return args;
}
/**
 * Splits a service's `BinaryPathName` into the program and its arguments. An unquoted program path
 * with spaces (an old installer habit) is recognised by its `.exe` ending.
 */
function splitServiceCommandLine(pathName) {
    const trimmed = pathName.trim();
    if (!trimmed.startsWith('"')) {
        const match = /^(.*?\.exe)(?=\s|$)/i.exec(trimmed);
        if (match && /\s/.test(match[1])) {
            return { program: match[1], args: splitWindowsCommandLine(trimmed.slice(match[1].length)) };
        }
    }
    const [program = '', ...args] = splitWindowsCommandLine(trimmed);
    return { program, args };
}

;// CONCATENATED MODULE: ./lib/windows/cni.js


/** The HNS network the NAT plugin attaches containers to (Docker and the Containers feature create it). */
const NAT_NETWORK_NAME = 'nat';
/** Reads the HNS NAT network; never throws (not found carries the reason). */
async function readNatNetwork(ctx) {
    try {
        return await (0,powershell/* runPowerShell */.N5)(NAT_NETWORK_SCRIPT, {
            exec: ctx.exec,
            env: ctx.env,
            data: { name: NAT_NETWORK_NAME },
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
        name: NAT_NETWORK_NAME,
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
function decideCniConf(existing, nat) {
    if (!nat.found || !nat.subnet || !nat.gateway) {
        return {
            action: 'none',
            reason: `the HNS network '${NAT_NETWORK_NAME}' was not found (${nat.reason ?? 'no subnet'})`,
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
const STUCK_STATES = [
    'Start Pending',
    'Stop Pending',
    'Continue Pending',
    'Pause Pending',
    'Paused',
];
/** Reads the named services; one PowerShell run for all of them. */
async function queryServices(names, ctx) {
    const list = await (0,powershell/* runPowerShell */.N5)(SERVICES_SCRIPT, {
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
function serviceCommand(info) {
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
async function startService(name, ctx) {
    const result = await runSc(['start', name], ctx);
    // 1056: an instance of the service is already running.
    return {
        ok: result.exitCode === 0 || result.exitCode === 1056,
        detail: describeScFailure(result),
    };
}
/** Asks the service manager to stop a service; true when it is stopping or was not started. */
async function stopService(name, ctx) {
    const result = await runSc(['stop', name], ctx);
    // 1062: the service has not been started.
    return {
        ok: result.exitCode === 0 || result.exitCode === 1062,
        detail: describeScFailure(result),
    };
}
/** Changes one setting of a service with `sc.exe config <name> <key>= <value>`. */
async function configureService(name, key, value, ctx) {
    const result = await runSc(['config', name, `${key}=`, value], ctx);
    if (result.exitCode !== 0) {
        throw new Error(`sc.exe config ${name} ${key}= ${value} failed with ${describeScFailure(result)}`);
    }
}
/** Stops a process by id through PowerShell. */
async function stopProcess(processId, ctx) {
    await (0,powershell/* runPowerShell */.N5)(STOP_PROCESS_SCRIPT, { exec: ctx.exec, env: ctx.env, data: { processId } });
}

;// CONCATENATED MODULE: ./lib/windows/warmup.js
/** BuildKit's containerd worker keeps its images and snapshots in this containerd namespace. */
const BUILDKIT_NAMESPACE = 'buildkit';
/**
 * Writes an image reference in full, as containerd stores it: `nanoserver:ltsc2022` is not
 * understood by ctr, `docker.io/library/nanoserver:ltsc2022` is.
 */
function normalizeImageRef(ref) {
    let name = ref.trim();
    const slash = name.indexOf('/');
    const first = slash < 0 ? '' : name.slice(0, slash);
    if (slash < 0)
        name = `docker.io/library/${name}`;
    else if (!first.includes('.') && !first.includes(':') && first !== 'localhost')
        name = `docker.io/${name}`;
    const last = name.slice(name.lastIndexOf('/') + 1);
    if (!last.includes(':') && !last.includes('@'))
        name = `${name}:latest`;
    return name;
}
/** The argv of `ctr` that pulls (and unpacks) an image into BuildKit's namespace. */
function pullArgs(ref) {
    return ['--namespace', BUILDKIT_NAMESPACE, 'images', 'pull', ref];
}
/** The images BuildKit's namespace already holds; null when containerd cannot be asked. */
async function listImages(ctr, ctx) {
    const result = await ctx.exec(ctr, ['--namespace', BUILDKIT_NAMESPACE, 'images', 'list', '--quiet'], {
        env: ctx.env,
        timeoutMs: 60_000,
    });
    if (result.exitCode !== 0) {
        ctx.log.debug(`ctr images list failed: ${result.startError ?? result.stderr.trim()}`);
        return null;
    }
    return result.stdout
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '');
}

;// CONCATENATED MODULE: ./lib/windows/plan.js








const DAEMONS = ['containerd', 'buildkitd'];
/** The pipe containerd listens on by default on Windows. */
const CONTAINERD_ADDRESS = 'npipe:////./pipe/containerd-containerd';
const DEFAULT_BUILDKIT_PIPE = 'npipe:////./pipe/buildkitd';
/** Facts for a fresh Windows host: nothing installed, nothing registered, nothing probed. */
function freshHostFacts() {
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
function isLocalPipe(address) {
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
function resolveBinaries(facts, paths) {
    const pick = (name, ours, ourDir) => {
        const info = facts.services[name];
        const { program } = serviceCommand(info);
        return isManaged(info, ourDir) || program === '' ? ours : program;
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
function buildPlan(input) {
    const { facts, settings, paths, arch } = input;
    const notes = [];
    const warnings = [];
    const downloads = [];
    const files = [];
    const services = [];
    const bins = resolveBinaries(facts, paths);
    const pinned = {
        containerd: settings.containerdVersion,
        buildkitd: settings.buildkitVersion,
    };
    const installed = { containerd: false, buildkitd: false };
    for (const name of DAEMONS) {
        const info = facts.services[name];
        const ourDir = name === 'containerd' ? paths.containerdDir : paths.buildkitDir;
        if (!isManaged(info, ourDir)) {
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
    for (const name of DAEMONS) {
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
    const managed = isManaged(info, ourDir);
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
function isManaged(info, ourDir) {
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
async function readToolVersion(exe, ctx) {
    if (!(await exists(exe)))
        return null;
    const result = await ctx.exec(exe, ['--version'], { env: ctx.env, timeoutMs: 30_000 });
    if (result.exitCode !== 0) {
        ctx.log.debug(`${exe} --version failed: ${result.startError ?? result.stderr.trim()}`);
        return null;
    }
    return parseToolVersion(result.stdout);
}
/** Reads everything the plan depends on; changes nothing. */
async function probeHost(ctx, paths, settings) {
    const found = await queryServices(DAEMONS, ctx);
    const services = {
        containerd: found.get('containerd'),
        buildkitd: found.get('buildkitd'),
    };
    const installedVersions = {
        containerd: await readToolVersion(paths.containerdExe, ctx),
        buildkitd: await readToolVersion(paths.buildkitdExe, ctx),
    };
    const foreignVersions = {};
    for (const name of DAEMONS) {
        const ourDir = name === 'containerd' ? paths.containerdDir : paths.buildkitDir;
        if (!isManaged(services[name], ourDir)) {
            foreignVersions[name] = await readToolVersion(serviceCommand(services[name]).program, ctx);
        }
    }
    const facts = {
        fresh: false,
        installedVersions,
        services,
        foreignVersions,
        natPluginInstalled: await exists(paths.natPluginExe),
        cniConf: await readText(paths.cniConfPath),
        nat: await readNatNetwork(ctx),
        logDirExists: await exists(paths.logDir),
        defender: settings.defenderExclusions === 'false' ? null : await readDefenderState(ctx),
        images: null,
    };
    if (settings.warmupImages.length === 0 || services.containerd.state !== 'Running')
        return facts;
    return { ...facts, images: await listImages(resolveBinaries(facts, paths).ctr, ctx) };
}
async function readText(file) {
    try {
        return await promises_.readFile(file, 'utf8');
    }
    catch {
        return null;
    }
}

;// CONCATENATED MODULE: ./lib/windows/prepare.js












/** Preparation failed; `changes` holds what was changed before, for the post step to undo. */
class HostPreparationError extends errors/* SetupError */.w3 {
    changes;
    constructor(message, changes) {
        super(message);
        this.changes = changes;
    }
}
const POLL_MS = 1000;
const STATE_WAIT_MS = 30_000;
const WARMUP_TIMEOUT_MS = 30 * 60_000;
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
async function prepareHost(options) {
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
        throw new HostPreparationError(`Host preparation failed: ${(0,errors/* describeError */.Uc)(error)}`, changes);
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
                failures = await changeExclusions('remove', added, ctx);
            }
            catch (error) {
                failures = [
                    ...added.paths.map((value) => ({
                        kind: 'path',
                        value,
                        message: (0,errors/* describeError */.Uc)(error),
                    })),
                    ...added.processes.map((value) => ({
                        kind: 'process',
                        value,
                        message: (0,errors/* describeError */.Uc)(error),
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
                    `(${failures[0].message}). Remove them by hand as administrator: ${manualCommand('remove', left)}`);
            }
        });
    }
    catch (error) {
        log.warning(`Undoing the host changes failed: ${(0,errors/* describeError */.Uc)(error)}. The job result is unchanged.`);
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
            download.checksumError = (0,errors/* describeError */.Uc)(error);
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
            failures = [{ kind: 'path', value: '*', message: (0,errors/* describeError */.Uc)(error) }];
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
                const reason = asSentence((0,errors/* describeError */.Uc)(error));
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
                await promises_.mkdir(file.path, { recursive: true });
                this.record(() => this.changes.files.push({ path: file.path, action: 'created-folder' }), `Created folder ${file.path} (${file.purpose}).`);
                continue;
            }
            if (file.content === undefined)
                continue;
            const previous = await promises_.readFile(file.path, 'utf8').catch(() => undefined);
            await promises_.mkdir(hostDirname(file.path), { recursive: true });
            await promises_.writeFile(file.path, file.content, 'utf8');
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
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
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
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
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
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(146);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
