import { timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import type { EndpointInfo } from './endpoint';
import { endpointPaths, ensureRuntimeDirectory, newToken, removeEndpoint, runtimeDirectory } from './endpoint';
import type { IpcResponse, ReviewRequest, ReviewResponse } from './protocol';
import { MAX_REQUEST_BYTES } from './protocol';

export interface ReviewServerOptions {
  workspaceRoot: string;
  directory?: string;
  /** Answers a review request; `signal` aborts when the hook process goes away. */
  handle(request: ReviewRequest, signal: AbortSignal): Promise<ReviewResponse>;
  log(level: 'info' | 'warn', message: string): void;
}

/**
 * Serves review requests from `agent-guard hook` on a socket only this user can reach. Requests
 * without the token are refused and logged.
 */
export class ReviewServer {
  private readonly connections = new Set<net.Socket>();

  private constructor(
    private readonly server: net.Server,
    readonly endpoint: EndpointInfo,
    private readonly options: ReviewServerOptions,
  ) {}

  /** Starts serving. Returns undefined when another live window already serves this folder. */
  static async start(options: ReviewServerOptions): Promise<ReviewServer | undefined> {
    const directory = ensureRuntimeDirectory(options.directory ?? runtimeDirectory());
    const paths = endpointPaths(options.workspaceRoot, directory);
    if (process.platform !== 'win32' && existsSync(paths.socket)) {
      if (await isLive(paths.socket)) {
        options.log('info', `another window already serves agent hooks for ${options.workspaceRoot}`);
        return undefined;
      }
      rmSync(paths.socket, { force: true });
    }
    const endpoint: EndpointInfo = { version: 1, pid: process.pid, workspaceRoot: options.workspaceRoot, socketPath: paths.socket, token: newToken() };
    const server = net.createServer();
    const instance = new ReviewServer(server, endpoint, options);
    server.on('connection', (socket) => instance.accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(paths.socket, () => resolve());
    });
    if (process.platform !== 'win32') chmodSync(paths.socket, 0o600);
    const temp = `${paths.info}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(endpoint), { mode: 0o600 });
    renameSync(temp, paths.info);
    return instance;
  }

  private accept(socket: net.Socket): void {
    this.connections.add(socket);
    const controller = new AbortController();
    let buffered = '';
    let handled = false;
    socket.setEncoding('utf8');
    socket.on('close', () => {
      this.connections.delete(socket);
      controller.abort();
    });
    socket.on('error', () => controller.abort());
    socket.on('data', (chunk: string) => {
      if (handled) return;
      buffered += chunk;
      if (buffered.length > MAX_REQUEST_BYTES) {
        handled = true;
        this.options.log('warn', 'hook request refused: larger than the limit');
        this.reply(socket, { type: 'error', message: 'request too large' });
        return;
      }
      const newline = buffered.indexOf('\n');
      if (newline < 0) return;
      handled = true;
      void this.serve(socket, buffered.slice(0, newline), controller.signal);
    });
  }

  private async serve(socket: net.Socket, line: string, signal: AbortSignal): Promise<void> {
    let request: ReviewRequest;
    try {
      request = JSON.parse(line) as ReviewRequest;
    } catch {
      this.reply(socket, { type: 'error', message: 'malformed request' });
      return;
    }
    if (!this.tokenMatches(request?.token)) {
      this.options.log('warn', 'hook request refused: missing or wrong token');
      this.reply(socket, { type: 'error', message: 'unauthorized' });
      return;
    }
    if (request.type !== 'review' || !Array.isArray(request.files)) {
      this.reply(socket, { type: 'error', message: 'unknown request' });
      return;
    }
    try {
      const response = await this.options.handle(request, signal);
      this.reply(socket, response);
    } catch (error) {
      this.reply(socket, { type: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  }

  private tokenMatches(candidate: unknown): boolean {
    if (typeof candidate !== 'string') return false;
    const expected = Buffer.from(this.endpoint.token);
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private reply(socket: net.Socket, response: IpcResponse): void {
    if (!socket.destroyed) socket.end(`${JSON.stringify(response)}\n`);
  }

  /** Stops serving and removes the socket and endpoint file, so no stale endpoint remains. */
  async close(): Promise<void> {
    for (const socket of this.connections) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    removeEndpoint(this.options.workspaceRoot, this.options.directory ?? runtimeDirectory());
  }
}

function isLive(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.connect(socketPath);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}
