import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf, ruleTable } from './ruleTester';

describe('injection/xss-inner-html', () => {
  ruleTable('injection/xss-inner-html', {
    valid: [
      { name: 'textContent', code: "el.textContent = location.hash;" },
      { name: 'a literal', code: "el.innerHTML = '<b>Loading…</b>';" },
      { name: 'DOMPurify', code: "import DOMPurify from 'dompurify';\nel.innerHTML = DOMPurify.sanitize(location.hash.slice(1));" },
      { name: 'a constant template', code: 'const html = `<ul><li>One</li></ul>`;\nlist.innerHTML = html;' },
      { name: 'an escaped value', code: "el.innerHTML = '<b>' + escapeHtml(name) + '</b>';" },
    ],
    invalid: [
      { name: 'innerHTML from the URL', code: "const name = new URLSearchParams(location.search).get('name');\ndocument.getElementById('hello').innerHTML = 'Hello ' + name; // <-", severity: 'high', message: 'URL parameter `name`' },
      { name: 'outerHTML', code: "el.outerHTML = `<div>${window.name}</div>`; // <-", message: 'window.name' },
      { name: 'insertAdjacentHTML', code: "list.insertAdjacentHTML('beforeend', `<li>${document.URL}</li>`); // <-" },
      { name: 'document.write', code: 'document.write(location.href); // <-' },
      { name: 'createContextualFragment', code: 'const frag = document.createRange().createContextualFragment(location.hash); // <-' },
      { name: 'a form field value', code: "const v = document.getElementById('q').value;\npreview.innerHTML = v; // <-", message: 'form field value' },
      { name: 'postMessage data', code: "window.addEventListener('message', (e) => {\n  out.innerHTML = e.data.html; // <-\n});", message: 'postMessage' },
      { name: 'unknown origin (medium)', code: 'function show(msg) {\n  box.innerHTML = msg; // <-\n}', severity: 'medium' },
    ],
  });

  it('offers textContent when the value is plain text', async () => {
    const [finding] = await findingsOf('injection/xss-inner-html', 'el.innerHTML = location.hash;');
    assert.equal(finding.fix?.edits[0].text, 'textContent');
    assert.deepEqual(finding.fix?.edits[0].range, { startLine: 1, startColumn: 4, endLine: 1, endColumn: 13 });
  });

  it('offers no textContent fix for a bare variable that probably holds markup', async () => {
    const [finding] = await findingsOf('injection/xss-inner-html', 'export function show(el, html) { el.innerHTML = html; }');
    assert.equal(finding.fix, undefined);
  });

  it('offers textContent for text around an unknown value', async () => {
    const [finding] = await findingsOf('injection/xss-inner-html', "export function greet(el, name) { el.innerHTML = 'Hello, ' + name; }");
    assert.equal(finding.fix?.edits[0].text, 'textContent');
  });

  it('offers no textContent fix when the value holds markup', async () => {
    const [finding] = await findingsOf('injection/xss-inner-html', "el.innerHTML = '<b>' + location.hash + '</b>';");
    assert.equal(finding.fix, undefined);
  });
});

describe('injection/xss-react-dangerously-set-inner-html', () => {
  ruleTable('injection/xss-react-dangerously-set-inner-html', {
    valid: [
      { name: 'a literal __html', path: 'src/A.jsx', code: "export const A = () => <div dangerouslySetInnerHTML={{ __html: '<b>hi</b>' }} />;" },
      { name: 'sanitized', path: 'src/A.tsx', code: "import DOMPurify from 'dompurify';\nexport function A({ html }: { html: string }) { return <div dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(html) }} />; }" },
      { name: 'children are escaped', path: 'src/A.jsx', code: 'export const A = ({ text }) => <div>{text}</div>;' },
    ],
    invalid: [
      { name: 'a prop', path: 'src/Comment.tsx', code: "export function Comment({ body }: { body: string }) {\n  return <div dangerouslySetInnerHTML={{ __html: body }} />; // <-\n}", severity: 'medium' },
      { name: 'a URL parameter', path: 'src/Page.jsx', code: "import { useSearchParams } from 'react-router-dom';\nexport function Page() {\n  const [params] = useSearchParams();\n  const params2 = useSearchParams();\n  return <p dangerouslySetInnerHTML={{ __html: params2.get('msg') }} />; // <-\n}", severity: 'high' },
      { name: 'an object variable', path: 'src/A.jsx', code: "export function A() {\n  const markup = { __html: location.hash };\n  return <div dangerouslySetInnerHTML={markup} />;\n}", line: 2 },
    ],
  });
});

describe('injection/xss-vue-v-html', () => {
  ruleTable('injection/xss-vue-v-html', {
    valid: [
      { name: 'text interpolation', path: 'src/A.vue', code: '<template>\n  <div>{{ $route.query.msg }}</div>\n</template>' },
      { name: 'a literal', path: 'src/A.vue', code: "<template>\n  <div v-html=\"'<b>hi</b>'\"></div>\n</template>" },
      { name: 'an Options API computed property that sanitizes', path: 'src/A.vue', code: "<template>\n  <div v-html=\"clean\"></div>\n</template>\n<script>\nimport DOMPurify from 'dompurify';\nexport default {\n  computed: { clean() { return DOMPurify.sanitize(this.$route.query.m); } },\n};\n</script>" },
      { name: 'a sanitized computed value', path: 'src/A.vue', code: "<template>\n  <div v-html=\"safe\"></div>\n</template>\n<script setup>\nimport DOMPurify from 'dompurify';\nconst safe = DOMPurify.sanitize(props.html);\n</script>" },
    ],
    invalid: [
      { name: 'a route query', path: 'src/A.vue', code: '<template>\n  <div v-html="$route.query.msg"></div> <!-- <- -->\n</template>', severity: 'high' },
      { name: 'a data property of unknown origin', path: 'src/A.vue', code: '<template>\n  <article v-html="post.body"></article> <!-- <- -->\n</template>\n<script>\nexport default { props: ["post"] };\n</script>', severity: 'medium' },
      { name: 'an Options API data() field from the route', path: 'src/A.vue', code: "<template>\n  <div v-html=\"greeting\"></div> <!-- <- -->\n</template>\n<script>\nexport default {\n  data() {\n    return { greeting: this.$route.query.greeting };\n  },\n};\n</script>", severity: 'high' },
      { name: 'an Options API computed property from the hash', path: 'src/B.vue', code: "<template>\n  <div v-html=\"fragment\"></div> <!-- <- -->\n</template>\n<script>\nimport { defineComponent } from 'vue';\nexport default defineComponent({\n  computed: {\n    fragment() { return decodeURIComponent(location.hash.slice(1)); },\n  },\n});\n</script>", severity: 'high' },
      { name: 'a setup binding from the URL', path: 'src/A.vue', code: "<template>\n  <p v-html=\"message\"></p> <!-- <- -->\n</template>\n<script setup lang=\"ts\">\nconst message: string = new URLSearchParams(location.search).get('m') ?? '';\n</script>", severity: 'high' },
    ],
  });
});

describe('injection/xss-jquery', () => {
  ruleTable('injection/xss-jquery', {
    valid: [
      { name: '.text()', code: "$('#out').text(location.hash);" },
      { name: 'append of an element', code: "$('#list').append(item);" },
      { name: 'a selector literal', code: "$('#main').html('<b>ok</b>');" },
    ],
    invalid: [
      { name: '.html() from the hash', code: "$('#out').html(location.hash.slice(1)); // <-", severity: 'high' },
      { name: '.append() of built markup', code: "function add(name) {\n  $('#list').append('<li>' + name + '</li>'); // <-\n}", severity: 'medium' },
      { name: '$() with markup from the URL', code: "const q = new URLSearchParams(location.search).get('q');\n$('<div>' + q + '</div>').appendTo('body'); // <-" },
      { name: '.before() on a chain', code: "jQuery('.x').first().before(document.referrer); // <-" },
    ],
  });
});

describe('injection/xss-response-html', () => {
  ruleTable('injection/xss-response-html', {
    valid: [
      { name: 'res.json', code: "app.get('/', (req, res) => res.json({ q: req.query.q }));" },
      { name: 'escaped', code: "const escapeHtml = require('escape-html');\napp.get('/', (req, res) => res.send(`<h1>${escapeHtml(req.query.q)}</h1>`));" },
      { name: 'constant html', code: "app.get('/', (req, res) => res.send('<h1>Hello</h1>'));" },
      { name: 'a whole body object', code: "app.post('/', (req, res) => res.send(req.body));" },
    ],
    invalid: [
      { name: 'res.send of a template', code: "app.get('/search', (req, res) => {\n  res.send(`<h1>Results for ${req.query.q}</h1>`); // <-\n});", severity: 'high', message: 'query parameter `q`' },
      { name: 'res.status().send', code: "app.get('/', (req, res) => {\n  res.status(404).send('Not found: ' + req.path); // <-\n});" },
      { name: 'res.write', code: "http.createServer((req, res) => {\n  res.write('<p>' + req.headers['user-agent'] + '</p>'); // <-\n});", message: 'request header `user-agent`' },
      { name: 'Koa ctx.body', code: "router.get('/', (ctx) => {\n  ctx.body = `<p>${ctx.query.name}</p>`; // <-\n});" },
      { name: 'a reflected field', code: "app.get('/', (req, res) => {\n  res.send(req.query.callback); // <-\n});" },
    ],
  });
});
