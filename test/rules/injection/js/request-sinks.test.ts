import { describe } from 'node:test';
import { ruleTable } from './ruleTester';

describe('injection/path-traversal', () => {
  ruleTable('injection/path-traversal', {
    valid: [
      { name: 'sendFile with a root', code: "app.get('/f/:name', (req, res) => res.sendFile(req.params.name, { root: path.join(__dirname, 'public') }));" },
      { name: 'basename', code: "const fs = require('fs');\napp.get('/', (req, res) => fs.readFile(path.join(dir, path.basename(req.query.f)), cb));" },
      { name: 'a containment check', code: "const fs = require('fs');\napp.get('/', (req, res) => {\n  const p = path.resolve(base, req.query.f);\n  if (!p.startsWith(base + path.sep)) return res.sendStatus(400);\n  fs.createReadStream(p).pipe(res);\n});" },
      { name: 'a .. check', code: "const fs = require('fs');\napp.get('/', (req, res) => {\n  const name = req.query.f;\n  if (name.includes('..')) return res.sendStatus(400);\n  fs.readFile('/data/' + name, cb);\n});" },
      { name: 'a path of unknown origin', code: "const fs = require('fs');\nexport function load(p) { return fs.readFileSync(p, 'utf8'); }" },
    ],
    invalid: [
      { name: 'fs.readFile with path.join', code: "const fs = require('fs');\napp.get('/file', (req, res) => {\n  fs.readFile(path.join(__dirname, 'files', req.query.name), (e, d) => res.send(d)); // <-\n});", severity: 'high', message: 'query parameter `name`' },
      { name: 'fs/promises named import', code: "import { readFile } from 'node:fs/promises';\nexport async function GET(request) {\n  const name = request.nextUrl.searchParams.get('name');\n  return new Response(await readFile(`./data/${name}`)); // <-\n}" },
      { name: 'res.sendFile', code: "app.get('/d/:f', (req, res) => {\n  res.sendFile(__dirname + '/uploads/' + req.params.f); // <-\n});" },
      { name: 'res.download', code: "app.get('/d', (req, res) => {\n  res.download(req.query.file); // <-\n});" },
      { name: 'a helper called with request data', code: "const fs = require('fs');\nfunction readUserFile(name) {\n  return fs.readFileSync('/srv/users/' + name); // <-\n}\napp.get('/', (req, res) => res.send(readUserFile(req.query.n)));" },
    ],
  });
});

describe('injection/ssrf', () => {
  ruleTable('injection/ssrf', {
    valid: [
      { name: 'a fixed origin', code: "app.get('/', async (req, res) => res.json(await (await fetch('https://api.example.com/users/' + req.query.id)).json()));" },
      { name: 'an allow-listed host', code: "app.get('/', async (req, res) => {\n  const url = req.query.url;\n  if (!ALLOWED.has(url)) return res.sendStatus(400);\n  await fetch(url);\n});" },
      { name: 'a url of unknown origin', code: 'export const get = (url) => fetch(url);' },
      { name: 'a relative URL', code: "app.get('/', (req, res) => fetch(`/api/items/${req.query.id}`));" },
    ],
    invalid: [
      { name: 'fetch of a query parameter', code: "app.get('/proxy', async (req, res) => {\n  const r = await fetch(req.query.url); // <-\n});", severity: 'high' },
      { name: 'axios.get', code: "const axios = require('axios');\napp.post('/hook', async (req, res) => {\n  await axios.get(req.body.callbackUrl); // <-\n});" },
      { name: 'axios with a config object', code: "import axios from 'axios';\napp.post('/', async (req, res) => {\n  await axios({ method: 'get', url: req.body.target }); // <-\n});" },
      { name: 'got', code: "const got = require('got');\napp.get('/', async (req, res) => {\n  await got(`${req.query.host}/status`); // <-\n});" },
      { name: 'http.request', code: "const http = require('http');\napp.get('/', (req, res) => {\n  http.get('http://' + req.query.host + '/health', cb); // <-\n});" },
      { name: 'Lambda event', code: "exports.handler = async (event) => {\n  const res = await fetch(event.queryStringParameters.url); // <-\n  return { statusCode: 200 };\n};" },
    ],
  });
});

describe('injection/open-redirect', () => {
  ruleTable('injection/open-redirect', {
    valid: [
      { name: 'a relative path with a fixed prefix', code: "app.get('/', (req, res) => res.redirect('/users/' + req.query.id));" },
      { name: 'a checked path', code: "app.get('/', (req, res) => {\n  const next = req.query.next;\n  if (!next.startsWith('/') || next.startsWith('//')) return res.redirect('/');\n  res.redirect(next);\n});" },
      { name: 'a constant', code: "app.get('/', (req, res) => res.redirect('https://example.com'));" },
    ],
    invalid: [
      { name: 'res.redirect of a query parameter', code: "app.get('/login', (req, res) => {\n  res.redirect(req.query.returnTo); // <-\n});", severity: 'high', message: 'query parameter `returnTo`' },
      { name: 'res.redirect with a status', code: "app.get('/', (req, res) => {\n  res.redirect(302, req.query.next); // <-\n});" },
      { name: 'a Location header', code: "http.createServer((req, res) => {\n  res.writeHead(302, { Location: new URL(req.url, 'http://x').searchParams.get('to') }); // <-\n});" },
      { name: 'location.href from the hash', code: 'window.location.href = location.hash.slice(1); // <-' },
      { name: 'location.assign', code: "const to = new URLSearchParams(location.search).get('to');\nlocation.assign(to); // <-" },
      { name: 'Next.js redirect', code: "import { redirect } from 'next/navigation';\nexport async function GET(request) {\n  redirect(request.nextUrl.searchParams.get('next')); // <-\n}" },
      { name: "a single '/' prefix", code: "app.get('/', (req, res) => {\n  res.redirect('/' + req.query.path); // <-\n});" },
    ],
  });
});

describe('injection/prototype-pollution', () => {
  ruleTable('injection/prototype-pollution', {
    valid: [
      { name: 'a guarded key', code: "app.post('/', (req, res) => {\n  const { section, key, value } = req.body;\n  if (key === '__proto__' || key === 'constructor' || section === '__proto__') return;\n  settings[section][key] = value;\n});" },
      { name: 'a shallow Object.assign', code: "app.post('/', (req, res) => Object.assign({}, req.body));" },
      { name: 'literal keys', code: "config['a']['b'] = 1;" },
      { name: 'a merge of trusted data', code: "const _ = require('lodash');\n_.merge(defaults, fileConfig);" },
    ],
    invalid: [
      { name: 'obj[a][b] = v from the body', code: "app.post('/settings', (req, res) => {\n  const { section, key, value } = req.body;\n  settings[section][key] = value; // <-\n});", severity: 'high' },
      { name: 'lodash merge of the body', code: "const _ = require('lodash');\napp.post('/', (req, res) => {\n  _.merge(userPrefs, req.body); // <-\n});" },
      { name: 'lodash set with a path from the query', code: "import set from 'lodash.set';\napp.get('/', (req, res) => {\n  set(state, req.query.path, req.query.value); // <-\n});" },
      { name: 'jQuery deep extend', code: "window.addEventListener('message', (e) => {\n  $.extend(true, config, e.data); // <-\n});" },
      { name: 'a recursive merge helper', code: "function merge(target, source) {\n  for (const key in source) {\n    if (typeof source[key] === 'object') merge(target[key], source[key]);\n    else target[key] = source[key];\n  }\n}\napp.post('/', (req, res) => {\n  merge(config, req.body); // <-\n});" },
    ],
  });
});

describe('injection/nosql-injection', () => {
  ruleTable('injection/nosql-injection', {
    valid: [
      { name: 'string-coerced values', code: "app.post('/login', async (req, res) => {\n  await User.findOne({ name: String(req.body.name), pass: `${req.body.pass}` });\n});" },
      { name: 'a typeof check', code: "app.post('/', async (req, res) => {\n  const { name } = req.body;\n  if (typeof name !== 'string') return res.sendStatus(400);\n  await User.findOne({ name });\n});" },
      { name: 'Array.find with a callback', code: "app.get('/', (req, res) => items.find((i) => i.id === req.query.id));" },
      { name: 'a sanitized body', code: "const mongoSanitize = require('mongo-sanitize');\napp.post('/', (req, res) => users.find(mongoSanitize(req.body)));" },
      { name: 'a literal $where', code: "db.users.find({ $where: 'this.age > 18' });" },
    ],
    invalid: [
      { name: 'the body as a filter', code: "app.post('/search', async (req, res) => {\n  const docs = await db.collection('users').find(req.body).toArray(); // <-\n});", severity: 'high', message: 'passed whole' },
      { name: 'the query string as a filter', code: "app.get('/', async (req, res) => {\n  await Product.deleteMany(req.query); // <-\n});" },
      { name: 'raw request values in a filter', code: "app.post('/login', async (req, res) => {\n  const user = await User.findOne({ username: req.body.username, password: req.body.password }); // <-\n});", count: 2, message: 'operator object' },
      { name: 'destructured values in a filter', code: "app.post('/login', async (req, res) => {\n  const { email } = req.body;\n  await users.findOne({ email }); // <-\n});" },
      { name: '$where with concatenation', code: "app.get('/', (req, res) => {\n  db.users.find({ $where: \"this.name == '\" + req.query.name + \"'\" }); // <-\n});", message: 'server-side JavaScript' },
      { name: 'a spread of the body', code: "app.put('/', (req, res) => {\n  Item.updateOne({ ...req.body }, { $set: { seen: true } }); // <-\n});" },
    ],
  });
});

describe('injection/unsafe-deserialization', () => {
  ruleTable('injection/unsafe-deserialization', {
    valid: [
      { name: 'js-yaml default schema', code: "const yaml = require('js-yaml');\napp.post('/', (req, res) => yaml.load(req.body.doc));" },
      { name: 'JSON.parse', code: "app.post('/', (req, res) => JSON.parse(req.body.doc));" },
    ],
    invalid: [
      { name: 'node-serialize of a cookie', code: "const serialize = require('node-serialize');\napp.get('/', (req, res) => {\n  const prefs = serialize.unserialize(req.cookies.prefs); // <-\n});", severity: 'critical', message: 'cookie `prefs`' },
      { name: 'js-yaml with the full schema', code: "const yaml = require('js-yaml');\napp.post('/', (req, res) => {\n  yaml.load(req.body.doc, { schema: yaml.DEFAULT_FULL_SCHEMA }); // <-\n});" },
      { name: 'node-serialize of an unknown value', code: "import { unserialize } from 'node-serialize';\nexport function restore(blob) {\n  return unserialize(blob); // <-\n}", severity: 'medium' },
    ],
  });
});
