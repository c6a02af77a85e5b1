// The fleet load's server for the benchmark: AWS answers recorded from the sandbox once, then
// served with a fixed latency and no per-request work, so the console and the sequential boto3
// script are measured against the same cheap server (the sandbox's own CPU, moto in one Python
// process on the bench's two cores, would otherwise be most of what is timed).
//
// Runs as its own process, so its event loop shares nothing with the bench driving the browser:
//   node replay-server.mjs record UPSTREAM     forwards every request to UPSTREAM (the sandbox)
//                                              and keeps each answer; GET /_replay/recording
//                                              hands the recording out as JSON
//   node replay-server.mjs replay FILE MS      answers from the recording FILE after MS ms
// It prints one line, {"url": "http://127.0.0.1:PORT"}, once it listens on a free loopback port.
//
// Answers are keyed by method, path, X-Amz-Target and the request body read as JSON with its keys
// sorted (so boto3's and the console's spellings of the same request meet); never by the
// signature, which changes with the time. The upstream's own address in an answer (the endpoint
// that /_sandbox/config hands out) is recorded as a placeholder and served as this server's own.
//
// Describes and SSM lookups are answered per item: the console describes the hosts its list calls
// answered 100 at a time and looks them up 50 at a time, in the order the answers of its parallel
// lists and describes arrive, so its batches differ from run to run and from the recording's. A
// DescribeContainerInstances or DescribeInstanceInformation (InstanceIds filter, one page) whose
// exact request was not recorded is answered with the recorded item of each ARN or id it names,
// joined into one answer of the recorded shape (the request's body parsed, the precomputed item
// texts joined: no other work per request); a name never recorded is a miss.
//
// CORS as the sandbox answers it: the headers of the recorded answers and preflights are replayed,
// with Access-Control-Allow-Origin set to the asking page's origin when the sandbox echoed one.
// Preflights get no added latency, as in the sandbox. A request the recording lacks gets HTTP 400
// with `__type` ReplayMiss and is counted; the bench fails a run that had any.
//
// Control (JSON): GET /_replay/counters {"operations": {"<X-Amz-Target or path>": n}, "misses": [...]},
// POST /_replay/counters/reset, POST /_replay/latency {"latencyMs": n}.
import { createServer, request as forward } from 'node:http';
import { readFileSync } from 'node:fs';

const ORIGIN_PLACEHOLDER = '{{replay-origin}}';
// Hop-by-hop headers and those this server sets itself.
const DROPPED_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'date', 'vary']);

/** The key of a recorded answer: what identifies the request, never its signature or time. */
function requestKey(method, path, target, body) {
  let canonical = body;
  if (body) {
    try {
      canonical = JSON.stringify(sortKeys(JSON.parse(body)));
    } catch {
      // Not JSON (an STS form post): the body as sent.
    }
  }
  return `${method} ${path} ${target ?? ''} ${canonical}`;
}

function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys(value[key])]));
}

function readBody(req) {
  return new Promise((done, fail) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => done(Buffer.concat(chunks)));
    req.on('error', fail);
  });
}

function keptHeaders(headers) {
  return Object.entries(headers).filter(([name]) => !DROPPED_HEADERS.has(name.toLowerCase()));
}

const DESCRIBE = 'AmazonEC2ContainerServiceV20141113.DescribeContainerInstances';
const LOOKUP = 'AmazonSSM.DescribeInstanceInformation';

/**
 * The recorded items of every successful describe and lookup, by ARN and by instance id (as JSON
 * text), with the headers of one such answer of each kind.
 */
function recordedItems(answers) {
  const items = { [DESCRIBE]: new Map(), [LOOKUP]: new Map() };
  const headers = {};
  for (const [key, answer] of Object.entries(answers)) {
    const target = key.split(' ')[2];
    if (answer.status !== 200 || !(target in items)) continue;
    const body = JSON.parse(answer.body);
    const list = target === DESCRIBE ? body.containerInstances : body.InstanceInformationList;
    if (!Array.isArray(list) || (target === LOOKUP && body.NextToken)) continue;
    for (const item of list) {
      items[target].set(target === DESCRIBE ? item.containerInstanceArn : item.InstanceId, JSON.stringify(item));
    }
    headers[target] ??= answer.headers;
  }
  return { items, headers };
}

/** The answer to a describe or one-page lookup from recorded items, or undefined if one is missing. */
function assembled({ items, headers }, target, body) {
  let request;
  try {
    request = JSON.parse(body);
  } catch {
    return undefined;
  }
  const names = target === DESCRIBE ? request.containerInstances
    : request.Filters?.length === 1 && request.Filters[0].Key === 'InstanceIds' && !request.NextToken
      ? request.Filters[0].Values : undefined;
  const known = items[target];
  if (!Array.isArray(names) || !known || !headers[target]) return undefined;
  const texts = names.map((name) => known.get(name));
  if (texts.includes(undefined)) return undefined;
  const text = target === DESCRIBE
    ? `{"containerInstances":[${texts.join(',')}],"failures":[]}`
    : `{"InstanceInformationList":[${texts.join(',')}]}`;
  const answer = Buffer.from(text);
  return { status: 200, headers: [...headers[target], ['content-length', String(answer.length)]], body: answer };
}

function json(res, status, value) {
  const body = Buffer.from(JSON.stringify(value));
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': body.length });
  res.end(body);
}

function listen(server) {
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${server.address().port}` })}\n`);
  });
}

/** Record mode: a transparent proxy to `upstream` that keeps every answer. */
function record(upstream) {
  const upstreamOrigin = new URL(upstream).origin;
  const answers = {};
  let preflight;
  let ownOrigin;
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    if (req.url === '/_replay/recording') {
      json(res, 200, { upstream: upstreamOrigin, preflight, answers });
      return;
    }
    // The Host header goes through unchanged: it is part of what the client signed.
    const upstreamReq = forward(`${upstreamOrigin}${req.url}`, { method: req.method, headers: req.headers }, (upRes) => {
      readBody(upRes).then((answer) => {
        const headers = keptHeaders(upRes.headers);
        if (req.method === 'OPTIONS') {
          preflight = { status: upRes.statusCode, headers };
          res.writeHead(upRes.statusCode, Object.fromEntries(headers));
          res.end(answer);
          return;
        }
        const text = answer.toString('utf8');
        const recorded = text.split(upstreamOrigin).join(ORIGIN_PLACEHOLDER);
        const key = requestKey(req.method, req.url, req.headers['x-amz-target'], body.toString('utf8'));
        answers[key] = { status: upRes.statusCode, headers, body: recorded };
        const served = Buffer.from(recorded.split(ORIGIN_PLACEHOLDER).join(ownOrigin));
        res.writeHead(upRes.statusCode, { ...Object.fromEntries(headers), 'content-length': served.length });
        res.end(served);
      }, (error) => res.destroy(error));
    });
    upstreamReq.on('error', (error) => json(res, 502, { __type: 'ReplayUpstreamError', message: error.message }));
    upstreamReq.end(body);
  });
  server.on('listening', () => { ownOrigin = `http://127.0.0.1:${server.address().port}`; });
  listen(server);
}

/** Replay mode: answers from the recording after `latencyMs`, with no other work per request. */
function replay(file, latencyMs) {
  const recording = JSON.parse(readFileSync(file, 'utf8'));
  const server = createServer();
  let latency = latencyMs;
  let operations = {};
  let misses = [];
  let answers;
  let items;
  let preflightHeaders;
  // Every answer goes to the page that asked, as AWS's CORS does: a recorded answer may carry
  // the recording page's origin, or none (the sandbox answers a request without Origin, such as
  // the bench's own fetch of /_sandbox/config, without CORS headers).
  const withOrigin = (headers, origin) => (origin
    ? [...headers.filter(([name]) => !['access-control-allow-origin', 'vary'].includes(name.toLowerCase())),
      ['access-control-allow-origin', origin], ['vary', 'Origin']]
    : headers);

  server.on('listening', () => {
    // Every answer is made once, here: with this server's own address in place of the upstream's.
    const own = `http://127.0.0.1:${server.address().port}`;
    answers = new Map(Object.entries(recording.answers).map(([key, answer]) => {
      const body = Buffer.from(answer.body.split(ORIGIN_PLACEHOLDER).join(own));
      return [key, { status: answer.status, headers: [...answer.headers, ['content-length', String(body.length)]], body }];
    }));
    preflightHeaders = recording.preflight?.headers ?? [];
    items = recordedItems(recording.answers);
  });
  server.on('request', async (req, res) => {
    const body = await readBody(req);
    const origin = req.headers.origin;
    if (req.method === 'OPTIONS') {
      res.writeHead(200, Object.fromEntries(withOrigin(preflightHeaders, origin)));
      res.end();
      return;
    }
    if (req.url.startsWith('/_replay/')) {
      if (req.url === '/_replay/counters') json(res, 200, { operations, misses });
      else if (req.url === '/_replay/counters/reset') {
        operations = {};
        misses = [];
        json(res, 200, {});
      } else if (req.url === '/_replay/latency') {
        latency = JSON.parse(body.toString('utf8')).latencyMs;
        json(res, 200, { latencyMs: latency });
      } else json(res, 404, {});
      return;
    }
    const target = req.headers['x-amz-target'];
    const text = body.toString('utf8');
    const answer = answers.get(requestKey(req.method, req.url, target, text)) ?? assembled(items, target, text);
    const name = target ?? req.url;
    if (!answer) {
      misses.push(`${req.method} ${req.url} ${name}`);
      res.writeHead(400, Object.fromEntries(withOrigin(preflightHeaders, origin)));
      res.end(JSON.stringify({ __type: 'ReplayMiss', message: `no recorded answer for ${name}` }));
      return;
    }
    operations[name] = (operations[name] ?? 0) + 1;
    const send = () => {
      res.writeHead(answer.status, Object.fromEntries(withOrigin(answer.headers, origin)));
      res.end(answer.body);
    };
    if (latency > 0) setTimeout(send, latency);
    else send();
  });
  listen(server);
}

const [mode, source, latencyMs] = process.argv.slice(2);
if (mode === 'record') record(source);
else if (mode === 'replay') replay(source, Number(latencyMs ?? 0));
else {
  process.stderr.write('usage: replay-server.mjs record UPSTREAM | replay FILE LATENCY_MS\n');
  process.exit(2);
}
