import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const PASSNUM_BIN = fileURLToPath(new URL('../bin/passnum.js', import.meta.url));

/**
 * The V8 options `npm start` runs the server with (package.json): a heap limit makes V8 collect
 * before the heap grows fourfold, as it does by default on a machine with much memory.
 */
export const SERVER_NODE_ARGS = ['--max-old-space-size=1024'];

export interface SpawnedServer {
  child: ChildProcess;
  url: string;
  output(): string;
}

/**
 * Starts a real `passnum start` process (on a free port unless env says otherwise) and resolves
 * once it prints its address; rejects with its output if it exits first.
 */
export function spawnServer(env: NodeJS.ProcessEnv, nodeArgs: string[] = []): Promise<SpawnedServer> {
  const child = spawn(process.execPath, [...SERVER_NODE_ARGS, ...nodeArgs, PASSNUM_BIN, 'start'], {
    env: { PORT: '0', HOST: '127.0.0.1', PASSNUM_SKIP_WEB_BUILD: '1', LOG_LEVEL: 'warn', ...env },
  });
  let out = '';
  let started = false;
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      // Once started, the output is only kept: scanning it again at each log line would make a
      // long benchmark's client slower and slower.
      if (started) return;
      const m = out.match(/Passnum est en marche : (\S+)/);
      // The whole start-up banner is printed in one write, ending with the API documentation line.
      if (m?.[1] && out.includes('Documentation')) {
        started = true;
        resolve({ child, url: m[1], output: () => out });
      }
    });
    child.stderr?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('exit', (code) => reject(new Error(`passnum start exited with ${code}: ${out}`)));
  });
}

/** Sends SIGTERM and waits for the exit code. */
export function stopServer(server: SpawnedServer): Promise<number | null> {
  return new Promise((resolve) => {
    server.child.once('exit', resolve);
    server.child.kill('SIGTERM');
  });
}
