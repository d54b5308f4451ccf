import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { at, diffFile, ofRule, scanFile } from '../files/scanHelpers';

const NODE_CLIENT = `import https from 'node:https';

/**
 * Calls the billing API. Never pass { rejectUnauthorized: false } here: see SECURITY.md.
 */
export function createAgent(): https.Agent {
  // rejectUnauthorized: false was used while the staging cert was broken
  const help = 'set rejectUnauthorized: false only in tests';
  return new https.Agent({ keepAlive: true, rejectUnauthorized: false });
}
`;

const PY_CLIENT = `"""Billing client.

Do not call requests.get(url, verify=False) from this module.
"""
import requests


def fetch_invoice(session: requests.Session, url: str) -> dict:
    """Fetches one invoice. verify=False is never acceptable here."""
    # verify=False  (left from debugging)
    response = session.get(url, timeout=10, verify=False)
    response.raise_for_status()
    return response.json()
`;

const GO_CLIENT = `package billing

import (
	"crypto/tls"
	"net/http"
)

// NewClient returns an HTTP client. Do not set InsecureSkipVerify: true in production.
func NewClient() *http.Client {
	msg := "InsecureSkipVerify: true is forbidden"
	_ = msg
	transport := &http.Transport{
		TLSClientConfig: &tls.Config{InsecureSkipVerify: true, MinVersion: tls.VersionTLS12},
	}
	return &http.Client{Transport: transport}
}
`;

describe('config/tls-verification-disabled', () => {
  it('reports rejectUnauthorized: false in TypeScript code, not in the JSDoc, comment or string', async () => {
    const findings = ofRule(await scanFile('src/billing/agent.ts', NODE_CLIENT), 'config/tls-verification-disabled');
    assert.deepEqual(findings.map(at), [[9, 45]]);
    assert.equal(findings[0].message, '`rejectUnauthorized: false` turns off TLS certificate verification');
  });

  it('reports verify=False in Python code, not in docstrings or comments', async () => {
    const findings = ofRule(await scanFile('billing/client.py', PY_CLIENT), 'config/tls-verification-disabled');
    assert.deepEqual(findings.map(at), [[11, 45]]);
  });

  it('reports InsecureSkipVerify: true in Go code, not in a comment or string', async () => {
    const findings = ofRule(await scanFile('billing/client.go', GO_CLIENT), 'config/tls-verification-disabled');
    assert.deepEqual(findings.map(at), [[13, 32]]);
  });

  it('reads quoted keys and config files: JSON, .npmrc, .gitconfig, env', async () => {
    assert.equal(ofRule(await scanFile('config/default.json', '{\n  "api": { "url": "https://api", "rejectUnauthorized": false }\n}\n'), 'config/tls-verification-disabled').length, 1);
    assert.equal(ofRule(await scanFile('src/a.js', "const opts = { 'rejectUnauthorized': false };\n"), 'config/tls-verification-disabled').length, 1);
    assert.equal(ofRule(await scanFile('.npmrc', 'registry=https://registry.example\nstrict-ssl=false\n'), 'config/tls-verification-disabled').length, 1);
    assert.equal(ofRule(await scanFile('.env.production', 'PORT=8080\nNODE_TLS_REJECT_UNAUTHORIZED=0\n'), 'config/tls-verification-disabled').length, 1);
    assert.equal(ofRule(await scanFile('src/boot.ts', "process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';\n"), 'config/tls-verification-disabled').length, 1);
  });

  it('reports Java trust-all managers and host-name verifiers', async () => {
    const java = `package com.example;

import javax.net.ssl.*;
import java.security.cert.X509Certificate;

public class Insecure {
  static TrustManager[] trustAll = new TrustManager[] {
    new X509TrustManager() {
      public void checkClientTrusted(X509Certificate[] chain, String authType) {}
      public void checkServerTrusted(X509Certificate[] chain, String authType) {
      }
      public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    }
  };
  static HostnameVerifier any = NoopHostnameVerifier.INSTANCE;
}
`;
    const findings = ofRule(await scanFile('src/main/java/com/example/Insecure.java', java), 'config/tls-verification-disabled');
    assert.deepEqual(findings.map((f) => f.range.startLine), [10, 15]);
  });

  it('in diff mode reports only an added setting', async () => {
    const before = NODE_CLIENT.replace('rejectUnauthorized: false });', 'ca: internalCa });');
    assert.equal(ofRule(await diffFile('src/billing/agent.ts', before, NODE_CLIENT), 'config/tls-verification-disabled').length, 1);
    assert.deepEqual(ofRule(await diffFile('src/billing/agent.ts', NODE_CLIENT, `${NODE_CLIENT}\nexport const x = 1;\n`), 'config/tls-verification-disabled'), []);
  });
});

describe('config/tls-disable-flag and config/no-verify-flag', () => {
  it('config/tls-disable-flag reports curl -k, --no-check-certificate and pip --trusted-host', async () => {
    const dockerfile = `FROM python:3.12-slim
RUN curl -sSkL https://internal.example/tool.tar.gz -o /tmp/tool.tar.gz
RUN wget --no-check-certificate https://internal.example/cert-bundle.pem
RUN pip install --trusted-host pypi.internal.example -r requirements.txt
# curl -k is not used anymore
RUN curl -fsSL https://example.com/ok.tgz -o ok.tgz
`;
    const findings = ofRule(await scanFile('Dockerfile', dockerfile), 'config/tls-disable-flag');
    assert.deepEqual(findings.map((f) => f.range.startLine), [2, 3, 4]);
  });

  it('config/no-verify-flag reports --no-verify in package scripts and shell, not in a comment', async () => {
    const pkg = JSON.stringify({ name: 'x', scripts: { release: 'npm version patch && git push --no-verify --follow-tags' } }, null, 2);
    assert.equal(ofRule(await scanFile('package.json', pkg), 'config/no-verify-flag').length, 1);
    const sh = '#!/bin/sh\n# never use --no-verify\ngit commit -m "bump" --no-verify\n';
    assert.deepEqual(ofRule(await scanFile('scripts/release.sh', sh), 'config/no-verify-flag').map((f) => f.range.startLine), [3]);
  });
});

describe('config/cors-wildcard-credentials', () => {
  it('reports origin reflection with credentials in Express, and not without credentials', async () => {
    const app = `import cors from 'cors';
import express from 'express';

const app = express();
app.use(cors({
  origin: true,
  credentials: true,
}));
`;
    const findings = ofRule(await scanFile('src/server.ts', app), 'config/cors-wildcard-credentials');
    assert.deepEqual(findings.map(at), [[6, 3]]);
    assert.deepEqual(ofRule(await scanFile('src/server.ts', app.replace('credentials: true', 'credentials: false')), 'config/cors-wildcard-credentials'), []);
  });

  it('reports Django and Go settings', async () => {
    const django = 'CORS_ALLOW_ALL_ORIGINS = True\nCORS_ALLOW_CREDENTIALS = True\n';
    assert.equal(ofRule(await scanFile('app/settings.py', django), 'config/cors-wildcard-credentials').length, 1);
    const go = 'package main\n\nvar config = cors.Config{\n\tAllowAllOrigins:  true,\n\tAllowCredentials: true,\n}\n';
    assert.equal(ofRule(await scanFile('main.go', go), 'config/cors-wildcard-credentials').length, 1);
  });
});

describe('config/debug-in-production and config/bind-all-interfaces', () => {
  const flask = `import os
from flask import Flask

app = Flask(__name__)


@app.route("/health")
def health():
    return "ok"


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", 8000)), debug=True)
`;

  it('config/debug-in-production reports app.run(debug=True) as high and DEBUG = True in settings', async () => {
    const findings = ofRule(await scanFile('app/main.py', flask), 'config/debug-in-production');
    assert.deepEqual(findings.map((f) => [f.range.startLine, f.severity]), [[13, 'high']]);
    assert.equal(ofRule(await scanFile('mysite/settings.py', 'import os\n\nDEBUG = True\nALLOWED_HOSTS = ["*"]\n'), 'config/debug-in-production').length, 1);
    assert.deepEqual(ofRule(await scanFile('mysite/settings/dev.py', 'DEBUG = True\n'), 'config/debug-in-production'), []);
    assert.equal(ofRule(await scanFile('.env.production', 'FLASK_DEBUG=1\n'), 'config/debug-in-production').length, 1);
  });

  it('config/bind-all-interfaces reports debuggers on 0.0.0.0, not a plain web server', async () => {
    assert.deepEqual(ofRule(await scanFile('app/main.py', flask.replace(', debug=True', '')), 'config/bind-all-interfaces'), []);
    // The Werkzeug debugger on every interface: anyone on the network can run code.
    assert.equal(ofRule(await scanFile('app/main.py', flask), 'config/bind-all-interfaces').length, 1);
    const compose = 'services:\n  api:\n    command: node --inspect=0.0.0.0:9229 dist/server.js\n    ports: ["9229:9229"]\n';
    assert.equal(ofRule(await scanFile('docker-compose.yml', compose), 'config/bind-all-interfaces')[0].severity, 'high');
    const py = 'import debugpy\n\ndebugpy.listen(("0.0.0.0", 5678))\n';
    assert.equal(ofRule(await scanFile('app/debug.py', py), 'config/bind-all-interfaces').length, 1);
  });
});

describe('config/world-writable-permissions', () => {
  it('reports chmod 777 in scripts and 0o777 in code', async () => {
    assert.deepEqual(ofRule(await scanFile('Dockerfile', 'FROM alpine\nRUN chmod -R 777 /app\nRUN chmod 755 /app/bin\n'), 'config/world-writable-permissions').map((f) => f.range.startLine), [2]);
    assert.equal(ofRule(await scanFile('tools/setup.py', 'import os\nos.chmod("/var/run/app.sock", 0o777)\n'), 'config/world-writable-permissions').length, 1);
    assert.equal(ofRule(await scanFile('src/fs.ts', "fs.chmodSync(socketPath, 0o666);\n"), 'config/world-writable-permissions').length, 1);
    assert.deepEqual(ofRule(await scanFile('src/fs.ts', "fs.chmodSync(socketPath, 0o600);\n"), 'config/world-writable-permissions'), []);
  });
});

describe('config/no-verify-flag in code', () => {
  it('reports a git command line in code, not a bare option string', async () => {
    assert.equal(ofRule(await scanFile('scripts/release.ts', "execSync('git push --no-verify origin main');\n"), 'config/no-verify-flag').length, 1);
    assert.deepEqual(ofRule(await scanFile('src/options.ts', "const flags = ['--no-verify', '--quiet'];\n"), 'config/no-verify-flag'), []);
  });
});
