import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { at, diffFile, ofRule, scanFile } from '../files/scanHelpers';

const NODE_AUTH = `import crypto from 'node:crypto';
import jwt from 'jsonwebtoken';

const IV = Buffer.from('0123456789abcdef');

export function hashPassword(password: string): string {
  return crypto.createHash('md5').update(password).digest('hex');
}

export function fileChecksum(data: Buffer): string {
  // md5 is fine for a cache key
  return crypto.createHash('md5').update(data).digest('hex');
}

export function newResetToken(): string {
  const resetToken = Math.random().toString(36).slice(2);
  return resetToken;
}

export function jitter(ms: number): number {
  return ms + Math.random() * 100;
}

export function encrypt(key: Buffer, text: string): Buffer {
  const cipher = crypto.createCipheriv('aes-128-ecb', key, null);
  return Buffer.concat([cipher.update(text), cipher.final()]);
}

export function readToken(token: string) {
  return jwt.verify(token, process.env.JWT_KEY!, { algorithms: ['HS256', 'none'] });
}

export function setSession(res: { cookie: Function }, id: string) {
  res.cookie('sid', id, { httpOnly: false, secure: true });
}
`;

describe('insecure crypto and session settings in TypeScript', () => {
  const expectations: [string, number[]][] = [
    ['config/weak-password-hash', [7]],
    ['config/insecure-random', [16]],
    ['config/ecb-mode', [25]],
    ['config/hardcoded-iv', [4]],
    ['config/jwt-insecure', [30]],
    ['config/insecure-cookie', [34]],
  ];
  for (const [ruleId, lines] of expectations) {
    it(`${ruleId} reports only the risky lines`, async () => {
      const findings = ofRule(await scanFile('src/auth.ts', NODE_AUTH), ruleId);
      assert.deepEqual(findings.map((f) => f.range.startLine), lines);
    });
  }
});

const PY_AUTH = `import hashlib
import random
import string

import jwt
from Crypto.Cipher import AES

KEY = b"0" * 16
IV = b"fedcba9876543210"
SESSION_COOKIE_SECURE = False


def hash_password(password: str) -> str:
    """Legacy: hashlib.md5(password) was used before 2019."""
    return hashlib.sha1(password.encode()).hexdigest()


def make_password(length: int = 12) -> str:
    return "".join(random.choice(string.ascii_letters) for _ in range(length))


def shuffle_deck(cards: list) -> list:
    return random.sample(cards, len(cards))


def encrypt(data: bytes) -> bytes:
    return AES.new(KEY, AES.MODE_ECB).encrypt(data)


def claims(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})
`;

describe('insecure crypto and session settings in Python', () => {
  const expectations: [string, number[]][] = [
    ['config/weak-password-hash', [15]],
    ['config/insecure-random', [19]],
    ['config/ecb-mode', [27]],
    ['config/hardcoded-iv', [9]],
    ['config/jwt-insecure', [31]],
    ['config/insecure-cookie', [10]],
  ];
  for (const [ruleId, lines] of expectations) {
    it(`${ruleId} reports only the risky lines`, async () => {
      const findings = ofRule(await scanFile('app/auth.py', PY_AUTH), ruleId);
      assert.deepEqual(findings.map((f) => f.range.startLine), lines);
    });
  }
});

describe('Go and Java', () => {
  it('reads Go: math/rand tokens, md5 passwords, jwt none', async () => {
    const go = `package auth

import (
	"crypto/md5"
	"math/rand"

	"github.com/golang-jwt/jwt/v5"
)

func NewSessionToken() int64 {
	return rand.Int63()
}

func HashPassword(password string) [16]byte {
	return md5.Sum([]byte(password))
}

var parser = jwt.NewParser(jwt.WithValidMethods([]string{jwt.SigningMethodNone.Alg()}))
`;
    const ids = (await scanFile('auth/auth.go', go)).filter((f) => f.category === 'insecure-config').map((f) => `${f.ruleId}:${f.range.startLine}`);
    assert.deepEqual(ids.sort(), ['config/insecure-random:11', 'config/jwt-insecure:18', 'config/weak-password-hash:15']);
  });

  it('does not report Go rand from crypto/rand', async () => {
    const go = 'package auth\n\nimport "crypto/rand"\n\nfunc Token(b []byte) { rand.Read(b) }\n';
    assert.deepEqual(ofRule(await scanFile('auth/token.go', go), 'config/insecure-random'), []);
  });

  it('reads Java: ECB by default, constant IV, SHA-1 passwords, cookies', async () => {
    const java = `package com.example;

public class Crypto {
  byte[] encrypt(byte[] key, byte[] data) throws Exception {
    Cipher cipher = Cipher.getInstance("AES");
    IvParameterSpec iv = new IvParameterSpec(new byte[16]);
    return cipher.doFinal(data);
  }

  String hashPassword(String password) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-1");
    return hex(md.digest(password.getBytes()));
  }

  void remember(HttpServletResponse response, String token) {
    Cookie cookie = new Cookie("remember", token);
    cookie.setHttpOnly(false);
    response.addCookie(cookie);
  }
}
`;
    const ids = (await scanFile('src/main/java/com/example/Crypto.java', java)).filter((f) => f.category === 'insecure-config').map((f) => `${f.ruleId}:${f.range.startLine}`);
    assert.deepEqual(ids.sort(), ['config/ecb-mode:5', 'config/hardcoded-iv:6', 'config/insecure-cookie:17', 'config/weak-password-hash:11']);
  });
});

describe('config/security-middleware-removed', () => {
  const server = `import express from 'express';
import helmet from 'helmet';
import csrf from 'csurf';

const app = express();
app.use(helmet());
app.use(csrf({ cookie: true }));
app.get('/', (_req, res) => res.send('ok'));
export default app;
`;

  it('reports helmet removed by a change, at the first changed line', async () => {
    const after = server.replace("app.use(helmet());\n", '').replace("import helmet from 'helmet';\n", '').replace("res.send('ok')", "res.send('hello')");
    const findings = ofRule(await diffFile('src/app.ts', server, after), 'config/security-middleware-removed');
    assert.deepEqual(findings.map((f) => f.message), ['This change removes helmet() from the file']);
    assert.equal(findings[0].range.startLine, 6);
  });

  it('reports CSRF switched off in Spring and Django, but not an untouched file', async () => {
    const spring = 'class Security {\n  SecurityFilterChain chain(HttpSecurity http) throws Exception {\n    http.csrf().disable();\n    return http.build();\n  }\n}\n';
    assert.equal(ofRule(await scanFile('src/main/java/Security.java', spring), 'config/security-middleware-removed').length, 1);
    const django = 'from django.views.decorators.csrf import csrf_exempt\n\n\n@csrf_exempt\ndef webhook(request):\n    return HttpResponse("ok")\n';
    assert.equal(ofRule(await scanFile('app/views.py', django), 'config/security-middleware-removed').length, 1);
    assert.deepEqual(ofRule(await diffFile('src/app.ts', server, server.replace("'ok'", "'fine'")), 'config/security-middleware-removed'), []);
  });
});

describe('hostile input for the config family', () => {
  it('stays fast on long lines of near-matches', async () => {
    const hostile = `${'rejectUnauthorized: '.repeat(20_000)}\n${'origin: true, '.repeat(20_000)}\n${'chmod( '.repeat(20_000)}\n`;
    const started = performance.now();
    await scanFile('src/hostile.ts', hostile);
    assert.ok(performance.now() - started < 3000, `took ${performance.now() - started} ms`);
  });
});

export { at };
