// @ts-check
// A local stand-in for the Netless whiteboard REST API (the screenshot endpoints, the scene listing
// and room info), with the service's token checks, real PNGs served from a "bucket" on the same
// server, and fault injection. Used in-process by the tests and the demo; from a shell:
//   node test/fake-netless/server.mjs --port 0 [--host 127.0.0.1] [--latency 50] [--png-cache 1000]
import http from 'node:http';
import { pathToFileURL } from 'node:url';
import { renderScenePng } from './png.mjs';
import { defaultRooms } from './rooms.mjs';
import { makeRoomToken, makeSdkToken, makeTaskToken, verifyToken } from './tokens.mjs';

/** @typedef {import('./rooms.mjs').FakeRoom} FakeRoom */
/** @typedef {import('./rooms.mjs').Region} Region */
/** @typedef {import('./tokens.mjs').Role} Role */
/** @typedef {'screenshots' | 'screenshot-list' | 'scenes' | 'room' | 'list' | 'bucket' | 'other'} Endpoint */

/**
 * @typedef {object} Fault  what to do instead of (or before) the normal answer
 * @property {string} [room]        only requests about this room (default: any)
 * @property {Endpoint} [endpoint]  only this endpoint (default: any)
 * @property {string} [region]      only requests sent with this region header (default: any), e.g. one
 *           data centre that is slow or unreachable while the others answer
 * @property {string} [directory]  only screenshot-list calls for this directory (#22: one failing directory of a room)
 * @property {number} [times]       only the next N matching requests (default: until removed)
 * @property {number} [latencyMs]   wait this long first
 * @property {number} [status]      answer this status...
 * @property {string | object} [body]  ...with this body (an object is sent as JSON; default {message})
 * @property {Record<string, string>} [headers]
 * @property {string} [reason]      the HTTP reason phrase to send instead of the standard one
 * @property {boolean} [malformed]  answer 201 with a body that is not JSON
 * @property {'headers' | 'body'} [stall]  never answer / send the headers and half the body, then nothing
 * @property {'before' | 'body'} [reset]   reset the connection before answering / halfway through the body
 */

/**
 * @typedef {object} RecordedRequest
 * @property {string} method
 * @property {string} url        path and query exactly as received
 * @property {string} path       the decoded path
 * @property {Record<string, string>} query
 * @property {http.IncomingHttpHeaders} headers  lower-case names
 * @property {string[]} rawHeaders  names and values as sent, in order
 * @property {string} body
 * @property {Endpoint} endpoint
 * @property {string} [room]
 * @property {number} connection  the same number for requests on one kept-alive connection
 */

/**
 * @typedef {object} FakeNetlessOptions
 * @property {number} [port]       default 0 (any free port)
 * @property {string} [host]       default 127.0.0.1
 * @property {string} [accessKey]  of the project whose tokens are accepted
 * @property {string} [secretKey]
 * @property {FakeRoom[]} [rooms]  default defaultRooms()
 * @property {number} [latencyMs]  added to every API answer
 * @property {() => number} [now]  the clock for token expiry
 * @property {number} [maxRecorded]  requests kept in `requests`, the oldest dropped first (default 10,000)
 * @property {number} [pngCacheSize]  drawn PNGs kept for the next download of the same object (default 32;
 *           the snapshot bench keeps all 1,000 so that drawing does not compete with what it measures)
 * @property {(request: RecordedRequest, status: number) => void} [onAnswer]  after each complete answer
 *           (the demo prints what the sandbox served)
 * @property {{ room: string, scene: string }[]} [liveScenes]  scenes whose board changes before every
 *           screenshot of them, like a class in progress (the demo's): each shot has a new revision
 */

/**
 * @typedef {object} ObjectTarget  which bucket objects a hook applies to (every field given must match)
 * @property {string} [url]     one object, by the url a screenshot answered
 * @property {string} [room]    the objects of this room's screenshots
 * @property {string} [scene]   ...of this scene path
 * @property {string} [bucket]  every object of this bucket
 */

/**
 * @typedef {object} FakeNetless
 * @property {string} url          e.g. http://127.0.0.1:41234 (the API base URL)
 * @property {number} port
 * @property {string} accessKey
 * @property {string} secretKey
 * @property {FakeRoom[]} rooms
 * @property {RecordedRequest[]} requests  every request received, in order
 * @property {() => void} clearRequests
 * @property {(fault: Fault) => () => void} setFault  returns a function that removes it
 * @property {() => void} clearFaults
 * @property {(ms: number) => void} setLatency
 * @property {(uuid: string) => FakeRoom | undefined} room
 * @property {(role?: Role, lifespanMs?: number) => string} sdkToken
 * @property {(uuid: string, role?: Role, lifespanMs?: number) => string} roomToken
 * @property {(uuid: string, role?: Role, lifespanMs?: number) => string} taskToken
 * @property {(room: string, scene: string, change?: { blank?: boolean }) => number} changeScene  the board
 *           of a scene changes (the next screenshot of it draws the new revision; objects already in the
 *           bucket stay as they were shot); `blank` makes it one colour. Returns the new revision.
 * @property {(target: ObjectTarget) => () => void} makePrivate  matching objects answer 403 AccessDenied,
 *           like a private bucket, until the returned function is called
 * @property {(target: ObjectTarget) => number} removeObjects  matching objects disappear (404
 *           NoSuchKey) until shot again; returns how many were removed
 * @property {(url: string) => StoredShot | undefined} objectAt  what the bucket holds at a url now
 * @property {() => Promise<void>} close
 */

export const DEFAULT_ACCESS_KEY = 'scenesnap-fake-access-key';
export const DEFAULT_SECRET_KEY = 'scenesnap-fake-secret-key';
/** The team number in object keys, as in the reference's examples. */
const TEAM = '2811';
const REGIONS = ['us-sv', 'sg', 'in-mum', 'eu', 'cn-hz'];
/** Each data centre's bucket and the bucket's own (storage) region, which is what answers report. */
/** @type {Record<Region, { bucket: string, region: string }>} */
const STORAGE = {
  'us-sv': { bucket: 'scenesnap-fake-us', region: 'us-west-1' },
  sg: { bucket: 'scenesnap-fake-sg', region: 'ap-southeast-1' },
  'in-mum': { bucket: 'scenesnap-fake-in', region: 'ap-south-1' },
  eu: { bucket: 'scenesnap-fake-eu', region: 'eu-central-1' },
  'cn-hz': { bucket: 'white-cover', region: 'oss-cn-hangzhou' },
};
const MAX_BODY = 1024 * 1024;
const PNG_CACHE_SIZE = 32;

/**
 * @typedef {{ status: number, headers: Record<string, string>, body: Buffer, reason?: string }} Reply
 * @typedef {{ room: string, scene: string, width: number, height: number, revision: number, blank: boolean, bucket: string, key: string }} StoredShot
 */

/**
 * @param {number} status
 * @param {unknown} value
 * @returns {Reply}
 */
function json(status, value) {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8' }, body: Buffer.from(JSON.stringify(value)) };
}

/** @param {number} status @param {string} message */
const fail = (status, message) => json(status, { message });

/**
 * The answer a fault prescribes, for status/body faults.
 * @param {Fault} fault
 * @returns {Reply}
 */
function faultReply(fault) {
  const status = fault.status ?? 500;
  const body = fault.body ?? { message: (http.STATUS_CODES[status] ?? 'error').toLowerCase() };
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const type = typeof body !== 'string' || /^\s*[[{]/.test(text) ? 'application/json; charset=utf-8' : /^\s*</.test(text) ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8';
  return { status, headers: { 'content-type': type, ...fault.headers }, body: Buffer.from(text), ...(fault.reason === undefined ? {} : { reason: fault.reason }) };
}

/** @param {string} dir */
function normalizeDir(dir) {
  return dir.length > 1 ? dir.replace(/\/+$/, '') || '/' : dir;
}

/** @param {string} scene */
function parentOf(scene) {
  const cut = scene.lastIndexOf('/');
  return cut <= 0 ? '/' : scene.slice(0, cut);
}

/**
 * @param {unknown} value
 */
function isPixels(value) {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

/**
 * Starts the fake service.
 * @param {FakeNetlessOptions} [options]
 * @returns {Promise<FakeNetless>}
 */
export async function startFakeNetless(options = {}) {
  const keys = { accessKey: options.accessKey ?? DEFAULT_ACCESS_KEY, secretKey: options.secretKey ?? DEFAULT_SECRET_KEY };
  const rooms = options.rooms ?? defaultRooms();
  const now = options.now ?? Date.now;
  let latencyMs = options.latencyMs ?? 0;
  const maxRecorded = options.maxRecorded ?? 10_000;
  const pngCacheSize = options.pngCacheSize ?? PNG_CACHE_SIZE;
  /** @type {RecordedRequest[]} */
  const requests = [];
  /** @type {{ fault: Fault, left: number }[]} */
  let faults = [];
  /** Objects "uploaded" by screenshots, by bucket and key; pictures are drawn when downloaded. */
  /** @type {Map<string, StoredShot>} */
  const objects = new Map();
  /** @type {Map<string, Buffer>} */
  const pngCache = new Map();
  /** Each changed scene's board, by room and scene; unchanged scenes are revision 0. */
  /** @type {Map<string, { revision: number, blank: boolean }>} */
  const boards = new Map();
  const live = new Set((options.liveScenes ?? []).map((l) => `${l.room}\n${l.scene}`));
  /** @type {Set<ObjectTarget>} */
  const privateTargets = new Set();
  let baseUrl = '';
  /** @type {WeakMap<import('node:net').Socket, number>} */
  const connections = new WeakMap();
  let connectionCount = 0;

  /** @param {string} uuid */
  const findRoom = (uuid) => rooms.find((r) => r.uuid === uuid);

  /**
   * @param {FakeRoom} room
   * @param {string | undefined} scene  undefined reproduces the service's "…undefined.png" key
   * @param {number} width
   * @param {number} height
   */
  function store(room, scene, width, height) {
    const { bucket, region } = STORAGE[room.region];
    // The key is the room and the scene only: a new shot of a scene overwrites the last, whatever its size.
    const key = `room_cover/${TEAM}/${room.uuid}${scene ?? 'undefined'}.png`;
    const sceneName = scene ?? 'undefined';
    if (live.has(`${room.uuid}\n${sceneName}`)) changeScene(room.uuid, sceneName);
    const board = boards.get(`${room.uuid}\n${sceneName}`) ?? { revision: 0, blank: false };
    objects.set(`${bucket}/${key}`, { room: room.uuid, scene: sceneName, width, height, ...board, bucket, key });
    const url = `${baseUrl}/bucket/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
    return { url, key, bucket, region };
  }

  /**
   * @param {string} room
   * @param {string} scene
   * @param {{ blank?: boolean }} [change]
   */
  function changeScene(room, scene, change = {}) {
    const id = `${room}\n${scene}`;
    const revision = (boards.get(id)?.revision ?? 0) + 1;
    boards.set(id, { revision, blank: change.blank ?? false });
    return revision;
  }

  /** The object a bucket url names, by its bucket and key. @param {string} url */
  function objectId(url) {
    try {
      const { pathname } = new URL(url, baseUrl);
      return pathname.startsWith('/bucket/') ? safeDecode(pathname).slice('/bucket/'.length) : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * @param {ObjectTarget} target
   * @param {string} id
   * @param {StoredShot | undefined} shot
   */
  function matches(target, id, shot) {
    if (target.url !== undefined && objectId(target.url) !== id) return false;
    if (target.bucket !== undefined && !id.startsWith(`${target.bucket}/`)) return false;
    if (target.room !== undefined && shot?.room !== target.room) return false;
    if (target.scene !== undefined && shot?.scene !== target.scene) return false;
    return true;
  }

  /** @param {ObjectTarget} target */
  function checkTarget(target) {
    if (!target || typeof target !== 'object' || !['url', 'room', 'scene', 'bucket'].some((k) => typeof (/** @type {any} */ (target))[k] === 'string')) {
      throw new TypeError('a bucket object target needs at least one of url, room, scene, bucket');
    }
  }

  /**
   * @param {RecordedRequest} rec
   * @returns {Reply}
   */
  function answerApi(rec) {
    const grant = verifyToken(typeof rec.headers.token === 'string' ? rec.headers.token : undefined, { ...keys, now: now() });
    if (!grant.ok) return fail(grant.status, grant.message);
    // The older (Chinese) reference makes region optional with cn-hz as the default.
    const region = typeof rec.headers.region === 'string' ? rec.headers.region : 'cn-hz';
    if (!REGIONS.includes(region)) return fail(400, `invalid region ${region}`);
    if (grant.role === 'reader') return fail(403, 'token access role reader forbidden');
    if (rec.endpoint === 'list') return answerRoomList(rec, grant.kind, region);
    if (rec.endpoint === 'other' || !rec.room) return fail(404, 'not found');
    if (grant.kind === 'task' || (grant.kind === 'room' && grant.uuid !== rec.room)) return fail(403, 'token access room forbidden');
    const room = findRoom(rec.room);
    if (!room || room.region !== region) return fail(404, `room ${rec.room} not found in region ${region}`);

    switch (rec.endpoint) {
      case 'room':
        return json(200, {
          uuid: room.uuid,
          teamUUID: 'scenesnap-fake-team',
          appUUID: 'scenesnap-fake-app',
          isRecord: room.isRecord ?? false,
          isBan: room.isBan ?? false,
          createdAt: room.createdAt ?? '2024-01-01T00:00:00.000Z',
          limit: room.limit ?? 0,
        });
      case 'scenes': {
        const dir = normalizeDir(rec.query.sceneDir ?? '/');
        const prefix = dir === '/' ? '/' : `${dir}/`;
        return json(200, room.scenes.filter((s) => s.startsWith(prefix)));
      }
      case 'screenshots':
      case 'screenshot-list': {
        /** @type {any} */
        let body;
        try {
          body = JSON.parse(rec.body);
        } catch {
          return fail(400, 'invalid JSON body');
        }
        if (typeof body !== 'object' || body === null) return fail(400, 'invalid JSON body');
        if (!isPixels(body.width)) return fail(400, 'width must be a positive integer');
        if (!isPixels(body.height)) return fail(400, 'height must be a positive integer');
        if (body.path !== undefined && (typeof body.path !== 'string' || !body.path.startsWith('/'))) {
          return fail(400, 'path must start with /');
        }
        if (rec.endpoint === 'screenshots') {
          if (body.path !== undefined && !room.scenes.includes(body.path)) return fail(404, `scene ${body.path} not found`);
          return json(201, store(room, body.path, body.width, body.height));
        }
        // Left out, the service uses the current scene directory; here that is the root.
        const dir = normalizeDir(body.path ?? '/');
        const exists = dir === '/' || room.scenes.some((s) => s.startsWith(`${dir}/`));
        if (!exists) return fail(404, `scene directory ${dir} not found`);
        return json(201, room.scenes.filter((s) => parentOf(s) === dir).map((s) => store(room, s, body.width, body.height)));
      }
      default:
        return fail(404, 'not found');
    }
  }

  // #22 (the project's rooms): GET /v5/rooms?beginUUID=&limit=, SDK token only, the rooms of the
  // region in the header in uuid order, those after beginUUID, at most limit (1..1000, default 100).
  /**
   * @param {RecordedRequest} rec
   * @param {string} kind  the token's kind
   * @param {string} region
   * @returns {Reply}
   */
  function answerRoomList(rec, kind, region) {
    if (kind !== 'sdk') return fail(403, 'token access team forbidden');
    const limit = rec.query.limit === undefined ? 100 : Number(rec.query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return fail(400, 'limit must be an integer from 1 to 1000');
    const here = rooms.filter((r) => r.region === region).sort((a, b) => (a.uuid < b.uuid ? -1 : a.uuid > b.uuid ? 1 : 0));
    const begin = rec.query.beginUUID;
    const after = begin ? here.filter((r) => r.uuid > begin) : here;
    return json(
      200,
      after.slice(0, limit).map((room) => ({
        uuid: room.uuid,
        name: room.name,
        teamUUID: 'scenesnap-fake-team',
        appUUID: 'scenesnap-fake-app',
        isRecord: room.isRecord ?? false,
        isBan: room.isBan ?? false,
        createdAt: room.createdAt ?? '2024-01-01T00:00:00.000Z',
        limit: room.limit ?? 0,
      })),
    );
  }

  /**
   * Public-read objects, like the customer's bucket behind the real service.
   * @param {RecordedRequest} rec
   * @returns {Reply}
   */
  function answerBucket(rec) {
    const id = rec.path.slice('/bucket/'.length);
    const shot = objects.get(id);
    if ([...privateTargets].some((t) => matches(t, id, shot))) {
      const xml = '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>';
      return { status: 403, headers: { 'content-type': 'application/xml' }, body: Buffer.from(xml) };
    }
    if (!shot) {
      const xml = '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>';
      return { status: 404, headers: { 'content-type': 'application/xml' }, body: Buffer.from(xml) };
    }
    const cacheKey = `${shot.room}\n${shot.scene}\n${shot.width}x${shot.height}\n${shot.revision}${shot.blank ? 'b' : ''}`;
    let png = pngCache.get(cacheKey);
    if (!png) {
      png = renderScenePng(shot);
      if (pngCache.size >= pngCacheSize) pngCache.delete(pngCache.keys().next().value ?? '');
      pngCache.set(cacheKey, png);
    }
    return { status: 200, headers: { 'content-type': 'image/png', 'cache-control': 'no-cache' }, body: png };
  }

  /**
   * @param {http.IncomingMessage} req
   * @param {string} body
   * @returns {RecordedRequest}
   */
  function record(req, body) {
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = safeDecode(url.pathname);
    const api = /^\/v5\/rooms\/([^/]+)(?:\/(screenshots|screenshot-list|scenes))?\/?$/.exec(url.pathname);
    /** @type {Endpoint} */
    let endpoint = 'other';
    /** @type {string | undefined} */
    let room;
    if (/^\/v5\/rooms\/?$/.test(url.pathname) && req.method === 'GET') {
      endpoint = 'list';
    } else if (api) {
      room = safeDecode(api[1] ?? '');
      const sub = api[2];
      const method = req.method ?? '';
      if (sub === undefined && method === 'GET') endpoint = 'room';
      else if (sub === 'scenes' && method === 'GET') endpoint = 'scenes';
      else if ((sub === 'screenshots' || sub === 'screenshot-list') && method === 'POST') endpoint = sub;
    } else if (path.startsWith('/bucket/') && (req.method === 'GET' || req.method === 'HEAD')) {
      endpoint = 'bucket';
      room = objects.get(path.slice('/bucket/'.length))?.room;
    }
    let connection = connections.get(req.socket);
    if (connection === undefined) connections.set(req.socket, (connection = ++connectionCount));
    /** @type {RecordedRequest} */
    const rec = {
      method: req.method ?? '',
      url: req.url ?? '',
      path,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      rawHeaders: req.rawHeaders,
      body,
      endpoint,
      ...(room === undefined ? {} : { room }),
      connection,
    };
    requests.push(rec);
    if (requests.length > maxRecorded) requests.splice(0, requests.length - maxRecorded);
    return rec;
  }

  /**
   * The first fault that matches, used up by one if it is counted.
   * @param {RecordedRequest} rec
   * @returns {Fault | undefined}
   */
  function takeFault(rec) {
    const entry = faults.find(
      ({ fault }) =>
        (!fault.room || fault.room === rec.room) &&
        (!fault.endpoint || fault.endpoint === rec.endpoint) &&
        (!fault.region || fault.region === rec.headers.region) &&
        (fault.directory === undefined || listedDirectory(rec) === fault.directory),
    );
    if (!entry) return undefined;
    if (--entry.left <= 0) faults = faults.filter((f) => f !== entry);
    return entry.fault;
  }

  /**
   * @param {http.IncomingMessage} req
   * @param {http.ServerResponse} res
   */
  async function handle(req, res) {
    const body = await readBody(req);
    if (body === undefined) {
      send(res, req, fail(413, 'request body too large'));
      return;
    }
    const rec = record(req, body);
    const onAnswer = options.onAnswer;
    if (onAnswer) res.once('finish', () => onAnswer(rec, res.statusCode));
    const fault = takeFault(rec);
    const roomLatency = rec.room ? findRoom(rec.room)?.latencyMs ?? 0 : 0;
    const wait = (rec.endpoint === 'bucket' ? 0 : latencyMs + roomLatency) + (fault?.latencyMs ?? 0);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (res.destroyed) return;

    if (fault?.reset === 'before') {
      req.socket.resetAndDestroy();
      return;
    }
    if (fault?.stall === 'headers') return; // close() ends the connection
    /** @type {Reply} */
    let reply;
    if (fault?.malformed) {
      reply = { status: 201, headers: { 'content-type': 'application/json' }, body: Buffer.from('{"url": "https://scenesnap-fake.example/room_cover/') };
    } else if (fault?.status !== undefined || fault?.body !== undefined) {
      reply = faultReply(fault);
    } else if (rec.endpoint === 'bucket') {
      reply = answerBucket(rec);
    } else {
      reply = answerApi(rec);
    }
    if (fault?.stall === 'body' || fault?.reset === 'body') {
      res.writeHead(reply.status, { ...reply.headers, 'content-length': String(reply.body.length) });
      res.write(reply.body.subarray(0, Math.floor(reply.body.length / 2)));
      // Let the half body leave before the reset overtakes it.
      if (fault.reset === 'body') setTimeout(() => req.socket.resetAndDestroy(), 20);
      return;
    }
    send(res, req, reply);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) send(res, req, fail(500, `fake server error: ${err instanceof Error ? err.message : String(err)}`));
    });
  });
  server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  await new Promise((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('fake Netless server has no TCP address');
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  baseUrl = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`;

  return {
    url: baseUrl,
    port: address.port,
    accessKey: keys.accessKey,
    secretKey: keys.secretKey,
    rooms,
    requests,
    clearRequests: () => {
      requests.length = 0;
    },
    setFault(fault) {
      const entry = { fault, left: fault.times ?? Infinity };
      faults.push(entry);
      return () => {
        faults = faults.filter((f) => f !== entry);
      };
    },
    clearFaults: () => {
      faults = [];
    },
    setLatency: (ms) => {
      latencyMs = ms;
    },
    room: findRoom,
    changeScene,
    makePrivate(target) {
      checkTarget(target);
      const entry = { ...target };
      privateTargets.add(entry);
      return () => {
        privateTargets.delete(entry);
      };
    },
    removeObjects(target) {
      checkTarget(target);
      let removed = 0;
      for (const [id, shot] of objects) {
        if (matches(target, id, shot)) {
          objects.delete(id);
          removed++;
        }
      }
      return removed;
    },
    objectAt(url) {
      const id = objectId(url);
      const shot = id === undefined ? undefined : objects.get(id);
      return shot && { ...shot };
    },
    sdkToken: (role = 'admin', lifespanMs = 0) => makeSdkToken(keys, role, lifespanMs),
    roomToken: (uuid, role = 'writer', lifespanMs = 0) => makeRoomToken(keys, uuid, role, lifespanMs),
    taskToken: (uuid, role = 'writer', lifespanMs = 0) => makeTaskToken(keys, uuid, role, lifespanMs),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The directory a screenshot-list call asks for, as the fake reads it; undefined for any other call. @param {RecordedRequest} rec */
function listedDirectory(rec) {
  if (rec.endpoint !== 'screenshot-list') return undefined;
  try {
    return normalizeDir(JSON.parse(rec.body).path ?? '/');
  } catch {
    return undefined;
  }
}

/** @param {string} text */
function safeDecode(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The request body as text, or undefined when it is larger than the service would take.
 * @param {http.IncomingMessage} req
 * @returns {Promise<string | undefined>}
 */
async function readBody(req) {
  /** @type {Buffer[]} */
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * @param {http.ServerResponse} res
 * @param {http.IncomingMessage} req
 * @param {Reply} reply
 */
function send(res, req, reply) {
  const headers = { ...reply.headers, 'content-length': String(reply.body.length) };
  if (reply.reason === undefined) res.writeHead(reply.status, headers);
  else res.writeHead(reply.status, reply.reason, headers);
  res.end(req.method === 'HEAD' ? undefined : reply.body);
}

/** @param {string[]} argv */
function parseArgs(argv) {
  /** @type {Record<string, string>} */
  const args = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}`);
    const [name, inline] = arg.slice(2).split('=', 2);
    args[name ?? ''] = inline ?? argv[++i] ?? '';
  }
  return args;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const fake = await startFakeNetless({
    port: Number(args.port ?? 0),
    host: args.host ?? '127.0.0.1',
    latencyMs: Number(args.latency ?? 0),
    ...(args['png-cache'] ? { pngCacheSize: Number(args['png-cache']) } : {}),
  });
  // The URL alone on the first line, for scripts.
  console.log(fake.url);
  console.log(`access key ${fake.accessKey}, secret key ${fake.secretKey}`);
  console.log(`SDK token (admin): ${fake.sdkToken('admin')}`);
  for (const room of fake.rooms) console.log(`room ${room.uuid}  ${room.region.padEnd(6)} ${room.scenes.length} scenes  ${room.name}`);
  const stop = () => void fake.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
