import * as path from 'node:path';
import type * as EngineModule from '../core/engineEntry';

export type Engine = typeof EngineModule;

let engine: Engine | undefined;

/**
 * Loads the engine bundle on first use. Activation never calls this, so parsers and rule tables are
 * read only when something is scanned.
 */
export function loadEngine(): Engine {
  // The engine is a sibling bundle (dist/engine.js); a plain require keeps it out of extension.js.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a runtime path, resolved after bundling
  engine ??= require(path.join(__dirname, 'engine.js')) as Engine;
  return engine;
}

export function isEngineLoaded(): boolean {
  return engine !== undefined;
}
